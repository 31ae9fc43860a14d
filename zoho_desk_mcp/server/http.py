"""The HTTP transports (streamable HTTP at /mcp, SSE at /sse + /messages/) as one Starlette app.

Loopback binds keep the SDK's DNS-rebinding checks (Host and Origin against loopback names); whenever
MCP_AUTH_TOKEN is set every request needs `Authorization: Bearer <token>` (compared in constant time), and a
client that keeps sending a wrong one gets its 401s ever more slowly (server/throttle.py).
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .app import BuiltServer
from .sse_refusals import quiet_sse_routes
from .throttle import FailureThrottle

PUBLIC_PATHS = ("/health",)
# The SDK's 4 MiB default cannot carry a 20 MB file as base64 (27.9 MB) in a tools/call; 32 MiB leaves room for
# the JSON around it (and escaped slashes) on both transports.
MAX_BODY_BYTES = 32 * 1024 * 1024
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class BearerTokenMiddleware:
    """Pure ASGI (BaseHTTPMiddleware would buffer SSE): every HTTP request but /health needs the token."""

    def __init__(self, app: ASGIApp, token: str, throttle: FailureThrottle | None = None) -> None:
        self.app = app
        self.token = token.encode()
        self.throttle = throttle if throttle is not None else FailureThrottle()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in PUBLIC_PATHS:
            header = dict(scope["headers"]).get(b"authorization", b"")
            scheme, _, given = header.partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(given.strip(), self.token):
                client = scope.get("client")
                await self.throttle.refused(client[0] if client else "unknown")
                response = JSONResponse(
                    {"error": "unauthorized", "message": "send Authorization: Bearer <MCP_AUTH_TOKEN>"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def security_for(host: str, port: int) -> TransportSecuritySettings:
    """Host/Origin allowlists: loopback names on loopback binds; the bind address itself otherwise."""
    if host in ("0.0.0.0", "::"):  # noqa: S104 - an explicit all-interfaces bind, guarded by the bearer token
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    names = ["127.0.0.1", "localhost", "[::1]"] if host in LOOPBACK else [host]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[f"{n}:*" for n in names] + [f"{n}:{port}" for n in names],
        allowed_origins=[f"http://{n}:*" for n in names] + [f"https://{n}:*" for n in names],
    )


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def http_app(
    built: BuiltServer,
    *,
    transport: str,
    host: str,
    port: int,
    auth_token: str | None,
    throttle: FailureThrottle | None = None,
    stateless: bool = False,
    json_response: bool = False,
) -> Starlette:
    """One app for `http` (streamable HTTP at /mcp) or `sse` (/sse and /messages/); `throttle` slows clients
    that keep sending a wrong token (tests pass one with their own clock and sleep).

    `json_response` answers each streamable HTTP request with one JSON body instead of an SSE stream: cheaper per
    call (~1.5 ms less server CPU with 50 clients; `python -m bench`), but a call then carries no progress or log
    notifications, nor asks the user mid-call on a legacy-era session (elicitation)."""
    security = security_for(host, port)
    team = built.team  # `--users zoho`: OAuth for MCP clients, per-user tokens (server/users/)
    if team is not None:
        security = team.security(security)
    mcp = built.mcp
    routes: list[BaseRoute] = [Route("/health", health), *(team.pages.routes() if team is not None else [])]
    if transport == "http":
        app = mcp.streamable_http_app(
            transport_security=security,
            max_request_body_size=MAX_BODY_BYTES,
            stateless_http=stateless,
            json_response=json_response,
        )
        routes.extend(app.routes)  # with a team: the SDK's OAuth routes too (our /authorize above wraps its own)
    else:
        sse = mcp.sse_app(transport_security=security, host=host, max_request_body_size=MAX_BODY_BYTES)
        routes.extend(quiet_sse_routes(sse.routes))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(built.services.use())  # one client for every session
            if transport == "http":
                await stack.enter_async_context(mcp.session_manager.run())
            yield

    middleware = [Middleware(BearerTokenMiddleware, token=auth_token, throttle=throttle)] if auth_token else []
    middleware.extend(team.middleware() if team is not None else [])
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
