"""Sign in and out, the home redirect by role, and the stylesheet."""

from __future__ import annotations

import contextlib
from typing import Annotated, Final

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import FileResponse

from api.auth import service as auth_service
from api.auth import throttle
from api.auth.endpoints import client_address
from api.auth.errors import InvalidCredentials, InvalidToken, LoginThrottled
from api.auth.roles import Role
from api.db.base import utcnow
from api.deps import SessionDep, StateDep
from api.errors import NotFound
from api.web.render import PageRoute, redirect, render
from api.web.session import (
    SESSION_COOKIE,
    CsrfChecked,
    PageUser,
    clear_csrf_cookie,
    clear_session_cookie,
    session_csrf_token,
    set_csrf_cookie,
    set_session_cookie,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)

STATIC_FILES: Final = {"style.css": "text/css", "capture.js": "text/javascript", "review.js": "text/javascript"}

HOME_BY_ROLE: Final = {
    Role.CUSTOMER: "/web/claims",
    Role.JUNIOR_ADJUSTER: "/web/queue",
    Role.SENIOR_ADJUSTER: "/web/queue",
    Role.ADMIN: "/web/queue",
    Role.COMPLAINT_HANDLER: "/web/complaints",
    Role.SUPERVISOR: "/web/supervisor",
}


def _safe_next(target: str) -> str:
    # Only paths on this site: "//evil.example" and "https://…" are not followed.
    return target if target.startswith("/web") and not target.startswith("//") else "/web"


@router.get("/")
def root() -> Response:
    return redirect("/web")


@router.get("/web")
def home(user: PageUser) -> Response:
    return redirect(HOME_BY_ROLE[user.role])


@router.get("/web/static/{name}")
def static(name: str) -> Response:
    if name not in STATIC_FILES:
        raise NotFound()
    from api.web.render import WEB_DIR

    return FileResponse(WEB_DIR / "static" / name, media_type=STATIC_FILES[name])


@router.get("/web/login")
def login_form(request: Request, next: str = "/web") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "failed": False, "email": ""})


@router.post("/web/login")
def login(
    request: Request,
    state: StateDep,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/web",
) -> Response:
    context: dict[str, object] = {"next": _safe_next(next), "failed": True, "email": email}
    try:
        token = auth_service.login(
            state.session_factory,
            issuer=state.tokens,
            rules=throttle.Rules.of(state.settings.auth),
            email=email,
            password=password,
            address=client_address(request),
            now=utcnow(),
        )
    except InvalidCredentials:
        return render(request, "login.html", context, status_code=401)
    except LoginThrottled as exc:
        minutes = max(1, -(-exc.retry_after // 60))
        page = render(request, "login.html", {**context, "throttled_minutes": minutes}, status_code=429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    response = redirect(_safe_next(next))
    set_session_cookie(response, request, token=token, max_age=int(state.tokens.ttl.total_seconds()))
    set_csrf_cookie(response, request, session_csrf_token(state.tokens, state.tokens.subject(token).session_id))
    return response


@router.post("/web/logout")
def logout(request: Request, session: SessionDep, state: StateDep, _csrf: CsrfChecked) -> Response:
    """End the server-side session (a copy of the cookie no longer signs in) and drop the cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with contextlib.suppress(InvalidToken):
            auth_service.logout(session, issuer=state.tokens, token=token, now=utcnow())
    response = redirect("/web/login")
    clear_session_cookie(response)
    clear_csrf_cookie(response)
    return response
