"""Latency and server CPU per call: a tool call through MCP and our server vs the same Zoho request, bare.

In memory: the SDK's in-memory client → our server → the in-process sandbox, beside the SDK's own floor (a bare
MCPServer tool that does nothing) and a bare httpx request to the same in-process sandbox. Over real stdio: our
server as a process (`serve --sandbox-url`), driven with raw JSON-RPC lines, beside a bare httpx client sending the
very requests our server sends (recorded in process first) to the same loopback sandbox; the server's CPU per call
is read from /proc and set against the bare client's CPU per request. Calls alternate, so both see the same noise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import httpx
from mcp import Client
from mcp.server import MCPServer
from pydantic import BaseModel

from zoho_desk_mcp.auth.datacenters import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN
from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.server import build_server

from .common import (
    ORG,
    Row,
    SandboxTransport,
    access_token,
    bare_client,
    call_ok,
    config_home,
    in_process,
    mcp_client,
    percentile,
    sandbox_process,
    sandbox_settings,
    server_env,
)
from .startup import BARE_SERVER
from .stdio import StdioServer, ours

STDIO_RATIO = 2.0  # stdio p50 ≤ 2x bare httpx to the same loopback sandbox
ADDED_CPU = {"get_ticket": 3.0, "list_tickets": 6.0}  # ms of server CPU beyond the bare request
LIST_ARGS = {"organization": ORG, "limit": 25}


async def run(quick: bool) -> list[Row]:
    rounds = 60 if quick else 300
    floor = await _sdk_floor(rounds)
    sandbox, built = in_process()
    ticket_ids = [t["id"] for t in list(sandbox.store.first_org().tickets.values())[:20]]
    ours_ms, bare_ms = await _in_memory(sandbox, built, ticket_ids, rounds)
    rows = [
        Row("latency", "the SDK's floor: in-memory client → bare MCPServer tool that does nothing, p50", _ms(floor),
            "-", None),
        _ratio_row("get_ticket p50 in memory: MCP → server → in-process sandbox vs bare httpx", ours_ms, bare_ms,
                   None, f"of the added time the SDK's floor is {_ms(floor)}"),
    ]  # fmt: skip
    requests = await _recorded(ticket_ids[0])
    rows += _over_stdio(ticket_ids, requests, rounds)
    return rows


async def _in_memory(sandbox: Any, built: Any, ticket_ids: list[str], rounds: int) -> tuple[float, float]:
    ours: list[float] = []
    bare: list[float] = []
    org = sandbox.store.first_org()
    async with bare_client(sandbox) as http, mcp_client(built) as client:
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(http)}", "orgId": org.id}

        async def tool(ticket_id: str) -> None:
            call_ok(await client.call_tool("get_ticket", {"organization": ORG, "ticket": ticket_id}), "get_ticket")

        async def request(ticket_id: str) -> None:
            params = {"include": "contacts,assignee,departments,team"}
            (await http.get(f"/api/v1/tickets/{ticket_id}", params=params, headers=headers)).raise_for_status()

        for i in range(rounds + len(ticket_ids)):  # the first pass warms both paths (imports, caches)
            ticket_id = ticket_ids[i % len(ticket_ids)]
            started = time.perf_counter()
            await tool(ticket_id)
            middle = time.perf_counter()
            await request(ticket_id)
            if i >= len(ticket_ids):
                ours.append(middle - started)
                bare.append(time.perf_counter() - middle)
    return percentile(ours, 0.5), percentile(bare, 0.5)


class Recording(httpx.AsyncBaseTransport):
    """Passes requests on and keeps the Desk API ones (method, path and query): what a bare client must send."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.seen: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if "/api/v1/" in request.url.path:
            self.seen.append(request.url.raw_path.decode())
        return await self.inner.handle_async_request(request)


async def _recorded(ticket_id: str) -> dict[str, list[str]]:
    """The Desk requests a warm get_ticket and a warm 25-row list_tickets send, recorded in process."""
    sandbox = Sandbox()
    recording = Recording(SandboxTransport(sandbox.app))
    built = build_server(sandbox_settings(), sandbox=sandbox, transport=recording)
    found: dict[str, list[str]] = {}
    async with mcp_client(built) as client:
        calls = (("get_ticket", {"organization": ORG, "ticket": ticket_id}), ("list_tickets", LIST_ARGS))
        for name, arguments in calls:
            call_ok(await client.call_tool(name, arguments), name)  # warm: the organizations list is cached
            recording.seen.clear()
            call_ok(await client.call_tool(name, arguments), name)
            found[name] = list(recording.seen)
    return found


