"""Accounts and a contact's history over HTTP: lists with Zoho's bounds, statistics, tickets, search, and updates."""

from __future__ import annotations

import copy

import httpx
import pytest

from zoho_desk_mcp.sandbox import dataset
from zoho_desk_mcp.sandbox.seed import default_data
from zoho_desk_mcp.sandbox.store import OrgData, Record

from .support import scoped_headers

STORY = "ethan.anderson@example.org"


def account_named(org: OrgData, name: str) -> Record:
    return next(a for a in org.accounts.values() if a["accountName"] == name)


def contact_by(org: OrgData, email: str) -> Record:
    found = org.contact_by_email(email)
    assert found is not None
    return found


async def test_accounts_list_counts_from_one_as_account_json_says(desk: httpx.AsyncClient, org: OrgData) -> None:
    first = (await desk.get("/accounts", params={"from": 1, "limit": 2})).json()["data"]
    second = (await desk.get("/accounts", params={"from": 3, "limit": 2})).json()["data"]
    assert [a["id"] for a in first + second] == list(org.accounts)
    assert set(first[0]) == {"id", "accountName", "website", "phone", "email", "webUrl", "createdTime",
                             "zohoCRMAccount", "customerHappiness"}
    for bad in ({"from": 0}, {"limit": 100}, {"limit": 0}, {"sortBy": "city"}):
        assert (await desk.get("/accounts", params=bad)).status_code == 422
    assert (await desk.get("/accounts", params={"from": 50})).status_code == 204


async def test_accounts_sort_by_name_both_ways(desk: httpx.AsyncClient) -> None:
    up = [a["accountName"] for a in (await desk.get("/accounts", params={"sortBy": "accountName"})).json()["data"]]
    down = [a["accountName"] for a in (await desk.get("/accounts", params={"sortBy": "-accountName"})).json()["data"]]
    assert up == sorted(up) and down == list(reversed(up))


async def test_get_account_returns_the_record_and_its_owner_when_asked(desk: httpx.AsyncClient, org: OrgData) -> None:
    account = account_named(org, "Northwind Traders")
    body = (await desk.get(f"/accounts/{account['id']}", params={"include": "owner"})).json()
    assert body["accountName"] == "Northwind Traders" and body["website"] == "www.northwind.example"
    assert body["owner"]["firstName"] == "Alex"
    assert "#Accounts/dv/" in body["webUrl"]
    assert (await desk.get("/accounts/123")).json()["errorCode"] == "URL_NOT_FOUND"


async def test_account_statistics_count_the_tickets_of_its_contacts(desk: httpx.AsyncClient, org: OrgData) -> None:
    account = account_named(org, "Northwind Traders")
    mine = [t for t in org.tickets.values() if t["accountId"] == account["id"]]
    stats = (await desk.get(f"/accounts/{account['id']}/statistics")).json()
    assert stats["totalTickets"] == str(len(mine)) and int(stats["totalTickets"]) > 0
    assert int(stats["openTickets"]) + int(stats["onholdTickets"]) + int(stats["closedTickets"]) == len(mine)


async def test_account_tickets_are_the_tickets_raised_by_its_contacts(desk: httpx.AsyncClient, org: OrgData) -> None:
    account = account_named(org, "Northwind Traders")
    members = {c["id"] for c in org.contacts.values() if c["accountId"] == account["id"]}
    response = await desk.get(f"/accounts/{account['id']}/tickets",
                              params={"limit": 99, "include": "contacts", "sortBy": "-createdTime"})
    rows = response.json()["data"]
    assert rows and all(row["contactId"] in members for row in rows)
    assert rows[0]["contact"]["account"]["accountName"] == "Northwind Traders"
    times = [row["createdTime"] for row in rows]
    assert times == sorted(times, reverse=True)
    assert (await desk.get(f"/accounts/{account['id']}/tickets", params={"from": 0})).status_code == 422


async def test_account_contacts_list_its_members_with_mapping_info(desk: httpx.AsyncClient, org: OrgData) -> None:
    account = account_named(org, "Northwind Traders")
    rows = (await desk.get(f"/accounts/{account['id']}/contacts", params={"limit": 99})).json()["data"]
    assert STORY in {row["email"] for row in rows}
    assert all(row["accountId"] == account["id"] and row["mappingInfo"]["mappingType"] == "PRIMARY" for row in rows)


async def test_accounts_search_by_name_words_and_through_the_module_search(desk: httpx.AsyncClient) -> None:
    body = (await desk.get("/accounts/search", params={"accountName": "north*"})).json()
    assert body["count"] == 1 and body["data"][0]["accountName"] == "Northwind Traders"
    assert body["data"][0]["owner"]["emailId"] == "admin@acme.com"
    everywhere = (await desk.get("/search", params={"searchStr": "contoso*", "module": "accounts"})).json()
    assert [row["accountName"] for row in everywhere["data"]] == ["Contoso Ltd"]
    assert everywhere["data"][0]["module"] == "accounts"
    assert (await desk.get("/accounts/search", params={"accountName": "nobody*"})).status_code == 204


async def test_contacts_and_tickets_search_by_account_name(desk: httpx.AsyncClient) -> None:
    contacts = (await desk.get("/contacts/search", params={"accountName": "Northwind*", "limit": 100})).json()
    assert STORY in {row["email"] for row in contacts["data"]}
    assert all(row["account"]["accountName"] == "Northwind Traders" for row in contacts["data"])
    tickets = (await desk.get("/tickets/search", params={"accountName": "Northwind*", "limit": 100})).json()
    assert tickets["count"] > 0


