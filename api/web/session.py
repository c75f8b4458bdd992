"""Signing in to the pages: the API's own JWT in an HttpOnly, SameSite=Lax cookie, and a CSRF
token on every form post. Signed in, the token is an HMAC of the server-side session id: it is
valid for that session only (a token from another session, or a cookie planted by a sibling
site and echoed in the form, is refused) and dies with it at logout. Before sign-in (the
sign-in form itself) it is a random double-submit cookie."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Annotated, Final

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from api.auth import service as auth_service
from api.auth.errors import InvalidToken
from api.auth.roles import Role
from api.auth.security import TokenIssuer
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


def session_csrf_token(tokens: TokenIssuer, session_id: uuid.UUID) -> str:
    """The form token of one server-side session (an HMAC of its id under the signing secret)."""
    return hmac.new(tokens.secret.encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def _bound_token(request: Request) -> str | None:
    """The session-bound token when the request carries a validly signed session cookie."""
    cookie = request.cookies.get(SESSION_COOKIE)
    state: AppState | None = getattr(request.state, "claimsight", None)
    if not cookie or state is None:
        return None
    try:
        return session_csrf_token(state.tokens, state.tokens.subject(cookie).session_id)
    except InvalidToken:
        return None


def csrf_token(request: Request) -> str:
    """The token the page's forms carry: the session's, or before sign-in the browser's random
    one (a new one is set on the response by ``render``)."""
    bound = _bound_token(request)
    if bound is not None:
        return bound
    token = request.cookies.get(CSRF_COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    # Readable by the page (not HttpOnly): the page carries the token in its forms anyway.
    response.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="lax", secure=_secure(request), path="/")


def set_csrf_cookie_if_new(response: Response, request: Request) -> None:
    token = csrf_token(request)
    if request.cookies.get(CSRF_COOKIE) != token:
        set_csrf_cookie(response, request, token)


def clear_csrf_cookie(response: Response) -> None:
    response.delete_cookie(CSRF_COOKIE, path="/")


async def check_csrf(request: Request) -> None:
    """Form posts must carry the token in a field (compared in constant time). Signed in, it
    must be the session's own; before sign-in, the random cookie's (double submit)."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = _bound_token(request) or request.cookies.get(CSRF_COOKIE)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
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
