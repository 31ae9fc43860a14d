"""The guard on the sandbox's control endpoints (`/_sandbox/*`): Host and Origin checked, bad input a 400.

The control endpoints reset data, set faults and mint grant codes, so a web page must not reach them through DNS
rebinding (a foreign name resolving to 127.0.0.1) or a cross-site request: as the MCP endpoint does, they accept
only a Host that is a loopback name or the address the request arrived at, and an Origin (when sent) on such a
host. A malformed value or body is the client's fault: 400 with what was wrong, never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

logger = logging.getLogger(__name__)

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
Handler = Callable[[Request], Awaitable[Response]]


def _hostname(netloc: str) -> str | None:
    """The host of `host[:port]` (IPv6 in brackets), lowercased; None when it is not a valid authority."""
    if not netloc or any(c.isspace() or ord(c) < 0x21 or ord(c) > 0x7E for c in netloc) or "@" in netloc:
        return None
    try:
        parts = urlsplit(f"//{netloc}")
        port = parts.port
        host = parts.hostname
    except ValueError:
        return None
    if not host or (port is not None and not 0 < port < 65_536):
        return None
    return host


def _allowed_host(host: str, request: Request) -> bool:
    server = request.scope.get("server")
    own = str(server[0]).lower() if server else None  # the address (or in-process name) the request reached
    return host in LOOPBACK_NAMES or host == own


def refusal(request: Request) -> str | None:
    """Why this request may not use a control endpoint, or None when it may."""
    host = _hostname(request.headers.get("host", ""))
    if host is None:
        return "the Host header is missing or malformed"
    if not _allowed_host(host, request):
        return f"the Host {host!r} is not this sandbox (use 127.0.0.1 or localhost)"
    origin = request.headers.get("origin")
    if origin is None:
        return None
    scheme, _, rest = origin.partition("://")
    origin_host = _hostname(rest) if scheme in ("http", "https") and "/" not in rest else None
    if origin_host is None or not _allowed_host(origin_host, request):
        return "cross-origin requests to the sandbox's control endpoints are refused"
    return None


def guarded(handler: Handler) -> Handler:
    """`handler` behind the Host/Origin check, with malformed input answered 400."""

    async def endpoint(request: Request) -> Response:
        reason = refusal(request)
        if reason is not None:
            logger.warning("refused a control request: %s", reason)
            return JSONResponse({"error": reason}, status_code=400)
        try:
            return await handler(request)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            return JSONResponse({"error": f"malformed request: {str(error)[:200] or type(error).__name__}"}, 400)

    return endpoint


def guard_routes(routes: Sequence[BaseRoute]) -> list[BaseRoute]:
    """The control routes with every endpoint guarded (other route kinds pass unchanged)."""
    return [
        Route(r.path, guarded(r.endpoint), methods=sorted(r.methods or ()), name=r.name) if isinstance(r, Route) else r
        for r in routes
    ]
