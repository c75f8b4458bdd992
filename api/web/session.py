"""Signing in to the pages: the API's own JWT in an HttpOnly, SameSite=Lax cookie, and a
double-submit CSRF token (a random cookie the form must echo) on every form post."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Final

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from api.auth import service as auth_service
from api.auth.errors import InvalidToken
from api.auth.roles import Role
from api.db.models import User
from api.deps import SessionDep, StateDep
from api.errors import ClaimSightError, PermissionDenied
from api.state import AppState

SESSION_COOKIE: Final = "claimsight_session"
CSRF_COOKIE: Final = "claimsight_csrf"
CSRF_FIELD: Final = "csrf_token"
LANG_COOKIE: Final = "claimsight_lang"


class LoginRequired(Exception):
    """No valid session cookie: the page answers with a redirect to the sign-in page."""


class PageForbidden(PermissionDenied):
    """The signed-in role may not open this page."""


class CsrfRejected(PermissionDenied):
    code = "csrf-rejected"
    title = "Form token missing or wrong"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, *, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def csrf_token(request: Request) -> str:
    """The browser's CSRF token, or a new one (set on the response by ``render``)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def set_csrf_cookie_if_new(response: Response, request: Request) -> None:
    token = getattr(request.state, "new_csrf", None)
    if token and not request.cookies.get(CSRF_COOKIE):
        # Readable by the page (not HttpOnly): a double-submit token is no secret from it.
        response.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="lax", secure=_secure(request), path="/")


async def check_csrf(request: Request) -> None:
    """Form posts must carry the cookie's token in a field; a cross-site form cannot read it."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), cookie.encode()):
        raise CsrfRejected("The form token is missing or does not match.")


CsrfChecked = Annotated[None, Depends(check_csrf)]


def user_from_cookie(session: Session, state: AppState, request: Request) -> User | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return auth_service.user_for_token(session, issuer=state.tokens, token=token)
    except (InvalidToken, ClaimSightError):
        return None


def get_page_user(request: Request, session: SessionDep, state: StateDep) -> User:
    user = user_from_cookie(session, state, request)
    if user is None:
        raise LoginRequired()
    request.state.page_user = user
    return user


PageUser = Annotated[User, Depends(get_page_user)]


def require(user: User, *roles: Role) -> None:
    if user.role not in roles:
        raise PageForbidden(f"Needs one of: {', '.join(sorted(roles))}.")
