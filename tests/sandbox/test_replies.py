"""E-mail replies: sendReply and draftReply with Zoho's checks, the outbox, drafts, and the faults on a send."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox.store import OrgData, Record

from .support import scoped_headers

SEND = "POST /api/v1/tickets/{ticketId}/sendReply"


def a_ticket(org: OrgData) -> Record:
    return next(iter(org.tickets.values()))


def from_address(org: OrgData, ticket: Record) -> str:
    """The default reply address of the ticket's department (the seed gives every department one)."""
    return str(next(a["address"] for a in org.reply_addresses.values() if a["departmentId"] == ticket["departmentId"]))


def reply_body(org: OrgData, ticket: Record, **changes: Any) -> dict[str, Any]:
    body = {
        "channel": "EMAIL",
        "content": "<p>Thanks, it is fixed.</p>",
        "contentType": "html",
        "fromEmailAddress": from_address(org, ticket),
        "to": ticket["email"],
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


async def outbox(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await http.get("/_sandbox/outbox")
    assert response.status_code == 200
    return list(response.json()["emails"])


def field_errors(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.json()["errorCode"] == "INVALID_DATA"
    return {e["fieldName"]: e["errorType"] for e in response.json()["errors"]}


# --- sendReply ------------------------------------------------------------------------------------------
async def test_a_sent_reply_is_an_outgoing_thread_by_the_callers_agent(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    body = reply_body(org, ticket, cc="Boss <boss@customer.test>", bcc="audit@customer.test")
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=body)
    assert response.status_code == 200, response.text
    sent = response.json()
    assert (sent["direction"], sent["status"], sent["isDraft"], sent["channel"]) == ("out", "SUCCESS", False, "EMAIL")
    assert (sent["fromEmailAddress"], sent["to"]) == (body["fromEmailAddress"], ticket["email"])
    assert (sent["cc"], sent["bcc"], sent["contentType"]) == ("boss@customer.test", "audit@customer.test", "text/html")
    assert sent["author"]["email"] == next(iter(org.agents.values()))["emailId"]  # the default token's owner
    listed = (await desk.get(f"/tickets/{ticket['id']}/threads")).json()["data"]
    assert listed[0]["id"] == sent["id"]  # newest first
    full = (await desk.get(f"/tickets/{ticket['id']}/threads/{sent['id']}")).json()
    assert full["content"] == body["content"]


async def test_the_outbox_holds_each_sent_email_with_bare_addresses(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData
) -> None:
    ticket = a_ticket(org)
    to = f"Customer <{ticket['email']}>; other@customer.test"
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket, to=to))
    assert await outbox(http) == [
        {
            "ticketId": ticket["id"],
            "threadId": response.json()["id"],
            "from": from_address(org, ticket),
            "to": [ticket["email"], "other@customer.test"],
            "cc": [],
            "bcc": [],
            "subject": f"Re: [##{ticket['ticketNumber']}##] {ticket['subject']}",
            "content": "<p>Thanks, it is fixed.</p>",
        }
    ]
    assert (await http.post("/_sandbox/reset")).status_code == 200
    assert await outbox(http) == []


async def test_channel_content_and_from_are_required(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json={"to": ticket["email"]})
    assert field_errors(response) == {
        "/channel": "missing",
        "/content": "missing",
        "/fromEmailAddress": "missing",
    }


async def test_an_email_reply_needs_to(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket, to=None))
    assert field_errors(response) == {"/to": "missing"}


async def test_from_must_be_a_reply_address_of_the_tickets_department(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    elsewhere = next(a for a in org.reply_addresses.values() if a["departmentId"] != ticket["departmentId"])
    for sender in (elsewhere["address"], "someone@gmail.com"):
        response = await desk.post(
            f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket, fromEmailAddress=sender)
        )
        assert field_errors(response) == {"/fromEmailAddress": "invalid"}


async def test_an_inactive_reply_address_cannot_send(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    address = next(a for a in org.reply_addresses.values() if a["address"] == from_address(org, ticket))
    address["isActive"] = False
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket))
    assert field_errors(response) == {"/fromEmailAddress": "invalid"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to": "not-an-address"}, "/to"),
        ({"cc": "a@b.com, nobody"}, "/cc"),
        ({"channel": "FACEBOOK"}, "/channel"),
        ({"channel": "PIGEON"}, "/channel"),
        ({"contentType": "markdown"}, "/contentType"),
        ({"ticketStatus": "Sleeping"}, "/ticketStatus"),
        ({"attachmentIds": ["123"]}, "/attachmentIds"),
    ],
)
async def test_bad_values_are_invalid_data_naming_the_field(
    desk: httpx.AsyncClient, org: OrgData, changes: dict[str, Any], field: str
) -> None:
    ticket = a_ticket(org)
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket, **changes))
    assert field_errors(response) == {field: "invalid"}


