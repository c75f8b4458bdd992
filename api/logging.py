"""Structured logging: JSON lines from structlog, one request id bound per request.

Events are dotted names with keyword fields: ``log.info("claim.created", claim_id=...)``.
Never pass names, ID numbers, plates, e-mail addresses or file names as fields.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

import structlog
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import internal_error_response

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

log = structlog.get_logger(__name__)


def configure_logging(*, level: str = "INFO", json: bool = True) -> None:
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False) if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            # Echo a caller's id only if it cannot smuggle anything into our logs.
            return candidate if _SAFE_REQUEST_ID.match(candidate) else None
    return None


class RequestContextMiddleware:
    """Binds ``request_id`` (from ``X-Request-ID`` or a new uuid4) for the request's logs,
    echoes it in the response header and logs one ``http.request`` line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_code = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status_code, response_started
            if message["type"] == "http.response.start":
                status_code, response_started = message["status"], True
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                # Answered here, not by Starlette's outermost ServerErrorMiddleware, so the
                # 500 problem goes out through ``send_with_id`` with its X-Request-ID. Not
                # re-raised: the server would log the traceback with the exception's message.
                response = internal_error_response(Request(scope), exc)
                if not response_started:
                    await response(scope, receive, send_with_id)
            finally:
                # The route template, not the path: paths carry ids, never personal data,
                # but templates group better.
                route = scope.get("route")
                log.info(
                    "http.request",
                    method=scope["method"],
                    route=getattr(route, "path", None),
                    status=status_code,
                    duration_ms=round((time.perf_counter() - started) * 1000, 1),
                )
