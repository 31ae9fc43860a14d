"""Soak: several MCP clients call the tools for minutes while the sandbox injects every fault it knows.

    python -m bench.soak --minutes 5 [--clients 4] [--seed 7]

Through the real MCP client → our server → the in-process sandbox. Faults change every few hundred milliseconds:
5xx and 429 bursts (with and without Retry-After), slow answers past the timeout, access tokens expiring,
token-endpoint errors with HTTP 200, credits exhausted, Zoho's concurrency cap, and writes whose answer is lost
(both drop modes). Lost writes are handled as the tool's error says (check, then repeat only when missing).
It prints the figures and exits non-zero on any duplicate record, unexpected crash or missing audit record.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import random
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
from mcp import Client
from mcp.types import CallToolResult, Implementation

from zoho_desk_mcp.client import RetryPolicy
from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.server import ClientTuning, build_server

ACME = "Acme Support"
PROBE = "Soak probe"
WRITE_TOOLS = ("create_ticket", "add_ticket_comment", "create_ticket_attachment")
FAULTS: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [  # name, set, then clear
    ("5xx burst", {"failNext": 3, "failStatus": 503}, None),
    ("5xx long burst", {"failNext": 6, "failStatus": 500}, None),
    ("429 + Retry-After", {"failNext": 2, "failStatus": 429, "retryAfter": 1}, {"retryAfter": None}),
    ("429 bare", {"failNext": 2, "failStatus": 429, "retryAfter": None}, None),
    ("slow answers", {"latencyMs": 900}, {"latencyMs": 0}),
    ("tokens expired", {"expireAccessTokens": True}, None),
    ("token error (HTTP 200)", {"expireAccessTokens": True, "tokenErrors": ["invalid_client"]}, None),
    ("credits exhausted", {"creditsRemaining": 0}, {"creditsRemaining": 1_000_000}),
    ("concurrency cap", {"concurrencyLimit": 1, "latencyMs": 50}, {"concurrencyLimit": 25, "latencyMs": 0}),
    ("lost answer (reset)", {"dropNextWrites": 2, "dropMode": "reset", "dropMatch": None}, None),
    ("lost answer (timeout)", {"dropNextWrites": 1, "dropMode": "timeout", "dropMatch": None}, None),
]


class Soak:
    def __init__(self, sandbox: Sandbox, seed: int) -> None:
        self.sandbox = sandbox
        self.rng = random.Random(seed)  # reproducible load, not security
        self.calls: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.writes = 0
        self.lost = 0
        self.crashes: list[str] = []
        self.serial = 0

    async def set_faults(self, body: dict[str, Any]) -> None:
        async with httpx.AsyncClient(transport=SandboxTransport(self.sandbox.app), base_url="http://sb.test") as http:
            (await http.post("/_sandbox/faults", json=body)).raise_for_status()

    async def inject(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            name, body, undo = self.rng.choice(FAULTS)
            self.faults[name] += 1
            await self.set_faults(body)
            await asyncio.sleep(self.rng.uniform(0.2, 0.6))
            await self.set_faults({**(undo or {}), "failNext": 0, "dropNextWrites": 0})
            await asyncio.sleep(self.rng.uniform(0.1, 0.4))

    def record(self, tool: str, result: CallToolResult) -> bool:
        """Count the outcome; True when the call succeeded. A bare 'Error executing tool X' is a crash."""
        self.calls[tool] += 1
        if not result.is_error:
            self.outcomes["ok"] += 1
            return True
        text = " ".join(getattr(block, "text", "") for block in result.content)
        detail = text.partition(f"Error executing tool {tool}")[2].strip(": ")
        if not detail:
            self.crashes.append(tool)
        kind = "outcome unknown" if "may or may not" in text else "tool error"
        self.outcomes[kind] += 1
        return False

    async def call(self, client: Client, tool: str, args: dict[str, Any]) -> CallToolResult:
        result = await client.call_tool(tool, {"organization": ACME, **args})
        self.record(tool, result)
        return result

    async def write(self, client: Client, tool: str, args: dict[str, Any], made: Any) -> None:
        """A write, repeated (as the error advises) only after checking that it is missing; at most 20 tries."""
        self.writes += 1
        for _ in range(20):
            result = await self.call(client, tool, args)
            if not result.is_error:
                return
            if "may or may not" in " ".join(getattr(b, "text", "") for b in result.content):
                self.lost += 1
                if await made():
                    return
            await asyncio.sleep(0.05)

    async def worker(self, client: Client, deadline: float) -> None:
        org = self.sandbox.store.first_org()
        ticket_ids = list(org.tickets)[:50]
        while time.monotonic() < deadline:
            self.serial += 1
            marker = f"{PROBE} {self.serial:06d}"
            ticket = self.rng.choice(ticket_ids)
            action = self.rng.randrange(6)
            if action == 0:
                args = {"subject": marker, "department": "Billing", "contactEmail": "carol@example.com"}
                await self.write(client, "create_ticket", args, lambda m=marker: self.ticket_listed(client, m))
            elif action == 1:
                args = {"ticket": ticket, "content": marker}
                check = lambda t=ticket, m=marker: self.in_conv(client, t, m)  # noqa: E731
                await self.write(client, "add_ticket_comment", args, check)
            elif action == 2:
                data = base64.b64encode(marker.encode()).decode()
                args = {"ticket": ticket, "fileName": f"{marker}.txt", "fileData": data}
                await self.write(
                    client, "create_ticket_attachment", args, lambda t=ticket, m=marker: self.in_conv(client, t, m)
                )
            elif action == 3:
                await self.call(client, "get_ticket", {"ticketId": ticket})
            elif action == 4:
                await self.call(client, "list_tickets", {"limit": 10, "status": "Open"})
            else:
                await self.call(client, "search_tickets", {"text": "refund", "limit": 5})

    async def ticket_listed(self, client: Client, subject: str) -> bool:
        args = {"sortBy": "createdTime", "sortOrder": "desc", "limit": 100}
        for _ in range(20):  # the check itself may meet a fault: try until it gets an answer
            result = await self.call(client, "list_tickets", args)
            if not result.is_error:
                return subject in json.dumps(result.structured_content)
            await asyncio.sleep(0.05)
        return True  # unsure: never risk a duplicate

    async def in_conv(self, client: Client, ticket: str, marker: str) -> bool:
        for _ in range(20):
            result = await self.call(client, "get_ticket_conversation", {"ticket": ticket, "maxChars": 200_000})
            if not result.is_error:
                return marker in json.dumps(result.structured_content)
            await asyncio.sleep(0.05)
        return True

    def duplicates(self) -> dict[str, int]:
        org = self.sandbox.store.first_org()
        tickets = Counter(t["subject"] for t in org.tickets.values() if t["subject"].startswith(PROBE))
        comments = Counter(c["content"] for cs in org.comments.values() for c in cs if PROBE in c["content"])
        files = Counter(a["name"] for fs in org.attachments.values() for a in fs if PROBE in a["name"])
        return {
            "tickets": sum(n - 1 for n in tickets.values()),
            "comments": sum(n - 1 for n in comments.values()),
            "attachments": sum(n - 1 for n in files.values()),
        }


async def run(minutes: float, clients: int, seed: int) -> int:
    sandbox = Sandbox()
    audit = Path(tempfile.mkdtemp()) / "audit.jsonl"
    settings = from_environment({"sandbox": True, "audit_log": audit}, environ={}, dotenv_path=None)
    tuning = ClientTuning(timeout=httpx.Timeout(0.5), retry=RetryPolicy(base_delay=0.05, max_delay=0.5))
    built = build_server(settings, sandbox=sandbox, tuning=tuning)
    soak = Soak(sandbox, seed)
    tracemalloc.start()
    started = time.monotonic()
    deadline = started + minutes * 60
    # Zoho's daily credits and its 10 token requests per 10 minutes would end a long soak early: lift them (the
    # faults above still exhaust credits and fail token requests on purpose, for a moment each)
    await soak.set_faults({"creditsRemaining": 1_000_000, "tokenRequestLimit": 0})
    async with built.services.use(), AsyncExitStack() as stack:  # one set of services, as a transport holds
        names = [Implementation(name=f"soak-{i}", version="1") for i in range(clients)]
        sessions = [await stack.enter_async_context(Client(built.mcp, client_info=name)) for name in names]
        warm = min(deadline, started + max(10.0, minutes * 6))  # the first tenth warms caches up
        await asyncio.gather(soak.inject(warm), *(soak.worker(s, warm) for s in sessions))
        memory_warm = tracemalloc.get_traced_memory()[0]
        await asyncio.gather(soak.inject(deadline), *(soak.worker(s, deadline) for s in sessions))
        await soak.set_faults({"clear": True, "creditsRemaining": 1_000_000, "concurrencyLimit": 25})
    memory_end = tracemalloc.get_traced_memory()[0]
    duplicates = soak.duplicates()
    audit_records = len(audit.read_text().splitlines()) if audit.exists() else 0
    write_calls = sum(n for tool, n in soak.calls.items() if tool in WRITE_TOOLS)
    report = {
        "minutes": round((time.monotonic() - started) / 60, 2),
        "clients": clients,
        "calls": sum(soak.calls.values()),
        "outcomes": dict(soak.outcomes),
        "faults injected": sum(soak.faults.values()),
        "faults by kind": dict(soak.faults),
        "writes (distinct)": soak.writes,
        "lost write answers survived": soak.lost,
        "duplicates": duplicates,
        "crashes": len(soak.crashes),
        "audit records / write calls": f"{audit_records} / {write_calls}",
        "traced memory after warm-up / at end (MB)": f"{memory_warm / 1e6:.1f} / {memory_end / 1e6:.1f}",
    }
    print(json.dumps(report, indent=2))
    failed = sum(duplicates.values()) or soak.crashes or audit_records != write_calls
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(run(args.minutes, args.clients, args.seed))


if __name__ == "__main__":
    sys.exit(main())
