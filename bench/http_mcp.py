"""A server process on streamable HTTP, and a thin MCP session over raw httpx (no SDK client in the load path).

The SDK's client costs several milliseconds of CPU per call (validation, task groups, SSE parsing); with 50 of
them in one process the load generator, not the server, was the bottleneck. Here a session is an `mcp-session-id`
header and one POST per call; answers are read whole (JSON, or the last `data:` line of an SSE stream).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from .common import free_port, stop, wait_until_serving
from .stdio import INITIALIZED, PROTOCOL, initialize

ACCEPT = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@contextmanager
def http_server(sandbox_url: str, env: dict[str, str], *flags: str) -> Iterator[tuple[str, int]]:
    """`serve --transport http` against the sandbox on a free loopback port: (its /mcp URL, its process ID)."""
    port = free_port()
    command = [sys.executable, "-m", "zoho_desk_mcp", "serve", "--transport", "http", "--port", str(port),
               "--sandbox-url", sandbox_url, *flags]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/health", process)
        yield f"http://127.0.0.1:{port}/mcp", process.pid
    finally:
        stop(process)


def message_of(response: httpx.Response) -> dict[str, Any]:
    """The JSON-RPC message a POST was answered with, as plain JSON or as the last event of an SSE stream."""
    response.raise_for_status()
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        data = [line[5:] for line in response.text.splitlines() if line.startswith("data:")]
        return dict(json.loads(data[-1]))
    return dict(response.json())


class HttpSession:
    """One MCP session (handshake era) on a shared httpx client."""

    def __init__(self, http: httpx.AsyncClient, url: str) -> None:
        self.http = http
        self.url = url
        self.headers = dict(ACCEPT)
        self.next_id = 1

    async def open(self) -> HttpSession:
        hello = await self.http.post(self.url, json=initialize(), headers=self.headers)
        message_of(hello)
        session = hello.headers.get("mcp-session-id")
        self.headers.update({"MCP-Protocol-Version": PROTOCOL, **({"mcp-session-id": session} if session else {})})
        (await self.http.post(self.url, json=INITIALIZED, headers=self.headers)).raise_for_status()
        return self

    async def call(self, name: str, arguments: dict[str, Any] | None = None, body: bytes | None = None) -> bool:
        """One tools/call (or a pre-encoded `body`); True when it succeeded."""
        self.next_id += 1
        if body is None:
            request = {"jsonrpc": "2.0", "id": self.next_id, "method": "tools/call",
                       "params": {"name": name, "arguments": arguments}}  # fmt: skip
            body = json.dumps(request).encode()
        message = message_of(await self.http.post(self.url, content=body, headers=self.headers))
        return "result" in message and not message["result"].get("isError")
