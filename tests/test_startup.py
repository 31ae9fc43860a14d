"""What `serve` does at start-up: it loads nothing it does not use, and answers the handshake before the token.

A fresh interpreter imports the CLI, builds the server for `--sandbox-url` (as it would for Zoho), opens its
services against a sandbox process on loopback and lists its tools; then it reports what it imported. In process,
a token request held back (a slow Zoho accounts server) must not hold back `initialize`.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap

import httpx
from mcp import Client

from tests.conftest import RunningSandbox
from zoho_desk_mcp.auth.datacenters import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN
from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REFRESH_TOKEN,
    Sandbox,
    SandboxTransport,
)
from zoho_desk_mcp.server import build_server

NEVER_AT_START = {
    "zoho_desk_mcp.sandbox": "the emulator (~250 ms), for three constants",
    "httpx._main": "httpx's own command line",
    "pygments": "httpx's own command line (syntax highlighting)",
}

STARTS = textwrap.dedent(
    """
    import asyncio, json, ssl, sys
    ca_loads = []
    load = ssl.SSLContext.load_verify_locations
    ssl.SSLContext.load_verify_locations = lambda *a, **k: ca_loads.append(1) or load(*a, **k)
    import zoho_desk_mcp.cli
    from zoho_desk_mcp.config import from_environment
    from zoho_desk_mcp.server import build_server

    async def start() -> None:
        settings = from_environment({"sandbox_url": sys.argv[1]}, environ={}, dotenv_path=None)
        built = build_server(settings)
        async with built.services.use():
            assert await built.mcp.list_tools()

    asyncio.run(start())
    print(json.dumps({"modules": sorted(k for k, v in sys.modules.items() if v is not None), "caLoads": len(ca_loads)}))
    """
)


def test_serving_against_a_sandbox_url_loads_no_emulator_no_ca_bundle_and_no_cli_of_httpx(
    sandbox_server: RunningSandbox, tmp_path: object
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOHO_", "MCP_", "SSL_CERT"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path)  # a private token store: the first start fetches a token
    done = subprocess.run(
        [sys.executable, "-c", STARTS, sandbox_server.base_url],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {name: why for name, why in NEVER_AT_START.items() if name in report["modules"]} == {}
    assert report["caLoads"] == 0  # the CA bundle (30-100 ms) for an http:// URL that never negotiates TLS


def test_the_light_copies_of_the_sandbox_credentials_match_the_sandbox() -> None:
    assert (SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN) == (
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        DEFAULT_REFRESH_TOKEN,
    )


class HeldTokens(httpx.AsyncBaseTransport):
    """The sandbox with its token requests held until the test releases them: a slow accounts server."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.asked = asyncio.Event()
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v2/token":
            self.asked.set()
            await asyncio.wait_for(self.release.wait(), timeout=30)
        return await self.inner.handle_async_request(request)


async def test_the_handshake_is_answered_while_the_token_is_fetched_and_hiding_follows_before_any_listing() -> None:
    sandbox = Sandbox()
    sandbox.store.refresh_grants[DEFAULT_REFRESH_TOKEN].scopes = ("Desk.tickets.READ", "Desk.basic.READ")
    held = HeldTokens(SandboxTransport(sandbox.app))
    settings = from_environment({"sandbox": True}, environ={"ZOHO_DESK_AUDIT_LOG": os.devnull}, dotenv_path=None)
    async with Client(build_server(settings, sandbox=sandbox, transport=held).mcp) as client:
        await asyncio.wait_for(held.asked.wait(), timeout=30)  # connected, and the token request is still held
        held.release.set()
        names = {tool.name for tool in (await client.list_tools()).tools}
    assert "get_ticket" in names and "create_ticket" not in names
