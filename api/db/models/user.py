from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum


class User(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "users"

    # Personal data: never logged. Stored lower-cased.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    is_active: Mapped[bool] = mapped_column(default=True)
