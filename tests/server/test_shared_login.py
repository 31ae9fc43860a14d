"""Single-user mode with shared state (ZOHO_DESK_STATE_URL): replicas share one Zoho access token and refresh it
once between them, and the token is kept sealed in the state."""

from __future__ import annotations

import asyncio

import httpx
from mcp import Client

from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import DEFAULT_REFRESH_TOKEN, Sandbox, SandboxTransport
from zoho_desk_mcp.server import build_server
from zoho_desk_mcp.server.shared_login import SUBJECT
from zoho_desk_mcp.server.users.store import digest
from zoho_desk_mcp.state.redis_state import RedisState

from ..state.conftest import REDIS_URL
from .team_support import shared_prefix

KEY = "single-user-state-key-0123456789abcdef"
ACME = {"organization": "Acme Support"}
SANDBOX = "http://127.0.0.1:8001"


def token_requests(sandbox: Sandbox) -> int:
    return len(sandbox.store.refresh_grants[DEFAULT_REFRESH_TOKEN].token_requests)


async def test_two_single_user_replicas_share_one_zoho_token_and_refresh_it_once(sandbox: Sandbox) -> None:
    prefix = shared_prefix()
    assert REDIS_URL is not None
    settings = from_environment({"sandbox": True, "state_key": KEY}, environ={}, dotenv_path=None)
    states = [RedisState(REDIS_URL, prefix=prefix) for _ in range(2)]
    a, b = (build_server(settings, sandbox=sandbox, state=state) for state in states)
    try:
        async with Client(a.mcp) as on_a, Client(b.mcp) as on_b:
            for client in (on_a, on_b):  # both replicas hold the shared token (fetched in the background at start)
                assert not (await client.call_tool("list_tickets", {**ACME, "limit": 1})).is_error
            at_start = token_requests(sandbox)
            async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=SANDBOX) as http:
                (await http.post("/_sandbox/faults", json={"expireAccessTokens": True})).raise_for_status()
            calls = [c.call_tool("list_tickets", {**ACME, "limit": 1}) for c in (on_a, on_b) for _ in range(20)]
            results = await asyncio.gather(*calls)
        stored = await states[0].get(f"zoho:{digest(SUBJECT)}")
    finally:
        for state in states:
            await state.close()
    assert not any(r.is_error for r in results)
    assert at_start == 1 and token_requests(sandbox) == 2  # one token for both, then one refresh between them
    assert stored is not None and DEFAULT_REFRESH_TOKEN.encode() not in stored
