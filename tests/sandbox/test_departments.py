"""Departments over HTTP: the list with its filters, search and paging, and one department with its agents."""

from __future__ import annotations

import httpx

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from .support import scoped_token


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [row["name"] for row in response.json()["data"]]


async def test_the_list_serves_departments_in_zoho_shape(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get("/departments")
    rows = response.json()["data"]
    assert [row["id"] for row in rows] == list(org.departments)
    first = rows[0]
    assert first["name"] == "Billing" and first["isEnabled"] is True and first["chatStatus"] == "NOT_CREATED"
    assert first["createdTime"].endswith("Z") and "associatedAgentIds" not in first
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"


async def test_from_and_limit_page_through_the_list(desk: httpx.AsyncClient, org: OrgData) -> None:
    every = list(org.departments)
    window = (await desk.get("/departments", params={"from": 1, "limit": 2})).json()["data"]
    assert [row["id"] for row in window] == every[1:3]
    assert (await desk.get("/departments", params={"from": len(every)})).status_code == 204


async def test_limit_must_stay_within_1_and_200(desk: httpx.AsyncClient) -> None:
    assert (await desk.get("/departments", params={"limit": 200})).status_code == 200
    for bad in ("0", "201", "ten"):
        response = await desk.get("/departments", params={"limit": bad})
        assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_is_enabled_filters_and_an_empty_answer_is_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    disabled = next(iter(org.departments.values()))
    disabled["isEnabled"] = False
    assert names(await desk.get("/departments", params={"isEnabled": "false"})) == [disabled["name"]]
    assert disabled["name"] not in names(await desk.get("/departments", params={"isEnabled": "true"}))
    disabled["isEnabled"] = True
    empty = await desk.get("/departments", params={"isEnabled": "false"})
    assert (empty.status_code, empty.content) == (204, b"")


async def test_chat_status_filters_with_unavailable_meaning_not_available(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    chat = list(org.departments.values())[1]
    chat["chatStatus"] = "AVAILABLE"
    assert names(await desk.get("/departments", params={"chatStatus": "AVAILABLE"})) == [chat["name"]]
    unavailable = names(await desk.get("/departments", params={"chatStatus": "${UNAVAILABLE}"}))
    assert chat["name"] not in unavailable and len(unavailable) == len(org.departments) - 1
    assert (await desk.get("/departments", params={"chatStatus": "ONLINE"})).status_code == 422


async def test_search_str_is_exact_prefix_or_contains(desk: httpx.AsyncClient) -> None:
    assert names(await desk.get("/departments", params={"searchStr": "billing"})) == ["Billing"]
    assert (await desk.get("/departments", params={"searchStr": "Bill"})).status_code == 204
    assert names(await desk.get("/departments", params={"searchStr": "Bill*"})) == ["Billing"]
    assert names(await desk.get("/departments", params={"searchStr": "*support*"})) == ["Technical Support"]
    assert (await desk.get("/departments", params={"searchStr": ""})).status_code == 422


async def test_an_unknown_query_parameter_is_rejected(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/departments", params={"sortBy": "name"})
    assert response.json()["message"] == "Extra query parameter 'sortBy' is present in the input."


async def test_one_department_carries_its_associated_agent_ids(desk: httpx.AsyncClient, org: OrgData) -> None:
    dept_id = list(org.departments)[1]
    response = await desk.get(f"/departments/{dept_id}")
    assert response.status_code == 200
    body = response.json()
    expected = [a["id"] for a in org.agents.values() if dept_id in a["associatedDepartmentIds"]]
    assert body["id"] == dept_id and body["associatedAgentIds"] == expected and expected
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "1"


async def test_an_unknown_department_is_url_not_found(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/departments/1234567890")
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_a_department_of_another_org_is_not_found(desk: httpx.AsyncClient, sandbox: Sandbox) -> None:
    other = list(sandbox.store.orgs.values())[1]
    response = await desk.get(f"/departments/{next(iter(other.departments))}")
    assert response.status_code == 404


async def test_departments_need_basic_settings_or_departments_read(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    for scope in ("Desk.basic.READ", "Desk.settings.READ", "Desk.departments.READ"):
        headers = {"Authorization": f"Zoho-oauthtoken {await scoped_token(http, [scope])}", "orgId": org.id}
        assert (await http.get("/api/v1/departments", headers=headers)).status_code == 200
    headers = {
        "Authorization": f"Zoho-oauthtoken {await scoped_token(http, ['Desk.tickets.READ'])}",
        "orgId": org.id,
    }
    for path in ("/api/v1/departments", f"/api/v1/departments/{next(iter(org.departments))}"):
        response = await http.get(path, headers=headers)
        assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
