"""Password hashing (argon2) and access tokens (JWT)."""

from __future__ import annotations

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
from api.config import MIN_SECRET_BYTES, Settings
from api.private_files import read_or_create_secret


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
    # Created atomically (first writer wins), so processes starting together share one secret.
    return read_or_create_secret(Path(settings.data_dir) / "jwt-secret")


@dataclass(frozen=True)
class TokenSubject:
    user_id: uuid.UUID
    session_id: uuid.UUID


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    algorithm: str
    issuer: str
    ttl: timedelta

    def issue(self, *, user_id: uuid.UUID, role: Role, now: datetime, session_id: uuid.UUID) -> str:
        """A token for one server-side session (``sid``, also the token id ``jti``)."""
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "jti": str(session_id),
            "role": role.value,
            "iss": self.issuer,
            "iat": int(now.timestamp()),
            "exp": int((now + self.ttl).timestamp()),
        }
        return jwt.encode(claims, self.secret, algorithm=self.algorithm)

    def subject(self, token: str) -> TokenSubject:
        """The user and session ids in a validly signed, unexpired token; ``InvalidToken``
        otherwise. Whether the session is still live is the caller's check (it needs the DB)."""
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[self.algorithm],
                issuer=self.issuer,
                options={"require": ["sub", "sid", "exp", "iat", "iss"]},
            )
            return TokenSubject(user_id=uuid.UUID(str(claims["sub"])), session_id=uuid.UUID(str(claims["sid"])))
        except (jwt.PyJWTError, ValueError) as exc:
            raise InvalidToken() from exc


class InsecureSecret(ValueError):
    """The signing secret (from the settings or the secret file) is too short to be safe."""


def token_issuer(settings: Settings) -> TokenIssuer:
    secret = resolve_jwt_secret(settings)
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise InsecureSecret(
            f"the JWT secret in {Path(settings.data_dir) / 'jwt-secret'} is shorter than {MIN_SECRET_BYTES} bytes:"
            " remove the file to have one generated, or set CLAIMSIGHT_AUTH__JWT_SECRET"
        )
    return TokenIssuer(
        secret=secret,
        algorithm=settings.auth.jwt_algorithm,
        issuer=settings.auth.jwt_issuer,
        ttl=timedelta(minutes=settings.auth.token_ttl_minutes),
    )
