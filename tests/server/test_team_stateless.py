"""`--stateless` behind a load balancer: requests of one client land on either replica, in both protocol eras;
an elicitation's round trip may end on the other replica, and a client that cannot be asked is not asked."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import ElicitResult

from zoho_desk_mcp.sandbox import Sandbox

from .team_support import PUBLIC_URL, Alternating, User, httpx2_client, replica, shared_prefix, team_settings

JANE = "jane@acme.com"
ACME = {"organization": "Acme Support"}
SETTINGS = {"toolsets": "tickets,triage,danger", "organization": "Acme Support"}


def mcp_client(http: Any, **options: Any) -> Client:
    return Client(streamable_http_client(f"{PUBLIC_URL}/mcp", http_client=http), **options)


def numbered(sandbox: Sandbox, number: int) -> dict[str, Any]:
    return next(t for t in sandbox.store.first_org().tickets.values() if str(t["ticketNumber"]) == str(number))


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_every_call_may_land_on_either_replica(sandbox: Sandbox, mode: str) -> None:
    prefix, jane = shared_prefix(), User(JANE, sandbox)
    async with replica("A", sandbox, prefix) as a, replica("B", sandbox, prefix) as b:
        balancer = Alternating(a, b)
        async with (
            httpx2_client(balancer, jane.oauth(a)) as http,
            mcp_client(http, mode=mode) as client,
        ):
            results = [await client.call_tool("list_tickets", {**ACME, "limit": 1}) for _ in range(4)]
    assert not any(r.is_error for r in results)
    assert {"A", "B"} <= set(balancer.served)


async def test_an_elicitation_answered_on_one_replica_completes_on_the_other(sandbox: Sandbox) -> None:
    prefix, jane, asked = shared_prefix(), User(JANE, sandbox), []

    async def confirm(context: Any, params: Any) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content={"confirm": True})

    settings = team_settings(**SETTINGS)
    async with replica("A", sandbox, prefix, settings) as a, replica("B", sandbox, prefix, settings) as b:
        balancer = Alternating(a, b)
        async with (
            httpx2_client(balancer, jane.oauth(a)) as http,
            mcp_client(http, elicitation_callback=confirm) as client,
        ):
            result = await client.call_tool("move_tickets_to_trash", {"tickets": "#101"})
    assert not result.is_error, result.content
    assert len(asked) == 1 and numbered(sandbox, 101)["isTrashed"]
    assert balancer.served[-2:] in (["A", "B"], ["B", "A"])  # the question and its answer: two replicas


async def test_a_legacy_client_on_stateless_http_is_not_asked_and_the_tool_degrades(sandbox: Sandbox) -> None:
    prefix, jane, asked = shared_prefix(), User(JANE, sandbox), []

    async def confirm(context: Any, params: Any) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content={"confirm": True})

    settings = team_settings(**SETTINGS)
    async with (
        replica("A", sandbox, prefix, settings) as a,
        replica("B", sandbox, prefix, settings) as b,
        httpx2_client(Alternating(a, b), jane.oauth(a)) as http,
        mcp_client(http, mode="legacy", elicitation_callback=confirm) as client,
    ):
        result = await client.call_tool("move_tickets_to_trash", {"tickets": "#101"})
    assert not result.is_error, result.content  # destructive tools proceed (their annotations ask the host)
    assert asked == [] and numbered(sandbox, 101)["isTrashed"]
