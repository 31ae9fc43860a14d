"""Over a real socket (uvicorn on 127.0.0.1): retries, lost writes and replays behave as they do in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

from zoho_desk_mcp.client import DeskClient, DeskConnectError, RequestNotReplayable, RetryPolicy, WriteOutcomeUnknown

from .support import Sleeps, set_faults, stats

TICKET = {"subject": "Loopback fire", "departmentId": "1892000000000001", "contactId": "1892000000000038"}
ORG = "700000001"


async def count_tickets(desk: DeskClient, subject: str) -> int:
    found = await desk.org(ORG).tickets.search(subject=subject)
    return len([t for t in found.tickets if t.subject == subject])


async def test_reads_survive_a_burst_of_503s_over_loopback(
    loopback_desk: DeskClient, loopback_http: httpx.AsyncClient
) -> None:
    await set_faults(loopback_http, failNext=3, failStatus=503)
    with anyio.fail_after(10):
        assert len(await loopback_desk.org(ORG).departments.all()) == 5
    assert (await stats(loopback_http))["GET /api/v1/departments"] == 4


@pytest.mark.parametrize("mode", ["reset", "timeout"])
async def test_a_lost_write_over_loopback_is_not_repeated_and_one_ticket_exists(
    loopback_desk: DeskClient, loopback_http: httpx.AsyncClient, mode: str
) -> None:
    await set_faults(loopback_http, dropNextWrites=1, dropMode=mode, dropMatch="POST /api/v1/tickets")
    with anyio.fail_after(10), pytest.raises(WriteOutcomeUnknown):
        await loopback_desk.org(ORG).tickets.create(TICKET)
    assert (await stats(loopback_http))["POST /api/v1/tickets"] == 1
    assert await count_tickets(loopback_desk, "Loopback fire") == 1


async def test_an_expired_token_is_refreshed_and_the_write_replayed_over_loopback(
    loopback_desk: DeskClient, loopback_http: httpx.AsyncClient
) -> None:
    await loopback_desk.org(ORG).departments.all()
    await set_faults(loopback_http, expireAccessTokens=True)
    with anyio.fail_after(10):
        await loopback_desk.org(ORG).tickets.create(TICKET)
    assert await count_tickets(loopback_desk, "Loopback fire") == 1


async def test_a_streamed_upload_that_a_refresh_must_replay_is_refused_not_truncated(
    loopback_desk: DeskClient, loopback_http: httpx.AsyncClient
) -> None:
    await loopback_desk.org(ORG).departments.all()
    await set_faults(loopback_http, expireAccessTokens=True)

    async def chunks() -> AsyncIterator[bytes]:
        yield b"only once"

    with anyio.fail_after(10), pytest.raises(RequestNotReplayable):
        await loopback_desk.org(ORG).uploads.upload("once.txt", chunks())
    assert (await loopback_desk.org(ORG).uploads.upload("again.txt", b"ok")).size == "2"


async def test_a_closed_port_is_a_connect_error_after_bounded_retries(loopback_url: str) -> None:
    sleeps = Sleeps()
    closed = loopback_url.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens on loopback
    async with DeskClient(f"{closed}/api/v1", httpx.BasicAuth("u", "p"), retry=RetryPolicy(sleep=sleeps)) as desk:
        with anyio.fail_after(10), pytest.raises(DeskConnectError):
            await desk.org(ORG).departments.all()
    assert len(sleeps.delays) == RetryPolicy().max_attempts - 1
