"""Refuse oversized request bodies early, as problem documents.

FastAPI's own ``max_body_size`` answers a declared oversize with a plain-text 413 that replaces
the app's response; this middleware answers with the usual problem+json instead.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_response


class BodySizeLimitMiddleware:
    """A declared ``Content-Length`` over the limit is answered 413 at once, without reading
    the body; a body without one (chunked) is counted as it arrives and refused on passing it.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            response = problem_response(
                Request(scope),
                status=413,
                code="body-too-large",
                title="Request body too large",
                detail=f"The limit is {self.max_bytes} bytes.",
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException passes through FastAPI's body parsing unchanged and is
                    # rendered by the app's handler as a 413 problem.
                    raise HTTPException(413, f"The limit is {self.max_bytes} bytes.")
            return message

        await self.app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
