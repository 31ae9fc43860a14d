"""`--json-response`: streamable HTTP answers a call with one JSON body, not an SSE stream (on with --stateless)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..conftest import RunningSandbox
from .test_transports import serving

ACCEPT = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
HELLO = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
}
CALL = {
    "jsonrpc": "2.0",
    "id": 2,
    "method": "tools/call",
    "params": {"name": "list_tickets", "arguments": {"organization": "Acme Support", "limit": 2}},
}


def call_over_http(url: str) -> tuple[str, Any]:
    """initialize, initialized, one tools/call: the call's content type and the tickets it returned."""
    with httpx.Client(timeout=60.0) as http:
        hello = http.post(url, json=HELLO, headers=ACCEPT)
        hello.raise_for_status()
        session = {k: v for k, v in hello.headers.items() if k.lower() == "mcp-session-id"}
        headers = {**ACCEPT, **session, "MCP-Protocol-Version": "2025-11-25"}
        http.post(url, json={"jsonrpc": "2.0", "method": "notifications/initialized"}, headers=headers)
        answer = http.post(url, json=CALL, headers=headers)
        answer.raise_for_status()
    kind = answer.headers["content-type"].split(";")[0]
    body = answer.text if kind == "application/json" else answer.text.split("data:")[-1]
    message = json.loads(body)
    assert "result" in message, body[:500]
    return kind, message["result"]["structuredContent"]["tickets"]


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([], "text/event-stream"),
        (["--json-response"], "application/json"),
        (["--stateless"], "application/json"),
    ],
)
def test_calls_are_answered_as_plain_json_with_the_flag_or_when_stateless(
    sandbox_server: RunningSandbox, tmp_path: Path, flags: list[str], expected: str
) -> None:
    args = ["--transport", "http", "--sandbox-url", sandbox_server.base_url, *flags]
    with serving(args, tmp_path) as base_url:
        kind, tickets = call_over_http(f"{base_url}/mcp")
    assert kind == expected and len(tickets) == 2
