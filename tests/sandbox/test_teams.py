"""Teams over HTTP: `{"teams": [...]}` lists for the portal and for one department, paging and search."""

from __future__ import annotations

import httpx

from zoho_desk_mcp.sandbox.store import OrgData

from .support import scoped_headers


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [team["name"] for team in response.json()["teams"]]


async def test_every_team_comes_wrapped_in_teams_not_data(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get("/teams")
    body = response.json()
    assert list(body) == ["teams"] and len(body["teams"]) == len(org.teams)
    team = body["teams"][0]
    assert set(team) == {
        "id",
        "name",
        "description",
        "departmentId",
        "roles",
        "rolesWithSubordinates",
        "subTeams",
        "agents",
        "derivedAgents",
        "logoUrl",
    }
    assert team["departmentId"] in org.departments and all(a in org.agents for a in team["agents"])
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"


async def test_limit_zero_or_absent_means_all_and_from_is_zero_based(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    every = [t["name"] for t in org.teams.values()]
    assert names(await desk.get("/teams", params={"limit": 0})) == every
    assert names(await desk.get("/teams", params={"from": 2, "limit": 3})) == every[2:5]
    assert names(await desk.get("/teams", params={"from": 7})) == every[7:]
    for bad in ({"limit": 201}, {"limit": -1}, {"from": "x"}):
        response = await desk.get("/teams", params=bad)
        assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_an_empty_page_is_an_empty_teams_list_not_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get("/teams", params={"from": len(org.teams)})
    assert (response.status_code, response.json()) == (200, {"teams": []})


async def test_search_str_matches_team_names(desk: httpx.AsyncClient) -> None:
    assert names(await desk.get("/teams", params={"searchStr": "billing*"})) == [
        "Billing L1",
        "Billing Escalations",
    ]
    assert names(await desk.get("/teams", params={"searchStr": "*sales*"})) == [
        "Enterprise Sales",
        "Inside Sales",
    ]
    assert names(await desk.get("/teams", params={"searchStr": "Onboarding"})) == ["Onboarding"]
    assert names(await desk.get("/teams", params={"searchStr": "Onboard"})) == []


async def test_a_departments_teams_are_only_its_own(desk: httpx.AsyncClient, org: OrgData) -> None:
    dept_id = next(iter(org.departments))
    response = await desk.get(f"/departments/{dept_id}/teams")
    assert names(response) == ["Billing L1", "Billing Escalations"]
    assert {t["departmentId"] for t in response.json()["teams"]} == {dept_id}
    assert names(await desk.get(f"/departments/{dept_id}/teams", params={"limit": 1})) == ["Billing L1"]


async def test_an_unknown_department_is_url_not_found(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/departments/1234567890/teams")
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_unknown_query_parameters_are_rejected(desk: httpx.AsyncClient, org: OrgData) -> None:
    for path in ("/teams", f"/departments/{next(iter(org.departments))}/teams"):
        response = await desk.get(path, params={"departmentId": "1"})
        assert response.json()["message"] == "Extra query parameter 'departmentId' is present in the input."


async def test_teams_need_basic_settings_or_teams_read(http: httpx.AsyncClient, org: OrgData) -> None:
    for scope in ("Desk.basic.READ", "Desk.settings.READ", "Desk.teams.READ"):
        headers = await scoped_headers(http, [scope], org.id)
        assert (await http.get("/api/v1/teams", headers=headers)).status_code == 200
    headers = await scoped_headers(http, ["Desk.products.READ"], org.id)
    response = await http.get("/api/v1/teams", headers=headers)
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
