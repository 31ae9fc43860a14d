"""Slow and numerous clients over real sockets: headers have a deadline, connections a cap, refusals one log line.

The server runs in the test's event loop (uvicorn with `uvicorn_config`, the limits shortened to half a second
and 20 connections) in front of the real HTTP app; the slow clients are raw sockets that send their headers a
line at a time, or nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio
import httpx
import pytest
import uvicorn

from zoho_desk_mcp.server import BuiltServer
from zoho_desk_mcp.server.http import http_app
from zoho_desk_mcp.server.limits import (
    HEADER_TIMEOUT_SECONDS,
    MAX_HEADER_BYTES,
    GuardedH11Protocol,
    RefusalLog,
    ServerLimits,
    uvicorn_config,
)

from ..conftest import free_port

LIMITS = ServerLimits(header_timeout=0.5, max_connections=20)
BOUND = 10.0  # every wait in this file ends by then


@asynccontextmanager
async def running(built: BuiltServer) -> AsyncIterator[str]:
    port = free_port()
    app = http_app(built, transport="http", host="127.0.0.1", port=port, auth_token=None)
    server = uvicorn.Server(uvicorn_config(app, host="127.0.0.1", port=port, limits=LIMITS, refusals=RefusalLog()))
    task = asyncio.create_task(server.serve())
    with anyio.fail_after(BOUND):
        while not server.started:
            await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with anyio.fail_after(BOUND):
            await task


async def slow_client(base_url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection that sent the start of a request and will never finish its headers."""
    port = int(base_url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    await writer.drain()
    return reader, writer


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sent before closing (b'' when it just closed)."""
    with anyio.fail_after(BOUND):
        return await reader.read()


async def health(base_url: str) -> int:
    async with httpx.AsyncClient(timeout=BOUND) as http:
        return (await http.get(f"{base_url}/health")).status_code


async def test_health_answers_while_slow_clients_hold_connections_and_they_are_closed_at_the_deadline(
    server: Callable[..., BuiltServer],
) -> None:
    async with running(server()) as base_url:
        slow = [await slow_client(base_url) for _ in range(15)]
        started = time.monotonic()
        assert await health(base_url) == 200
        leftovers = [await closed_by_server(reader) for reader, _ in slow]
        elapsed = time.monotonic() - started
        for _, writer in slow:
            writer.close()
    assert leftovers == [b""] * 15
    assert elapsed < 3.0


async def test_connections_past_the_cap_get_503_at_once_and_are_logged_as_one_line(
    server: Callable[..., BuiltServer], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with running(server()) as base_url:
        slow = [await slow_client(base_url) for _ in range(50)]
        answers = [await closed_by_server(reader) for reader, _ in slow]
        assert await health(base_url) == 200  # the slow ones are gone: the server serves again
        for _, writer in slow:
            writer.close()
    busy = [a for a in answers if a.startswith(b"HTTP/1.1 503")]
    assert len(busy) >= 30 and all(a in (b"", busy[0]) for a in answers)
    refusals = [r for r in caplog.records if "refused HTTP connections" in r.getMessage()]
    assert 1 <= len(refusals) <= 2 and not any(r.exc_info for r in caplog.records)
    assert "over the limit of 20 connections" in refusals[0].getMessage()


async def test_headers_trickled_a_line_at_a_time_do_not_extend_the_deadline(
    server: Callable[..., BuiltServer],
) -> None:
    async with running(server()) as base_url:
        reader, writer = await slow_client(base_url)
        started = time.monotonic()
        with anyio.fail_after(BOUND):
            while not reader.at_eof():
                try:
                    writer.write(b"X-Slow: 1\r\n")
                    await writer.drain()
                except ConnectionError:
                    break
                with anyio.move_on_after(0.1):
                    await reader.read(1)
        writer.close()
    assert time.monotonic() - started < 2.0


async def test_headers_over_the_size_limit_get_a_400_without_a_traceback(
    server: Callable[..., BuiltServer], caplog: pytest.LogCaptureFixture
) -> None:
    async with running(server()) as base_url:
        reader, writer = await slow_client(base_url)
        writer.write(b"X-Big: " + b"a" * (MAX_HEADER_BYTES + 1024))  # headers still unfinished past the limit
        await writer.drain()
        answer = await closed_by_server(reader)
        writer.close()
    assert answer.startswith(b"HTTP/1.1 400")
    assert not [r for r in caplog.records if r.exc_info or "Invalid HTTP request" in r.getMessage()]


def test_the_production_limits_are_the_documented_ones() -> None:
    config = uvicorn_config(object(), host="127.0.0.1", port=8000)
    config.load()
    protocol = config.http_protocol_class
    assert issubclass(protocol, GuardedH11Protocol)
    assert protocol.limits.header_timeout == HEADER_TIMEOUT_SECONDS == 10.0
    assert 32 <= protocol.limits.max_connections <= 1000
    assert config.timeout_keep_alive == 5 and config.h11_max_incomplete_event_size == 16 * 1024
