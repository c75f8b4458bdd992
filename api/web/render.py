"""Rendering pages: one Jinja2 environment, the language of the request, the CSRF token, and
the route class that turns errors into pages (a sign-in redirect, a 404 page, a form error)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime, tzinfo
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import structlog
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.errors import ClaimSightError, status_for
from api.reports.view import offset_label
from api.web.i18n import DEFAULT_LANG, Lang, parse_lang, translator
from api.web.i18n_reasons import page_reason
from api.web.session import (
    CSRF_FIELD,
    LANG_COOKIE,
    CsrfRejected,
    LoginRequired,
    csrf_token,
    set_csrf_cookie_if_new,
)

log = structlog.get_logger(__name__)

WEB_DIR = Path(__file__).parent
LOGIN_PATH = "/web/login"


def request_lang(request: Request) -> Lang:
    return parse_lang(request.query_params.get("lang")) or parse_lang(request.cookies.get(LANG_COOKIE)) or DEFAULT_LANG


def _money(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Mapping):
        value = value.get("amount")
    elif hasattr(value, "amount"):  # Money, MoneyRead
        value = value.amount
    return f"¥{Decimal(str(value)):,.2f}"


@lru_cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(WEB_DIR / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = _money
    return env


def _switch_lang_url(request: Request, lang: Lang) -> str:
    other = Lang.EN if lang is Lang.ZH else Lang.ZH
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    params["lang"] = other.value
    return f"{request.url.path}?{urlencode(params)}"


def _zone(tz: tzinfo | None) -> dict[str, str] | None:
    """The zone every time on the page is shown in: its name and its offset now (``UTC+08:00``)."""
    if tz is None:
        return None
    return {"key": str(getattr(tz, "key", tz)), "offset": offset_label(datetime.now(tz))}


def render(
    request: Request, template: str, context: Mapping[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    lang = request_lang(request)
    state = getattr(request.state, "claimsight", None)
    tz = state.tz if state is not None else None

    def when(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        return "—" if value is None else value.astimezone(tz).strftime(fmt)

    t = translator(lang)

    def reason_text(item: object) -> str:
        return page_reason(item, lang=lang.value, t=t, when=when)

    html = (
        environment()
        .get_template(template)
        .render(
            {
                "request": request,
                "t": t,
                "reason_text": reason_text,
                "lang": lang.value,
                "switch_lang_url": _switch_lang_url(request, lang),
                "csrf_field": CSRF_FIELD,
                "csrf_token": csrf_token(request),
                "user": getattr(request.state, "page_user", None),
                "when": when,
                "zone": _zone(tz),
                **(context or {}),
            }
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    set_csrf_cookie_if_new(response, request)
    if request.query_params.get("lang") and parse_lang(request.query_params.get("lang")):
        response.set_cookie(LANG_COOKIE, lang.value, max_age=365 * 86400, samesite="lax", path="/")
    return response


def redirect(url: str) -> RedirectResponse:
    """After a form post: see the result with a GET (303)."""
    return RedirectResponse(url, status_code=303)


def error_page(request: Request, *, status_code: int, message_key: str, detail: str = "") -> HTMLResponse:
    return render(
        request,
        "error.html",
        {"message_key": message_key, "detail": detail, "status": status_code},
        status_code=status_code,
    )


_MESSAGE_BY_STATUS = {403: "error.forbidden", 404: "error.not_found"}


class PageRoute(APIRoute):
    """A page route: a missing session redirects to sign-in, a domain error becomes an error
    page with its status (a claim one may not see is the same 404 page as a missing one)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return redirect(f"{LOGIN_PATH}?next={quote(target, safe='')}")
            except CsrfRejected as exc:
                return error_page(request, status_code=403, message_key="error.csrf", detail=exc.detail)
            except ClaimSightError as exc:
                status_code = status_for(exc)
                log.info("page.error", path=request.url.path, code=exc.code, status=status_code)
                key = _MESSAGE_BY_STATUS.get(status_code, "error.invalid")
                return error_page(request, status_code=status_code, message_key=key, detail=exc.detail)
            except RequestValidationError:
                return error_page(request, status_code=422, message_key="error.invalid")

        return page_handler
