"""Ticket, contact and cross-module search over HTTP: the value language, filters, sort, paging and count."""

from __future__ import annotations

from typing import Any

import httpx

from zoho_desk_mcp.sandbox.store import OrgData, iso

from .support import scoped_token


def live(org: OrgData) -> list[dict[str, Any]]:
    return [t for t in org.tickets.values() if not t.get("isTrashed")]


async def search(desk: httpx.AsyncClient, path: str, **params: Any) -> httpx.Response:
    return await desk.get(path, params=params)


async def all_ids(desk: httpx.AsyncClient, path: str, **params: Any) -> list[str]:
    response = await search(desk, path, limit=100, **params)
    assert response.status_code in (200, 204)
    return [row["id"] for row in response.json()["data"]] if response.status_code == 200 else []


async def test_ticket_search_answers_rows_and_the_total_count(desk: httpx.AsyncClient, org: OrgData) -> None:
    closed = [t for t in live(org) if t["status"] == "Closed"]
    response = await search(desk, "/tickets/search", status="closed", limit=5)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(closed) and len(body["data"]) == 5
    row = body["data"][0]
    assert {"description", "cf", "contact", "department", "assignee", "lastThread", "threadCount"} <= set(row)
    assert all(r["status"] == "Closed" for r in body["data"])


