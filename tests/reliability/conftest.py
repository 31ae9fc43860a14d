"""Fixtures for the reliability suite: the real MCP client → our server (short timeouts, instant retries) → sandbox.

Faults are set through the sandbox's own control endpoint (`POST /_sandbox/faults`), as a benchmark would.
Retries sleep for no time, but every delay the policy asked for is kept, so a test can check that a
`Retry-After` was honoured without waiting for it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.types import CallToolResult, Implementation

from zoho_desk_mcp.client import RetryPolicy
from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.server import BuiltServer, ClientTuning, build_server

ACME = "Acme Support"
REQUEST_TIMEOUT = 0.3  # seconds: long enough for an in-process call, short enough to wait out a dropped answer


@dataclass
class Delays:
    """The waits the retry policy asked for, slept `scale` times as long (0 by default: not at all)."""

    asked: list[float] = field(default_factory=list)
    scale: float = 0.0

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(seconds * self.scale)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def delays() -> Delays:
    return Delays()


def fast_tuning(delays: Delays, timeout: float = REQUEST_TIMEOUT) -> ClientTuning:
    # no refresh back-off: these tests check what each call says, not how often Zoho is asked (tests/auth does)
    return ClientTuning(timeout=httpx.Timeout(timeout), retry=RetryPolicy(sleep=delays.sleep), refresh_backoff=0.0)


@pytest.fixture
def server(sandbox: Sandbox, delays: Delays, tmp_path: Path) -> Callable[..., BuiltServer]:
    """`server(transport=..., **settings)`: our server on the test's sandbox, auditing to tmp_path/audit.jsonl."""

    def build(*, transport: httpx.AsyncBaseTransport | None = None, **overrides: Any) -> BuiltServer:
        settings = from_environment(
            {"sandbox": True, "audit_log": tmp_path / "audit.jsonl", **overrides}, environ={}, dotenv_path=None
        )
        return build_server(settings, sandbox=sandbox, transport=transport, tuning=fast_tuning(delays))

    return build


@pytest.fixture
def connect(server: Callable[..., BuiltServer]) -> Callable[..., Client]:
    """`connect(name=..., transport=..., **settings)`: an MCP client (open it with `async with` in the test)."""

    def open_client(
        *, name: str = "reliability-tests", client_options: dict[str, Any] | None = None, **overrides: Any
    ) -> Client:
        info = Implementation(name=name, version="1.0")
        return Client(server(**overrides).mcp, client_info=info, **(client_options or {}))

    return open_client


@pytest.fixture
def audit_lines(tmp_path: Path) -> Callable[[], list[dict[str, Any]]]:
    """The audit records written so far, parsed."""

    def read() -> list[dict[str, Any]]:
        path = tmp_path / "audit.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    return read


async def set_faults(sandbox: Sandbox, **body: Any) -> dict[str, Any]:
    """POST /_sandbox/faults, as a benchmark would; the answer is the faults now in force."""
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url="http://sandbox.test") as http:
        response = await http.post("/_sandbox/faults", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def text_of(result: CallToolResult) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)


def ok(result: CallToolResult) -> dict[str, Any]:
    """The structured result of a call that must have succeeded."""
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None
    return dict(result.structured_content)
