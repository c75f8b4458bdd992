"""Senders of the user's channels: e-mail over SMTP, text messages to the log (no SMS provider
is reachable from here), and the router that hands each outbox message to its channel's sender.
An address never reaches a log line or an error text: logs carry it masked, errors only codes."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr

import structlog
from pydantic import SecretStr

from api.config import NotificationSettings
from api.notifications.senders import LogSender, Notification, NotificationSender, WebhookSender
from api.notifications.topics import Channel

log = structlog.get_logger(__name__)


class DeliveryFailed(Exception):
    """A channel could not deliver; the text names the cause, never the address."""


def mask_phone(phone: str) -> str:
    """All but the last four digits hidden: ``13812345678`` -> ``*******5678``."""
    digits = [c for c in phone if c.isdigit()]
    return "*" * max(len(digits) - 4, 0) + "".join(digits[-4:])


def mask_email(address: str) -> str:
    """The first character of the local part and the top-level domain: ``z***@***.cn``."""
    local, _, domain = address.partition("@")
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    return f"{local[:1]}***@***.{tld}"


class SmtpSender:
    """Sends each notification as a plain-text UTF-8 e-mail through one SMTP server (a new
    connection per message; STARTTLS and login when configured). The Message-ID is the
    notification id, so a receiver can drop the duplicate of an at-least-once delivery."""

    def __init__(
        self,
        *,
        host: str,
        port: int = 25,
        from_address: str,
        from_name: str = "ClaimSight",
        starttls: bool = False,
        username: str | None = None,
        password: SecretStr | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.from_header = formataddr((from_name, from_address))
        self.starttls, self.username, self.password = starttls, username, password

    def message(self, notification: Notification) -> EmailMessage:
        if not notification.address:
            raise DeliveryFailed("no e-mail address")
        email = EmailMessage()
        email["Subject"] = notification.subject
        email["From"] = self.from_header
        email["To"] = notification.address
        email["Message-ID"] = f"<{notification.id}@claimsight>"
        email.set_content(notification.message)
        return email

    def send(self, notification: Notification) -> None:
        email = self.message(notification)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username and self.password is not None:
                    smtp.login(self.username, self.password.get_secret_value())
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryFailed("smtp: recipient refused") from None
        except smtplib.SMTPResponseException as exc:
            raise DeliveryFailed(f"smtp: {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"smtp: {type(exc).__name__}") from None
        log.info(
            "notification.emailed",
            notification_id=str(notification.id),
            topic=notification.topic,
            to=mask_email(notification.address or ""),
        )


class MaskedLogSender:
    """Logs that a message would go out on ``channel`` (SMS here: no provider is reachable),
    with the address masked and the text left out (it may hold a one-time code)."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    def send(self, notification: Notification) -> None:
        if not notification.address:
            raise DeliveryFailed(f"no {self.channel.value} address")
        mask = mask_phone if self.channel is Channel.SMS else mask_email
        log.info(
            "notification.logged",
            channel=self.channel.value,
            notification_id=str(notification.id),
            topic=notification.topic,
            recipient_id=str(notification.recipient_id) if notification.recipient_id else None,
            to=mask(notification.address),
            characters=len(notification.message),
        )


class ChannelRouter:
    """One sender for the dispatcher: the operator's feed for messages without a channel, the
    channel's sender otherwise."""

    def __init__(self, *, feed: NotificationSender, channels: Mapping[Channel, NotificationSender]) -> None:
        self.feed = feed
        self.channels = dict(channels)

    def send(self, notification: Notification) -> None:
        if notification.channel is None:
            self.feed.send(notification)
            return
        sender = self.channels.get(Channel(notification.channel))
        if sender is None:
            raise DeliveryFailed(f"no sender for channel {notification.channel}")
        sender.send(notification)


def build_sender(settings: NotificationSettings) -> ChannelRouter:
    """The dispatcher's sender from the settings: the feed (log or webhook), e-mail over SMTP
    when a host is set (logged otherwise), SMS to the log."""
    feed: NotificationSender = LogSender()
    if settings.sender == "webhook":
        assert settings.webhook_url is not None
        feed = WebhookSender(settings.webhook_url, timeout=settings.webhook_timeout_seconds)
    smtp = settings.smtp
    email: NotificationSender = MaskedLogSender(Channel.EMAIL)
    if smtp.host:
        email = SmtpSender(
            host=smtp.host,
            port=smtp.port,
            from_address=smtp.from_address,
            from_name=smtp.from_name,
            starttls=smtp.starttls,
            username=smtp.username,
            password=smtp.password,
            timeout=smtp.timeout_seconds,
        )
    return ChannelRouter(feed=feed, channels={Channel.EMAIL: email, Channel.SMS: MaskedLogSender(Channel.SMS)})
