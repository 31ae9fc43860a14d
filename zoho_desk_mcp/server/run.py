"""Running the server on the chosen transport until the process is stopped."""

from __future__ import annotations

from ..config import Settings
from .app import BuiltServer, build_server


async def serve(settings: Settings) -> None:
    """stdio (JSON-RPC on stdout, logs on stderr), SSE or streamable HTTP, with one set of services."""
    built: BuiltServer = build_server(settings)
    if settings.transport == "stdio":
        async with built.services.use():
            await built.mcp.run_stdio_async()
        return
    import uvicorn  # only the HTTP transports need it (and the Starlette app): stdio starts without them

    from .http import http_app
    from .limits import uvicorn_config

    token = settings.auth_token.get_secret_value() if settings.auth_token else None
    app = http_app(
        built,
        transport=settings.transport,
        host=settings.host,
        port=settings.port,
        auth_token=token,
        stateless=settings.stateless,
        json_response=settings.stateless if settings.json_response is None else settings.json_response,
    )
    await uvicorn.Server(uvicorn_config(app, host=settings.host, port=settings.port)).serve()
