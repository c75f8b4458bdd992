"""Security headers on every response: a Content-Security-Policy, no framing, no sniffing, no referrer.

The pages need nothing inline (no script, no style attribute), so the policy has no
'unsafe-inline'. Two kinds of page get their own policy: the API docs (Swagger UI and ReDoc
load their scripts from a CDN and start them inline) and the 定损单 report, a self-contained
HTML file (one style block, photos as data: URIs) that runs no script at all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from starlette.datastructures import MutableHeaders
from starlette.responses import StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from api.storage.blobstore import BlobStream


def _policy(*directives: str) -> str:
    return "; ".join(directives)


_ALWAYS: Final = ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")

DEFAULT_CSP: Final = _policy("default-src 'self'", "img-src 'self' data:", "form-action 'self'", *_ALWAYS)
DOCS_CSP: Final = _policy(
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
    "font-src 'self' https://fonts.gstatic.com",
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly",
    "worker-src 'self' blob:",
    *_ALWAYS,
)
REPORT_CSP: Final = _policy("default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", *_ALWAYS)

_DOCS_PATHS: Final = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
# The report's HTML: the API's report.html and the page's printable report.
_REPORT_PATH: Final = re.compile(
    r"^(/claims/[^/]+/estimates/[^/]+/report\.html|/web/claims/[^/]+/estimates/[^/]+/report)$"
)

HEADERS: Final = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# A stored upload (photo, document): never rendered as a page, even if a browser ignored the
# Content-Disposition; a PDF's JavaScript or an HTML file hidden in a polyglot has no origin.
FILE_CSP: Final = _policy("default-src 'none'", "sandbox", *_ALWAYS)
_SAFE_NAME: Final = re.compile(r"^[A-Za-z0-9._-]+$")
_EXTENSIONS: Final = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def attachment(blob: BlobStream, *, media_type: str, name: str) -> StreamingResponse:
    """An uploaded file as a download, streamed from the blob store: ``attachment``, its stored
    (sniffed) type, nosniff, a sandboxing CSP. ``name`` must hold no personal data (use the row's id)."""
    if not _SAFE_NAME.match(name):
        raise ValueError("a download name is letters, digits, '.', '_' and '-' only")
    filename = f"{name}.{_EXTENSIONS.get(media_type, 'bin')}"
    return StreamingResponse(
        blob.chunks,
        media_type=media_type,
        headers={
            "Content-Length": str(blob.size),
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Security-Policy": FILE_CSP,
            "X-Content-Type-Options": "nosniff",
        },
    )


def policy_for(path: str) -> str:
    if path in _DOCS_PATHS:
        return DOCS_CSP
    if _REPORT_PATH.match(path):
        return REPORT_CSP
    return DEFAULT_CSP


class SecurityHeadersMiddleware:
    """Pure ASGI (no body buffering): adds the headers when the response starts, keeping any a
    route set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = policy_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in (*HEADERS.items(), ("Content-Security-Policy", csp)):
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
