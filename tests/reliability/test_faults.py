"""Faults through the MCP client: each call ends in success or a clear tool error, and the next call is served."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

from .conftest import ACME, Delays, ok, set_faults, text_of

LIST = {"organization": ACME, "limit": 2}


def new_ticket(subject: str) -> dict[str, Any]:
    return {"organization": ACME, "subject": subject, "department": "Billing", "contactEmail": "carol@example.com"}


def tickets_titled(sandbox: Sandbox, subject: str) -> int:
    org = sandbox.store.first_org()
    return sum(1 for t in org.tickets.values() if t.get("subject") == subject)


async def test_a_burst_of_5xx_on_reads_is_retried_to_success(connect: Callable[..., Client], sandbox: Sandbox) -> None:
    async with connect() as client:
        ok(await client.call_tool("list_tickets", LIST))
        before = sandbox.store.requests["GET /api/v1/tickets"]
        for status in (500, 502, 503, 504):
            await set_faults(sandbox, failNext=3, failStatus=status)
            ok(await client.call_tool("list_tickets", LIST))
    assert sandbox.store.requests["GET /api/v1/tickets"] - before == 4 * 4  # three failures and a success each


async def test_a_5xx_burst_longer_than_the_retries_is_a_clear_error_and_the_next_call_works(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    async with connect() as client:
        await set_faults(sandbox, failNext=4, failStatus=503)
        failed = await client.call_tool("list_tickets", LIST)
        following = await client.call_tool("list_tickets", LIST)
    assert failed.is_error and "internal error" in text_of(failed) and "Try again later" in text_of(failed)
    ok(following)


@pytest.mark.parametrize("retry_after", [None, 0, 3])
async def test_429_on_reads_waits_as_told_then_succeeds(
    connect: Callable[..., Client], sandbox: Sandbox, delays: Delays, retry_after: int | None
) -> None:
    async with connect() as client:
        await set_faults(sandbox, failNext=2, failStatus=429, retryAfter=retry_after)
        ok(await client.call_tool("list_tickets", LIST))
    assert len(delays.asked) == 2
    if retry_after is not None:
        assert delays.asked == [retry_after, retry_after]


async def test_a_retry_after_beyond_the_cap_is_reported_not_waited(
    connect: Callable[..., Client], sandbox: Sandbox, delays: Delays
) -> None:
    async with connect() as client:
        await set_faults(sandbox, failNext=1, failStatus=429, retryAfter=3600)
        failed = await client.call_tool("list_tickets", LIST)
        following = await client.call_tool("list_tickets", LIST)
    assert failed.is_error and "Retry after 3600 seconds" in text_of(failed)
    assert delays.asked == []
    ok(following)


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_a_refused_write_is_a_clear_error_that_made_nothing_and_the_next_write_works(
    connect: Callable[..., Client], sandbox: Sandbox, status: int
) -> None:
    async with connect() as client:
        await set_faults(sandbox, failNext=1, failStatus=status, failMatch="POST /api/v1/tickets")
        failed = await client.call_tool("create_ticket", new_ticket("burst write"))
        made_after_failure = tickets_titled(sandbox, "burst write")
        ok(await client.call_tool("create_ticket", new_ticket("burst write")))
    assert failed.is_error
    assert ("may or may not" in text_of(failed)) if status >= 500 else ("API limit" in text_of(failed))
    assert made_after_failure == 0 and tickets_titled(sandbox, "burst write") == 1


async def test_answers_slower_than_the_timeout_end_in_a_clear_error_and_the_next_call_works(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    async with connect() as client:
        ok(await client.call_tool("create_ticket", new_ticket("warm the caches")))
        await set_faults(sandbox, latencyMs=2_000)
        read = await client.call_tool("list_tickets", LIST)
        write = await client.call_tool("create_ticket", new_ticket("slow write"))
        await set_faults(sandbox, latencyMs=0)
        ok(await client.call_tool("list_tickets", LIST))
    assert read.is_error and "did not answer in time" in text_of(read)
    assert write.is_error and "may or may not have been made" in text_of(write)


class Flaky(httpx.AsyncBaseTransport):
    """The sandbox behind a network that fails the next `count` Desk calls of `method` with `error` (the sandbox
    cannot cut a read's connection or refuse one)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = SandboxTransport(sandbox.app)
        self.count = 0
        self.method = "GET"
        self.error: type[httpx.TransportError] = httpx.ReadError

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.count > 0 and request.method == self.method and request.url.path.startswith("/api/v1/"):
            self.count -= 1
            raise self.error("connection reset by peer (test fault)", request=request)
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize("error", [httpx.ReadError, httpx.RemoteProtocolError, httpx.ConnectError])
async def test_connections_reset_under_reads_are_retried_to_success(
    connect: Callable[..., Client], sandbox: Sandbox, error: type[httpx.TransportError]
) -> None:
    flaky = Flaky(sandbox)
    async with connect(transport=flaky) as client:
        ok(await client.call_tool("list_tickets", LIST))
        flaky.count, flaky.error = 3, error
        ok(await client.call_tool("list_tickets", LIST))
        flaky.count = 4
        failed = await client.call_tool("list_tickets", LIST)
        ok(await client.call_tool("list_tickets", LIST))
    assert failed.is_error and "Zoho Desk" in text_of(failed)


async def test_a_write_whose_connection_was_refused_is_sent_again_once_and_made_once(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    flaky = Flaky(sandbox)
    async with connect(transport=flaky) as client:
        ok(await client.call_tool("list_tickets", LIST))
        flaky.count, flaky.method, flaky.error = 2, "POST", httpx.ConnectError
        ok(await client.call_tool("create_ticket", new_ticket("refused twice")))
    assert tickets_titled(sandbox, "refused twice") == 1


async def test_a_write_whose_connection_was_cut_says_so_and_the_next_write_works(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    flaky = Flaky(sandbox)
    async with connect(transport=flaky) as client:
        ok(await client.call_tool("list_tickets", LIST))
        flaky.count, flaky.method, flaky.error = 1, "POST", httpx.ReadError
        cut = await client.call_tool("create_ticket", new_ticket("cut write"))
        ok(await client.call_tool("create_ticket", new_ticket("next write")))
    assert cut.is_error and "may or may not have been made" in text_of(cut)


async def test_access_tokens_expiring_mid_run_are_refreshed_once_for_many_calls(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    async with connect() as client:
        ok(await client.call_tool("list_tickets", LIST))
        issued = sandbox.store.tokens["accessIssued"]
        await set_faults(sandbox, expireAccessTokens=True)
        results = await asyncio.gather(*(client.call_tool("list_tickets", LIST) for _ in range(10)))
        ok(await client.call_tool("create_ticket", new_ticket("after expiry")))
    assert all(not r.is_error for r in results)
    assert sandbox.store.tokens["accessIssued"] == issued + 1


async def test_a_revoked_refresh_token_is_a_clear_error_on_every_call_and_nothing_hangs(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    async with connect() as client:
        ok(await client.call_tool("list_tickets", LIST))
        await set_faults(sandbox, revokeRefreshToken="*")
        first = await client.call_tool("list_tickets", LIST)
        second = await client.call_tool("create_ticket", new_ticket("revoked"))
    for result in (first, second):
        assert result.is_error
        assert "auth login" in text_of(result) or "ZOHO_REFRESH_TOKEN" in text_of(result), text_of(result)
    assert tickets_titled(sandbox, "revoked") == 0


TOKEN_ERRORS = ["invalid_client", "invalid_client_secret", "invalid_code", "Access Denied", "unexpected_thing"]


async def test_token_endpoint_errors_with_http_200_are_clear_errors_and_the_next_call_works(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    texts = []
    async with connect() as client:
        ok(await client.call_tool("list_tickets", LIST))
        for error in TOKEN_ERRORS:
            await set_faults(sandbox, expireAccessTokens=True, tokenErrors=[error])
            failed = await client.call_tool("list_tickets", LIST)
            assert failed.is_error
            texts.append(text_of(failed))
            ok(await client.call_tool("list_tickets", LIST))
    for error, text in zip(TOKEN_ERRORS, texts, strict=True):
        assert f"refused the token request: {error};" in text
        assert any(hint in text for hint in ("ZOHO_CLIENT", "auth login", "retry in a few minutes")), text


async def test_exhausted_api_credits_are_a_clear_error_until_they_return(
    connect: Callable[..., Client], sandbox: Sandbox, delays: Delays
) -> None:
    async with connect() as client:
        ok(await client.call_tool("list_tickets", LIST))
        await set_faults(sandbox, creditsRemaining=0)
        read = await client.call_tool("list_tickets", LIST)
        write = await client.call_tool("create_ticket", new_ticket("no credits"))
        await set_faults(sandbox, creditsRemaining=1_000)
        ok(await client.call_tool("list_tickets", LIST))
    for result in (read, write):
        assert result.is_error and "credits" in text_of(result), text_of(result)
    assert delays.asked == []  # waiting seconds does not bring a day's credits back
    assert tickets_titled(sandbox, "no credits") == 0


async def test_calls_past_zohos_concurrency_limit_succeed_or_say_so_and_the_next_call_works(
    connect: Callable[..., Client], sandbox: Sandbox, delays: Delays
) -> None:
    delays.scale = 0.1  # real (short) backoff: an instant retry would meet the same crowd
    async with connect() as client:
        ok(await client.call_tool("list_tickets", LIST))
        await set_faults(sandbox, concurrencyLimit=2, latencyMs=30)
        results = await asyncio.gather(
            *(client.call_tool("list_tickets", LIST) for _ in range(8)),
            *(client.call_tool("create_ticket", new_ticket(f"crowd {i}")) for i in range(4)),
        )
        await set_faults(sandbox, concurrencyLimit=25, latencyMs=0)
        ok(await client.call_tool("list_tickets", LIST))
    failures = [text_of(r) for r in results if r.is_error]
    assert all("API limit" in text for text in failures)
    assert sum(not r.is_error for r in results[:8]) >= 2  # reads back off, and get through
    made = sum(tickets_titled(sandbox, f"crowd {i}") for i in range(4))
    assert made == 4 - sum("create_ticket" in text for text in failures)
