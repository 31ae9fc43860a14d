"""Fixtures for tool tests: the real MCP client (in memory) → our server → client → in-process sandbox.

Factory fixtures, not yield fixtures: an MCP `Client` opened in a fixture would close in another task
(pytest-asyncio#1191). Open it inside the test: `async with connect() as client: ...`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from zoho_desk_mcp.config import Settings, from_environment
from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData
from zoho_desk_mcp.server import BuiltServer, build_server


@pytest.fixture
def sandbox() -> Sandbox:
    """The in-process sandbox the server talks to; tests read its store to check what a tool did."""
    return Sandbox()


@pytest.fixture
def acme(sandbox: Sandbox) -> OrgData:
    """Acme Support, the first organization of the default data set."""
    return sandbox.store.first_org()


def settings_for(**overrides: Any) -> Settings:
    return from_environment({"sandbox": True, **overrides}, environ={}, dotenv_path=None)


@pytest.fixture
def server(sandbox: Sandbox) -> Callable[..., BuiltServer]:
    """`server(**settings)` builds our MCP server against the test's sandbox."""

    def build(**overrides: Any) -> BuiltServer:
        return build_server(settings_for(**overrides), sandbox=sandbox)

    return build


@pytest.fixture
def connect(server: Callable[..., BuiltServer]) -> Callable[..., Client]:
    """`connect(**settings)` returns an MCP client for a fresh server; use it with `async with`."""

    def open_client(*, client_options: dict[str, Any] | None = None, **overrides: Any) -> Client:
        return Client(server(**overrides).mcp, **(client_options or {}))

    return open_client


async def stats(sandbox: Sandbox) -> dict[str, int]:
    """The sandbox's request counts by "METHOD /path/template" (the same numbers /_sandbox/stats reports)."""
    return dict(sandbox.store.requests)
