"""Latency overhead: a tool call through MCP and our server vs the same Zoho request with a bare httpx client.

Both paths reach the same in-process sandbox, alternately in one loop so that both see the same machine noise.
"""

from __future__ import annotations

import time
from typing import Any

from mcp import Client
from mcp.server import MCPServer
from pydantic import BaseModel

from .common import ORG, Row, access_token, bare_client, call_ok, in_process, mcp_client, percentile

INCLUDE = "contacts,assignee,departments,team"  # what get_ticket asks Zoho for


async def run(quick: bool) -> list[Row]:
    rounds = 60 if quick else 400
    sandbox, built = in_process()
    org = sandbox.store.first_org()
    ticket_ids = [t["id"] for t in list(org.tickets.values())[:20]]
    ours: list[float] = []
    bare: list[float] = []
    floor = await _sdk_floor(rounds)
    async with bare_client(sandbox) as http, mcp_client(built) as client:
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(http)}", "orgId": org.id}

        async def tool(ticket_id: str) -> None:
            call_ok(await client.call_tool("get_ticket", {"organization": ORG, "ticketId": ticket_id}), "get_ticket")

        async def request(ticket_id: str) -> None:
            response = await http.get(f"/api/v1/tickets/{ticket_id}", params={"include": INCLUDE}, headers=headers)
            response.raise_for_status().json()

        for ticket_id in ticket_ids:  # warm both paths (imports, caches, the resolver's organization list)
            await tool(ticket_id)
            await request(ticket_id)
        for i in range(rounds):
            ticket_id = ticket_ids[i % len(ticket_ids)]
            ours.append(await _timed(tool, ticket_id))
            bare.append(await _timed(request, ticket_id))
    ratio = percentile(ours, 0.5) / percentile(bare, 0.5)
    ms = _ms
    return [
        Row(
            "latency",
            "get_ticket p50: MCP (in memory) → server → sandbox vs bare httpx",
            f"{ms(percentile(ours, 0.5))} vs {ms(percentile(bare, 0.5))} = {ratio:.2f}x",
            "≤ 1.3x",
            ratio <= 1.3,
            f"the SDK alone (in-memory client → bare MCPServer echo tool) takes {ms(floor)} at p50, "
            f"{floor / percentile(bare, 0.5):.0%} of the bare request; our layers add "
            f"{ms(percentile(ours, 0.5) - percentile(bare, 0.5) - floor)}",
        ),
        Row(
            "latency",
            "get_ticket p95: MCP vs bare httpx",
            f"{ms(percentile(ours, 0.95))} vs {ms(percentile(bare, 0.95))} "
            f"= {percentile(ours, 0.95) / percentile(bare, 0.95):.2f}x",
            "-",
            None,
        ),
    ]


async def _sdk_floor(rounds: int) -> float:
    """p50 of a call to a bare MCPServer tool that does nothing, in memory: what any MCP server costs."""
    server = MCPServer("floor")

    @server.tool()
    async def echo(ticketId: str) -> Echo:
        return Echo(id=ticketId)

    samples: list[float] = []
    async with Client(server) as client:
        for _ in range(rounds + 20):
            started = time.perf_counter()
            await client.call_tool("echo", {"ticketId": "1"})
            samples.append(time.perf_counter() - started)
    return percentile(samples[20:], 0.5)


class Echo(BaseModel):
    id: str


async def _timed(fn: Any, arg: str) -> float:
    started = time.perf_counter()
    await fn(arg)
    return time.perf_counter() - started


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
