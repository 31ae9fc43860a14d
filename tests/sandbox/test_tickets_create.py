"""`POST /tickets` and `GET /tickets/{id}`: required fields, inline contacts, links, uploads, atomicity."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from . import ticket_data as td
from .support import scoped_token


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(td.ticket_data())


def base(org: OrgData, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": "Cannot log in",
        "departmentId": td.department(org, "Support"),
        "contactId": td.contact(org, "carol@example.com"),
    }
    body.update(extra)
    return body


def snapshot(org: OrgData) -> tuple[int, int, int, int]:
    return len(org.tickets), len(org.contacts), len(org.uploads), sum(map(len, org.attachments.values()))


async def test_a_ticket_is_created_with_defaults_and_read_back(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/tickets", json=base(org, description="<p>Help</p>"))
    assert response.status_code == 200
    created = response.json()
    assert created["subject"] == "Cannot log in"
    assert (created["status"], created["statusType"], created["channel"]) == ("Open", "Open", "Email")
    assert created["ticketNumber"] == str(org.next_ticket_number - 1)
    assert (created["email"], created["phone"]) == ("carol@example.com", "555-0100")
    assert created["threadCount"] == "0" and created["closedTime"] is None
    assert created["createdTime"].endswith("Z") and created["webUrl"].endswith(f"#Cases/dv/{created['id']}")
    assert not [key for key in created if key.startswith("_")]
    fetched = await desk.get(f"/tickets/{created['id']}")
    assert fetched.json() == created


async def test_explicit_email_and_phone_win_over_the_contacts(desk: httpx.AsyncClient, org: OrgData) -> None:
    created = (await desk.post("/tickets", json=base(org, email="other@example.com", phone="1"))).json()
    assert (created["email"], created["phone"]) == ("other@example.com", "1")


async def test_every_optional_field_is_stored(desk: httpx.AsyncClient, org: OrgData) -> None:
    fields = {
        "status": "Closed",
        "priority": "High",
        "channel": "Phone",
        "classification": "Problem",
        "category": "General",
        "subCategory": "Sub",
        "language": "French",
        "resolution": "Rebooted",
        "dueDate": "2030-01-01T10:00:00.000Z",
        "responseDueDate": "2029-12-31T10:00:00.000Z",
        "assigneeId": td.agent(org, "ann@acme.test"),
        "teamId": td.team(org, "Tier 1"),
        "productId": td.product(org, "Widget"),
        "cf": {"cf_order_id": "A-9"},
        "customFields": {"Order": "A-9"},
        "secondaryContacts": [td.contact(org, "dave@example.com")],
        "entitySkills": [],
        "sharedDepartments": [{"id": td.department(org, "Billing"), "type": "READ_ONLY"}],
    }
    created = (await desk.post("/tickets", json=base(org, **fields))).json()
    for name, value in fields.items():
        assert created[name] == value, name
    assert created["statusType"] == "Closed" and created["closedTime"] == created["createdTime"]


async def test_an_inline_contact_is_created_with_the_ticket(desk: httpx.AsyncClient, org: OrgData) -> None:
    body = base(
        org, contact={"lastName": "New", "firstName": "Nina", "email": "nina@example.com", "phone": "7"}
    )
    del body["contactId"]
    created = (await desk.post("/tickets", json=body)).json()
    contact = org.contacts[created["contactId"]]
    assert (contact["firstName"], contact["lastName"], contact["email"]) == (
        "Nina",
        "New",
        "nina@example.com",
    )
    assert (created["email"], created["phone"]) == ("nina@example.com", "7")
    included = (await desk.get(f"/tickets/{created['id']}", params={"include": "contacts"})).json()
    assert included["contact"]["email"] == "nina@example.com"


async def test_an_inline_contact_with_only_an_email_takes_its_local_part_as_last_name(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    body = {**base(org), "contact": {"email": "zed.zero@example.com"}}
    del body["contactId"]
    created = (await desk.post("/tickets", json=body)).json()
    assert org.contacts[created["contactId"]]["lastName"] == "zed.zero"


async def test_an_inline_contact_with_a_known_email_reuses_that_contact(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    contacts = len(org.contacts)
    body = {**base(org), "contact": {"lastName": "Other", "email": "DAVE@example.com"}}
    del body["contactId"]
    created = (await desk.post("/tickets", json=body)).json()
    assert created["contactId"] == td.contact(org, "dave@example.com")
    assert len(org.contacts) == contacts


async def test_required_fields_are_named_in_one_invalid_data_error(desk: httpx.AsyncClient) -> None:
    response = await desk.post("/tickets", json={"priority": "High"})
    assert td.field_errors(response) == {
        ("/subject", "missing"),
        ("/departmentId", "missing"),
        ("/contactId", "missing"),
    }


async def test_an_inline_contact_needs_a_last_name_or_email_and_nothing_is_created(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    before = snapshot(org)
    body = {**base(org), "contact": {"firstName": "Only"}}
    del body["contactId"]
    assert td.field_errors(await desk.post("/tickets", json=body)) == {("/contact/lastName", "missing")}
    assert snapshot(org) == before


async def test_a_bad_ticket_field_creates_no_inline_contact(desk: httpx.AsyncClient, org: OrgData) -> None:
    before = snapshot(org)
    body = {**base(org, priority="Urgent"), "contact": {"lastName": "Never", "email": "never@example.com"}}
    del body["contactId"]
    assert td.field_errors(await desk.post("/tickets", json=body)) == {("/priority", "invalid")}
    assert snapshot(org) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("priority", "Urgent"),
        ("status", "Pending"),
        ("channel", "Fax"),
        ("classification", "Rant"),
        ("language", "Klingon"),
        ("dueDate", "2030-01-01"),
        ("responseDueDate", "2030-01-01T10:00:00+01:00"),
        ("email", "not-an-email"),
        ("email", "a" * 140 + "@example.com"),
        ("subject", "s" * 256),
        ("phone", "1" * 121),
        ("category", "c" * 301),
        ("cf", {"cf_x": "v" * 256}),
        ("cf", ["x"]),
        ("secondaryContacts", ["1"] * 21),
        ("entitySkills", ["123"]),
        ("accountId", "123"),
        ("layoutId", "123"),
        ("sharedDepartments", [{"id": "1", "type": "READ_ONLY"}]),
        ("contactId", "123"),
        ("departmentId", "123"),
        ("departmentId", "abc"),
        ("subject", 42),
        ("subject", "  "),
    ],
)
async def test_an_invalid_value_is_rejected_on_its_field(
    desk: httpx.AsyncClient, org: OrgData, field: str, value: Any
) -> None:
    errors = td.field_errors(await desk.post("/tickets", json=base(org, **{field: value})))
    assert {name for name, _ in errors} == {f"/{field}"}


async def test_a_disabled_department_takes_no_tickets(desk: httpx.AsyncClient, org: OrgData) -> None:
    body = base(org, departmentId=td.department(org, "Archive"))
    assert td.field_errors(await desk.post("/tickets", json=body)) == {("/departmentId", "invalid")}


@pytest.mark.parametrize(
    ("field", "kind", "name"),
    [
        ("assigneeId", "agent", "bob@acme.test"),
        ("assigneeId", "agent", "gone@acme.test"),
        ("assigneeId", "agent", "lite@acme.test"),
        ("teamId", "team", "Payments"),
        ("productId", "product", "Invoice Pro"),
    ],
)
async def test_links_must_fit_the_department(
    desk: httpx.AsyncClient, org: OrgData, field: str, kind: str, name: str
) -> None:
    record_id = getattr(td, kind)(org, name)
    response = await desk.post("/tickets", json=base(org, **{field: record_id}))
    assert td.field_errors(response) == {(f"/{field}", "invalid")}


async def test_empty_strings_for_ids_mean_none(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/tickets", json=base(org, productId="", assigneeId="", classification=""))
    assert response.status_code == 200
    assert (response.json()["productId"], response.json()["assigneeId"]) == (None, None)


async def test_unknown_keys_are_unprocessable(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/tickets", json=base(org, statusType="Open"))
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    body = {**base(org), "contact": {"lastName": "X", "nickname": "x"}}
    response = await desk.post("/tickets", json=body)
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    assert "contact/nickname" in response.json()["message"]


async def test_an_empty_body_is_an_empty_payload(desk: httpx.AsyncClient) -> None:
    response = await desk.post("/tickets", content=b"")
    assert (response.status_code, response.json()["errorCode"]) == (422, "EMPTY_PAYLOAD")


async def test_uploads_become_attachments_and_are_spent(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    uploads = [td.add_upload(org, sandbox.store, "a.txt", 10), td.add_upload(org, sandbox.store, "b.png", 20)]
    created = (await desk.post("/tickets", json=base(org, uploads=uploads))).json()
    assert created["attachmentCount"] == "2"
    names = [(a["name"], a["size"]) for a in org.attachments[created["id"]]]
    assert names == [("a.txt", "10"), ("b.png", "20")]
    assert not set(uploads) & set(org.uploads)
    again = await desk.post("/tickets", json=base(org, uploads=uploads[:1]))
    assert td.field_errors(again) == {("/uploads", "invalid")}


async def test_bad_upload_lists_are_rejected_and_spend_nothing(
    sandbox: Sandbox, desk: httpx.AsyncClient, org: OrgData
) -> None:
    upload = td.add_upload(org, sandbox.store)
    eleven = [td.add_upload(org, sandbox.store) for _ in range(11)]
    before = snapshot(org)
    for uploads in ([upload, "999"], [upload, upload], eleven):
        assert {
            n for n, _ in td.field_errors(await desk.post("/tickets", json=base(org, uploads=uploads)))
        } == {"/uploads"}
    bad_subject = base(org, uploads=[upload], subject="")
    assert td.field_errors(await desk.post("/tickets", json=bad_subject)) == {("/subject", "missing")}
    assert snapshot(org) == before


async def test_get_includes_the_related_records(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = td.ticket(org, "Widget squeaks")
    params = {"include": "contacts,products,assignee,departments,team,contract,isRead,skills"}
    got = (await desk.get(f"/tickets/{ticket_id}", params=params)).json()
    assert got["contact"]["email"] == "carol@example.com"
    assert got["product"]["productName"] == "Widget"
    assert got["assignee"]["email"] == "admin@acme.test"
    assert got["department"]["name"] == "Support"
    assert got["team"] is None and got["contract"] is None and got["isRead"] is False and got["skills"] == []
    plain = (await desk.get(f"/tickets/{ticket_id}")).json()
    assert "contact" not in plain and "assignee" not in plain
    assert plain["description"] is None and plain["cf"] == {}


async def test_get_rejects_unknown_includes_and_ids(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = td.ticket(org, "Widget squeaks")
    response = await desk.get(f"/tickets/{ticket_id}", params={"include": "threads"})
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    response = await desk.get("/tickets/1234567890")
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_creating_needs_a_create_scope(sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData) -> None:
    for scope, status in (
        ("Desk.tickets.READ", 401),
        ("Desk.tickets.CREATE", 200),
        ("Desk.tickets.ALL", 200),
    ):
        token = await scoped_token(http, [scope])
        headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
        response = await http.post("/api/v1/tickets", json=base(org), headers=headers)
        assert response.status_code == status, scope
        if status == 401:
            assert response.json()["errorCode"] == "SCOPE_MISMATCH"