async def test_no_criteria_matches_every_live_ticket_ten_at_a_time(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    org.tickets[next(iter(org.tickets))]["isTrashed"] = True
    body = (await search(desk, "/tickets/search")).json()
    assert body["count"] == len(live(org)) and len(body["data"]) == 10


async def test_trashed_tickets_never_match(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = live(org)[0]
    assert await all_ids(desk, "/tickets/search", id=ticket["id"]) == [ticket["id"]]
    ticket["isTrashed"] = True
    assert (await search(desk, "/tickets/search", id=ticket["id"])).status_code == 204


async def test_no_match_is_204_with_no_body(desk: httpx.AsyncClient) -> None:
    response = await search(desk, "/tickets/search", subject="zzqqxx")
    assert (response.status_code, response.content) == (204, b"")


async def test_subject_wildcards(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = live(org)[0]
    ticket["subject"] = "Printer jams when duplexing"
    assert ticket["id"] in await all_ids(desk, "/tickets/search", subject="PRINTER jams")  # phrase, any case
    assert ticket["id"] not in await all_ids(desk, "/tickets/search", subject="jams printer")
    assert ticket["id"] in await all_ids(desk, "/tickets/search", subject="dupl*")  # a word starts with it
    assert ticket["id"] not in await all_ids(desk, "/tickets/search", subject="uplex*")
    assert ticket["id"] in await all_ids(desk, "/tickets/search", subject="*uplex*")  # contained anywhere
    assert ticket["id"] in await all_ids(desk, "/tickets/search", subject="*ing")  # a word ends with it
    assert ticket["id"] not in await all_ids(desk, "/tickets/search", subject="dupl")  # plain = whole words
    assert (await search(desk, "/tickets/search", subject="*")).status_code == 422


async def test_comma_separated_values_match_any_of_them(desk: httpx.AsyncClient, org: OrgData) -> None:
    wanted = {t["id"] for t in live(org) if t["priority"] in ("High", "Low")}
    ids = set(await all_ids(desk, "/tickets/search", priority="high,low"))
    assert len(ids) == min(100, len(wanted)) and ids <= wanted


async def test_status_type_markers_match_every_status_of_that_type(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    on_hold = {t["id"] for t in live(org) if t["statusType"] == "On Hold"}
    body = (await search(desk, "/tickets/search", status="${On Hold}", limit=100)).json()
    assert body["count"] == len(on_hold)


async def test_exact_id_filters(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = next(t for t in live(org) if t["assigneeId"])
    dept_ids = await all_ids(desk, "/tickets/search", departmentId=ticket["departmentId"],
                             assigneeId=ticket["assigneeId"], contactId=ticket["contactId"])
    assert ticket["id"] in dept_ids
    assert all(org.tickets[i]["assigneeId"] == ticket["assigneeId"] for i in dept_ids)
    assert await all_ids(desk, "/tickets/search", ticketNumber=ticket["ticketNumber"]) == [ticket["id"]]
    assert (await search(desk, "/tickets/search", assigneeId="Unassigned")).status_code == 422


async def test_contact_and_product_names_are_searchable(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = next(t for t in live(org) if t["productId"])
    contact = org.contacts[ticket["contactId"]]
    name = f"{contact['firstName']} {contact['lastName']}"
    by_contact = await all_ids(desk, "/tickets/search", contactName=name)
    assert ticket["id"] in by_contact
    product = org.products[ticket["productId"]]["productName"]
    by_product = await all_ids(desk, "/tickets/search", productName=product)
    assert ticket["id"] in by_product
    assert all(org.tickets[i]["productId"] for i in by_product)


async def test_all_searches_subject_description_and_contact(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = live(org)[0]
    ticket["description"] = "<p>The <b>flux capacitor</b> is leaking</p>"
    assert ticket["id"] in await all_ids(desk, "/tickets/search", _all="flux capacitor")
    assert ticket["id"] in await all_ids(desk, "/tickets/search", description="capac*")


async def test_empty_and_not_empty_checks(desk: httpx.AsyncClient, org: OrgData) -> None:
    no_category = {t["id"] for t in live(org) if not t["category"]}
    body = (await search(desk, "/tickets/search", category="${empty}", limit=100)).json()
    assert body["count"] == len(no_category)
    filled = (await search(desk, "/tickets/search", category="${NotEmpty}")).json()["count"]
    assert filled + len(no_category) == len(live(org))
    assert (await search(desk, "/tickets/search", subject="${empty}")).status_code == 422  # no empty check


async def test_custom_field_search(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = live(org)[0]
    ticket["cf"] = {"cf_model": "F3 2017"}
    assert await all_ids(desk, "/tickets/search", customField1="cf_model:F3*") == [ticket["id"]]
    assert (await search(desk, "/tickets/search", customField1="no-colon")).status_code == 422


async def test_time_ranges(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = live(org)[0]
    ticket["createdTime"] = "2020-01-15T10:00:00.000Z"
    window = "2020-01-01T00:00:00.000Z,2020-01-31T23:59:59.000Z"
    assert await all_ids(desk, "/tickets/search", createdTimeRange=window) == [ticket["id"]]
    short_dates = "2020-01-01,2020-02-01"
    assert (await search(desk, "/tickets/search", createdTimeRange=short_dates)).status_code == 422
    backwards = "2020-02-01T00:00:00.000Z,2020-01-01T00:00:00.000Z"
    assert (await search(desk, "/tickets/search", dueDateRange=backwards)).status_code == 422


async def test_sort_by_created_time_both_ways(desk: httpx.AsyncClient, org: OrgData) -> None:
    up_rows = (await search(desk, "/tickets/search", sortBy="createdTime")).json()["data"]
    down_rows = (await search(desk, "/tickets/search", sortBy="-createdTime")).json()["data"]
    up, down = [r["createdTime"] for r in up_rows], [r["createdTime"] for r in down_rows]
    assert up == sorted(t["createdTime"] for t in live(org))[:10]
    assert down == sorted((t["createdTime"] for t in live(org)), reverse=True)[:10]
    assert (await search(desk, "/tickets/search", sortBy="dueDate")).status_code == 422


async def test_relevance_is_most_recently_modified_first(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = live(org)[-1]
    ticket["modifiedTime"] = iso(4_000_000_000)
    assert (await search(desk, "/tickets/search")).json()["data"][0]["id"] == ticket["id"]


async def test_search_paging_bounds(desk: httpx.AsyncClient) -> None:
    assert (await search(desk, "/tickets/search", **{"from": 999})).status_code == 204
    for params in ({"from": 1000}, {"limit": 0}, {"limit": 101}, {"from": -1}):
        response = await search(desk, "/tickets/search", **params)
        assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    response = await search(desk, "/tickets/search", keyword="x")
    assert response.json()["message"] == "Extra query parameter 'keyword' is present in the input."


async def test_ticket_search_needs_tickets_read_and_search_read(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    for scopes_held in (["Desk.tickets.READ"], ["Desk.search.READ"]):
        token = await scoped_token(http, scopes_held)
        headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
        response = await http.get("/api/v1/tickets/search", headers=headers)
        assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
    token = await scoped_token(http, ["Desk.tickets.ALL", "Desk.search.READ"])
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
    response = await http.get("/api/v1/tickets/search", headers=headers)
    assert response.status_code == 200
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"


async def test_contact_search_by_name_email_and_phone(desk: httpx.AsyncClient, org: OrgData) -> None:
    contact = next(c for c in org.contacts.values() if c["phone"])
    assert contact["id"] in await all_ids(desk, "/contacts/search", email=contact["email"])
    name = f"{contact['firstName']} {contact['lastName']}"
    assert contact["id"] in await all_ids(desk, "/contacts/search", fullName=name)
    prefix = str(contact["lastName"])[:3] + "*"
    assert contact["id"] in await all_ids(desk, "/contacts/search", lastName=prefix)
    assert contact["id"] in await all_ids(desk, "/contacts/search", phone="*" + str(contact["phone"])[-4:])
    body = (await search(desk, "/contacts/search", email=contact["email"])).json()
    assert body["count"] == 1
    assert {"owner", "account", "cf", "modifiedTime"} <= set(body["data"][0])


async def test_contact_search_sorts_and_checks_empties(desk: httpx.AsyncClient, org: OrgData) -> None:
    body = (await search(desk, "/contacts/search", sortBy="-lastName", limit=100)).json()
    names = [r["lastName"].lower() for r in body["data"]]
    assert names == sorted(names, reverse=True)
    no_phone = [c for c in org.contacts.values() if not c["phone"]]
    assert (await search(desk, "/contacts/search", phone="${empty}")).json()["count"] == len(no_phone)
    assert (await search(desk, "/contacts/search", sortBy="email")).status_code == 422
    assert (await search(desk, "/contacts/search", lastName="${empty}")).status_code == 422


async def test_contact_search_needs_the_search_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    token = await scoped_token(http, ["Desk.contacts.READ"])
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
    response = await http.get("/api/v1/contacts/search", headers=headers, params={"_all": "a*"})
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")


async def test_search_across_modules_tags_rows_and_counts_per_module(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    contact = next(iter(org.contacts.values()))
    body = (await search(desk, "/search", searchStr=contact["email"], limit=100)).json()
    modules = {row["module"] for row in body["data"]}
    assert "contacts" in modules
    assert body["count"]["contacts"] == 1
    assert body["count"]["tickets"] == sum(1 for t in live(org) if t["email"] == contact["email"])
    only = (await search(desk, "/search", searchStr=contact["email"], module="contacts")).json()
    assert only["count"] == 1 and only["data"][0]["id"] == contact["id"]
    assert (await search(desk, "/search", searchStr="zzqqxx")).status_code == 204
    assert (await search(desk, "/search", module="forums")).status_code == 422


async def test_search_across_modules_only_reads_modules_the_token_may_read(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    token = await scoped_token(http, ["Desk.tickets.READ", "Desk.search.READ"])
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
    body = (await http.get("/api/v1/search", headers=headers, params={"limit": 1})).json()
    assert set(body["count"]) == {"tickets"}
    response = await http.get("/api/v1/search", headers=headers, params={"module": "contacts"})
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
