"""Ticket threads: the list carries summaries only; one thread (or the latest) comes in full, with files."""

from __future__ import annotations

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from .conversation_data import AGENT, CUSTOMER, conversation_sandbox, scoped_desk, ticket


@pytest.fixture
def sandbox() -> Sandbox:
    return conversation_sandbox()


def ticket_id(org: OrgData, subject: str = "Printer on fire") -> str:
    return str(ticket(org, subject)["id"])


def thread_ids(org: OrgData) -> list[str]:
    """The seeded threads of "Printer on fire", oldest first."""
    return [t["id"] for t in org.threads[ticket_id(org)]]


# --- list -----------------------------------------------------------------------------------------
async def test_the_list_is_newest_first_and_carries_no_content_or_attachments(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/threads")
    assert response.status_code == 200
    rows = response.json()["data"]
    assert [r["id"] for r in rows] == list(reversed(thread_ids(org)))
    assert all("content" not in r and "attachments" not in r for r in rows)
    oldest = rows[-1]
    assert oldest["summary"] == "My printer is on fire."
    assert (oldest["direction"], oldest["channel"], oldest["isDescriptionThread"]) == ("in", "EMAIL", True)
    assert (oldest["hasAttach"], oldest["attachmentCount"]) == (True, "1")
    assert oldest["author"]["email"] == CUSTOMER
    assert oldest["author"]["type"] == "END_USER"
    reply = rows[1]
    assert (reply["direction"], reply["isDescriptionThread"]) == ("out", False)
    assert (reply["to"], reply["cc"], reply["fromEmailAddress"]) == (CUSTOMER, "boss@customer.test", AGENT)
    assert reply["responderId"] == reply["author"]["id"]


@pytest.mark.parametrize(("value", "newest_first"), [("sendDateTime", False), ("-sendDateTime", True)])
async def test_sort_by_send_date_time_orders_the_threads(
    desk: httpx.AsyncClient, org: OrgData, value: str, newest_first: bool
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/threads", params={"sortBy": value})
    expected = list(reversed(thread_ids(org))) if newest_first else thread_ids(org)
    assert [r["id"] for r in response.json()["data"]] == expected


async def test_from_and_limit_page_the_threads(desk: httpx.AsyncClient, org: OrgData) -> None:
    tid = ticket_id(org)
    response = await desk.get(
        f"/tickets/{tid}/threads", params={"from": "1", "limit": "1", "sortBy": "sendDateTime"}
    )
    assert [r["id"] for r in response.json()["data"]] == [thread_ids(org)[1]]
    assert (await desk.get(f"/tickets/{tid}/threads", params={"from": "3"})).status_code == 204
    assert (await desk.get(f"/tickets/{tid}/threads", params={"limit": "200"})).status_code == 200


async def test_a_ticket_without_threads_answers_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org, 'Quiet ticket')}/threads")
    assert response.status_code == 204
    assert response.content == b""


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "201"}, {"from": "-2"}, {"sortBy": "createdTime"}, {"include": "plainText"}],
)
async def test_bad_list_parameters_are_unprocessable(
    desk: httpx.AsyncClient, org: OrgData, params: dict[str, str]
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/threads", params=params)
    assert response.status_code == 422
    assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"


async def test_listing_threads_of_a_trashed_or_unknown_ticket_is_not_found(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    for tid in (ticket_id(org, "Binned ticket"), "5"):
        response = await desk.get(f"/tickets/{tid}/threads")
        assert response.status_code == 404
        assert response.json()["errorCode"] == "URL_NOT_FOUND"


async def test_listing_costs_list_credits(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/threads")
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"


# --- one thread -----------------------------------------------------------------------------------
async def test_one_thread_comes_with_its_content_and_attachments(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    tid, first = ticket_id(org), thread_ids(org)[0]
    response = await desk.get(f"/tickets/{tid}/threads/{first}")
    assert response.status_code == 200
    body = response.json()
    assert body["content"] == "<p>My printer is <b>on fire</b>.</p>"
    assert body["contentType"] == "text/html"
    assert body["isDescriptionThread"] is True
    [attachment] = body["attachments"]
    assert set(attachment) == {"id", "name", "size", "href", "previewurl"}
    assert (attachment["name"], attachment["size"]) == ("flames.png", "2048")
    assert attachment["href"] == (
        f"https://desk.zoho.com/api/v1/tickets/{tid}/threads/{first}/attachments/{attachment['id']}/content"
    )
    assert "plainText" not in body


async def test_include_plain_text_adds_the_body_as_text(desk: httpx.AsyncClient, org: OrgData) -> None:
    tid, first = ticket_id(org), thread_ids(org)[0]
    response = await desk.get(f"/tickets/{tid}/threads/{first}", params={"include": "plainText"})
    assert response.json()["plainText"] == "My printer is on fire."


async def test_a_thread_without_files_has_an_empty_attachment_list(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/threads/{thread_ids(org)[1]}")
    assert response.json()["attachments"] == []
    assert response.json()["hasAttach"] is False


async def test_a_thread_of_another_ticket_or_an_unknown_thread_is_not_found(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    first = thread_ids(org)[0]
    for path in (
        f"/tickets/{ticket_id(org, 'Quiet ticket')}/threads/{first}",
        f"/tickets/{ticket_id(org)}/threads/123",
        f"/tickets/{ticket_id(org, 'Binned ticket')}/threads/{first}",
    ):
        response = await desk.get(path)
        assert response.status_code == 404, path
        assert response.json()["errorCode"] == "URL_NOT_FOUND"


async def test_one_thread_rejects_unknown_parameters(desk: httpx.AsyncClient, org: OrgData) -> None:
    path = f"/tickets/{ticket_id(org)}/threads/{thread_ids(org)[0]}"
    for params in ({"include": "mentions"}, {"limit": "1"}):
        assert (await desk.get(path, params=params)).status_code == 422


# --- latest thread --------------------------------------------------------------------------------
async def test_latest_thread_is_the_newest_thread_in_full(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/latestThread")
    assert response.status_code == 200
    assert response.json()["id"] == thread_ids(org)[-1]
    assert response.json()["content"] == "Done, thanks."


async def test_latest_thread_of_a_ticket_without_threads_answers_204(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org, 'Quiet ticket')}/latestThread")
    assert response.status_code == 204


# --- scopes ---------------------------------------------------------------------------------------
async def test_reading_threads_needs_the_tickets_read_scope(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tid, first = ticket_id(org), thread_ids(org)[0]
    paths = [f"/tickets/{tid}/threads", f"/tickets/{tid}/threads/{first}", f"/tickets/{tid}/latestThread"]
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.UPDATE", "Desk.basic.READ"]) as client:
        for path in paths:
            refused = await client.get(path)
            assert refused.status_code == 401, path
            assert refused.json()["errorCode"] == "SCOPE_MISMATCH"
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.READ"]) as client:
        for path in paths:
            assert (await client.get(path)).status_code == 200, path
