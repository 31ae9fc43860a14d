"""Fixtures for the hostile-input suite: the tool-test fixtures, a store fingerprint, and a client run in a thread.

`blocking_client` runs the in-memory MCP client on an event loop in a worker thread (an anyio blocking portal),
so a synchronous hypothesis test can call tools example after example through one server and one session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import Client
from mcp.types import CallToolResult, ReadResourceResult

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.server import BuiltServer
from zoho_desk_mcp.tools import TOOLSETS

from ..tools.conftest import acme, connect, sandbox, server, settings_for

__all__ = ["BlockingClient", "acme", "blocking_client", "connect", "fingerprint", "sandbox", "server", "settings_for"]

ALL_TOOLSETS = ",".join(TOOLSETS)
CALL_SECONDS = 60.0


def fingerprint(sandbox: Sandbox) -> dict[str, int]:
    """Counts of everything a write can add or change: compared before and after every refused call."""
    counts: dict[str, int] = {}
    for org in sandbox.store.orgs.values():
        for name, value in (
            ("tickets", len(org.tickets)),
            ("trashed", sum(1 for t in org.tickets.values() if t.get("isTrashed"))),
            ("contacts", len(org.contacts)),
            ("uploads", len(org.uploads)),
            ("comments", sum(len(c) for c in org.comments.values())),
            ("attachments", sum(len(a) for a in org.attachments.values())),
            ("threads", sum(len(t) for t in org.threads.values())),
            ("agents", len(org.agents)),
            ("activeAgents", sum(1 for a in org.agents.values() if a.get("status") == "ACTIVE")),
        ):
            counts[f"{org.id}:{name}"] = value
    return counts


class BlockingClient:
    """An MCP client usable from synchronous code; every call is bounded in time."""

    def __init__(self, portal: BlockingPortal, client: Client) -> None:
        self.portal = portal
        self.client = client

    def call(self, name: str, arguments: dict[str, Any]) -> CallToolResult:
        async def bounded() -> CallToolResult:
            with anyio.fail_after(CALL_SECONDS):
                return await self.client.call_tool(name, arguments)

        return self.portal.call(bounded)

    def read(self, uri: str) -> ReadResourceResult:
        async def bounded() -> ReadResourceResult:
            with anyio.fail_after(CALL_SECONDS):
                return await self.client.read_resource(uri)

        return self.portal.call(bounded)

    def input_schemas(self) -> dict[str, dict[str, Any]]:
        tools = self.portal.call(self.client.list_tools).tools
        return {tool.name: tool.input_schema for tool in tools}


@contextmanager
def _running(built: BuiltServer) -> Iterator[BlockingClient]:
    with (
        start_blocking_portal(backend="asyncio") as portal,
        portal.wrap_async_context_manager(Client(built.mcp)) as client,
    ):
        yield BlockingClient(portal, client)


@contextmanager
def blocking_client(server: Callable[..., BuiltServer], **overrides: Any) -> Iterator[BlockingClient]:
    """A client for a fresh server with every toolset on, running in a worker thread until the block ends."""
    with _running(server(toolsets=ALL_TOOLSETS, **overrides)) as client:
        yield client
