"""Reply addresses and e-mail templates: the lists, rendering for a ticket, and their data-file entries."""

from __future__ import annotations

import copy
import re
from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.dataset import DatasetError, load
from zoho_desk_mcp.sandbox.reply_data import default_address, slug
from zoho_desk_mcp.sandbox.resources.templates import render_text
from zoho_desk_mcp.sandbox.store import OrgData, Record

from .support import BASE_URL, access_token, scoped_headers


def a_ticket(org: OrgData) -> Record:
    return next(iter(org.tickets.values()))


def small_data(**extra: Any) -> dict[str, Any]:
    org = {
        "companyName": "Zylker & Co.",
        "portalName": "zylker",
        "departments": [{"name": "Sales"}, {"name": "After-Sales Service"}],
        "agents": [{"emailId": "boss@zylker.test", "lastName": "Boss", "departments": ["Sales"]}],
        "contacts": [{"email": "ann@customer.test", "firstName": "Ann", "lastName": "Lee"}],
        "tickets": [{"subject": "Quote", "department": "Sales", "contact": "ann@customer.test"}],
        **extra,
    }
    return {"organizations": [org]}


# --- reply addresses ------------------------------------------------------------------------------------
def test_the_slug_rule_of_the_default_address() -> None:
    assert slug("After-Sales  Service!") == "after-sales-service"
    assert default_address("Technical Support", "Acme Support") == "support@technical-support.acme-support.example"


async def test_every_seeded_department_lists_its_default_address(desk: httpx.AsyncClient, org: OrgData) -> None:
    for department in org.departments.values():
        response = await desk.get("/mailReplyAddress", params={"departmentId": department["id"]})
        assert response.status_code == 200
        [row] = response.json()["data"]
        assert row["address"] == default_address(department["name"], "Acme Support")
        assert (row["departmentId"], row["isActive"], row["isVerified"]) == (department["id"], True, True)
        assert not any(key.startswith("_") for key in row)


async def test_a_data_file_lists_its_default_first_and_filters_on_is_active() -> None:
    addresses = [
        {"address": "old@zylker.test", "department": "Sales", "isActive": False},
        {"address": "sales@zylker.test", "displayName": "Zylker Sales", "department": "sales", "isDefault": True},
    ]
    store = load(small_data(replyAddresses=addresses))
    org = store.first_org()
    by_department = {
        org.departments[a["departmentId"]]["name"]: a["address"] for a in reversed(org.reply_addresses.values())
    }
    assert by_department == {
        "Sales": "old@zylker.test",
        "After-Sales Service": "support@after-sales-service.zylker-co.example",
    }
    sandbox = Sandbox(small_data(replyAddresses=addresses))
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=BASE_URL) as http:
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(http)}", "orgId": org.id}
        sales = next(d for d in sandbox.store.first_org().departments.values() if d["name"] == "Sales")
        rows = (
            await http.get("/api/v1/mailReplyAddress", params={"departmentId": sales["id"]}, headers=headers)
        ).json()
        assert [r["address"] for r in rows["data"]] == ["sales@zylker.test", "old@zylker.test"]
        active = await http.get(
            "/api/v1/mailReplyAddress", params={"departmentId": sales["id"], "isActive": "false"}, headers=headers
        )
        assert [r["address"] for r in active.json()["data"]] == ["old@zylker.test"]


@pytest.mark.parametrize(
    "params", [{}, {"departmentId": "abc"}, {"departmentId": "123"}, {"departmentId": "1", "x": "1"}]
)
async def test_the_address_list_needs_a_known_department(desk: httpx.AsyncClient, params: dict[str, str]) -> None:
    response = await desk.get("/mailReplyAddress", params=params)
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_the_address_list_takes_the_settings_or_basic_read_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    department = next(iter(org.departments))
    for scopes, status in ((["Desk.basic.READ"], 200), (["Desk.settings.READ"], 200), (["Desk.tickets.ALL"], 401)):
        headers = await scoped_headers(http, scopes, org.id)
        response = await http.get("/api/v1/mailReplyAddress", params={"departmentId": department}, headers=headers)
        assert response.status_code == status


# --- templates ------------------------------------------------------------------------------------------
async def test_templates_are_listed_per_department_as_a_bare_array(desk: httpx.AsyncClient, org: OrgData) -> None:
    department = next(iter(org.departments.values()))
    response = await desk.get("/templates", params={"departmentId": department["id"], "module": "tickets"})
    assert response.status_code == 200
    rows = response.json()
    assert [r["templateName"] for r in rows] == ["Acknowledgement", "Request more information", "Resolved"]
    assert {(r["departmentId"], r["recordType"], r["category"]) for r in rows} == {
        (department["id"], "tickets", "CUSTOM_TEMPLATE")
    }
    page = await desk.get(
        "/templates", params={"departmentId": department["id"], "module": "tickets", "from": 2, "limit": 1}
    )
    assert [r["templateName"] for r in page.json()] == ["Request more information"]


