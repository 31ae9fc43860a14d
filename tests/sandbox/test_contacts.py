"""Contacts over HTTP: list (paging, sort, fields, include), get by id, create with Zoho's validation."""

from __future__ import annotations

import httpx

from zoho_desk_mcp.sandbox.store import OrgData

from .support import scoped_token


def first_contact(org: OrgData) -> dict[str, object]:
    return next(iter(org.contacts.values()))


async def test_the_contact_list_pages_with_a_zero_based_from(desk: httpx.AsyncClient, org: OrgData) -> None:
    first = await desk.get("/contacts", params={"limit": 5})
    second = await desk.get("/contacts", params={"from": 5, "limit": 5})
    assert first.status_code == second.status_code == 200
    ids = [row["id"] for row in first.json()["data"] + second.json()["data"]]
    assert ids == list(org.contacts)[:10]


async def test_the_contact_list_defaults_to_ten_slim_rows(desk: httpx.AsyncClient) -> None:
    rows = (await desk.get("/contacts")).json()["data"]
    assert len(rows) == 10
    assert "description" not in rows[0] and "cf" not in rows[0]
    assert {"id", "lastName", "email", "webUrl", "customerHappiness"} <= set(rows[0])


async def test_a_page_past_the_end_is_204_with_no_body(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/contacts", params={"from": 100_000})
    assert response.status_code == 204
    assert response.content == b""


async def test_limit_is_bounded_to_one_to_a_hundred(desk: httpx.AsyncClient) -> None:
    assert (await desk.get("/contacts", params={"limit": 100})).status_code == 200
    for bad in ("0", "101", "ten"):
        response = await desk.get("/contacts", params={"limit": bad})
        assert response.status_code == 422
        assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"


async def test_sort_by_email_ascending_and_descending(desk: httpx.AsyncClient) -> None:
    up_rows = (await desk.get("/contacts", params={"sortBy": "email", "limit": 100})).json()["data"]
    down_rows = (await desk.get("/contacts", params={"sortBy": "-email", "limit": 100})).json()["data"]
    up, down = [r["email"] for r in up_rows], [r["email"] for r in down_rows]
    assert up == sorted(up, key=str.lower)
    assert down == list(reversed(up))


async def test_an_unknown_sort_field_or_query_parameter_is_rejected(desk: httpx.AsyncClient) -> None:
    assert (await desk.get("/contacts", params={"sortBy": "city"})).status_code == 422
    response = await desk.get("/contacts", params={"sortOrder": "asc"})
    assert response.json()["message"] == "Extra query parameter 'sortOrder' is present in the input."


async def test_fields_narrows_each_row_to_the_id_and_those_fields(desk: httpx.AsyncClient) -> None:
    rows = (await desk.get("/contacts", params={"fields": "email,city", "limit": 2})).json()["data"]
    assert all(set(row) == {"id", "email", "city"} for row in rows)
    assert (await desk.get("/contacts", params={"fields": "notAField"})).status_code == 422
    too_many = ",".join(["email"] * 31)
    assert (await desk.get("/contacts", params={"fields": too_many})).status_code == 422


async def test_include_accounts_adds_an_account_to_each_row(desk: httpx.AsyncClient) -> None:
    rows = (await desk.get("/contacts", params={"include": "accounts", "limit": 2})).json()["data"]
    assert all("account" in row and row["account"] is None for row in rows)
    assert (await desk.get("/contacts", params={"include": "owner"})).status_code == 422


async def test_view_ids_name_views_the_sandbox_does_not_have(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/contacts", params={"viewId": "123"})
    assert response.status_code == 422
    assert "viewId" in response.json()["message"]


async def test_get_contact_returns_the_full_record(desk: httpx.AsyncClient, org: OrgData) -> None:
    contact = first_contact(org)
    body = (await desk.get(f"/contacts/{contact['id']}")).json()
    assert body["id"] == contact["id"] and body["email"] == contact["email"]
    assert {"cf", "customFields", "description", "layoutDetails", "isTrashed"} <= set(body)
    assert "owner" not in body and "account" not in body


async def test_get_contact_with_owner_and_accounts_includes(desk: httpx.AsyncClient, org: OrgData) -> None:
    created = (await desk.post("/contacts", json={"lastName": "Owned"})).json()
    body = (await desk.get(f"/contacts/{created['id']}", params={"include": "owner,accounts"})).json()
    admin = next(iter(org.agents.values()))
    assert body["owner"] == {k: admin[k] for k in ("id", "firstName", "lastName")}
    assert body["account"] is None


async def test_an_unknown_contact_id_is_url_not_found(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/contacts/1234567890")
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_a_trashed_contact_is_not_found_nor_listed(desk: httpx.AsyncClient, org: OrgData) -> None:
    contact = first_contact(org)
    contact["isTrashed"] = True
    assert (await desk.get(f"/contacts/{contact['id']}")).status_code == 404
    ids = [r["id"] for r in (await desk.get("/contacts", params={"limit": 100})).json()["data"]]
    assert contact["id"] not in ids


async def test_create_contact_answers_200_with_the_new_contact(desk: httpx.AsyncClient, org: OrgData) -> None:
    payload = {"lastName": "Jack", "firstName": "Hugh", "email": "hugh.jack@zylker.com",
               "phone": "91020080878", "city": "Austin", "zip": 123902, "cf": {"cf_tier": "gold"}}
    response = await desk.post("/contacts", json=payload)
    assert response.status_code == 200
    body = response.json()
    assert body["lastName"] == "Jack" and body["email"] == "hugh.jack@zylker.com" and body["zip"] == "123902"
    assert body["cf"] == {"cf_tier": "gold"} and body["isTrashed"] is False
    assert body["id"] in org.contacts
    fetched = (await desk.get(f"/contacts/{body['id']}")).json()
    assert fetched == body


async def test_create_contact_requires_a_last_name(desk: httpx.AsyncClient) -> None:
    response = await desk.post("/contacts", json={"firstName": "Ann"})
    assert response.status_code == 422
    body = response.json()
    assert body["errorCode"] == "INVALID_DATA"
    assert body["errors"][0]["fieldName"] == "/lastName" and body["errors"][0]["errorType"] == "missing"


async def test_create_contact_reports_every_bad_field_at_once(desk: httpx.AsyncClient, org: OrgData) -> None:
    before = len(org.contacts)
    payload = {"lastName": "x" * 201, "email": "not-an-email", "firstName": "y" * 41, "ownerId": "999",
               "accountId": "1234"}
    response = await desk.post("/contacts", json=payload)
    assert response.status_code == 422
    names = {e["fieldName"]: e["errorType"] for e in response.json()["errors"]}
    assert names == dict.fromkeys(("/lastName", "/email", "/firstName", "/ownerId", "/accountId"), "invalid")
    assert len(org.contacts) == before


async def test_a_duplicate_email_is_rejected_and_nothing_is_written(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    existing = str(first_contact(org)["email"])
    before = dict(org.contacts)
    response = await desk.post("/contacts", json={"lastName": "Twin", "email": existing.upper()})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["fieldName"], e["errorType"]) for e in errors] == [("/email", "duplicate")]
    assert org.contacts == before


async def test_create_contact_rejects_unknown_keys_and_empty_bodies(desk: httpx.AsyncClient) -> None:
    response = await desk.post("/contacts", json={"lastName": "A", "nickname": "B"})
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    response = await desk.post("/contacts", content=b"", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["errorCode"]) == (422, "EMPTY_PAYLOAD")


async def test_reading_needs_contacts_read_and_creating_needs_create(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    token = await scoped_token(http, ["Desk.contacts.READ"])
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
    assert (await http.get("/api/v1/contacts", headers=headers)).status_code == 200
    response = await http.post("/api/v1/contacts", headers=headers, json={"lastName": "Nope"})
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
    tickets_only = await scoped_token(http, ["Desk.tickets.ALL"])
    headers["Authorization"] = f"Zoho-oauthtoken {tickets_only}"
    assert (await http.get("/api/v1/contacts", headers=headers)).status_code == 401


async def test_the_contact_list_costs_list_credits(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/contacts")
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"
