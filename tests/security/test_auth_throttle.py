"""Guessing the bearer token: a short token is refused beyond loopback, and repeated 401s are slowed down.

The HTTP app runs in process (httpx.ASGITransport, each test client with its own address); the throttle's clock
and sleep are the test's, so the delays it asks for are checked without waiting for them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio
import httpx
import pytest

from zoho_desk_mcp.config import MIN_AUTH_TOKEN_LENGTH, ConfigError, from_environment
from zoho_desk_mcp.server import BuiltServer
from zoho_desk_mcp.server.http import http_app
from zoho_desk_mcp.server.throttle import FREE_FAILURES, MAX_DELAY_SECONDS, FailureThrottle

TOKEN = "t" * MIN_AUTH_TOKEN_LENGTH
GOOD = {"Authorization": f"Bearer {TOKEN}"}
BAD = {"Authorization": "Bearer guess"}


class Waits:
    """The throttle's sleep and clock: records each wait and moves the clock instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.asked: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        await anyio.sleep(0)


@asynccontextmanager
async def guarded(built: BuiltServer, throttle: FailureThrottle) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """The streamable HTTP app behind the bearer guard; `client_at(address)` is an HTTP client from that address."""
    app = http_app(built, transport="http", host="127.0.0.1", port=8000, auth_token=TOKEN, throttle=throttle)
    opened: list[httpx.AsyncClient] = []

    def client_at(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000"))
        return opened[-1]

    async with app.router.lifespan_context(app):
        try:
            yield client_at
        finally:
            for client in opened:
                await client.aclose()


async def refuse(http: httpx.AsyncClient, times: int) -> None:
    for _ in range(times):
        with anyio.fail_after(5):
            assert (await http.post("/mcp", json={}, headers=BAD)).status_code == 401


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::"])
def test_a_token_shorter_than_32_characters_is_refused_beyond_loopback(host: str) -> None:
    with pytest.raises(ConfigError, match=r"MCP_AUTH_TOKEN is too short.*at least 32"):
        from_environment({"transport": "http", "host": host}, environ={"MCP_AUTH_TOKEN": "x" * 31}, dotenv_path=None)
    settings = from_environment(
        {"transport": "http", "host": host}, environ={"MCP_AUTH_TOKEN": TOKEN}, dotenv_path=None
    )
    assert settings.auth_token is not None


def test_on_loopback_a_short_token_is_still_accepted() -> None:
    settings = from_environment({"transport": "http"}, environ={"MCP_AUTH_TOKEN": "short"}, dotenv_path=None)
    assert settings.auth_token is not None


async def test_repeated_401s_from_one_client_wait_longer_and_longer_up_to_a_bound(
    server: Callable[..., BuiltServer],
) -> None:
    waits = Waits()
    async with guarded(server(), FailureThrottle(clock=waits.clock, sleep=waits.sleep)) as client_at:
        await refuse(client_at("192.0.2.1"), FREE_FAILURES)
        assert waits.asked == []  # a few mistakes cost nothing
        await refuse(client_at("192.0.2.1"), 8)
    assert waits.asked == [0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0, 2.0]
    assert max(waits.asked) == MAX_DELAY_SECONDS


async def test_the_right_token_and_other_clients_are_never_slowed(server: Callable[..., BuiltServer]) -> None:
    waits = Waits()
    async with guarded(server(), FailureThrottle(clock=waits.clock, sleep=waits.sleep)) as client_at:
        guesser = client_at("192.0.2.1")
        await refuse(guesser, FREE_FAILURES + 3)
        asked = len(waits.asked)
        health = await guesser.get("/health")
        good = await guesser.post("/mcp", json={}, headers={**GOOD, "Accept": "application/json, text/event-stream"})
        await refuse(client_at("192.0.2.2"), FREE_FAILURES)
    assert health.status_code == 200 and good.status_code != 401
    assert len(waits.asked) == asked


async def test_after_ten_quiet_minutes_a_client_starts_afresh(server: Callable[..., BuiltServer]) -> None:
    waits = Waits()
    async with guarded(server(), FailureThrottle(clock=waits.clock, sleep=waits.sleep)) as client_at:
        await refuse(client_at("192.0.2.1"), FREE_FAILURES + 2)
        waits.now += 601
        waits.asked.clear()
        await refuse(client_at("192.0.2.1"), FREE_FAILURES)
    assert waits.asked == []


async def test_the_throttle_remembers_a_bounded_number_of_addresses_and_waiting_refusals() -> None:
    waits = Waits()
    throttle = FailureThrottle(clock=waits.clock, sleep=waits.sleep, max_addresses=100, max_waiting=0)
    for n in range(1000):
        throttle.record_failure(f"198.51.100.{n % 250}-{n}")
    assert len(throttle) == 100
    for _ in range(FREE_FAILURES + 3):
        await throttle.refused("192.0.2.9")
    assert waits.asked == []  # with no room to wait, a refusal goes out at once


async def test_a_real_refusal_past_the_free_ones_is_answered_after_its_delay(
    server: Callable[..., BuiltServer],
) -> None:
    async with guarded(server(), FailureThrottle()) as client_at:
        guesser = client_at("192.0.2.1")
        await refuse(guesser, FREE_FAILURES + 1)  # the last one waited 0.1 s
        started = anyio.current_time()
        await refuse(guesser, 1)
        assert anyio.current_time() - started >= 0.2
