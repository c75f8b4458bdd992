from __future__ import annotations

import uuid
from datetime import datetime

import structlog
from sqlalchemy.orm import Session, sessionmaker

from api.auth import repository, throttle
from api.auth.errors import EmailTaken, InvalidCredentials, InvalidToken, WeakPassword
from api.auth.roles import Role
from api.auth.security import TokenIssuer, dummy_hash, hash_password, verify_password
from api.db.engine import unit_of_work
from api.db.models import User

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


def issue_token(session: Session, *, issuer: TokenIssuer, email: str, password: str, now: datetime) -> str:
    user = authenticate(session, email=email, password=password)
    log.info("auth.token_issued", user_id=str(user.id), role=user.role)
    return issuer.issue(user_id=user.id, role=user.role, now=now)


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


def user_for_token(session: Session, *, issuer: TokenIssuer, token: str) -> User:
    user_id: uuid.UUID = issuer.subject(token)
    user = repository.by_id(session, user_id=user_id)
    if user is None or not user.is_active:
        raise InvalidToken()
    return user
