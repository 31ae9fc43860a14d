"""Custom ticket fields: declared per organization, listed by organizationFields, checked on every write."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox, dataset
from zoho_desk_mcp.sandbox.seed import default_data
from zoho_desk_mcp.sandbox.store import OrgData

from . import ticket_data as td


def some_ticket(org: OrgData) -> str:
    return str(next(t["id"] for t in org.tickets.values() if not t.get("cf")))


async def test_the_default_data_declares_custom_fields_with_values_on_some_tickets(
    sandbox: Sandbox, desk: httpx.AsyncClient
) -> None:
    for org in sandbox.store.orgs.values():
        fields = (await desk.get("/organizationFields", params={"module": "tickets"}, headers={"orgId": org.id})).json()
        custom = {f["apiName"]: f for f in fields["data"] if f["isCustomField"]}
        assert set(custom) == {"cf_order_id", "cf_service_plan", "cf_renewal_date"}
        plan = custom["cf_service_plan"]
        assert (plan["displayLabel"], plan["type"]) == ("Service plan", "Picklist")
        assert plan["allowedValues"] == ["Basic", "Standard", "Premium", "Enterprise"]
        assert custom["cf_renewal_date"]["type"] == "Date" and "allowedValues" not in custom["cf_order_id"]
        plans = [t["cf"]["cf_service_plan"] for t in org.tickets.values() if "cf_service_plan" in t["cf"]]
        assert plans and set(plans) <= set(plan["allowedValues"])
    system = {f["apiName"] for f in fields["data"] if not f["isCustomField"]}
    assert {"subject", "status", "priority", "channel"} <= system


def test_custom_fields_leave_the_rest_of_the_default_data_as_it_was() -> None:
    data = default_data()
    stripped = copy.deepcopy(data)
    for org in stripped["organizations"]:
        org.pop("customFields")
        for ticket in org["tickets"]:
            if set(ticket.get("cf", {})) - {"cf_order_id"}:
                ticket.pop("cf")
    store = dataset.load(stripped)
    full = dataset.load(data)
    for before, after in zip(store.orgs.values(), full.orgs.values(), strict=True):
        assert list(before.tickets) == list(after.tickets)
        numbers = [t["ticketNumber"] for t in before.tickets.values()]
        assert numbers == [t["ticketNumber"] for t in after.tickets.values()]


async def test_fields_of_other_modules_are_empty_and_the_module_is_required(desk: httpx.AsyncClient) -> None:
    assert (await desk.get("/organizationFields", params={"module": "contacts"})).json() == {"data": []}
    assert (await desk.get("/organizationFields")).status_code == 422
    assert (await desk.get("/organizationFields", params={"module": "nope"})).status_code == 422


async def test_a_picklist_value_is_stored_under_both_names(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket_id = some_ticket(org)
    response = await desk.patch(f"/tickets/{ticket_id}", json={"cf": {"cf_service_plan": "Premium"}})
    assert response.status_code == 200
    body = response.json()
    assert body["cf"]["cf_service_plan"] == "Premium" and body["customFields"]["Service plan"] == "Premium"
    by_label = await desk.patch(f"/tickets/{ticket_id}", json={"customFields": {"Service plan": "Basic"}})
    assert by_label.json()["cf"]["cf_service_plan"] == "Basic"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cf": {"cf_service_plan": "Gold"}}, "/cf/cf_service_plan"),
        ({"cf": {"cf_nope": "x"}}, "/cf/cf_nope"),
        ({"customFields": {"Plan": "Basic"}}, "/customFields/Plan"),
        ({"cf": {"cf_renewal_date": "31/12/2026"}}, "/cf/cf_renewal_date"),
        ({"cf": {"cf_order_id": "x" * 256}}, "/cf/cf_order_id"),
        ({"cf": "Gold"}, "/cf"),
    ],
)
async def test_a_value_the_field_does_not_take_is_rejected(
    desk: httpx.AsyncClient, org: OrgData, body: dict[str, Any], field: str
) -> None:
    ticket_id = some_ticket(org)
    response = await desk.patch(f"/tickets/{ticket_id}", json=body)
    assert td.field_errors(response) == {(field, "invalid")}
    assert org.tickets[ticket_id]["cf"] == {}


async def test_a_bad_picklist_value_names_the_allowed_ones(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.patch(f"/tickets/{some_ticket(org)}", json={"cf": {"cf_service_plan": "Gold"}})
    message = response.json()["errors"][0]["errorMessage"]
    assert "Basic, Standard, Premium, Enterprise" in message


async def test_creating_a_ticket_checks_custom_fields_too(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = next(iter(org.tickets.values()))
    base = {"subject": "Plan question", "departmentId": ticket["departmentId"], "contactId": ticket["contactId"]}
    bad = await desk.post("/tickets", json={**base, "cf": {"cf_service_plan": "Gold"}})
    assert td.field_errors(bad) == {("/cf/cf_service_plan", "invalid")}
    good = await desk.post("/tickets", json={**base, "cf": {"cf_service_plan": "Standard", "cf_renewal_date": ""}})
    assert good.status_code == 200 and good.json()["cf"] == {"cf_service_plan": "Standard", "cf_renewal_date": None}


async def test_update_many_sets_a_custom_field_by_api_name_and_checks_its_value(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    chosen = [t["id"] for t in org.tickets.values()][:3]
    body = {"ids": chosen, "fieldName": "cf_service_plan", "isCustomField": True, "fieldValue": "Enterprise"}
    assert (await desk.post("/tickets/updateMany", json=body)).status_code == 204
    assert all(org.tickets[i]["cf"]["cf_service_plan"] == "Enterprise" for i in chosen)
    assert td.field_errors(await desk.post("/tickets/updateMany", json={**body, "fieldValue": "Gold"})) == {
        ("/fieldValue", "invalid")
    }
    assert td.field_errors(await desk.post("/tickets/updateMany", json={**body, "fieldName": "cf_nope"})) == {
        ("/fieldName", "invalid")
    }


def test_a_data_file_declares_custom_fields_and_its_tickets_must_fit_them() -> None:
    data = td.ticket_data()
    data["organizations"][0]["customFields"] = [
        {"label": "Tier", "type": "Picklist", "allowedValues": ["Gold", "Silver"]},
        {"label": "Order", "apiName": "cf_order_id"},
    ]
    org = dataset.load(data).first_org()
    assert [(f["apiName"], f["type"]) for f in org.custom_fields] == [("cf_tier", "Picklist"), ("cf_order_id", "Text")]
    assert org.tickets[td.ticket(org, "Printer on fire")]["customFields"] == {"Order": "A-1"}
    data["organizations"][0]["tickets"][0]["cf"] = {"cf_tier": "Bronze"}
    with pytest.raises(dataset.DatasetError, match=r"tickets\[0\].*Gold, Silver"):
        dataset.load(data)


@pytest.mark.parametrize(
    "entry",
    [
        {"type": "Text"},
        {"label": "Tier", "type": "Picklist"},
        {"label": "Tier", "type": "Colour"},
        {"label": "Tier", "apiName": "tier"},
    ],
)
def test_a_bad_custom_field_entry_fails_at_start_up_with_its_path(entry: dict[str, Any]) -> None:
    data = td.ticket_data()
    data["organizations"][0]["customFields"] = [entry]
    with pytest.raises(dataset.DatasetError, match=r"customFields\[0\]"):
        dataset.load(data)
