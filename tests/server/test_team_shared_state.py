"""What replicas share besides tokens: each user's lookup lists, and each portal's concurrency budget."""

from __future__ import annotations

import asyncio

import httpx

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

from .team_support import User, replica, shared_prefix

JANE = "jane@acme.com"
ACME = {"organization": "Acme Support"}
ORGS = "GET /api/v1/organizations"


class InFlight(httpx.AsyncBaseTransport):
    """The sandbox, counting how many Desk ticket requests from all replicas are in flight at once."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = SandboxTransport(sandbox.app)
        self.now = 0
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        counted = request.url.path == "/api/v1/tickets"
        self.now += counted
        self.most = max(self.most, self.now)
        try:  # the in-process sandbox answers with the whole body: the call is over when this returns
            return await self.inner.handle_async_request(request)
        finally:
            self.now -= counted


async def test_a_users_lookups_loaded_on_one_replica_are_reused_on_the_other(sandbox: Sandbox) -> None:
    prefix, jane = shared_prefix(), User(JANE, sandbox)
    async with replica("A", sandbox, prefix) as a, replica("B", sandbox, prefix) as b:
        async with jane.client(a) as client:
            before = sandbox.store.requests[ORGS]
            await client.call_tool("list_tickets", {**ACME, "limit": 1})
            on_a = sandbox.store.requests[ORGS] - before
        async with jane.client(b) as client:
            result = await client.call_tool("list_tickets", {**ACME, "limit": 1})
    assert not result.is_error
    assert (on_a, sandbox.store.requests[ORGS] - before) == (1, 1)  # B resolved "Acme Support" from the cache


async def test_two_replicas_together_keep_to_the_portals_concurrency(sandbox: Sandbox) -> None:
    prefix, jane = shared_prefix(), User(JANE, sandbox)
    network = InFlight(sandbox)
    sandbox.store.faults.latency_ms = 20  # each Desk call takes a while, so calls overlap
    async with (
        replica("A", sandbox, prefix, transport=network) as a,
        replica("B", sandbox, prefix, transport=network) as b,
    ):
        for each in (a, b):
            each.team.slots.limit = lambda org_id: 3  # as for a portal that allows 3 concurrent calls
        async with jane.client(a) as on_a, jane.client(b) as on_b:
            calls = [c.call_tool("list_tickets", {**ACME, "limit": 1}) for c in (on_a, on_b) for _ in range(8)]
            results = await asyncio.gather(*calls)
    assert not any(r.is_error for r in results)
    assert 2 <= network.most <= 3
