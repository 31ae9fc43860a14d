"""Products over HTTP: slim rows, department and owner filters, sortBy, include=owner, fields, paging."""

from __future__ import annotations

import httpx

from zoho_desk_mcp.sandbox.store import OrgData

from .support import scoped_headers


def names(response: httpx.Response) -> list[str]:
    if response.status_code == 204:
        return []
    assert response.status_code == 200, response.text
    return [row["productName"] for row in response.json()["data"]]


async def test_rows_are_slim_and_ten_by_default(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get("/products")
    rows = response.json()["data"]
    assert [row["id"] for row in rows] == list(org.products)[:10]
    assert set(rows[0]) == {"id", "productName", "productCode", "unitPrice", "departmentIds"}
    assert isinstance(rows[0]["unitPrice"], str)
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"


async def test_from_and_limit_page_and_an_empty_page_is_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    every = [p["productName"] for p in org.products.values()]
    assert names(await desk.get("/products", params={"from": 2, "limit": 3})) == every[2:5]
    empty = await desk.get("/products", params={"from": len(every)})
    assert (empty.status_code, empty.content) == (204, b"")
    for bad in ("0", "101"):
        assert (await desk.get("/products", params={"limit": bad})).status_code == 422


async def test_department_id_filters_and_zero_means_every_department(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    dept_id = next(iter(org.departments))
    expected = [p["productName"] for p in org.products.values() if dept_id in p["departmentIds"]]
    assert names(await desk.get("/products", params={"departmentId": dept_id})) == expected
    assert len(names(await desk.get("/products", params={"departmentId": 0}))) == len(org.products)
    assert names(await desk.get("/products", params={"departmentId": 1234567890})) == []


async def test_sort_by_sorts_up_or_down_with_prices_as_numbers(desk: httpx.AsyncClient, org: OrgData) -> None:
    rows = list(org.products.values())
    by_name = [p["productName"] for p in sorted(rows, key=lambda p: p["productName"].lower())]
    assert names(await desk.get("/products", params={"sortBy": "productName"})) == by_name
    assert names(await desk.get("/products", params={"sortBy": "-productName"})) == by_name[::-1]
    by_price = [p["productName"] for p in sorted(rows, key=lambda p: float(p["unitPrice"]), reverse=True)]
    assert names(await desk.get("/products", params={"sortBy": "-unitPrice"})) == by_price
    for bad in ("price", "+productName"):
        assert (await desk.get("/products", params={"sortBy": bad})).status_code == 422


async def test_missing_values_sort_last_either_way(desk: httpx.AsyncClient, org: OrgData) -> None:
    last = next(iter(org.products.values()))
    last["productCode"] = None
    for sort_by in ("productCode", "-productCode"):
        assert names(await desk.get("/products", params={"sortBy": sort_by}))[-1] == last["productName"]


async def test_owner_filter_and_include_owner(desk: httpx.AsyncClient, org: OrgData) -> None:
    product = list(org.products.values())[1]
    agent = next(iter(org.agents.values()))
    product["ownerId"] = agent["id"]
    response = await desk.get("/products", params={"ownerId": agent["id"], "include": "owner"})
    assert names(response) == [product["productName"]]
    assert response.json()["data"][0]["owner"] == {
        "id": agent["id"],
        "firstName": agent["firstName"],
        "lastName": agent["lastName"],
        "name": agent["name"],
        "photoURL": None,
    }
    other = (await desk.get("/products", params={"include": "owner", "limit": 1})).json()["data"][0]
    assert other["owner"] is None
    assert (await desk.get("/products", params={"include": "contacts"})).status_code == 422


async def test_fields_adds_columns_and_rejects_unknown_ones(desk: httpx.AsyncClient) -> None:
    row = (await desk.get("/products", params={"fields": "description,createdTime", "limit": 1})).json()[
        "data"
    ][0]
    assert {"description", "createdTime", "productName"} <= set(row) and "modifiedTime" not in row
    response = await desk.get("/products", params={"fields": "secretSauce"})
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_view_id_is_accepted_and_unknown_parameters_are_not(desk: httpx.AsyncClient) -> None:
    assert (await desk.get("/products", params={"viewId": "1892000000000001"})).status_code == 200
    assert (await desk.get("/products", params={"viewId": "all"})).status_code == 422
    response = await desk.get("/products", params={"searchStr": "Acme"})
    assert response.json()["message"] == "Extra query parameter 'searchStr' is present in the input."


async def test_products_need_products_or_settings_read(http: httpx.AsyncClient, org: OrgData) -> None:
    for scope in ("Desk.products.READ", "Desk.settings.READ", "Desk.products.ALL"):
        headers = await scoped_headers(http, [scope], org.id)
        assert (await http.get("/api/v1/products", headers=headers)).status_code == 200
    headers = await scoped_headers(http, ["Desk.basic.READ"], org.id)
    response = await http.get("/api/v1/products", headers=headers)
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
