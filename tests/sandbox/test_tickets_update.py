"""`PATCH /tickets/{id}` and `POST /tickets/moveToTrash`: field rules, status bookkeeping, atomicity."""

from __future__ import annotations

import copy

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from . import ticket_data as td
from .support import scoped_token


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(td.ticket_data())


async def test_a_patch_changes_only_the_given_fields_and_stamps_the_change(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    before = copy.deepcopy(org.tickets[ticket_id])
    sandbox.store.clock.offset += 120
    response = await desk.patch(
        f"/tickets/{ticket_id}", json={"priority": "Low", "subject": "Printer smokes"}
    )
    assert response.status_code == 200
    after = response.json()
    assert (after["priority"], after["subject"]) == ("Low", "Printer smokes")
    assert after["modifiedTime"] > before["modifiedTime"]
    assert after["modifiedBy"] == td.agent(org, "admin@acme.test")
    unchanged = {k for k in before if k not in ("priority", "subject", "modifiedTime", "modifiedBy")}
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}


async def test_status_changes_keep_status_type_and_closed_time_in_step(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    closed = (await desk.patch(f"/tickets/{ticket_id}", json={"status": "Closed"})).json()
    assert closed["statusType"] == "Closed" and closed["closedTime"] == closed["modifiedTime"]
    escalated = (await desk.patch(f"/tickets/{ticket_id}", json={"status": "Escalated"})).json()
    assert (escalated["statusType"], escalated["isEscalated"], escalated["closedTime"]) == (
        "Open",
        True,
        None,
    )
    held = (await desk.patch(f"/tickets/{ticket_id}", json={"status": "On Hold"})).json()
    assert held["statusType"] == "On Hold" and held["onholdTime"] is not None


async def test_closing_again_keeps_the_first_closed_time(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_id = td.ticket(org, "Old invoice")
    closed_time = org.tickets[ticket_id]["closedTime"]
    sandbox.store.clock.offset += 60
    after = (
        await desk.patch(f"/tickets/{ticket_id}", json={"status": "Closed", "resolution": "Paid"})
    ).json()
    assert after["closedTime"] == closed_time


async def test_moving_department_needs_links_that_fit_and_changes_nothing_otherwise(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    before = copy.deepcopy(org.tickets[ticket_id])
    billing = td.department(org, "Billing")
    response = await desk.patch(f"/tickets/{ticket_id}", json={"departmentId": billing, "subject": "Moved"})
    assert td.field_errors(response) == {("/assigneeId", "invalid"), ("/teamId", "invalid")}
    assert org.tickets[ticket_id] == before
    body = {
        "departmentId": billing,
        "assigneeId": td.agent(org, "bob@acme.test"),
        "teamId": td.team(org, "Payments"),
    }
    moved = (await desk.patch(f"/tickets/{ticket_id}", json=body)).json()
    assert (moved["departmentId"], moved["teamId"]) == (billing, td.team(org, "Payments"))


async def test_a_patch_can_unassign(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    after = (await desk.patch(f"/tickets/{ticket_id}", json={"assigneeId": None, "teamId": ""})).json()
    assert (after["assigneeId"], after["teamId"]) == (None, None)


async def test_custom_fields_merge_and_a_new_contact_brings_its_address(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    body = {"cf": {"cf_priority_reason": "VIP"}, "contactId": td.contact(org, "dave@example.com")}
    after = (await desk.patch(f"/tickets/{ticket_id}", json=body)).json()
    assert after["cf"] == {"cf_order_id": "A-1", "cf_priority_reason": "VIP"}
    assert (after["email"], after["phone"]) == ("dave@example.com", "555-0199")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"subject": None}, "/subject"),
        ({"subject": ""}, "/subject"),
        ({"status": None}, "/status"),
        ({"channel": None}, "/channel"),
        ({"departmentId": None}, "/departmentId"),
        ({"contactId": None}, "/contactId"),
        ({"status": "Done"}, "/status"),
        ({"dueDate": "tomorrow"}, "/dueDate"),
        ({"assigneeId": "42"}, "/assigneeId"),
    ],
)
async def test_invalid_updates_are_rejected_on_their_field(
    desk: httpx.AsyncClient, org: OrgData, body: dict[str, object], field: str
) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    before = copy.deepcopy(org.tickets[ticket_id])
    assert {name for name, _ in td.field_errors(await desk.patch(f"/tickets/{ticket_id}", json=body))} == {
        field
    }
    assert org.tickets[ticket_id] == before


async def test_patch_rejects_unknown_keys_empty_bodies_and_bad_query_values(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    for call in (
        desk.patch(f"/tickets/{ticket_id}", json={"contact": {"lastName": "X"}}),
        desk.patch(f"/tickets/{ticket_id}", json={"ticketNumber": "9"}),
        desk.patch(
            f"/tickets/{ticket_id}", params={"disableClosureNotification": "yes"}, json={"priority": "Low"}
        ),
        desk.patch(f"/tickets/{ticket_id}", params={"notify": "true"}, json={"priority": "Low"}),
    ):
        response = await call
        assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    response = await desk.patch(f"/tickets/{ticket_id}", content=b"")
    assert response.json()["errorCode"] == "EMPTY_PAYLOAD"
    quiet = await desk.patch(
        f"/tickets/{ticket_id}", params={"disableClosureNotification": "true"}, json={"status": "Closed"}
    )
    assert quiet.status_code == 200


async def test_a_patch_can_attach_uploads(sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    upload = td.add_upload(org, sandbox.store, "photo.jpg", 99)
    after = (await desk.patch(f"/tickets/{ticket_id}", json={"uploads": [upload]})).json()
    assert after["attachmentCount"] == "1" and upload not in org.uploads


async def test_unknown_and_trashed_tickets_are_not_found(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    org.tickets[ticket_id]["isTrashed"] = True
    for response in (
        await desk.patch(f"/tickets/{ticket_id}", json={"priority": "Low"}),
        await desk.patch("/tickets/999", json={"priority": "Low"}),
        await desk.get(f"/tickets/{ticket_id}"),
    ):
        assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_trash_hides_tickets_but_keeps_the_records(desk: httpx.AsyncClient, org: OrgData) -> None:
    ids = [td.ticket(org, "Printer on fire"), td.ticket(org, "Old invoice")]
    response = await desk.post("/tickets/moveToTrash", json={"ticketIds": ids})
    assert (response.status_code, response.content) == (204, b"")
    assert all(org.tickets[i]["isTrashed"] for i in ids)
    assert (await desk.get(f"/tickets/{ids[0]}")).status_code == 404
    listed = (await desk.get("/tickets", params={"limit": 100})).json()["data"]
    assert not {row["id"] for row in listed} & set(ids)
    again = await desk.post("/tickets/moveToTrash", json={"ticketIds": ids[:1]})
    assert td.field_errors(again) == {("/ticketIds", "invalid")}


async def test_trash_is_all_or_nothing(desk: httpx.AsyncClient, org: OrgData) -> None:
    live = td.ticket(org, "Printer on fire")
    bodies: tuple[dict[str, list[str]], ...] = (
        {"ticketIds": [live, "12345"]},
        {"ticketIds": [live, "abc"]},
        {"ticketIds": []},
        {"ids": [live]},
    )
    for body in bodies:
        response = await desk.post("/tickets/moveToTrash", json=body)
        assert response.status_code == 422, body
    assert not org.tickets[live].get("isTrashed")
    assert td.field_errors(await desk.post("/tickets/moveToTrash", json={"ticketIds": []})) == {
        ("/ticketIds", "missing")
    }


async def test_each_write_needs_its_own_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = td.ticket(org, "Printer on fire")
    for scopes, status in (
        (["Desk.tickets.READ", "Desk.tickets.CREATE"], 401),
        (["Desk.tickets.UPDATE"], 200),
    ):
        token = await scoped_token(http, scopes)
        headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
        response = await http.patch(f"/api/v1/tickets/{ticket_id}", json={"priority": "Low"}, headers=headers)
        assert response.status_code == status
    for scopes, status in ((["Desk.tickets.UPDATE"], 401), (["Desk.tickets.DELETE"], 204)):
        token = await scoped_token(http, scopes)
        headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
        response = await http.post(
            "/api/v1/tickets/moveToTrash", json={"ticketIds": [ticket_id]}, headers=headers
        )
        assert response.status_code == status
        if status == 401:
            assert response.json()["errorCode"] == "SCOPE_MISMATCH"
