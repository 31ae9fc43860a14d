"""Writes on many tickets: updateMany (all or nothing), merge (merged tickets stop existing) and markSpam."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from . import ticket_data as td
from .support import scoped_headers


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(td.ticket_data())


def ids(org: OrgData, *subjects: str) -> list[str]:
    return [td.ticket(org, subject) for subject in subjects]


async def test_update_many_sets_one_field_on_every_ticket(desk: httpx.AsyncClient, org: OrgData) -> None:
    chosen = ids(org, "Printer on fire", "Refund please")
    body = {"ids": chosen, "fieldName": "priority", "fieldValue": "Low", "isCustomField": False}
    response = await desk.post("/tickets/updateMany", json=body)
    assert response.status_code == 204
    for ticket_id in chosen:
        ticket = (await desk.get(f"/tickets/{ticket_id}")).json()
        assert ticket["priority"] == "Low" and ticket["modifiedTime"] >= ticket["createdTime"]


async def test_update_many_keeps_status_type_in_step(desk: httpx.AsyncClient, org: OrgData) -> None:
    chosen = ids(org, "Printer on fire")
    await desk.post("/tickets/updateMany", json={"ids": chosen, "fieldName": "status", "fieldValue": "Closed"})
    ticket = (await desk.get(f"/tickets/{chosen[0]}")).json()
    assert ticket["statusType"] == "Closed" and ticket["closedTime"] is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fieldName": "priority", "fieldValue": "Urgent"}, "/fieldValue"),
        ({"fieldName": "status", "fieldValue": None}, "/fieldValue"),
        ({"fieldName": "departmentId", "fieldValue": "1"}, "/fieldName"),
        ({"fieldName": "assigneeId", "fieldValue": "999"}, "/fieldValue"),
        ({"fieldName": "priority", "fieldValue": "Low", "ids": ["999"]}, "/ids"),
        ({"fieldName": "priority", "fieldValue": "Low", "ids": ["1"] * 101}, "/ids"),
        ({"fieldName": "priority", "fieldValue": "Low", "ids": []}, "/ids"),
        ({"fieldValue": "Low"}, "/fieldName"),
    ],
)
async def test_update_many_rejects_a_bad_request_and_changes_nothing(
    desk: httpx.AsyncClient, org: OrgData, body: dict[str, Any], field: str
) -> None:
    chosen = ids(org, "Printer on fire", "Refund please")
    before = [dict(org.tickets[i]) for i in chosen]
    response = await desk.post("/tickets/updateMany", json={"ids": chosen, **body})
    assert response.status_code == 422
    assert {name for name, _ in td.field_errors(response)} == {field}
    assert [org.tickets[i] for i in chosen] == before


async def test_update_many_refuses_an_assignee_outside_one_tickets_department(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    support, billing = ids(org, "Printer on fire", "Refund please")
    agent = org.tickets[support]["assigneeId"]
    assert org.tickets[billing]["departmentId"] not in org.agents[agent]["associatedDepartmentIds"]
    body = {"ids": [support, billing], "fieldName": "assigneeId", "fieldValue": agent}
    response = await desk.post("/tickets/updateMany", json=body)
    assert response.status_code == 422 and billing in response.json()["errors"][0]["errorMessage"]


async def test_update_many_rejects_unknown_keys_and_needs_the_update_scope(
    http: httpx.AsyncClient, desk: httpx.AsyncClient, org: OrgData
) -> None:
    chosen = ids(org, "Printer on fire")
    response = await desk.post("/tickets/updateMany", json={"ids": chosen, "fieldName": "priority", "x": 1})
    assert response.status_code == 422 and "'x'" in response.json()["message"]
    headers = await scoped_headers(http, ["Desk.tickets.READ"], org.id)
    body = {"ids": chosen, "fieldName": "priority", "fieldValue": "Low"}
    assert (await http.post("/api/v1/tickets/updateMany", json=body, headers=headers)).status_code == 401


async def test_merge_moves_the_conversation_and_the_merged_tickets_stop_existing(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    target, other = ids(org, "Printer on fire", "Refund please")
    threads = len(org.threads.get(target, [])) + len(org.threads.get(other, []))
    comments = len(org.comments.get(target, [])) + len(org.comments.get(other, []))
    response = await desk.post(f"/tickets/{target}/merge", json={"ids": [other], "source": {"subject": other}})
    assert response.status_code == 200
    merged = response.json()
    assert merged["id"] == target and merged["subject"] == "Refund please"
    assert int(merged["threadCount"]) == threads and int(merged["commentCount"]) == comments
    assert (await desk.get(f"/tickets/{other}")).status_code == 404
    times = [t["createdTime"] for t in org.threads.get(target, [])]
    assert times == sorted(times)


@pytest.mark.parametrize(
    "body",
    [
        {"ids": []},
        {"ids": ["999"]},
        {"ids": ["1"] * 6},
        {"ids": ["SELF"]},
        {"ids": ["OTHER", "OTHER"]},
        {"ids": ["OTHER"], "source": {"subject": "999"}},
        {"ids": ["OTHER"], "source": {"webUrl": "OTHER"}},
        {"ids": ["OTHER"], "extra": 1},
    ],
)
async def test_merge_rejects_bad_requests_and_merges_nothing(
    desk: httpx.AsyncClient, org: OrgData, body: dict[str, Any]
) -> None:
    target, other = ids(org, "Printer on fire", "Refund please")
    swap = {"SELF": target, "OTHER": other}
    sent = {k: ([swap.get(i, i) for i in v] if k == "ids" else
                {f: swap.get(t, t) for f, t in v.items()} if k == "source" else v) for k, v in body.items()}
    assert (await desk.post(f"/tickets/{target}/merge", json=sent)).status_code == 422
    assert other in org.tickets


async def test_merging_into_an_unknown_ticket_is_not_found(desk: httpx.AsyncClient, org: OrgData) -> None:
    other = ids(org, "Refund please")
    assert (await desk.post("/tickets/999/merge", json={"ids": other})).status_code == 404


async def test_a_ticket_marked_as_spam_leaves_the_lists_and_says_so(desk: httpx.AsyncClient, org: OrgData) -> None:
    spam = ids(org, "Printer on fire")[0]
    response = await desk.post("/tickets/markSpam", json={"ids": [spam], "isSpam": True})
    assert response.status_code == 204
    assert (await desk.get(f"/tickets/{spam}")).json()["isSpam"] is True
    listed = (await desk.get("/tickets", params={"limit": 100})).json()["data"]
    assert spam not in {row["id"] for row in listed}
    await desk.post("/tickets/markSpam", json={"ids": [spam], "isSpam": False})
    listed = (await desk.get("/tickets", params={"limit": 100})).json()["data"]
    assert spam in {row["id"] for row in listed}


async def test_spam_can_take_the_contact_and_its_other_tickets(desk: httpx.AsyncClient, org: OrgData) -> None:
    spam = ids(org, "Printer on fire")[0]
    contact = org.tickets[spam]["contactId"]
    body = {"ids": [spam], "isSpam": True, "contactSpam": True, "handleExistingTickets": True}
    assert (await desk.post("/tickets/markSpam", json=body)).status_code == 204
    assert org.contacts[contact]["isSpam"] is True
    assert all(t["isSpam"] for t in org.tickets.values() if t["contactId"] == contact)


@pytest.mark.parametrize(
    "body", [{"ids": ["SPAM"]}, {"ids": ["999"], "isSpam": True}, {"ids": ["SPAM"], "isSpam": "yes"}, {"isSpam": True}]
)
async def test_mark_spam_rejects_bad_requests(desk: httpx.AsyncClient, org: OrgData, body: dict[str, Any]) -> None:
    spam = ids(org, "Printer on fire")[0]
    sent = {k: ([spam if i == "SPAM" else i for i in v] if k == "ids" else v) for k, v in body.items()}
    assert (await desk.post("/tickets/markSpam", json=sent)).status_code == 422
    assert org.tickets[spam]["isSpam"] is False


async def test_merged_tickets_bring_their_tags(desk: httpx.AsyncClient, org: OrgData) -> None:
    target, other = ids(org, "Printer on fire", "Refund please")
    response = await desk.post(f"/tickets/{other}/associateTag", json={"tags": ["duplicate-report"]})
    assert response.status_code == 200
    await desk.post(f"/tickets/{target}/merge", json={"ids": [other]})
    tags = (await desk.get(f"/tickets/{target}/tags")).json()["tags"]
    assert [t["name"] for t in tags] == ["duplicate-report"]


async def test_bulk_writes_leave_history(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = ids(org, "Printer on fire")[0]
    await desk.post("/tickets/updateMany", json={"ids": [ticket_id], "fieldName": "priority", "fieldValue": "Low"})
    await desk.post("/tickets/markSpam", json={"ids": [ticket_id], "isSpam": True})
    events = (await desk.get(f"/tickets/{ticket_id}/History")).json()["data"]
    changed = [info["propertyName"] for event in events for info in event["eventInfo"]
               if info["propertyType"] == "ValueTransition"]
    assert {"Priority", "Spam"} <= set(changed)
