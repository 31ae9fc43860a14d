"""One retry policy: reads survive 5xx/429 bursts; writes are never repeated once their bytes may have left."""

from __future__ import annotations

import anyio
import httpx
import pytest

from zoho_desk_mcp.client import (
    DeskClient,
    DeskConnectError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TooManyRequestsError,
    WriteOutcomeUnknown,
)
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

from .support import BASE_URL, Sleeps, set_faults, stats

TICKET = {"subject": "Printer on fire", "departmentId": "1892000000000001", "contactId": "1892000000000038"}


def tickets_titled(sandbox: Sandbox, subject: str) -> int:
    org = sandbox.store.first_org()
    return sum(1 for t in org.tickets.values() if t.get("subject") == subject)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
async def test_a_read_survives_a_burst_of_server_errors_and_429s(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, sleeps: Sleeps, status: int
) -> None:
    await set_faults(http, failNext=3, failStatus=status, failMatch="GET /api/v1/tickets/{ticketId}")
    ticket = await desk.org(org_id).tickets.get("1892000000000110")
    assert ticket.ticket_number == "101"
    assert (await stats(http))["GET /api/v1/tickets/{ticketId}"] == 4
    assert len(sleeps.delays) == 3
    assert all(0 <= d <= RetryPolicy().max_delay for d in sleeps.delays)


async def test_a_read_gives_up_after_the_bounded_attempts(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, sleeps: Sleeps
) -> None:
    await set_faults(http, failNext=10, failStatus=503)
    with pytest.raises(ServerError) as caught:
        await desk.org(org_id).departments.all()
    assert caught.value.status == 503
    assert (await stats(http))["GET /api/v1/departments"] == RetryPolicy().max_attempts
    assert len(sleeps.delays) == RetryPolicy().max_attempts - 1


async def test_retry_after_is_honoured(desk: DeskClient, http: httpx.AsyncClient, org_id: str, sleeps: Sleeps) -> None:
    await set_faults(http, failNext=2, failStatus=429, retryAfter=7)
    assert len(await desk.org(org_id).departments.all()) == 5
    assert sleeps.delays == [7.0, 7.0]


async def test_a_retry_after_beyond_the_cap_is_not_waited_for(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, sleeps: Sleeps
) -> None:
    await set_faults(http, failNext=1, failStatus=429, retryAfter=3600)
    with pytest.raises(RateLimitError) as caught:
        await desk.org(org_id).departments.all()
    assert caught.value.retry_after == 3600
    assert sleeps.delays == []


def test_backoff_grows_exponentially_and_stays_bounded() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=4.0)
    policy.rng.seed(1)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 4.0), (9, 4.0)]:
        assert all(0 <= policy.backoff(attempt) <= ceiling for _ in range(50))


@pytest.mark.parametrize("status", [500, 503, 429])
async def test_a_write_answered_with_an_error_is_not_repeated(
    sandbox: Sandbox, desk: DeskClient, http: httpx.AsyncClient, org_id: str, sleeps: Sleeps, status: int
) -> None:
    await set_faults(http, failNext=1, failStatus=status, failMatch="POST /api/v1/tickets")
    with pytest.raises((ServerError, TooManyRequestsError)):
        await desk.org(org_id).tickets.create(TICKET)
    assert (await stats(http))["POST /api/v1/tickets"] == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("mode", ["reset", "timeout"])
async def test_a_write_whose_answer_was_lost_is_not_repeated_and_says_it_may_have_happened(
    sandbox: Sandbox, auth: httpx.Auth, http: httpx.AsyncClient, org_id: str, mode: str
) -> None:
    await set_faults(http, dropNextWrites=1, dropMode=mode, dropMatch="POST /api/v1/tickets")
    short = httpx.Timeout(5.0, read=0.2)
    async with DeskClient(f"{BASE_URL}/api/v1", auth, transport=SandboxTransport(sandbox.app), timeout=short) as desk:
        with anyio.fail_after(5), pytest.raises(WriteOutcomeUnknown) as caught:
            await desk.org(org_id).tickets.create(TICKET)
    assert "may" in str(caught.value)
    assert (await stats(http))["POST /api/v1/tickets"] == 1
    assert tickets_titled(sandbox, "Printer on fire") == 1


async def test_a_write_with_an_expired_token_is_refreshed_once_and_replayed(
    sandbox: Sandbox, desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    await desk.org(org_id).departments.all()  # a token is issued
    await set_faults(http, expireAccessTokens=True)
    ticket = await desk.org(org_id).tickets.create(TICKET)
    assert ticket.subject == "Printer on fire"
    assert (await stats(http))["POST /api/v1/tickets"] == 2  # rejected once (not executed), then replayed
    assert tickets_titled(sandbox, "Printer on fire") == 1
    assert (await http.get("/_sandbox/stats")).json()["tokens"]["accessIssued"] == 2


async def test_a_connect_failure_is_retried_even_for_a_write_because_nothing_was_sent(
    auth: httpx.Auth, sleeps: Sleeps
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    # A fake transport only for a fault the sandbox cannot make: a refused connection (before any auth call).
    async with DeskClient(
        "http://127.0.0.1:9/api/v1",
        httpx.BasicAuth("u", "p"),
        transport=httpx.MockTransport(refuse),
        retry=RetryPolicy(sleep=sleeps),
    ) as client:
        with pytest.raises(DeskConnectError) as caught:
            await client.org("1").tickets.create(TICKET)
    assert "nothing was sent" in str(caught.value)
    assert len(sleeps.delays) == RetryPolicy().max_attempts - 1
