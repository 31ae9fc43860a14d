"""The server over every transport, with the SDK's own client: stdio, streamable HTTP and SSE on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client

from ..conftest import RunningSandbox, free_port, wait_until_serving

TOKEN = "test-bearer-token-0123456789"


@contextmanager
def serving(args: list[str], tmp_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`zoho-desk-mcp serve ARGS` on a free loopback port; yields its base URL."""
    port = free_port()
    log = tmp_path / f"serve-{port}.txt"
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "XDG_CONFIG_HOME": str(tmp_path / "cfg"), **(env or {})}
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "zoho_desk_mcp", "serve", "--port", str(port), *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=full_env,
            cwd=tmp_path,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base_url}/health", process, log)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


def requests_seen(sandbox: RunningSandbox) -> dict[str, int]:
    return dict(httpx.get(f"{sandbox.base_url}/_sandbox/stats", timeout=5.0).json()["requests"])


async def test_over_stdio_only_json_rpc_reaches_stdout(tmp_path: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "zoho_desk_mcp", "serve", "--sandbox"],
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"},
        cwd=str(tmp_path),
    )
    async with Client(params) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        result = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 3})
    assert {"create_ticket", "get_ticket", "list_tickets", "upload_file", "create_ticket_attachment"} <= names
    assert not result.is_error
    assert len(result.structured_content["tickets"]) == 3


async def test_over_streamable_http_against_a_watched_sandbox(sandbox_server: RunningSandbox, tmp_path: Path) -> None:
    sandbox_server.reset()
    with serving(["--transport", "http", "--sandbox-url", sandbox_server.base_url], tmp_path) as base_url:
        async with (
            httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=60)) as http,
            Client(streamable_http_client(f"{base_url}/mcp", http_client=http)) as client,
        ):
            result = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 2})
    assert not result.is_error
    assert requests_seen(sandbox_server).get("GET /api/v1/tickets") == 1


async def test_over_sse(sandbox_server: RunningSandbox, tmp_path: Path) -> None:
    with serving(["--transport", "sse", "--sandbox-url", sandbox_server.base_url], tmp_path) as base_url:
        async with Client(sse_client(f"{base_url}/sse")) as client:
            first = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 1})
        async with Client(sse_client(f"{base_url}/sse")) as client:
            second = await client.call_tool("list_tickets", {"organization": "Acme Support", "limit": 1})
    assert not first.is_error and not second.is_error


async def test_with_an_auth_token_every_http_request_needs_the_bearer(
    sandbox_server: RunningSandbox, tmp_path: Path
) -> None:
    env = {"MCP_AUTH_TOKEN": TOKEN}
    with serving(["--transport", "http", "--sandbox-url", sandbox_server.base_url], tmp_path, env) as base_url:
        bare = httpx.post(f"{base_url}/mcp", json={}, timeout=5.0)
        wrong = httpx.post(f"{base_url}/mcp", json={}, headers={"Authorization": "Bearer nope"}, timeout=5.0)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=60)) as http,
            Client(streamable_http_client(f"{base_url}/mcp", http_client=http)) as client,
        ):
            tools = (await client.list_tools()).tools
    assert bare.status_code == 401 and wrong.status_code == 401
    assert tools


async def test_a_rebinding_host_header_is_refused(sandbox_server: RunningSandbox, tmp_path: Path) -> None:
    with serving(["--transport", "http", "--sandbox-url", sandbox_server.base_url], tmp_path) as base_url:
        response = httpx.post(f"{base_url}/mcp", json={}, headers={"Host": "evil.example:80"}, timeout=5.0)
        cross_origin = httpx.post(f"{base_url}/mcp", json={}, headers={"Origin": "http://evil.example"}, timeout=5.0)
    assert response.status_code == 421
    assert cross_origin.status_code == 403


def test_binding_beyond_loopback_without_a_token_refuses_to_start(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zoho_desk_mcp", "serve", "--transport", "http", "--host", "0.0.0.0", "--sandbox"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "MCP_AUTH_TOKEN": ""},
    )
    assert result.returncode == 2
    assert "MCP_AUTH_TOKEN" in result.stderr


@pytest.mark.parametrize("value", ["eu2", "mars"])
def test_an_unknown_data_centre_is_a_clear_configuration_error(tmp_path: Path, value: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zoho_desk_mcp", "serve", "--sandbox"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "ZOHO_DATA_CENTER": value},
    )
    assert result.returncode == 2
    assert "ZOHO_DATA_CENTER" in result.stderr and "us, eu" in result.stderr
