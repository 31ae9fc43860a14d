"""The client for ticket files, tags and history against the sandbox: listing, capped downloads, tags, history."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from zoho_desk_mcp.auth import ZohoAuth
from zoho_desk_mcp.client import DeskClient, DownloadTooLargeError, NotFoundError, RetryPolicy
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

from .support import BASE_URL, Sleeps, set_faults

PIECE = 16 * 1024


class MeteredTransport(httpx.AsyncBaseTransport):
    """The sandbox as a network would deliver it: bodies in 16 KB pieces, counting the bytes a reader pulls.

    With `chunked=True` the `Content-Length` is dropped, as a server streaming the file would.
    """

    def __init__(self, sandbox: Sandbox, *, chunked: bool = False) -> None:
        self.inner = SandboxTransport(sandbox.app)
        self.chunked = chunked
        self.pulled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        headers = [(k, v) for k, v in response.headers.items() if not (self.chunked and k == "content-length")]

        async def pieces() -> AsyncIterator[bytes]:
            for start in range(0, len(body), PIECE):
                self.pulled += len(body[start : start + PIECE])
                yield body[start : start + PIECE]

        return httpx.Response(response.status_code, headers=headers, stream=_Stream(pieces()))


class _Stream(httpx.AsyncByteStream):
    def __init__(self, parts: AsyncIterator[bytes]) -> None:
        self.parts = parts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self.parts:
            yield part


def newest(sandbox: Sandbox) -> str:
    org = sandbox.store.first_org()
    return str(max(org.tickets.values(), key=lambda t: int(t["ticketNumber"]))["id"])


def with_thread_files(sandbox: Sandbox) -> str:
    org = sandbox.store.first_org()
    return next(tid for tid, threads in org.threads.items() if any(t["attachments"] for t in threads)
                and not org.tickets[tid].get("isTrashed"))


async def test_listing_with_threads_gives_ticket_files_then_thread_files_with_their_thread(
    desk: DeskClient, org_id: str, sandbox: Sandbox
) -> None:
    ticket_id = with_thread_files(sandbox)
    files = await desk.org(org_id).attachments.list_with_threads(ticket_id)
    threaded = [f for f in files if f.thread_id]
    stored = [a for t in sandbox.store.first_org().threads[ticket_id] for a in t["attachments"]]
    assert [f.id for f in threaded] == [a["id"] for a in stored]
    assert all(f.created_time and f.is_public is True for f in threaded)
    assert [f for f in files if not f.thread_id] == await desk.org(org_id).attachments.list(ticket_id)


async def test_a_download_gives_the_bytes_zohos_content_type_and_the_file_name(
    desk: DeskClient, org_id: str, sandbox: Sandbox
) -> None:
    attachments = desk.org(org_id).attachments
    files = {f.name: f for f in await attachments.list(newest(sandbox))}
    got = await attachments.download(newest(sandbox), files["router-debug.log"].id, max_bytes=1_000_000)
    assert b"watchdog: wifi driver hung" in got.data
    assert got.complete and got.declared_size == len(got.data)
    assert got.content_type is not None and got.content_type.startswith("text/html")
    assert got.file_name == "router-debug.log"


async def test_a_thread_file_downloads_through_its_thread(desk: DeskClient, org_id: str, sandbox: Sandbox) -> None:
    ticket_id = with_thread_files(sandbox)
    thread = next(t for t in sandbox.store.first_org().threads[ticket_id] if t["attachments"])
    item = thread["attachments"][0]
    got = await desk.org(org_id).attachments.download(
        ticket_id, item["id"], thread_id=thread["id"], max_bytes=5_000_000
    )
    assert len(got.data) == int(item["size"])


async def test_a_missing_file_is_not_found(desk: DeskClient, org_id: str, sandbox: Sandbox) -> None:
    with pytest.raises(NotFoundError):
        await desk.org(org_id).attachments.download(newest(sandbox), "123", max_bytes=10)


async def test_a_download_is_retried_after_a_server_error(
    desk: DeskClient, org_id: str, sandbox: Sandbox, http: httpx.AsyncClient, sleeps: Sleeps
) -> None:
    file_id = (await desk.org(org_id).attachments.list(newest(sandbox)))[-1].id
    await set_faults(http, failNext=1, failStatus=503)
    got = await desk.org(org_id).attachments.download(newest(sandbox), file_id, max_bytes=1_000_000)
    assert got.data and len(sleeps.delays) == 1


async def metered_client(sandbox: Sandbox, auth: ZohoAuth, transport: MeteredTransport) -> DeskClient:
    return DeskClient(f"{BASE_URL}/api/v1", auth, transport=transport, retry=RetryPolicy(sleep=Sleeps()))


async def big_file(desk: DeskClient, org_id: str, sandbox: Sandbox, size: int = 600_000) -> tuple[str, str]:
    ticket_id = newest(sandbox)
    made = await desk.org(org_id).attachments.create(ticket_id, "big.log", b"x" * size)
    return ticket_id, made.id


async def test_a_declared_size_over_the_cap_stops_before_any_byte_is_read(
    desk: DeskClient, org_id: str, sandbox: Sandbox, auth: ZohoAuth
) -> None:
    ticket_id, file_id = await big_file(desk, org_id, sandbox)
    transport = MeteredTransport(sandbox)
    async with await metered_client(sandbox, auth, transport) as client:
        with pytest.raises(DownloadTooLargeError) as caught:
            await client.org(org_id).attachments.download(ticket_id, file_id, max_bytes=100_000)
    assert (caught.value.size, caught.value.limit, transport.pulled) == (600_000, 100_000, 0)


async def test_an_undeclared_size_stops_reading_one_piece_past_the_cap(
    desk: DeskClient, org_id: str, sandbox: Sandbox, auth: ZohoAuth
) -> None:
    ticket_id, file_id = await big_file(desk, org_id, sandbox)
    transport = MeteredTransport(sandbox, chunked=True)
    async with await metered_client(sandbox, auth, transport) as client:
        with pytest.raises(DownloadTooLargeError):
            await client.org(org_id).attachments.download(ticket_id, file_id, max_bytes=100_000)
    assert 100_000 < transport.pulled <= 100_000 + PIECE


async def test_a_partial_download_keeps_the_first_bytes_up_to_the_cap(
    desk: DeskClient, org_id: str, sandbox: Sandbox, auth: ZohoAuth
) -> None:
    ticket_id, file_id = await big_file(desk, org_id, sandbox)
    transport = MeteredTransport(sandbox, chunked=True)
    async with await metered_client(sandbox, auth, transport) as client:
        got = await client.org(org_id).attachments.download(ticket_id, file_id, max_bytes=50_000, partial=True)
    assert (len(got.data), got.complete) == (50_000, False)
    assert transport.pulled <= 50_000 + PIECE


async def test_tags_are_added_listed_found_and_removed(desk: DeskClient, org_id: str, sandbox: Sandbox) -> None:
    portal = desk.org(org_id)
    ticket_id = newest(sandbox)
    department_id = str(sandbox.store.first_org().tickets[ticket_id]["departmentId"])
    added = await portal.tags.add(ticket_id, ["Needs-Callback", "router"])
    assert [t.name for t in added] == ["needs-callback", "router"]
    assert [t.name for t in await portal.tags.of_ticket(ticket_id)][-2:] == ["needs-callback", "router"]
    listed = {t.name: t for t in await portal.tags.of_department(department_id, sort_by="count")}
    assert listed["needs-callback"].ticket_count == "1"
    assert [t.name for t in await portal.tags.search(department_id, "callback")] == ["needs-callback"]
    assert [t.id for t in await portal.tags.tickets(added[0].id)] == [ticket_id]
    await portal.tags.remove(ticket_id, ["needs-callback"])
    assert "needs-callback" not in [t.name for t in await portal.tags.of_ticket(ticket_id)]


async def test_history_shows_an_update_as_field_before_and_after_newest_first(
    desk: DeskClient, org_id: str, sandbox: Sandbox
) -> None:
    portal = desk.org(org_id)
    ticket_id = newest(sandbox)
    before = (await portal.tickets.get(ticket_id)).priority
    after = "Low" if before != "Low" else "High"
    sandbox.store.clock.offset += 60
    await portal.tickets.update(ticket_id, {"priority": after})
    [latest] = await portal.history.page(ticket_id, limit=1)
    assert latest.event_name == "TicketUpdated"
    assert latest.actor is not None and latest.actor.type == "Agent"
    assert [(c.field, c.before, c.after) for c in latest.changes()] == [("Priority", before, after)]
    events = [e async for e in portal.history.iterate(ticket_id)]
    assert events[0] == latest and events[-1].event_name == "TicketCreated"
    created = events[-1].changes()
    assert next((c.field, c.before) for c in created if c.field == "Subject") == ("Subject", None)


async def test_history_filters_reach_zoho(desk: DeskClient, org_id: str, sandbox: Sandbox) -> None:
    portal = desk.org(org_id)
    ticket_id = newest(sandbox)
    files = await portal.history.page(ticket_id, event_filter="AttachmentHistory")
    assert files and {e.event_name for e in files} == {"AttachmentAdded"}
    assert await portal.history.page(ticket_id, field_name="no_such_field") == []
