"""Sign-in throttling per account and per client address, counted in the database.

``limit`` failures within ``window`` lock a key for ``lockout``, doubled at each further
lockout up to ``lockout_max``. A locked key is refused before any password is checked, the
same way for a known and an unknown e-mail (both are keyed the same), so the answer says
nothing about which accounts exist. Every write is a single UPDATE first, so concurrent
failures on several workers are all counted (the row lock is held until commit).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api.auth.errors import LoginThrottled
from api.config import AuthSettings
from api.db.models.security import LoginThrottle


@dataclass(frozen=True)
class Rules:
    account_failures: int
    address_failures: int
    window: timedelta
    lockout: timedelta
    lockout_max: timedelta

    @classmethod
    def of(cls, auth: AuthSettings) -> Rules:
        return cls(
            account_failures=auth.login_account_failures,
            address_failures=auth.login_address_failures,
            window=timedelta(seconds=auth.login_window_seconds),
            lockout=timedelta(seconds=auth.login_lockout_seconds),
            lockout_max=timedelta(seconds=auth.login_lockout_max_seconds),
        )


@dataclass(frozen=True)
class Keys:
    account: str
    address: str


def keys(*, secret: str, email: str, address: str) -> Keys:
    """Row keys for an e-mail and a client address (keyed hashes: neither is stored in clear)."""

    def digest(kind: str, value: str) -> str:
        return f"{kind}:" + hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    return Keys(account=digest("account", email.strip().lower()), address=digest("address", address))


def check(session: Session, *, keys: Keys, now: datetime) -> None:
    """Raise ``LoginThrottled`` (with the seconds to wait) if the account or address is locked."""
    until = session.scalars(
        select(LoginThrottle.locked_until).where(
            LoginThrottle.key.in_([keys.account, keys.address]), LoginThrottle.locked_until > now
        )
    ).all()
    latest = max((u for u in until if u is not None), default=None)
    if latest is not None:
        wait = max(1, math.ceil((latest - now).total_seconds()))
        raise LoginThrottled("Too many failed sign-ins; try again later.", retry_after=wait)


def _ensure_row(session: Session, *, key: str, now: datetime) -> None:
    values = {"key": key, "failures": 0, "lockouts": 0, "window_started_at": now, "locked_until": None}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(LoginThrottle).values(**values).on_conflict_do_nothing(index_elements=["key"]))


def record_failure(session: Session, *, key: str, limit: int, rules: Rules, now: datetime) -> None:
    """Count one failure; the ``limit``-th within the window starts a lockout."""
    _ensure_row(session, key=key, now=now)
    expired = LoginThrottle.window_started_at <= now - rules.window
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == key)
        .values(
            failures=case((expired, 1), else_=LoginThrottle.failures + 1),
            window_started_at=case((expired, now), else_=LoginThrottle.window_started_at),
        )
    )
    row = session.scalars(
        select(LoginThrottle).where(LoginThrottle.key == key).execution_options(populate_existing=True)
    ).one()
    if row.failures >= limit:
        lockout = min(rules.lockout * 2 ** min(row.lockouts, 30), rules.lockout_max)
        row.lockouts += 1
        row.failures = 0
        row.window_started_at = now
        row.locked_until = now + lockout
    session.flush()


def reset(session: Session, *, key: str) -> None:
    """A successful sign-in clears the account's failures and lockout history."""
    session.execute(
        update(LoginThrottle).where(LoginThrottle.key == key).values(failures=0, lockouts=0, locked_until=None)
    )
