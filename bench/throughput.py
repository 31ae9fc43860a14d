"""Throughput: get_ticket calls per second over streamable HTTP on loopback with 50 concurrent MCP clients.

Beside it, the sandbox's own capacity: the same Zoho request from 50 concurrent bare httpx clients, straight to
the same sandbox process, in the same run. Every client makes a fixed number of calls: the run is bounded.
The sandbox's per-portal concurrency cap is lifted for both, so neither figure counts 429s.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from .common import ORG, Row, config_home, free_port, sandbox_process, server_env, stop, wait_until_serving

CLIENTS = 50
INCLUDE = "contacts,assignee,departments,team"


async def _mcp_rate(url: str, ticket_ids: list[str], calls: int) -> tuple[float, int]:
    """Calls per second once all clients are connected (each connects and makes one call before the clock starts)."""
    failures = 0
    ready = 0
    go = asyncio.Event()
    done: list[float] = []

    async def one(n: int) -> None:
        nonlocal failures, ready
        async with (
            httpx2.AsyncClient(timeout=httpx2.Timeout(60, read=120)) as http,
            Client(streamable_http_client(url, http_client=http)) as client,
        ):
            await client.call_tool("get_ticket", {"organization": ORG, "ticketId": ticket_ids[n % len(ticket_ids)]})
            ready += 1
            if ready == CLIENTS:
                go.set()
            await asyncio.wait_for(go.wait(), timeout=300)
            for i in range(calls):
                ticket_id = ticket_ids[(n + i) % len(ticket_ids)]
                result = await client.call_tool("get_ticket", {"organization": ORG, "ticketId": ticket_id})
                failures += bool(result.is_error)
            done.append(time.perf_counter())

    async def clock() -> float:
        await asyncio.wait_for(go.wait(), timeout=300)
        return time.perf_counter()

    timing = asyncio.ensure_future(clock())
    await asyncio.gather(*(one(n) for n in range(CLIENTS)))
    return CLIENTS * calls / (max(done) - await timing), failures


async def _sandbox_rate(base_url: str, ticket_ids: list[str], calls: int) -> tuple[float, int]:
    failures = 0
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base_url, timeout=120.0, limits=limits) as http:
        token = (
            await http.post(
                "/oauth/v2/token",
                data={
                    "grant_type": "refresh_token",
                    "client_id": "sandbox-client",
                    "client_secret": "sandbox-secret",
                    "refresh_token": "sandbox-refresh-token",
                },
            )
        ).json()["access_token"]
        auth = {"Authorization": f"Zoho-oauthtoken {token}"}
        org_id = (await http.get("/api/v1/organizations", headers=auth)).json()["data"][0]["id"]
        headers = {**auth, "orgId": str(org_id)}

        async def one(n: int) -> None:
            nonlocal failures
            for i in range(calls):
                ticket_id = ticket_ids[(n + i) % len(ticket_ids)]
                response = await http.get(f"/api/v1/tickets/{ticket_id}", params={"include": INCLUDE}, headers=headers)
                failures += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(CLIENTS)))
        return CLIENTS * calls / (time.perf_counter() - started), failures


async def _ticket_ids(base_url: str) -> list[str]:
    async with httpx.AsyncClient(base_url=base_url, timeout=60.0) as http:
        data = {
            "grant_type": "refresh_token",
            "client_id": "sandbox-client",
            "client_secret": "sandbox-secret",
            "refresh_token": "sandbox-refresh-token",
        }
        token = (await http.post("/oauth/v2/token", data=data)).json()["access_token"]
        auth = {"Authorization": f"Zoho-oauthtoken {token}"}
        org_id = (await http.get("/api/v1/organizations", headers=auth)).json()["data"][0]["id"]
        page = await http.get("/api/v1/tickets", params={"limit": 50}, headers={**auth, "orgId": str(org_id)})
        return [str(t["id"]) for t in page.json()["data"]]


def run(quick: bool) -> list[Row]:
    calls = 4 if quick else 20
    with config_home() as config, sandbox_process() as sandbox:
        sandbox.faults(concurrencyLimit=1000)
        ticket_ids = asyncio.run(_ticket_ids(sandbox.base_url))
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zoho_desk_mcp",
                "serve",
                "--transport",
                "http",
                "--port",
                str(port),
                "--sandbox-url",
                sandbox.base_url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=server_env(config),
        )
        try:
            wait_until_serving(f"http://127.0.0.1:{port}/health", server)
            alone, alone_failed = asyncio.run(_sandbox_rate(sandbox.base_url, ticket_ids, calls))
            ours, failed = asyncio.run(_mcp_rate(f"http://127.0.0.1:{port}/mcp", ticket_ids, calls))
        finally:
            stop(server)
    return [
        Row(
            "throughput",
            f"get_ticket over streamable HTTP, {CLIENTS} concurrent MCP clients",
            f"{ours:.0f} calls/s ({failed} failed)",
            "-",
            None if failed == 0 else False,
        ),
        Row(
            "throughput",
            f"the sandbox alone: the same request from {CLIENTS} concurrent bare httpx clients",
            f"{alone:.0f} req/s ({alone_failed} failed) → MCP at {ours / alone:.0%} of it",
            "-",
            None if alone_failed == 0 else False,
        ),
    ]
