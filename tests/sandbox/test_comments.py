"""Ticket comments: list them (sort, paging, include) and add one, using earlier uploads as attachments."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.resources.ticket_views import counts
from zoho_desk_mcp.sandbox.store import OrgData

from .conversation_data import ADMIN, AGENT, agent_id, conversation_sandbox, scoped_desk, ticket


@pytest.fixture
def sandbox() -> Sandbox:
    return conversation_sandbox()


def ticket_id(org: OrgData, subject: str = "Printer on fire") -> str:
    return str(ticket(org, subject)["id"])


async def upload(desk: httpx.AsyncClient, name: str = "shot.png") -> str:
    response = await desk.post("/uploads", files={"file": (name, b"PNGDATA", "image/png")})
    return str(response.json()["id"])


# --- GET ------------------------------------------------------------------------------------------
async def test_listing_answers_the_comments_oldest_first(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/comments")
    assert response.status_code == 200
    rows = response.json()["data"]
    assert [r["content"] for r in rows] == ["Escalate to facilities", "<div>Customer informed</div>"]
    first = rows[0]
    assert (first["isPublic"], first["contentType"], first["commenterId"]) == (
        False,
        "plainText",
        agent_id(org, AGENT),
    )
    assert first["commenter"]["email"] == AGENT
    assert first["commenter"]["type"] == "AGENT"
    assert first["attachments"] == []
    assert "mention" not in first and "plainText" not in first
    assert rows[0]["commentedTime"] < rows[1]["commentedTime"]


async def test_sort_by_minus_commented_time_puts_the_newest_first(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/comments", params={"sortBy": "-commentedTime"})
    assert [r["content"] for r in response.json()["data"]] == [
        "<div>Customer informed</div>",
        "Escalate to facilities",
    ]


async def test_include_adds_mentions_and_plain_text(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/comments", params={"include": "mentions,plainText"})
    second = response.json()["data"][1]
    assert second["mention"] == []
    assert second["plainText"] == "Customer informed"


async def test_from_and_limit_page_the_comments(desk: httpx.AsyncClient, org: OrgData) -> None:
    tid = ticket_id(org)
    response = await desk.get(f"/tickets/{tid}/comments", params={"from": "1", "limit": "1"})
    assert [r["content"] for r in response.json()["data"]] == ["<div>Customer informed</div>"]
    assert (await desk.get(f"/tickets/{tid}/comments", params={"from": "2"})).status_code == 204


async def test_a_ticket_without_comments_answers_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org, 'Quiet ticket')}/comments")
    assert response.status_code == 204
    assert response.content == b""


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "101"},
        {"from": "x"},
        {"sortBy": "createdTime"},
        {"include": "creator"},
        {"isPublic": "true"},
    ],
)
async def test_bad_list_parameters_are_unprocessable(
    desk: httpx.AsyncClient, org: OrgData, params: dict[str, str]
) -> None:
    response = await desk.get(f"/tickets/{ticket_id(org)}/comments", params=params)
    assert response.status_code == 422
    assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"


async def test_listing_comments_of_a_trashed_or_unknown_ticket_is_not_found(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    for tid in (ticket_id(org, "Binned ticket"), "42"):
        assert (await desk.get(f"/tickets/{tid}/comments")).status_code == 404


# --- POST -----------------------------------------------------------------------------------------
async def test_adding_a_comment_answers_it_and_stores_it_on_the_ticket(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org, "Quiet ticket")
    sandbox.store.clock.offset += 60
    response = await desk.post(
        f"/tickets/{tid}/comments",
        json={"content": "Looking into it", "isPublic": True, "contentType": "plainText"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["content"], body["isPublic"], body["contentType"]) == ("Looking into it", True, "plainText")
    assert body["commenterId"] == agent_id(org, ADMIN)
    assert body["commenter"]["name"] == "Ada Admin"
    assert body["attachments"] == []
    assert "mention" not in body
    assert org.comments[tid][-1]["id"] == body["id"]
    assert counts(org, tid)["commentCount"] == "1"
    assert ticket(org, "Quiet ticket")["modifiedTime"] == body["commentedTime"]
    listed = await desk.get(f"/tickets/{tid}/comments")
    assert listed.json()["data"] == [body]


async def test_a_comment_is_private_html_unless_told_otherwise(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post(f"/tickets/{ticket_id(org)}/comments", json={"content": "<b>note</b>"})
    assert (response.json()["isPublic"], response.json()["contentType"]) == (False, "html")


async def test_is_public_may_be_sent_as_a_string_like_zohos_example(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.post(
        f"/tickets/{ticket_id(org)}/comments", json={"content": "x", "isPublic": "true"}
    )
    assert response.json()["isPublic"] is True


async def test_uploads_named_in_attachment_ids_become_the_comments_attachments_and_are_used_up(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org)
    first, second = await upload(desk, "one.png"), await upload(desk, "two.png")
    response = await desk.post(
        f"/tickets/{tid}/comments", json={"content": "see files", "attachmentIds": [first, int(second)]}
    )
    assert response.status_code == 200
    body = response.json()
    assert [(a["id"], a["name"], a["size"]) for a in body["attachments"]] == [
        (first, "one.png", "7"),
        (second, "two.png", "7"),
    ]
    assert body["attachments"][0]["href"] == (
        f"https://desk.zoho.com/api/v1/tickets/{tid}/comments/{body['id']}/attachments/{first}/content"
    )
    assert org.uploads == {}
    again = await desk.post(f"/tickets/{tid}/comments", json={"content": "again", "attachmentIds": [first]})
    assert again.status_code == 422
    assert again.json()["errors"][0]["fieldName"] == "/attachmentIds"


@pytest.mark.parametrize(
    ("body", "field", "error_type"),
    [
        ({}, "/content", "missing"),
        ({"content": "   "}, "/content", "missing"),
        ({"content": None}, "/content", "missing"),
        ({"content": 5}, "/content", "invalid"),
        ({"content": "x" * 32_001}, "/content", "invalid"),
        ({"content": "x", "contentType": "markdown"}, "/contentType", "invalid"),
        ({"content": "x", "isPublic": "yes"}, "/isPublic", "invalid"),
        ({"content": "x", "attachmentIds": ["1"]}, "/attachmentIds", "invalid"),
        ({"content": "x", "attachmentIds": "1"}, "/attachmentIds", "invalid"),
        ({"content": "x", "attachmentIds": ["abc"]}, "/attachmentIds", "invalid"),
    ],
)
async def test_invalid_comment_fields_are_invalid_data_and_add_nothing(
    desk: httpx.AsyncClient, org: OrgData, body: dict[str, Any], field: str, error_type: str
) -> None:
    tid = ticket_id(org, "Quiet ticket")
    response = await desk.post(f"/tickets/{tid}/comments", json=body)
    assert response.status_code == 422
    assert response.json()["errorCode"] == "INVALID_DATA"
    assert {"fieldName": field, "errorType": error_type} == {
        k: response.json()["errors"][0][k] for k in ("fieldName", "errorType")
    }
    assert org.comments.get(tid, []) == []


async def test_every_bad_field_is_named_in_one_answer(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post(
        f"/tickets/{ticket_id(org)}/comments", json={"contentType": "x", "isPublic": 1}
    )
    assert [e["fieldName"] for e in response.json()["errors"]] == ["/content", "/contentType", "/isPublic"]


async def test_a_bad_attachment_id_rejects_the_comment_and_keeps_the_good_uploads(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org, "Quiet ticket")
    good = await upload(desk)
    for ids in ([good, "123"], [good, good]):
        response = await desk.post(f"/tickets/{tid}/comments", json={"content": "x", "attachmentIds": ids})
        assert response.status_code == 422
        assert response.json()["errors"][0]["fieldName"] == "/attachmentIds"
    assert list(org.uploads) == [good]
    assert org.comments.get(tid, []) == []


async def test_an_unknown_body_key_is_unprocessable(desk: httpx.AsyncClient, org: OrgData) -> None:
    tid = ticket_id(org, "Quiet ticket")
    response = await desk.post(f"/tickets/{tid}/comments", json={"content": "x", "author": "me"})
    assert response.status_code == 422
    assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"
    assert org.comments.get(tid, []) == []


async def test_an_empty_body_is_an_empty_payload(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post(f"/tickets/{ticket_id(org)}/comments", content=b"")
    assert response.status_code == 422
    assert response.json()["errorCode"] == "EMPTY_PAYLOAD"


async def test_a_json_array_body_is_invalid_data(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post(f"/tickets/{ticket_id(org)}/comments", json=["content"])
    assert response.status_code == 422
    assert response.json()["errorCode"] == "INVALID_DATA"


async def test_parent_conversation_id_must_name_a_comment_of_the_ticket(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org)
    parent = org.comments[tid][0]["id"]
    reply = await desk.post(
        f"/tickets/{tid}/comments", params={"parentConversationId": parent}, json={"content": "x"}
    )
    assert reply.status_code == 200
    stranger = await desk.post(
        f"/tickets/{tid}/comments", params={"parentConversationId": "77"}, json={"content": "x"}
    )
    assert stranger.status_code == 422
    assert stranger.json()["errorCode"] == "UNPROCESSABLE_ENTITY"
    assert len(org.comments[tid]) == 3


async def test_commenting_on_a_trashed_or_unknown_ticket_is_not_found(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    for tid in (ticket_id(org, "Binned ticket"), "42"):
        response = await desk.post(f"/tickets/{tid}/comments", json={"content": "x"})
        assert response.status_code == 404
        assert response.json()["errorCode"] == "URL_NOT_FOUND"
    assert org.comments.get(ticket_id(org, "Binned ticket"), []) == []


async def test_commenting_needs_tickets_update_and_listing_needs_tickets_read(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    tid = ticket_id(org)
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.READ", "Desk.tickets.CREATE"]) as client:
        refused = await client.post(f"/tickets/{tid}/comments", json={"content": "x"})
        assert (await client.get(f"/tickets/{tid}/comments")).status_code == 200
    assert refused.status_code == 401
    assert refused.json()["errorCode"] == "SCOPE_MISMATCH"
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.UPDATE"]) as client:
        assert (await client.post(f"/tickets/{tid}/comments", json={"content": "x"})).status_code == 200
        assert (await client.get(f"/tickets/{tid}/comments")).status_code == 401
    assert len(org.comments[tid]) == 3
