"""Sign-in throttling and server-side sessions, in the database so every worker and host agrees."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base


class LoginThrottle(Base):
    """Failed sign-ins of one account or one client address.

    ``key`` is ``account:<hmac of the e-mail>`` or ``address:<hmac of the address>``: neither
    an e-mail nor an address is stored in clear (both are personal data).
    """

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime]
    # Lockouts so far; each one lasts twice as long as the one before (up to a cap).
    lockouts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]


class AuthSession(Base):
    """One signed-in session: every token (API bearer or page cookie) names one by ``sid``.

    A token is good only while its session is neither revoked (logout) nor expired.
    """

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
