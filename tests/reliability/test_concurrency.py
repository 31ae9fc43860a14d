"""Many MCP clients at once over streamable HTTP (a real `serve` process on loopback, a real sandbox process).

Every call asks for something only it asks for and checks it got its own answer; the audit log shows each write
under the name of the client that made it; the server's memory is flat across a second identical round.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import Implementation

from ..conftest import RunningSandbox, free_port, wait_until_serving
from .conftest import ACME, ok

CLIENTS = 10
CALLS = 20  # per client: half reads of distinct tickets, half creations with distinct subjects
RSS_GROWTH_LIMIT = 0.10  # of the resident memory after the first round


@contextmanager
def serve_http(sandbox: RunningSandbox, tmp_path: Path, audit: Path) -> Iterator[tuple[str, int]]:
    """`zoho-desk-mcp serve --transport http --sandbox-url ...`; yields its base URL and process ID."""
    port = free_port()
    log = tmp_path / "serve.txt"
    args = ["--transport", "http", "--port", str(port), "--sandbox-url", sandbox.base_url, "--audit-log", str(audit)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "zoho_desk_mcp", "serve", *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
            cwd=tmp_path,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base_url}/health", process, log)
        yield base_url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def one_client(url: str, index: int, round_no: int) -> dict[str, str]:
    """CALLS calls at once, each with its own expected answer; returns {ticket id: client name} of those it made."""
    name = f"client-{index}"

    async def read(client: Client, call: int) -> None:
        number = str(101 + (index * CALLS // 2 + call) % 200)
        got = ok(await client.call_tool("get_ticket", {"organization": ACME, "ticketId": f"#{number}"}))
        assert got["ticketNumber"] == number, (number, got.get("ticketNumber"))

    async def create(client: Client, call: int) -> str:
        subject = f"Concurrent r{round_no} c{index} n{call}"
        args = {"organization": ACME, "subject": subject, "department": "Billing", "contactEmail": "carol@example.com"}
        created = ok(await client.call_tool("create_ticket", args))
        assert subject in created["subject"], (subject, created["subject"])
        return str(created["id"])

    async with (
        httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=60)) as http,
        Client(
            streamable_http_client(f"{url}/mcp", http_client=http),
            client_info=Implementation(name=name, version="1.0"),
        ) as client,
    ):
        half = range(CALLS // 2)
        made = await asyncio.gather(*(create(client, c) for c in half), *(read(client, c) for c in half))
    return dict.fromkeys([m for m in made if m], name)


async def round_of_clients(url: str, round_no: int) -> dict[str, str]:
    results = await asyncio.gather(*(one_client(url, i, round_no) for i in range(CLIENTS)))
    return {ticket: name for made in results for ticket, name in made.items()}


async def test_many_clients_at_once_get_their_own_answers_and_memory_stays_flat(
    sandbox_server: RunningSandbox, tmp_path: Path
) -> None:
    sandbox_server.reset()
    audit = tmp_path / "audit.jsonl"
    try:
        with serve_http(sandbox_server, tmp_path, audit) as (url, pid):
            first = await round_of_clients(url, 1)
            after_first = rss_kib(pid)
            second = await round_of_clients(url, 2)
            after_second = rss_kib(pid)
    finally:
        sandbox_server.reset()
    made = {**first, **second}
    assert len(made) == 2 * CLIENTS * CALLS // 2
    records: list[dict[str, Any]] = [json.loads(line) for line in audit.read_text().splitlines()]
    by_ticket = {r["targets"][0]: r["client"] for r in records if r["tool"] == "create_ticket"}
    assert by_ticket == made  # each write is recorded under the session that made it
    assert after_second - after_first <= after_first * RSS_GROWTH_LIMIT, (after_first, after_second)