async def test_contact_statistics_count_the_story_customers_tickets(desk: httpx.AsyncClient, org: OrgData) -> None:
    contact = contact_by(org, STORY)
    stats = (await desk.get(f"/contacts/{contact['id']}/statistics")).json()
    assert stats["totalTickets"] == "2" and stats["openTickets"] == "2" and stats["escalatedTickets"] == "1"
    assert stats["closedTickets"] == "0" and stats["spamTickets"] == "0"
    assert set(stats["customerHappiness"]) == {"badCount", "goodCount", "okCount"}


async def test_contact_tickets_lists_newest_first_and_filters(desk: httpx.AsyncClient, org: OrgData) -> None:
    contact = contact_by(org, STORY)
    rows = (await desk.get(f"/contacts/{contact['id']}/tickets", params={"sortBy": "-createdTime"})).json()["data"]
    assert [row["subject"] for row in rows] == ["Is Acme Router X2 Pro available in white?",
                                                "How do I update my credit card?"]
    billing = next(d["id"] for d in org.departments.values() if d["name"] == "Billing")
    only = (await desk.get(f"/contacts/{contact['id']}/tickets", params={"departmentId": billing})).json()["data"]
    assert [row["subject"] for row in only] == ["How do I update my credit card?"]
    assert (await desk.get(f"/contacts/{contact['id']}/tickets", params={"include": "contacts"})).status_code == 422


async def test_a_contacts_tickets_need_the_ticket_and_search_scopes(
    http: httpx.AsyncClient, desk: httpx.AsyncClient, org: OrgData
) -> None:
    contact = contact_by(org, STORY)
    headers = await scoped_headers(http, ["Desk.contacts.READ"], org.id)
    denied = await http.get(f"/api/v1/contacts/{contact['id']}/tickets", headers=headers)
    assert denied.json()["errorCode"] == "SCOPE_MISMATCH"
    assert (await http.get(f"/api/v1/contacts/{contact['id']}/statistics", headers=headers)).status_code == 200


async def test_update_contact_changes_only_the_fields_sent(desk: httpx.AsyncClient, org: OrgData) -> None:
    contact = contact_by(org, STORY)
    contoso = account_named(org, "Contoso Ltd")
    response = await desk.patch(f"/contacts/{contact['id']}",
                                json={"phone": "+1 555 0199", "accountId": contoso["id"], "title": "CTO"})
    body = response.json()
    assert response.status_code == 200
    assert (body["phone"], body["accountId"], body["title"], body["lastName"]) == (
        "+1 555 0199", contoso["id"], "CTO", "Anderson")
    assert body["email"] == STORY
    assert (await desk.patch(f"/contacts/{contact['id']}", json={"email": STORY})).status_code == 200


@pytest.mark.parametrize(
    ("change", "field", "error_type"),
    [
        ({"lastName": None}, "/lastName", "missing"),
        ({"email": "chris.lee@example.com"}, "/email", "duplicate"),
        ({"email": "not-an-address"}, "/email", "invalid"),
        ({"accountId": "123"}, "/accountId", "invalid"),
    ],
)
async def test_update_contact_is_refused_in_zohos_shape(
    desk: httpx.AsyncClient, org: OrgData, change: dict[str, object], field: str, error_type: str
) -> None:
    contact = contact_by(org, STORY)
    response = await desk.patch(f"/contacts/{contact['id']}", json=change)
    body = response.json()
    assert response.status_code == 422 and body["errorCode"] == "INVALID_DATA"
    assert [(e["fieldName"], e["errorType"]) for e in body["errors"]] == [(field, error_type)]
    assert contact["lastName"] == "Anderson" and contact["email"] == STORY


async def test_create_contact_links_an_account_and_its_new_tickets_follow(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    tailspin = account_named(org, "Tailspin Toys")
    created = (await desk.post("/contacts", json={"lastName": "Hale", "email": "ava.hale@example.com",
                                                  "accountId": tailspin["id"]})).json()
    assert created["accountId"] == tailspin["id"] and created["accountCount"] == "1"
    department = next(iter(org.departments))
    ticket = (await desk.post("/tickets", json={"subject": "Hello", "departmentId": department,
                                                "contactId": created["id"]})).json()
    assert ticket["accountId"] == tailspin["id"]
    duplicate = await desk.post("/contacts", json={"lastName": "Twin", "email": "ava.hale@example.com"})
    assert duplicate.json()["errors"][0]["errorType"] == "duplicate"


def test_the_default_data_gives_every_organization_accounts_and_a_help_centre() -> None:
    store = dataset.default_store()
    for org in store.orgs.values():
        assert len(org.accounts) >= 2 and org.categories
        assert {a["status"] for a in org.articles.values()} == {"Published", "Draft"}
        assert any(c["accountId"] for c in org.contacts.values())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda org: org["contacts"][0].update(account="Nowhere Inc"),
         "organizations[0].contacts[0]: unknown account 'Nowhere Inc'"),
        (lambda org: org["accounts"].append({"website": "x.example"}),
         "organizations[0].accounts[4]: 'accountName' is required"),
        (lambda org: org["accounts"].append({"accountName": "contoso ltd"}),
         "organizations[0].accounts[4]: duplicate account 'contoso ltd'"),
        (lambda org: org["articles"][0].update(status="Live"),
         "organizations[0].articles[0]: unknown status 'Live'"),
        (lambda org: org["articles"][1].pop("answer"), "organizations[0].articles[1]: 'answer' is required"),
    ],
)
def test_a_bad_account_or_article_in_a_data_file_names_the_entry(edit: object, message: str) -> None:
    data = copy.deepcopy(default_data())
    edit(data["organizations"][0])  # type: ignore[operator]
    with pytest.raises(dataset.DatasetError, match=message.replace("[", r"\[").replace("]", r"\]")):
        dataset.load(data)
