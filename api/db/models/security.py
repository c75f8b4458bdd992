"""Sign-in throttling state, kept in the database so every worker and host counts together."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
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