@pytest.mark.parametrize(
    ("search", "names"),
    [
        ("re*", ["Request more information", "Resolved"]),
        ("*MORE*", ["Request more information"]),
        ("resolved", ["Resolved"]),
        ("res", []),
    ],
)
async def test_search_str_matches_template_names(
    desk: httpx.AsyncClient, org: OrgData, search: str, names: list[str]
) -> None:
    params = {"departmentId": next(iter(org.departments)), "module": "tickets", "searchStr": search}
    assert [r["templateName"] for r in (await desk.get("/templates", params=params)).json()] == names


@pytest.mark.parametrize(
    "params",
    [
        {"departmentId": None},
        {"module": None},
        {"limit": "51"},
        {"from": "0"},
        {"module": "pets"},
        {"departmentId": "1"},
    ],
)
async def test_bad_template_list_parameters_are_unprocessable(
    desk: httpx.AsyncClient, org: OrgData, params: dict[str, str | None]
) -> None:
    query = {"departmentId": next(iter(org.departments)), "module": "tickets", **params}
    response = await desk.get("/templates", params={k: v for k, v in query.items() if v is not None})
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_render_fills_the_placeholders_for_the_ticket(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = a_ticket(org)
    contact = org.contacts[ticket["contactId"]]
    template = next(
        t
        for t in org.templates.values()
        if t["departmentId"] == ticket["departmentId"] and t["templateName"] == "Resolved"
    )
    response = await desk.post(
        f"/templates/{template['templateId']}/render",
        params={"entityId": ticket["id"]},
        json={"source": "TICKET_REPLY"},
    )
    assert response.status_code == 200, response.text
    rendered = response.json()
    assert rendered["subject"] == f"Resolved: {ticket['subject']}"
    assert f"Hi {contact['firstName']}," in rendered["body"]
    assert f"#{ticket['ticketNumber']} is resolved" in rendered["body"]
    assert contact["email"] in rendered["body"] and "Acme Support" in rendered["body"]
    assert "${" not in rendered["body"] and rendered["attachments"] == []


async def test_render_needs_a_known_ticket_and_template(desk: httpx.AsyncClient, org: OrgData) -> None:
    template = next(iter(org.templates))
    ticket = a_ticket(org)["id"]
    assert (await desk.post(f"/templates/{template}/render", params={"entityId": "123"})).status_code == 422
    assert (await desk.post(f"/templates/{template}/render")).status_code == 422
    assert (await desk.post("/templates/123/render", params={"entityId": ticket})).status_code == 404
    bad_source = await desk.post(f"/templates/{template}/render", params={"entityId": ticket}, json={"source": "X"})
    assert bad_source.status_code == 422


async def test_render_escapes_values_in_html_and_blanks_unknown_fields() -> None:
    data = small_data(
        templates=[
            {
                "name": "T",
                "department": "Sales",
                "subject": "${Cases.Subject}",
                "body": "${Contacts.First Name}|${Cases.Nope}|${Organization.Organization Name}",
            }
        ]
    )
    data["organizations"][0]["contacts"][0]["firstName"] = "<Ann>"
    org = load(data).first_org()
    template = next(iter(org.templates.values()))
    assert render_text(template["body"], org, a_ticket(org), as_html=True) == "&lt;Ann&gt;||Zylker &amp; Co."


# --- data file ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "entry", "message"),
    [
        (
            "replyAddresses",
            {"address": "a@zylker.test", "department": "Nope"},
            "organizations[0].replyAddresses[0]: unknown department 'Nope'",
        ),
        ("replyAddresses", {"department": "Sales"}, "organizations[0].replyAddresses[0]: 'address' is required"),
        ("replyAddresses", {"address": "not mail", "department": "Sales"}, "is not an e-mail address"),
        ("templates", {"name": "T", "department": "Sales"}, "organizations[0].templates[0]: 'body' is required"),
        (
            "templates",
            {"name": "T", "department": "Nope", "body": "x"},
            "organizations[0].templates[0]: unknown department",
        ),
    ],
)
def test_a_bad_entry_names_its_path(key: str, entry: dict[str, Any], message: str) -> None:
    with pytest.raises(DatasetError, match=re.escape(message)):
        load(small_data(**{key: [entry]}))


def test_two_defaults_in_one_department_are_refused() -> None:
    entry = {"address": "a@zylker.test", "department": "Sales", "isDefault": True}
    second = dict(entry, address="b@zylker.test")
    with pytest.raises(DatasetError, match=r"replyAddresses\[1\]: 'Sales' already has a default"):
        load(small_data(replyAddresses=[entry, second]))


def test_duplicate_template_names_in_a_department_are_refused() -> None:
    entry = {"name": "Hello", "department": "Sales", "body": "x"}
    with pytest.raises(DatasetError, match=r"templates\[1\]: duplicate template 'hello'"):
        load(small_data(templates=[entry, dict(entry, name="hello")]))


def test_reply_entries_leave_every_other_id_unchanged() -> None:
    plain = load(small_data()).first_org()
    extra = small_data(templates=[{"name": "T", "department": "Sales", "body": "x"}])
    loaded = load(copy.deepcopy(extra)).first_org()
    assert list(loaded.tickets) == list(plain.tickets) and list(loaded.contacts) == list(plain.contacts)
