from __future__ import annotations

import uuid
from dataclasses import dataclass

from api.auth.roles import Role
from api.db.models import User


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a user, or the service itself (``user_id`` and ``role`` None)."""

    user_id: uuid.UUID | None
    role: Role | None
    label: str

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user_id=user.id, role=user.role, label=user.role.value)

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(user_id=None, role=None, label=label)

    @property
    def is_system(self) -> bool:
        return self.user_id is None