def _over_stdio(ticket_ids: list[str], requests: dict[str, list[str]], rounds: int) -> list[Row]:
    with config_home() as config, sandbox_process() as sandbox:
        sandbox.faults(concurrencyLimit=1000)
        env = server_env(config)
        rows: list[Row] = []
        with StdioServer(ours("--sandbox-url", sandbox.base_url), env) as server, StdioServer(
            [sys.executable, str(BARE_SERVER)], env
        ) as floor, httpx.Client(base_url=sandbox.base_url, timeout=60.0) as http:
            token = http.post("/oauth/v2/token", data=_grant()).raise_for_status().json()["access_token"]
            org_id = http.get("/api/v1/organizations", headers={"Authorization": f"Zoho-oauthtoken {token}"})
            headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": str(org_id.json()["data"][0]["id"])}
            get = ("get_ticket", lambda i: {"organization": ORG, "ticket": ticket_ids[i % len(ticket_ids)]})
            listing = ("list_tickets", lambda i: LIST_ARGS)
            for (name, arguments), n in ((get, rounds), (listing, max(20, rounds // 3))):
                paths = requests[name]
                if name == "get_ticket":  # the same ticket as the call, in the recorded request's shape
                    paths = [p.replace(ticket_ids[0], "{id}") for p in paths]
                rows += _measure(server, http, headers, name, arguments, paths, ticket_ids, n, floor)
    return rows


def _measure(
    server: StdioServer,
    http: httpx.Client,
    headers: dict[str, str],
    name: str,
    arguments: Callable[[int], dict[str, Any]],
    paths: list[str],
    ticket_ids: list[str],
    rounds: int,
    floor: StdioServer,
) -> list[Row]:
    """Each round: our call, the bare requests, and a bare MCPServer's echo call over stdio (the SDK's own floor,
    through the same driver). The server's CPU is read once around the whole loop (/proc counts in 10 ms ticks; it
    is idle while the others work); the bare client's CPU is this process's own, around its requests only."""
    ours: list[float] = []
    bare: list[float] = []
    sdk: list[float] = []
    bare_cpu = 0.0
    for i in range(-10, rounds):  # ten warm-up rounds
        if i == 0:
            cpu_before, floor_before = server.cpu(), floor.cpu()
        ticket_id = ticket_ids[i % len(ticket_ids)]
        started = time.perf_counter()
        server.call(name, arguments(i))
        middle = time.perf_counter()
        own_before = time.process_time()
        for path in paths:
            http.get(path.replace("{id}", ticket_id), headers=headers).raise_for_status().json()
        own_after, ended = time.process_time(), time.perf_counter()
        floor.call("echo", {"text": ticket_id})
        if i >= 0:
            ours.append(middle - started)
            bare.append(ended - middle)
            sdk.append(time.perf_counter() - ended)
            bare_cpu += own_after - own_before
    server_cpu, floor_cpu = server.cpu() - cpu_before, (floor.cpu() - floor_before) / rounds * 1000
    sdk_p50 = percentile(sdk, 0.5)
    per_call, per_request = server_cpu / rounds * 1000, bare_cpu / rounds * 1000
    added = per_call - per_request
    what = "get_ticket" if name == "get_ticket" else "25-row list_tickets"
    calls = f"{len(paths)} Desk request{'s' if len(paths) > 1 else ''}"
    bare_p50 = percentile(bare, 0.5)
    reason = (
        f"the SDK's stdio floor alone is {_ms(sdk_p50)} = {sdk_p50 / bare_p50:.2f}x the bare request, before any Zoho "
        f"work; our server then spends {added:.1f} ms of CPU beyond the bare client's (row below). {PROFILE}"
    )
    return [
        Row("latency", f"the SDK's floor over stdio: a bare MCPServer's echo tool, p50 (in the {what} rounds)",
            _ms(sdk_p50), "-", None),
        _ratio_row(f"{what} p50 over stdio vs bare httpx ({calls}) to the same loopback sandbox",
                   percentile(ours, 0.5), bare_p50, STDIO_RATIO, reason),
        Row("server CPU", f"{what}, warm, over stdio: server CPU per call vs the bare client's CPU per request",
            f"{per_call:.1f} ms vs {per_request:.1f} ms: +{added:.1f} ms (the SDK's stdio floor alone: "
            f"{floor_cpu:.1f} ms a call)", f"≤ +{ADDED_CPU[name]:.0f} ms",
            added <= ADDED_CPU[name], "" if added <= ADDED_CPU[name] else PROFILE),
    ]  # fmt: skip


PROFILE = (
    "cProfile of the stdio server over 600 get_ticket calls (self time, start-up included): the async HTTP stack "
    "to Zoho and the streams between tasks (httpx, httpcore, h11, anyio, sockets) ~30%, pydantic ~13%, asyncio's "
    "loop ~8%, the SDK's own modules ~4%, ours ~5%"
)


def _grant() -> dict[str, str]:
    return {
        "grant_type": "refresh_token",
        "client_id": SANDBOX_CLIENT_ID,
        "client_secret": SANDBOX_CLIENT_SECRET,
        "refresh_token": SANDBOX_REFRESH_TOKEN,
    }


def _ratio_row(what: str, ours: float, bare: float, target: float | None, note: str) -> Row:
    ratio = ours / bare
    measured = f"{_ms(ours)} vs {_ms(bare)} = {ratio:.2f}x, +{_ms(ours - bare)}"
    met = None if target is None else ratio <= target
    return Row("latency", what, measured, "-" if target is None else f"≤ {target:.0f}x", met, "" if met else note)


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


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
