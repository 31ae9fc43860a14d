"""Ticket attachments: attach a file with `?isPublic=`; list a ticket's files with filters, sort, paging."""

from __future__ import annotations

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.resources.ticket_views import counts
from zoho_desk_mcp.sandbox.store import OrgData

from .conversation_data import ADMIN, agent_id, conversation_sandbox, scoped_desk, ticket


@pytest.fixture
def sandbox() -> Sandbox:
    return conversation_sandbox()


def ticket_id(org: OrgData, subject: str = "Printer on fire") -> str:
    return str(ticket(org, subject)["id"])


async def attach(desk: httpx.AsyncClient, tid: str, name: str, **params: str) -> httpx.Response:
    return await desk.post(
        f"/tickets/{tid}/attachments", params=params, files={"file": (name, b"0123456789")}
    )


# --- POST -----------------------------------------------------------------------------------------
async def test_attaching_a_file_answers_the_attachment_and_adds_it_to_the_ticket(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org)
    before = ticket(org, "Printer on fire")["modifiedTime"]
    sandbox.store.clock.offset += 120
    response = await attach(desk, tid, "log.txt", isPublic="true")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "name", "size", "creatorId", "createdTime", "isPublic", "href", "previewurl"}
    assert (body["name"], body["size"], body["isPublic"]) == ("log.txt", "10", True)
    assert body["creatorId"] == agent_id(org, ADMIN)
    assert body["href"] == f"https://desk.zoho.com/api/v1/tickets/{tid}/attachments/{body['id']}/content"
    assert org.attachments[tid][-1]["id"] == body["id"]
    assert counts(org, tid)["attachmentCount"] == "3"
    assert ticket(org, "Printer on fire")["modifiedTime"] == body["createdTime"] != before