async def test_an_unknown_key_is_unprocessable_and_sends_nothing(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData
) -> None:
    ticket = a_ticket(org)
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket, subject="Hi"))
    assert response.status_code == 422
    assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"
    assert await outbox(http) == []


async def test_ticket_status_and_uploads_go_with_the_reply(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    upload = (await desk.post("/uploads", files={"file": ("log.txt", b"hello", "text/plain")})).json()
    body = reply_body(org, ticket, ticketStatus="On Hold", attachmentIds=[upload["id"]])
    sent = (await desk.post(f"/tickets/{ticket['id']}/sendReply", json=body)).json()
    assert [(f["id"], f["name"]) for f in sent["attachments"]] == [(upload["id"], "log.txt")]
    assert (await desk.get(f"/tickets/{ticket['id']}")).json()["status"] == "On Hold"


async def test_replies_need_the_tickets_update_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    headers = await scoped_headers(http, ["Desk.tickets.READ"], org.id)
    for path in ("sendReply", "draftReply"):
        response = await http.post(
            f"/api/v1/tickets/{ticket['id']}/{path}", json=reply_body(org, ticket), headers=headers
        )
        assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")


# --- drafts ---------------------------------------------------------------------------------------------
async def test_a_draft_is_a_thread_with_status_draft_that_sends_nothing(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData
) -> None:
    ticket = a_ticket(org)
    response = await desk.post(f"/tickets/{ticket['id']}/draftReply", json=reply_body(org, ticket, to=None))
    assert response.status_code == 200, response.text
    draft = response.json()
    assert (draft["status"], draft["isDraft"], draft["direction"], draft["to"]) == ("DRAFT", True, "out", None)
    listed = (await desk.get(f"/tickets/{ticket['id']}/threads")).json()["data"]
    assert (listed[0]["id"], listed[0]["status"]) == (draft["id"], "DRAFT")
    assert await outbox(http) == []


async def test_patch_rewrites_a_draft_in_place(desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    draft = (await desk.post(f"/tickets/{ticket['id']}/draftReply", json=reply_body(org, ticket))).json()
    count = len(org.threads[ticket["id"]])
    body = reply_body(org, ticket, content="Second thoughts", contentType="plainText", cc="boss@customer.test")
    response = await desk.patch(f"/tickets/{ticket['id']}/draftReply/{draft['id']}", json=body)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["id"], updated["status"], updated["content"]) == (draft["id"], "DRAFT", "Second thoughts")
    assert (updated["cc"], updated["contentType"], updated["summary"]) == (
        "boss@customer.test",
        "text/plain",
        "Second thoughts",
    )
    assert len(org.threads[ticket["id"]]) == count  # updated in place, not added
    assert await outbox(http) == []


async def test_only_a_draft_of_this_ticket_can_be_patched(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    sent = (await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket))).json()
    response = await desk.patch(f"/tickets/{ticket['id']}/draftReply/{sent['id']}", json=reply_body(org, ticket))
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    response = await desk.patch(f"/tickets/{ticket['id']}/draftReply/123", json=reply_body(org, ticket))
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


# --- stats and faults -----------------------------------------------------------------------------------
async def test_stats_count_the_api_calls_and_not_the_control_endpoints(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData
) -> None:
    ticket = a_ticket(org)
    await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket))
    await outbox(http)
    await outbox(http)
    requests = (await http.get("/_sandbox/stats")).json()["requests"]
    assert requests[SEND] == 1
    assert not any("_sandbox" in key for key in requests)


async def test_a_lost_response_leaves_exactly_one_email(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData
) -> None:
    ticket = a_ticket(org)
    await http.post("/_sandbox/faults", json={"dropNextWrites": 1, "dropMode": "reset", "dropMatch": SEND})
    with pytest.raises(httpx.ReadError):
        await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket))
    emails = await outbox(http)
    assert len(emails) == 1
    latest = (await desk.get(f"/tickets/{ticket['id']}/latestThread")).json()
    assert (latest["id"], latest["direction"]) == (emails[0]["threadId"], "out")


async def test_a_failed_send_sends_nothing(desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    await http.post("/_sandbox/faults", json={"failNext": 1, "failMatch": SEND})
    response = await desk.post(f"/tickets/{ticket['id']}/sendReply", json=reply_body(org, ticket))
    assert response.status_code == 503
    assert await outbox(http) == []
