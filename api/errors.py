"""One error hierarchy, rendered as RFC 9457 ``application/problem+json``.

Domain errors say *what* went wrong and know nothing of HTTP. ``STATUS_BY_KIND`` is the one
table that maps each kind of error to a status code; the handlers below turn any error —
domain, request validation, routing, or unexpected — into a problem document.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:claimsight:problem:"

log = structlog.get_logger(__name__)


class ClaimSightError(Exception):
    """Base of every error the service raises on purpose.

    ``code`` names the problem type (``urn:claimsight:problem:<code>``); ``title`` is the same
    for every occurrence of the type; ``detail`` explains this occurrence and must not contain
    personal data.
    """

    code: ClassVar[str] = "error"
    title: ClassVar[str] = "Error"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


# Kinds: each maps to one status code in STATUS_BY_KIND.
class InvalidInput(ClaimSightError):
    code = "invalid-input"
    title = "Invalid input"


class NotAuthenticated(ClaimSightError):
    code = "not-authenticated"
    title = "Not authenticated"


class PermissionDenied(ClaimSightError):
    code = "permission-denied"
    title = "Permission denied"


class NotFound(ClaimSightError):
    code = "not-found"
    title = "Not found"


class Conflict(ClaimSightError):
    code = "conflict"
    title = "Conflict"


class PayloadTooLarge(ClaimSightError):
    code = "payload-too-large"
    title = "Payload too large"


class UnsupportedMediaType(ClaimSightError):
    code = "unsupported-media-type"
    title = "Unsupported media type"


class ServiceUnavailable(ClaimSightError):
    code = "service-unavailable"
    title = "Service unavailable"


class TooManyRequests(ClaimSightError):
    """Refused for now; ``retry_after`` (seconds) becomes the ``Retry-After`` header."""

    code = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str | None = None, *, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, retry_after=retry_after, **extra)
        self.retry_after = retry_after


STATUS_BY_KIND: Mapping[type[ClaimSightError], int] = {
    InvalidInput: 422,
    NotAuthenticated: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    ServiceUnavailable: 503,
    TooManyRequests: 429,
}

HEADERS_BY_KIND: Mapping[type[ClaimSightError], Mapping[str, str]] = {
    NotAuthenticated: {"WWW-Authenticate": "Bearer"},
}


def status_for(error: ClaimSightError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_BY_KIND:
            return STATUS_BY_KIND[cls]
    return 500


class Problem(BaseModel):
    """RFC 9457 problem details, plus the request id and, for 422, the failing fields."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[dict[str, Any]] | None = None


def problem_response(
    request: Request,
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_TYPE_PREFIX + code,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=getattr(request.state, "request_id", None),
        **extra,
    )
    return JSONResponse(
        jsonable_encoder(body, exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def _headers_for(error: ClaimSightError) -> Mapping[str, str] | None:
    if isinstance(error, TooManyRequests):
        return {"Retry-After": str(error.retry_after)}
    for cls in type(error).__mro__:
        if cls in HEADERS_BY_KIND:
            return HEADERS_BY_KIND[cls]
    return None


async def _handle_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ClaimSightError)
    status = status_for(exc)
    log.info("request.problem", status=status, problem=exc.code)
    return problem_response(
        request,
        status=status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        headers=_headers_for(exc),
        **exc.extra,
    )


async def _handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        # The offending input is left out: it may be personal data or a password.
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return problem_response(
        request,
        status=422,
        code="validation-error",
        title="Request validation failed",
        detail="; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors),
        errors=errors,
    )


_HTTP_CODES = {
    401: ("not-authenticated", "Not authenticated"),
    403: ("permission-denied", "Permission denied"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("body-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


async def _handle_http_exception(request: Request, exc: Exception) -> JSONResponse:
    # Raised by the framework itself (unknown route, wrong method, unparsable body).
    assert isinstance(exc, StarletteHTTPException)
    detail = str(exc.detail) if exc.detail else None
    if exc.status_code == 400:
        # The framework's only 400 is a form or multipart body it cannot parse. Answered like
        # a JSON body it cannot parse (FastAPI's 422 ``json_invalid``): one documented status.
        errors = [{"loc": ["body"], "msg": detail or "Malformed body", "type": "body_malformed"}]
        return problem_response(
            request,
            status=422,
            code="validation-error",
            title="Request validation failed",
            detail=f"body: {errors[0]['msg']}",
            errors=errors,
        )
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
    code, title = _HTTP_CODES.get(exc.status_code, ("http-error", "HTTP error"))
    return problem_response(request, status=exc.status_code, code=code, title=title, detail=detail, headers=headers)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on the request's path. Starlette's own 405 names only
    the first route that matched the path (``GET /claims`` hid ``POST /claims``); asking each
    top-level route, included routers too, whether it fully matches the path with each method
    relies on nothing but ``BaseRoute.matches``."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes)
    ]


def exception_fields(exc: BaseException, *, frames: int = 12) -> dict[str, Any]:
    """Log fields that locate an unexpected error without its message: an exception's text
    may quote personal data (a database error quotes the row it refused), its type and the
    innermost frames (``file:line in function``) cannot."""
    where = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)]
    fields: dict[str, Any] = {"error_type": type(exc).__name__, "frames": where[-frames:]}
    if exc.__cause__ is not None or exc.__context__ is not None:
        fields["cause_type"] = type(exc.__cause__ or exc.__context__).__name__
    return fields


def internal_error_response(request: Request, exc: BaseException) -> JSONResponse:
    """Log an unexpected error (no message: see ``exception_fields``) and answer a 500 problem
    carrying the request id. ``RequestContextMiddleware`` calls it so the 500 also carries the
    ``X-Request-ID`` header; the handler below covers an app built without that middleware."""
    log.error("request.failed", **exception_fields(exc))
    return problem_response(
        request,
        status=500,
        code="internal-error",
        title="Internal server error",
        detail="An unexpected error occurred; quote the request id when reporting it.",
    )


async def _handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    return internal_error_response(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ClaimSightError, _handle_domain_error)
    app.add_exception_handler(RequestValidationError, _handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, _handle_http_exception)
    app.add_exception_handler(Exception, _handle_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entry declaring problem+json bodies for the given statuses."""
    descriptions = {
        401: "Missing or invalid bearer token",
        403: "The caller's role may not do this",
        404: "No such resource, or not the caller's",
        409: "Conflicts with the resource's current state",
        413: "Body, file or image too large",
        415: "Unsupported media type (detected from the bytes)",
        422: "Request validation failed",
        429: "Too many failed attempts; wait the Retry-After seconds",
        503: "A required runtime is not available",
    }
    return {
        s: {
            "model": Problem,
            "description": descriptions.get(s, "Problem"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }


BODY_PROBLEMS = {"413": "Request body too large", "422": "Request validation failed"}


def install_problem_openapi(app: FastAPI) -> None:
    """Document every 4xx/5xx response as what it is: a problem+json ``Problem``, including
    FastAPI's automatic 422 (which it would otherwise describe as ``HTTPValidationError``)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
        problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if "requestBody" in operation:
                    # Any body may be malformed (422) or over the app's body limit (413).
                    for status, description in BODY_PROBLEMS.items():
                        operation["responses"].setdefault(status, {"description": description})
                for status, response in operation.get("responses", {}).items():
                    if status[:1] in ("4", "5"):
                        response["content"] = dict(problem)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
