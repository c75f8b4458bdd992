"""Password hashing (argon2) and access tokens (JWT)."""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jwt
from pwdlib import PasswordHash

from api.auth.errors import InvalidToken
from api.auth.roles import Role
from api.config import Settings


@lru_cache
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()  # argon2id


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher().verify(password, password_hash)


# Verified against when the e-mail is unknown, so both cases take the same time.
@lru_cache
def dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def resolve_jwt_secret(settings: Settings) -> str:
    """The configured secret, or one generated once and kept in ``<data_dir>/jwt-secret``."""
    if settings.auth.jwt_secret is not None:
        return settings.auth.jwt_secret.get_secret_value()
    path = Path(settings.data_dir) / "jwt-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    algorithm: str
    issuer: str
    ttl: timedelta

    def issue(self, *, user_id: uuid.UUID, role: Role, now: datetime) -> str:
        claims = {
            "sub": str(user_id),
            "role": role.value,
            "iss": self.issuer,
            "iat": int(now.timestamp()),
            "exp": int((now + self.ttl).timestamp()),
        }
        return jwt.encode(claims, self.secret, algorithm=self.algorithm)

    def subject(self, token: str) -> uuid.UUID:
        """The user id in a valid token; ``InvalidToken`` otherwise."""
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[self.algorithm],
                issuer=self.issuer,
                options={"require": ["sub", "exp", "iat", "iss"]},
            )
            return uuid.UUID(str(claims["sub"]))
        except (jwt.PyJWTError, ValueError) as exc:
            raise InvalidToken() from exc


def token_issuer(settings: Settings) -> TokenIssuer:
    return TokenIssuer(
        secret=resolve_jwt_secret(settings),
        algorithm=settings.auth.jwt_algorithm,
        issuer=settings.auth.jwt_issuer,
        ttl=timedelta(minutes=settings.auth.token_ttl_minutes),
    )
