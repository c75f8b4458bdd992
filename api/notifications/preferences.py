"""A user's notification preferences: stored when they save them, the defaults until then
(the in-app inbox only, Chinese, the service's time zone, no quiet hours)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db.base import utcnow
from api.db.models import User
from api.notifications.models import NotificationPreference
from api.notifications.quiet import held_until
from api.notifications.schemas import PreferencesRead, PreferencesUpdate, QuietHours
from api.notifications.templates import Lang
from api.notifications.topics import Channel

DEFAULT_TIME_ZONE = "Asia/Shanghai"  # Settings.timezone's default: China's official calendar


@dataclass(frozen=True)
class Effective:
    """What delivery needs to know of a user's preferences."""

    channels: frozenset[Channel]
    language: Lang
    zone: ZoneInfo
    quiet: QuietHours | None

    def hold_until(self, now: datetime) -> datetime | None:
        if self.quiet is None:
            return None
        return held_until(now, start=self.quiet.start, end=self.quiet.end, zone=self.zone)


def _update_of(row: NotificationPreference | None) -> PreferencesUpdate:
    if row is None:
        return PreferencesUpdate(channels=[Channel.IN_APP], time_zone=DEFAULT_TIME_ZONE)
    quiet = None
    if row.quiet_start is not None and row.quiet_end is not None:
        quiet = QuietHours(start=row.quiet_start, end=row.quiet_end)
    return PreferencesUpdate.model_construct(
        channels=[Channel(c) for c in row.channels],
        phone=row.phone,
        language=Lang(row.language),
        time_zone=row.time_zone,
        quiet_hours=quiet,
    )


def effective(session: Session, *, user_id: object) -> Effective:
    prefs = _update_of(session.get(NotificationPreference, user_id))
    return Effective(
        channels=frozenset(prefs.channels),
        language=prefs.language,
        zone=ZoneInfo(prefs.time_zone),
        quiet=prefs.quiet_hours,
    )


def read(session: Session, *, user: User) -> PreferencesRead:
    row = session.get(NotificationPreference, user.id)
    prefs = _update_of(row)
    return PreferencesRead(**prefs.model_dump(), email=user.email, is_default=row is None)


def update(
    session: Session, *, user: User, preferences: PreferencesUpdate, now: datetime | None = None
) -> PreferencesRead:
    """Store ``user``'s preferences (already validated: at least one channel, a phone for SMS,
    a known time zone, quiet hours that are not empty)."""
    row = session.get(NotificationPreference, user.id, with_for_update=True)
    if row is None:
        try:  # a first save racing another: the loser updates the winner's row
            with session.begin_nested():
                row = NotificationPreference(user_id=user.id, channels=[], language="zh", time_zone=DEFAULT_TIME_ZONE)
                session.add(row)
        except IntegrityError:
            row = session.get(NotificationPreference, user.id, with_for_update=True, populate_existing=True)
            assert row is not None
    row.channels = [c.value for c in preferences.channels]
    row.phone = preferences.phone
    row.language = preferences.language.value
    row.time_zone = preferences.time_zone
    row.quiet_start = preferences.quiet_hours.start if preferences.quiet_hours else None
    row.quiet_end = preferences.quiet_hours.end if preferences.quiet_hours else None
    row.updated_at = now or utcnow()
    session.flush()
    return read(session, user=user)


def phone_of(session: Session, *, user_id: object) -> str | None:
    row = session.get(NotificationPreference, user_id)
    return row.phone if row is not None else None
