"""The HTTP transports as a real process: big files fit in a request on both, and a refused SSE request is one line.

`zoho-desk-mcp serve --sandbox` runs on a loopback port with its in-process sandbox; the SDK's own clients talk
to it over real sockets.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import anyio
import httpx
import httpx2
from mcp import Client
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client

from .test_transports import serving

FIVE_MB = 5 * 1024 * 1024
CALL_SECONDS = 120.0


def upload_arguments() -> dict[str, str]:
    data = os.urandom(FIVE_MB)
    return {"organization": "Acme Support", "fileName": "scan.bin", "fileData": base64.b64encode(data).decode()}


async def test_a_5_mb_file_uploads_over_streamable_http(tmp_path: Path) -> None:
    with serving(["--transport", "http", "--sandbox"], tmp_path) as base_url:
        async with (
            httpx2.AsyncClient(timeout=httpx2.Timeout(CALL_SECONDS)) as http,
            Client(streamable_http_client(f"{base_url}/mcp", http_client=http)) as client,
        ):
            with anyio.fail_after(CALL_SECONDS):
                result = await client.call_tool("upload_file", upload_arguments())
    assert not result.is_error, result.content
    assert result.structured_content["size"] == FIVE_MB


async def test_a_5_mb_file_uploads_over_sse(tmp_path: Path) -> None:
    with serving(["--transport", "sse", "--sandbox"], tmp_path) as base_url:
        async with Client(sse_client(f"{base_url}/sse", timeout=CALL_SECONDS, sse_read_timeout=CALL_SECONDS)) as client:
            with anyio.fail_after(CALL_SECONDS):  # over SSE a refused body used to leave the call waiting forever
                result = await client.call_tool("upload_file", upload_arguments())
    assert not result.is_error, result.content
    assert result.structured_content["size"] == FIVE_MB


def test_a_refused_sse_request_logs_one_line_and_no_traceback(tmp_path: Path) -> None:
    with serving(["--transport", "sse", "--sandbox"], tmp_path) as base_url:
        port = base_url.rsplit(":", 1)[1]
        log = tmp_path / f"serve-{port}.txt"
        before = log.read_text().splitlines()
        with httpx.Client(base_url=base_url, timeout=10.0) as http:
            rebinding = http.get("/sse", headers={"Host": "evil.example"})
            cross_site = http.get("/sse", headers={"Origin": "http://evil.example"})
    assert (rebinding.status_code, cross_site.status_code) == (421, 403)
    added = log.read_text().splitlines()[len(before) :]
    assert "Traceback" not in "\n".join(added) and "Exception in ASGI application" not in "\n".join(added)
    assert len(added) == 2, added
    assert "Invalid Host header: evil.example" in added[0] and "Invalid Origin header" in added[1]
