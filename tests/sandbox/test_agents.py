"""Agents over HTTP: list filters and search, get with includes, /myinfo, add, deactivate and activate."""

from __future__ import annotations

from typing import Any

import httpx

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from .support import scoped_headers


def emails(response: httpx.Response) -> list[str]:
    if response.status_code == 204:
        return []
    assert response.status_code == 200, response.text
    return [row["emailId"] for row in response.json()["data"]]


def by_email(org: OrgData, email: str) -> dict[str, Any]:
    return next(a for a in org.agents.values() if a["emailId"] == email)


def new_agent(org: OrgData, **fields: Any) -> dict[str, Any]:
    body = {
        "emailId": "new.agent@acme.com",
        "lastName": "Agent",
        "firstName": "New",
        "associatedDepartmentIds": [next(iter(org.departments))],
        "rolePermissionType": "AgentPublic",
    }
    body.update(fields)
    return body


def error_fields(response: httpx.Response) -> dict[str, str]:
    assert (response.status_code, response.json()["errorCode"]) == (422, "INVALID_DATA"), response.text
    return {e["fieldName"]: e["errorType"] for e in response.json()["errors"]}


# --- list ---------------------------------------------------------------------------------------------------
async def test_the_list_pages_ten_at_a_time_by_default_and_up_to_200(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    every = [a["emailId"] for a in org.agents.values()]
    assert emails(await desk.get("/agents")) == every[:10]
    assert emails(await desk.get("/agents", params={"from": 10, "limit": 200})) == every[10:]
    assert (await desk.get("/agents", params={"from": len(every)})).status_code == 204
    for bad in ("0", "201"):
        assert (await desk.get("/agents", params={"limit": bad})).status_code == 422


async def test_a_row_is_the_zoho_agent_without_private_keys(desk: httpx.AsyncClient) -> None:
    row = (await desk.get("/agents", params={"limit": 1})).json()["data"][0]
    assert row["emailId"] == "admin@acme.com" and row["rolePermissionType"] == "Admin"
    assert {"id", "name", "status", "isConfirmed", "zuid", "associatedDepartmentIds", "photoURL"} <= set(row)
    assert "profile" not in row and not any(key.startswith("_") for key in row)


async def test_status_filters_and_deleted_or_imported_find_nobody(desk: httpx.AsyncClient) -> None:
    assert emails(await desk.get("/agents", params={"status": "DISABLED"})) == [
        "ben@acme.com",
        "kate@acme.com",
    ]
    assert len(emails(await desk.get("/agents", params={"status": "ACTIVE", "limit": 200}))) == 13
    for status in ("DELETED", "IMPORTED"):
        assert (await desk.get("/agents", params={"status": status})).status_code == 204
    assert (await desk.get("/agents", params={"status": "active"})).status_code == 422


async def test_department_ids_keep_agents_of_any_listed_department(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    first, second = list(org.departments)[:2]
    expected = [
        a["emailId"] for a in org.agents.values() if {first, second} & set(a["associatedDepartmentIds"])
    ]
    got = emails(await desk.get("/agents", params={"departmentIds": f"{first},{second}", "limit": 200}))
    assert got == expected and len(got) < len(org.agents)
    too_many = ",".join(str(1000 + i) for i in range(51))
    assert (await desk.get("/agents", params={"departmentIds": too_many})).status_code == 422


async def test_role_permission_type_light_and_confirmation_filters(desk: httpx.AsyncClient) -> None:
    assert emails(await desk.get("/agents", params={"rolePermissionType": "Light"})) == ["dana@acme.com"]
    assert emails(await desk.get("/agents", params={"isLightAgent": "true"})) == ["dana@acme.com"]
    non_light = emails(await desk.get("/agents", params={"rolePermissionType": "${NON_LIGHT}", "limit": 200}))
    assert len(non_light) == 14 and "dana@acme.com" not in non_light
    assert len(emails(await desk.get("/agents", params={"isLightAgent": "false", "limit": 200}))) == 14
    assert (await desk.get("/agents", params={"isConfirmed": "false"})).status_code == 204
    assert (await desk.get("/agents", params={"rolePermissionType": "Owner"})).status_code == 422


async def test_role_and_profile_ids_filter_on_the_agents_ids(desk: httpx.AsyncClient, org: OrgData) -> None:
    assert (await desk.get("/agents", params={"roleIds": "123"})).status_code == 204
    by_email(org, "raj@acme.com")["roleId"] = "123"
    assert emails(await desk.get("/agents", params={"roleIds": "123,456"})) == ["raj@acme.com"]
    assert (await desk.get("/agents", params={"profileIds": "abc"})).status_code == 422


async def test_search_str_is_exact_prefix_or_contains_on_names_and_email(desk: httpx.AsyncClient) -> None:
    assert emails(await desk.get("/agents", params={"searchStr": "jane"})) == ["jane@acme.com"]
    assert emails(await desk.get("/agents", params={"searchStr": "Jan"})) == []
    assert emails(await desk.get("/agents", params={"searchStr": "Jan*"})) == ["jane@acme.com"]
    assert emails(await desk.get("/agents", params={"searchStr": "Doe"})) == ["jane@acme.com"]
    assert emails(await desk.get("/agents", params={"searchStr": "raj@acme.com"})) == ["raj@acme.com"]
    contains = emails(await desk.get("/agents", params={"searchStr": "*ar*", "limit": 200}))
    assert {"maria@acme.com", "ben@acme.com"} <= set(contains) and "raj@acme.com" not in contains
    assert (await desk.get("/agents", params={"searchStr": "x" * 101})).status_code == 422


async def test_field_name_narrows_the_search_to_one_field(desk: httpx.AsyncClient) -> None:
    assert emails(await desk.get("/agents", params={"searchStr": "Jane Doe", "fieldName": "name"})) == [
        "jane@acme.com"
    ]
    assert emails(await desk.get("/agents", params={"searchStr": "jane*", "fieldName": "lastName"})) == []
    assert emails(await desk.get("/agents", params={"searchStr": "D*", "fieldName": "lastName"})) == [
        "jane@acme.com"
    ]
    assert (await desk.get("/agents", params={"searchStr": "a", "fieldName": "phone"})).status_code == 422


async def test_sort_order_sorts_by_name_both_ways(desk: httpx.AsyncClient, org: OrgData) -> None:
    ordered = [a["emailId"] for a in sorted(org.agents.values(), key=lambda a: a["name"].lower())]
    assert emails(await desk.get("/agents", params={"sortOrder": "asc", "limit": 200})) == ordered
    assert emails(await desk.get("/agents", params={"sortOrder": "desc", "limit": 200})) == ordered[::-1]
    assert (await desk.get("/agents", params={"sortOrder": "up"})).status_code == 422


async def test_include_adds_profile_and_role_and_nothing_else(desk: httpx.AsyncClient) -> None:
    row = (await desk.get("/agents", params={"include": "profile,role", "limit": 1})).json()["data"][0]
    assert row["profile"]["name"] == "Administrator" and row["role"] is None
    for bad in ("owner", "associatedDepartments"):
        assert (await desk.get("/agents", params={"include": bad})).status_code == 422


async def test_unknown_query_parameters_are_rejected(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/agents", params={"sortBy": "name"})
    assert response.json()["message"] == "Extra query parameter 'sortBy' is present in the input."


# --- get and myinfo -----------------------------------------------------------------------------------------
async def test_one_agent_is_served_with_the_includes_asked_for(desk: httpx.AsyncClient, org: OrgData) -> None:
    agent = by_email(org, "jane@acme.com")
    plain = (await desk.get(f"/agents/{agent['id']}")).json()
    assert plain["emailId"] == "jane@acme.com" and "associatedDepartments" not in plain
    full = (
        await desk.get(
            f"/agents/{agent['id']}",
            params={"include": "profile,role,associatedDepartments,associatedChatDepartments,verifiedEmails"},
        )
    ).json()
    assert full["associatedDepartments"] == [
        {"id": d, "name": org.departments[d]["name"]} for d in agent["associatedDepartmentIds"]
    ]
    assert full["associatedChatDepartments"] == [] and full["verifiedEmails"] == ["jane@acme.com"]
    assert full["profile"]["name"] == "Agent"


async def test_an_unknown_agent_is_url_not_found(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/agents/1234567890")
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_myinfo_is_the_token_owner(desk: httpx.AsyncClient, org: OrgData) -> None:
    me = (await desk.get("/myinfo", params={"include": "associatedDepartments"})).json()
    assert me["emailId"] == "admin@acme.com" and me["rolePermissionType"] == "Admin"
    assert {d["id"] for d in me["associatedDepartments"]} == set(org.departments)
    assert all("sanitizedName" in d for d in me["associatedDepartments"])
    assert (await desk.get("/myinfo", params={"include": "verifiedEmails"})).status_code == 422


async def test_reading_agents_needs_basic_settings_or_agents_read(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    for scope in ("Desk.basic.READ", "Desk.settings.READ", "Desk.agents.READ"):
        headers = await scoped_headers(http, [scope], org.id)
        assert (await http.get("/api/v1/myinfo", headers=headers)).status_code == 200
    headers = await scoped_headers(http, ["Desk.tickets.ALL"], org.id)
    for path in ("/api/v1/agents", "/api/v1/myinfo", f"/api/v1/agents/{next(iter(org.agents))}"):
        assert (await http.get(path, headers=headers)).json()["errorCode"] == "SCOPE_MISMATCH"


# --- add ----------------------------------------------------------------------------------------------------
async def test_adding_an_agent_returns_it_unconfirmed_and_active(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    dept_id = next(iter(org.departments))
    response = await desk.post("/agents", json=new_agent(org, phone="555-0100", langCode="fr_FR"))
    assert response.status_code == 200, response.text
    agent = response.json()
    assert agent["isConfirmed"] is False and agent["status"] == "ACTIVE"
    assert (agent["name"], agent["phone"], agent["langCode"]) == ("New Agent", "555-0100", "fr_FR")
    assert agent["associatedDepartmentIds"] == [dept_id] and agent["id"].isdigit()
    assert (await desk.get(f"/agents/{agent['id']}")).json() == agent
    assert agent["id"] in (await desk.get(f"/departments/{dept_id}")).json()["associatedAgentIds"]
    assert emails(await desk.get("/agents", params={"isConfirmed": "false"})) == ["new.agent@acme.com"]


async def test_required_fields_are_reported_together(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/agents", json={"firstName": "Only"})
    assert error_fields(response) == {
        "/emailId": "missing",
        "/lastName": "missing",
        "/associatedDepartmentIds": "missing",
        "/rolePermissionType": "missing",
    }


async def test_a_taken_email_is_a_duplicate_whatever_its_case(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/agents", json=new_agent(org, emailId="JANE@acme.com"))
    assert error_fields(response) == {"/emailId": "duplicate"}


async def test_bad_values_are_invalid_and_nothing_is_added(desk: httpx.AsyncClient, org: OrgData) -> None:
    before = dict(org.agents)
    body = new_agent(
        org,
        emailId="not-an-email",
        associatedDepartmentIds=["999"],
        rolePermissionType="Owner",
        status="GONE",
        lastName="x" * 51,
    )
    assert error_fields(await desk.post("/agents", json=body)) == {
        "/emailId": "invalid",
        "/associatedDepartmentIds": "invalid",
        "/rolePermissionType": "invalid",
        "/status": "invalid",
        "/lastName": "invalid",
    }
    assert org.agents == before


async def test_chat_departments_must_be_among_the_agents_departments(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    first, second = list(org.departments)[:2]
    body = new_agent(org, associatedDepartmentIds=[first], associatedChatDepartmentIds=[second])
    assert error_fields(await desk.post("/agents", json=body)) == {"/associatedChatDepartmentIds": "invalid"}


async def test_a_custom_agent_needs_a_role_and_a_profile(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post("/agents", json=new_agent(org, rolePermissionType="Custom"))
    assert error_fields(response) == {"/roleId": "missing", "/profileId": "missing"}
    body = new_agent(
        org, rolePermissionType="Custom", roleId="1892000000056099", profileId="1892000000056091"
    )
    created = (await desk.post("/agents", json=body)).json()
    assert (created["roleId"], created["profileId"]) == ("1892000000056099", "1892000000056091")
    role = (await desk.get(f"/agents/{created['id']}", params={"include": "role"})).json()["role"]
    assert role["id"] == "1892000000056099"


async def test_unknown_body_fields_and_empty_bodies_are_rejected(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await desk.post("/agents", json=new_agent(org, nickname="Newbie"))
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    empty = await desk.post("/agents", content=b"", headers={"Content-Type": "application/json"})
    assert (empty.status_code, empty.json()["errorCode"]) == (422, "EMPTY_PAYLOAD")


async def test_a_full_licence_refuses_a_new_agent(http: httpx.AsyncClient, sandbox: Sandbox) -> None:
    initech = list(sandbox.store.orgs.values())[2]
    active = [a for a in initech.agents.values() if a["status"] == "ACTIVE"]
    assert initech.agent_licenses == len(active) == 9
    headers = await scoped_headers(http, ["Desk.basic.CREATE"], initech.id)
    body = new_agent(initech, emailId="extra@initech.example")
    response = await http.post("/api/v1/agents", json=body, headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "errorCode": "LICENSE_ACCESS_LIMITED",
        "message": response.json()["message"],
        "maxAllowedEntity": 9,
        "feature": "AGENTS",
        "editionType": "FREE",
        "isTrial": False,
    }
    assert len(initech.agents) == 10


async def test_deactivating_an_agent_frees_its_licence(http: httpx.AsyncClient, sandbox: Sandbox) -> None:
    initech = list(sandbox.store.orgs.values())[2]
    headers = await scoped_headers(http, ["Desk.basic.CREATE", "Desk.basic.UPDATE"], initech.id)
    someone = next(a for a in list(initech.agents.values())[1:] if a["status"] == "ACTIVE")
    freed = await http.post(f"/api/v1/agents/{someone['id']}/deactivate", headers=headers)
    response = await http.post("/api/v1/agents", json=new_agent(initech, emailId="extra@initech.example"),
                               headers=headers)
    assert freed.status_code == 204
    assert response.status_code == 200


async def test_light_agents_are_counted_apart_from_licensed_agents(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    initech = list(sandbox.store.orgs.values())[2]
    headers = await scoped_headers(http, ["Desk.basic.CREATE"], initech.id)
    body = new_agent(initech, emailId="viewer@initech.example", rolePermissionType="Light")
    response = await http.post("/api/v1/agents", json=body, headers=headers)
    assert response.status_code == 200 and response.json()["rolePermissionType"] == "Light"
    initech.agent_licenses = 1
    again = await http.post(
        "/api/v1/agents", json={**body, "emailId": "viewer2@initech.example"}, headers=headers
    )
    assert (again.status_code, again.json()["feature"]) == (403, "LIGHT_AGENTS")


async def test_adding_needs_a_create_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    headers = await scoped_headers(http, ["Desk.basic.READ", "Desk.basic.UPDATE"], org.id)
    response = await http.post("/api/v1/agents", json=new_agent(org), headers=headers)
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
    headers = await scoped_headers(http, ["Desk.agents.CREATE"], org.id)
    assert (await http.post("/api/v1/agents", json=new_agent(org), headers=headers)).status_code == 200


# --- deactivate and activate --------------------------------------------------------------------------------
async def test_deactivating_disables_the_agent_and_keeps_its_tickets(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    agent = by_email(org, "jane@acme.com")
    assigned = [t["id"] for t in org.tickets.values() if t["assigneeId"] == agent["id"]]
    response = await desk.post(f"/agents/{agent['id']}/deactivate")
    assert (response.status_code, response.content) == (204, b"")
    assert (await desk.get(f"/agents/{agent['id']}")).json()["status"] == "DISABLED"
    assert [t["id"] for t in org.tickets.values() if t["assigneeId"] == agent["id"]] == assigned


async def test_the_token_owner_cannot_deactivate_themselves(desk: httpx.AsyncClient, org: OrgData) -> None:
    me = by_email(org, "admin@acme.com")
    response = await desk.post(f"/agents/{me['id']}/deactivate")
    assert (response.status_code, response.json()["errorCode"]) == (403, "FORBIDDEN")
    assert me["status"] == "ACTIVE"


async def test_deactivating_an_unknown_agent_is_url_not_found(desk: httpx.AsyncClient) -> None:
    response = await desk.post("/agents/1234567890/deactivate")
    assert (response.status_code, response.json()["errorCode"]) == (404, "URL_NOT_FOUND")


async def test_activating_turns_every_listed_agent_active(desk: httpx.AsyncClient, org: OrgData) -> None:
    ids = [by_email(org, e)["id"] for e in ("ben@acme.com", "kate@acme.com")]
    response = await desk.post("/agents/activate", json={"agentIds": ids})
    assert (response.status_code, response.content) == (204, b"")
    assert all(org.agents[i]["status"] == "ACTIVE" for i in ids)
    assert (await desk.get("/agents", params={"status": "DISABLED"})).status_code == 204


async def test_activation_is_all_or_nothing(desk: httpx.AsyncClient, org: OrgData) -> None:
    ben = by_email(org, "ben@acme.com")
    response = await desk.post("/agents/activate", json={"agentIds": [ben["id"], "1234567890"]})
    assert error_fields(response) == {"/agentIds": "invalid"}
    assert ben["status"] == "DISABLED"


async def test_activation_needs_a_list_of_ids(desk: httpx.AsyncClient) -> None:
    assert error_fields(await desk.post("/agents/activate", json={"agentIds": []})) == {
        "/agentIds": "missing"
    }
    assert error_fields(await desk.post("/agents/activate", json={"agentIds": "1"})) == {
        "/agentIds": "invalid"
    }
    extra = await desk.post("/agents/activate", json={"agentIds": ["1"], "force": True})
    assert extra.json()["errorCode"] == "UNPROCESSABLE_ENTITY"
    empty = await desk.post("/agents/activate", content=b"")
    assert empty.json()["errorCode"] == "EMPTY_PAYLOAD"


async def test_status_changes_need_an_update_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    jane = by_email(org, "jane@acme.com")
    headers = await scoped_headers(http, ["Desk.basic.READ", "Desk.basic.CREATE"], org.id)
    for path, body in (
        (f"/api/v1/agents/{jane['id']}/deactivate", None),
        ("/api/v1/agents/activate", {"agentIds": [jane["id"]]}),
    ):
        response = await http.post(path, json=body, headers=headers)
        assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
    headers = await scoped_headers(http, ["Desk.settings.UPDATE"], org.id)
    assert (await http.post(f"/api/v1/agents/{jane['id']}/deactivate", headers=headers)).status_code == 204
    assert jane["status"] == "DISABLED"


async def test_activating_past_the_licence_limit_fails_as_adding_does_and_changes_nobody(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    initech = list(sandbox.store.orgs.values())[2]
    disabled = next(a for a in initech.agents.values() if a["status"] == "DISABLED")
    headers = await scoped_headers(http, ["Desk.basic.UPDATE"], initech.id)
    response = await http.post("/api/v1/agents/activate", json={"agentIds": [disabled["id"]]}, headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "errorCode": "LICENSE_ACCESS_LIMITED",
        "message": "You have reached the maximum number allowed by your license.",
        "maxAllowedEntity": 9,
        "feature": "AGENTS",
        "editionType": "FREE",
        "isTrial": False,
    }
    assert disabled["status"] == "DISABLED"


async def test_activating_fits_in_a_freed_licence_and_already_active_agents_cost_none(
    http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    initech = list(sandbox.store.orgs.values())[2]
    disabled = next(a for a in initech.agents.values() if a["status"] == "DISABLED")
    someone = next(a for a in list(initech.agents.values())[1:] if a["status"] == "ACTIVE")
    headers = await scoped_headers(http, ["Desk.basic.UPDATE"], initech.id)
    await http.post(f"/api/v1/agents/{someone['id']}/deactivate", headers=headers)
    first = initech.agents[next(iter(initech.agents))]
    ids = [disabled["id"], first["id"], disabled["id"]]
    response = await http.post("/api/v1/agents/activate", json={"agentIds": ids}, headers=headers)
    assert response.status_code == 204, response.text
    assert disabled["status"] == "ACTIVE"


async def test_light_agents_are_activated_against_their_own_cap(http: httpx.AsyncClient, sandbox: Sandbox) -> None:
    initech = list(sandbox.store.orgs.values())[2]
    headers = await scoped_headers(http, ["Desk.basic.CREATE", "Desk.basic.UPDATE"], initech.id)
    body = new_agent(initech, emailId="viewer@initech.example", rolePermissionType="Light", status="DISABLED")
    viewer = (await http.post("/api/v1/agents", json=body, headers=headers)).json()
    initech.agent_licenses = 0
    response = await http.post("/api/v1/agents/activate", json={"agentIds": [viewer["id"]]}, headers=headers)
    assert (response.status_code, response.json()["feature"]) == (403, "LIGHT_AGENTS")
    initech.agent_licenses = 1
    again = await http.post("/api/v1/agents/activate", json={"agentIds": [viewer["id"]]}, headers=headers)
    assert again.status_code == 204
