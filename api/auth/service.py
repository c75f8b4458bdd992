from __future__ import annotations

import uuid
from datetime import datetime

import structlog
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from api.auth import repository, throttle
from api.auth.errors import EmailTaken, InvalidCredentials, InvalidToken, WeakPassword
from api.auth.roles import Role
from api.auth.security import TokenIssuer, dummy_hash, hash_password, verify_password
from api.db.base import utcnow
from api.db.engine import unit_of_work
from api.db.models import AuthSession, User

log = structlog.get_logger(__name__)

MIN_PASSWORD_LENGTH = 8


def create_user(session: Session, *, email: str, password: str, role: Role) -> User:
    email = email.strip().lower()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    if repository.by_email(session, email=email) is not None:
        raise EmailTaken()
    user = User(email=email, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    log.info("user.created", user_id=str(user.id), role=role)
    return user


def authenticate(session: Session, *, email: str, password: str) -> User:
    user = repository.by_email(session, email=email)
    if user is None:
        verify_password(password, dummy_hash())
        raise InvalidCredentials()
    if not verify_password(password, user.password_hash) or not user.is_active:
        raise InvalidCredentials()
    return user


def start_session(session: Session, *, issuer: TokenIssuer, user: User, now: datetime) -> str:
    """A new server-side session for ``user`` and the token that names it."""
    row = AuthSession(id=uuid.uuid4(), user_id=user.id, created_at=now, expires_at=now + issuer.ttl)
    session.add(row)
    session.flush()
    log.info("auth.token_issued", user_id=str(user.id), role=user.role)
    return issuer.issue(user_id=user.id, role=user.role, now=now, session_id=row.id)


def issue_token(session: Session, *, issuer: TokenIssuer, email: str, password: str, now: datetime) -> str:
    user = authenticate(session, email=email, password=password)
    return start_session(session, issuer=issuer, user=user, now=now)


def login(
    factory: sessionmaker[Session],
    *,
    issuer: TokenIssuer,
    rules: throttle.Rules,
    email: str,
    password: str,
    address: str,
    now: datetime,
) -> str:
    """Sign in (the API's token and the pages' form): throttled per account and per address.

    Runs its own short transactions rather than the request's: a failure must be counted
    although the request then fails (and the request's transaction rolls back).
    """
    keys = throttle.keys(secret=issuer.secret, email=email, address=address)
    with unit_of_work(factory) as session:
        throttle.check(session, keys=keys, now=now)
    try:
        with unit_of_work(factory) as session:
            token = issue_token(session, issuer=issuer, email=email, password=password, now=now)
            throttle.reset(session, key=keys.account)
    except InvalidCredentials:
        with unit_of_work(factory) as session:
            throttle.record_failure(session, key=keys.account, limit=rules.account_failures, rules=rules, now=now)
            throttle.record_failure(session, key=keys.address, limit=rules.address_failures, rules=rules, now=now)
        log.info("auth.login_failed")
        raise
    return token


def live_session(session: Session, *, issuer: TokenIssuer, token: str, now: datetime | None = None) -> AuthSession:
    """The token's server-side session if it is the token's user's, not revoked, not expired."""
    subject = issuer.subject(token)
    row = session.get(AuthSession, subject.session_id)
    now = now or utcnow()
    if row is None or row.user_id != subject.user_id or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidToken()
    return row


def user_for_token(session: Session, *, issuer: TokenIssuer, token: str) -> User:
    row = live_session(session, issuer=issuer, token=token)
    user = repository.by_id(session, user_id=row.user_id)
    if user is None or not user.is_active:
        raise InvalidToken()
    return user


def logout(session: Session, *, issuer: TokenIssuer, token: str, now: datetime) -> None:
    """End the token's session: the token (bearer or cookie) is refused from now on."""
    row = live_session(session, issuer=issuer, token=token, now=now)
    row.revoked_at = now
    session.flush()
    log.info("auth.logged_out", user_id=str(row.user_id))


def revoke_all(session: Session, *, user_id: uuid.UUID, now: datetime) -> int:
    """End every live session of a user (after a password change or deactivation)."""
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)
