"""One log line for a refused SSE connection, instead of the SDK's exception and uvicorn's 50-line traceback.

The SDK's `GET /sse` answers a bad Host or Origin (421/403) itself, logs one warning saying which header was
wrong (as it does for /mcp), and then raises `ValueError("Request validation failed")`, which uvicorn would log
as "Exception in ASGI application" with the whole stack. The answer already went out and the SDK's line says why:
the exception is dropped here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

SDK_REFUSAL = "Request validation failed"


class AlreadySent(Response):
    """The response the SDK already sent: nothing more goes out."""

    def __init__(self) -> None:
        super().__init__(status_code=204)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        return None


def quiet(route: Route) -> Route:
    """The SSE route, with the exception after the SDK's refusal dropped (its own warning stays the one line)."""
    endpoint = route.endpoint

    async def sse(request: Request) -> Response:
        sent: list[int] = []

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent.append(int(message["status"]))
            await request._send(message)

        try:
            response: Response = await endpoint(Request(request.scope, request.receive, recording_send))
        except ValueError as error:
            if str(error) != SDK_REFUSAL or not sent:
                raise
            logger.debug("the SDK refused an SSE connection with HTTP %d", sent[0])
            return AlreadySent()
        return response

    return Route(route.path, sse, methods=sorted(route.methods or ()), name=route.name)


def quiet_sse_routes(routes: Sequence[BaseRoute], path: str = "/sse") -> list[BaseRoute]:
    return [quiet(r) if isinstance(r, Route) and r.path == path else r for r in routes]
