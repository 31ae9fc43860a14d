"""`GET /tickets/{id}/History`: every accepted write leaves an event by the token's agent, newest first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from .conversation_data import ADMIN, AGENT, agent_id, conversation_sandbox, scoped_desk, ticket


@pytest.fixture
def sandbox() -> Sandbox:
    return conversation_sandbox()


def tid(org: OrgData, subject: str = "Quiet ticket") -> str:
    return str(ticket(org, subject)["id"])


async def events(desk: httpx.AsyncClient, ticket_id: str, **params: str | int) -> list[dict[str, Any]]:
    response = await desk.get(f"/tickets/{ticket_id}/History", params={"limit": 50, **params})
    if response.status_code == 204:
        return []
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


def info(event: dict[str, Any]) -> dict[str, Any]:
    return {p["propertyName"]: p["propertyValue"] for p in event["eventInfo"]}


async def test_a_loaded_ticket_starts_with_its_creation_by_the_contact(desk: httpx.AsyncClient, org: OrgData) -> None:
    [created] = await events(desk, tid(org))
    assert set(created) == {"eventName", "eventTime", "actor", "source", "eventInfo", "actorInfo"}
    assert created["eventName"] == "TicketCreated"
    assert created["actor"]["type"] == "Contact"
    assert info(created)["Subject"] == "Quiet ticket"
    assert info(created)["Department"]["type"] == "Department"
    assert all(set(p) == {"propertyName", "propertyType", "propertyValue", "systemProperty"}
               for p in created["eventInfo"])


async def test_a_loaded_conversation_is_history_newest_first(desk: httpx.AsyncClient, org: OrgData) -> None:
    names = [e["eventName"] for e in await events(desk, tid(org, "Printer on fire"))]
    assert names[-1] == "TicketCreated"
    assert names.count("ThreadAdded") == 3 and names.count("CommentAdded") == 2
    assert names.count("AttachmentAdded") == 2


async def test_an_update_records_each_changed_field_before_and_after_by_the_caller(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    sandbox.store.clock.offset += 60
    bob = agent_id(org, AGENT)
    response = await desk.patch(
        f"/tickets/{tid(org)}",
        json={"status": "On Hold", "priority": "High", "assigneeId": bob, "subject": "Quiet ticket"},
    )
    assert response.status_code == 200, response.text
    latest = (await events(desk, tid(org)))[0]
    assert latest["eventName"] == "TicketUpdated"
    assert latest["actor"] == {"id": agent_id(org, ADMIN), "name": "Ada Admin", "type": "Agent"}
    changed = {p["propertyName"]: p for p in latest["eventInfo"]}
    assert set(changed) == {"Status", "Priority", "Case Owner"}  # the unchanged subject is not there
    assert changed["Status"]["propertyType"] == "ValueTransition"
    assert changed["Status"]["propertyValue"] == {"previousValue": "Open", "updatedValue": "On Hold"}
    assert changed["Case Owner"]["propertyValue"]["updatedValue"] == {"id": bob, "name": "Bob Agent", "type": "Agent"}
    assert latest["eventTime"] == response.json()["modifiedTime"]


async def test_an_update_that_changes_nothing_records_nothing(desk: httpx.AsyncClient, org: OrgData) -> None:
    await desk.patch(f"/tickets/{tid(org)}", json={"status": "Open"})
    assert [e["eventName"] for e in await events(desk, tid(org))] == ["TicketCreated"]


async def test_custom_field_changes_are_recorded_by_api_name(desk: httpx.AsyncClient, org: OrgData) -> None:
    await desk.patch(f"/tickets/{tid(org)}", json={"cf": {"cf_region": "EMEA"}})
    [latest, _] = await events(desk, tid(org))
    assert latest["eventInfo"] == [{"propertyName": "cf_region", "propertyType": "ValueTransition",
                                    "propertyValue": {"previousValue": None, "updatedValue": "EMEA"},
                                    "systemProperty": False}]


async def test_creating_a_ticket_with_an_upload_records_creation_then_the_file(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    upload = (await desk.post("/uploads", files={"file": ("a.txt", b"abc", "text/plain")})).json()
    quiet = ticket(org, "Quiet ticket")
    created = await desk.post("/tickets", json={"subject": "New", "departmentId": quiet["departmentId"],
                                                "contactId": quiet["contactId"], "uploads": [upload["id"]]})
    names = [(e["eventName"], e["actor"]["type"]) for e in await events(desk, created.json()["id"])]
    assert names == [("AttachmentAdded", "Agent"), ("TicketCreated", "Agent")]


async def test_comments_attachments_tags_and_trash_are_recorded(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_id = tid(org)
    for step in (
        desk.post(f"/tickets/{ticket_id}/comments", json={"content": "<b>Called</b> the customer"}),
        desk.post(f"/tickets/{ticket_id}/attachments", files={"file": ("x.log", b"x")}),
        desk.post(f"/tickets/{ticket_id}/associateTag", json={"tags": ["urgent"]}),
        desk.post(f"/tickets/{ticket_id}/dissociateTag", json={"tags": ["urgent"]}),
    ):
        sandbox.store.clock.offset += 1
        assert (await step).status_code == 200
    names = [e["eventName"] for e in await events(desk, ticket_id)]
    assert names == ["TagsRemoved", "TagsAdded", "AttachmentAdded", "CommentAdded", "TicketCreated"]
    history = await events(desk, ticket_id)
    assert info(history[0]) == {"Tags": ["urgent"]}
    assert info(history[3])["Content"] == "Called the customer"
    sandbox.store.clock.offset += 1
    assert (await desk.post("/tickets/moveToTrash", json={"ticketIds": [ticket_id]})).status_code == 204
    assert org.history[ticket_id][-1]["eventName"] == "TicketDeleted"


async def test_events_filter_by_kind_agent_and_field(desk: httpx.AsyncClient, org: OrgData) -> None:
    await desk.patch(f"/tickets/{tid(org)}", json={"priority": "Low"})
    await desk.post(f"/tickets/{tid(org)}/comments", json={"content": "note"})
    comments = await events(desk, tid(org), eventFilter="CommentHistory")
    mine = await events(desk, tid(org), agentId=agent_id(org, ADMIN))
    priority = await events(desk, tid(org), fieldName="priority")
    assert [e["eventName"] for e in comments] == ["CommentAdded"]
    assert {e["eventName"] for e in mine} == {"CommentAdded", "TicketUpdated"}
    assert [e["eventName"] for e in priority] == ["TicketUpdated"]
    assert await events(desk, tid(org), eventFilter="SLAHistory") == []


async def test_history_pages_with_from_and_limit_and_defaults_to_ten(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    for i in range(12):
        sandbox.store.clock.offset += 1
        await desk.post(f"/tickets/{tid(org)}/comments", json={"content": f"note {i}"})
    default = (await desk.get(f"/tickets/{tid(org)}/History")).json()["data"]
    second = await events(desk, tid(org), **{"from": 10, "limit": 2})
    assert len(default) == 10 and info(default[0])["Content"] == "note 11"
    assert [info(e)["Content"] for e in second] == ["note 1", "note 0"]


@pytest.mark.parametrize("params", [{"limit": 51}, {"limit": 0}, {"eventFilter": "Nope"}, {"agentId": "x"},
                                    {"sortBy": "eventTime"}])
async def test_bad_history_parameters_are_refused(
    desk: httpx.AsyncClient, org: OrgData, params: dict[str, object]
) -> None:
    response = await desk.get(f"/tickets/{tid(org)}/History", params=params)
    assert response.status_code == 422


async def test_history_needs_tickets_read_and_a_live_ticket(
    sandbox: Sandbox, http: httpx.AsyncClient, desk: httpx.AsyncClient, org: OrgData
) -> None:
    async with await scoped_desk(sandbox, http, org, ["Desk.contacts.READ"]) as client:
        refused = await client.get(f"/tickets/{tid(org)}/History")
    assert refused.json()["errorCode"] == "SCOPE_MISMATCH"
    assert (await desk.get(f"/tickets/{tid(org, 'Binned ticket')}/History")).status_code == 404


async def test_the_actor_is_the_agent_who_owns_the_token(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    for grant in sandbox.store.refresh_grants.values():  # as if Bob had signed in (login_hint)
        grant.owner_email = AGENT
    await desk.patch(f"/tickets/{tid(org)}", json={"priority": "Low"})
    latest = (await events(desk, tid(org)))[0]
    assert latest["actor"] == {"id": agent_id(org, AGENT), "name": "Bob Agent", "type": "Agent"}


async def test_a_sent_reply_is_recorded_as_a_thread_by_the_caller(desk: httpx.AsyncClient, org: OrgData) -> None:
    quiet = ticket(org, "Quiet ticket")
    sender = next(a["address"] for a in org.reply_addresses.values() if a["departmentId"] == quiet["departmentId"])
    response = await desk.post(
        f"/tickets/{tid(org)}/sendReply",
        json={"channel": "EMAIL", "fromEmailAddress": sender, "to": quiet["email"], "content": "We are on it."},
    )
    assert response.status_code == 200, response.text
    latest = (await events(desk, tid(org)))[0]
    assert (latest["eventName"], latest["actor"]["id"]) == ("ThreadAdded", agent_id(org, ADMIN))
    assert info(latest)["Direction"] == "out"