async def test_an_attachment_is_private_unless_is_public_is_true(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await attach(desk, ticket_id(org, "Quiet ticket"), "a.txt")
    assert response.json()["isPublic"] is False
    private = await attach(desk, ticket_id(org, "Quiet ticket"), "b.txt", isPublic="false")
    assert private.json()["isPublic"] is False


@pytest.mark.parametrize("params", [{"isPublic": "yes"}, {"isPublic": "True"}, {"public": "true"}])
async def test_a_bad_query_parameter_on_attach_is_rejected_and_nothing_is_attached(
    desk: httpx.AsyncClient, org: OrgData, params: dict[str, str]
) -> None:
    tid = ticket_id(org, "Quiet ticket")
    response = await attach(desk, tid, "a.txt", **params)
    assert response.status_code == 422
    assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"
    assert org.attachments.get(tid, []) == []


@pytest.mark.parametrize("tid", ["1", "abc"])
async def test_attaching_to_an_unknown_ticket_is_not_found(desk: httpx.AsyncClient, tid: str) -> None:
    response = await attach(desk, tid, "a.txt")
    assert response.status_code == 404
    assert response.json()["errorCode"] == "URL_NOT_FOUND"


async def test_attaching_to_a_trashed_ticket_is_not_found(desk: httpx.AsyncClient, org: OrgData) -> None:
    tid = ticket_id(org, "Binned ticket")
    response = await attach(desk, tid, "a.txt")
    assert response.status_code == 404
    assert org.attachments.get(tid, []) == []


async def test_attaching_without_a_file_part_is_invalid_data(desk: httpx.AsyncClient, org: OrgData) -> None:
    tid = ticket_id(org, "Quiet ticket")
    response = await desk.post(f"/tickets/{tid}/attachments", files={"upload": ("a.txt", b"a")})
    assert response.status_code == 422
    assert response.json()["errorCode"] == "INVALID_DATA"
    assert org.attachments.get(tid, []) == []


async def test_attaching_json_is_an_unsupported_media_type(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post(f"/tickets/{ticket_id(org)}/attachments", json={"file": "x"})
    assert response.status_code == 415


async def test_attaching_needs_the_tickets_update_scope(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org, "Quiet ticket")
    for scope in ("Desk.tickets.READ", "Desk.tickets.CREATE", "Desk.basic.ALL"):
        async with await scoped_desk(sandbox, http, org, [scope]) as client:
            refused = await attach(client, tid, "a.txt")
        assert refused.status_code == 401, scope
        assert refused.json()["errorCode"] == "SCOPE_MISMATCH"
    assert org.attachments.get(tid, []) == []
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.UPDATE"]) as client:
        assert (await attach(client, tid, "a.txt")).status_code == 200


# --- GET ------------------------------------------------------------------------------------------
async def test_listing_answers_the_tickets_files_without_creator_unless_included(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/attachments")
    assert response.status_code == 200
    rows = response.json()["data"]
    assert [r["name"] for r in rows] == ["invoice.pdf", "notes.txt"]
    assert rows[0]["size"] == "4769"
    assert all("creator" not in r for r in rows)


async def test_include_creator_adds_who_attached_the_file(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/attachments", params={"include": "creator"})
    creator = response.json()["data"][0]["creator"]
    assert creator == {
        "id": agent_id(org, ADMIN),
        "firstName": "Ada",
        "lastName": "Admin",
        "email": ADMIN,
        "photoURL": None,
    }


@pytest.mark.parametrize(("value", "names"), [("true", ["invoice.pdf"]), ("false", ["notes.txt"])])
async def test_is_public_filters_the_list(
    desk: httpx.AsyncClient, org: OrgData, value: str, names: list[str]
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/attachments", params={"isPublic": value})
    assert [r["name"] for r in response.json()["data"]] == names


async def test_sort_by_created_time_orders_oldest_or_newest_first(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org, "Quiet ticket")
    for name in ("first.txt", "second.txt", "third.txt"):
        sandbox.store.clock.offset += 60
        await attach(desk, tid, name)
    ascending = await desk.get(f"/tickets/{tid}/attachments", params={"sortBy": "createdTime"})
    descending = await desk.get(f"/tickets/{tid}/attachments", params={"sortBy": "-createdTime"})
    assert [r["name"] for r in ascending.json()["data"]] == ["first.txt", "second.txt", "third.txt"]
    assert [r["name"] for r in descending.json()["data"]] == ["third.txt", "second.txt", "first.txt"]


async def test_from_and_limit_page_the_list_from_zero(desk: httpx.AsyncClient, org: OrgData) -> None:
    tid = ticket_id(org)
    second = await desk.get(f"/tickets/{tid}/attachments", params={"from": "1", "limit": "1"})
    assert [r["name"] for r in second.json()["data"]] == ["notes.txt"]
    past_the_end = await desk.get(f"/tickets/{tid}/attachments", params={"from": "2"})
    assert past_the_end.status_code == 204
    assert past_the_end.content == b""


async def test_a_ticket_without_files_answers_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org, 'Quiet ticket')}/attachments")
    assert response.status_code == 204
    assert response.content == b""


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "101"},
        {"from": "-1"},
        {"include": "mentions"},
        {"sortBy": "name"},
        {"isPublic": "1"},
        {"sortOrder": "asc"},
    ],
)
async def test_bad_list_parameters_are_unprocessable(
    desk: httpx.AsyncClient, org: OrgData, params: dict[str, str]
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/attachments", params=params)
    assert response.status_code == 422
    assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"


async def test_limit_100_is_accepted(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/attachments", params={"limit": "100"})
    assert response.status_code == 200


async def test_listing_a_trashed_or_unknown_tickets_files_is_not_found(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    for tid in (ticket_id(org, "Binned ticket"), "999"):
        response = await desk.get(f"/tickets/{tid}/attachments")
        assert response.status_code == 404
        assert response.json()["errorCode"] == "URL_NOT_FOUND"


async def test_listing_needs_the_tickets_read_scope(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.UPDATE"]) as client:
        refused = await client.get(f"/tickets/{ticket_id(org)}/attachments")
    assert refused.status_code == 401
    assert refused.json()["errorCode"] == "SCOPE_MISMATCH"
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.READ"]) as client:
        assert (await client.get(f"/tickets/{ticket_id(org)}/attachments")).status_code == 200


async def test_listing_costs_list_credits(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/attachments")
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"
