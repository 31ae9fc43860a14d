"""An in-process httpx transport for the sandbox that behaves like a network for timeouts and resets.

`httpx.ASGITransport` ignores timeouts and surfaces app exceptions as-is; this wrapper applies the request's read
timeout (raising `httpx.ReadTimeout`) and turns the sandbox's deliberate connection reset into `httpx.ReadError`, so
a client under test sees exactly what it would see on a socket.
"""

from __future__ import annotations

import anyio
import httpx
from starlette.types import ASGIApp

from .app import SandboxConnectionReset


class SandboxTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: ASGIApp, client: tuple[str, int] = ("127.0.0.1", 50_000)) -> None:
        self._inner = httpx.ASGITransport(app=app, client=client)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout") or {}
        read_timeout = timeouts.get("read")
        try:
            with anyio.fail_after(read_timeout):
                return await self._inner.handle_async_request(request)
        except TimeoutError:
            raise httpx.ReadTimeout("the sandbox did not answer in time", request=request) from None
        except SandboxConnectionReset:
            raise httpx.ReadError("connection reset by peer (sandbox fault)", request=request) from None

    async def aclose(self) -> None:
        await self._inner.aclose()
