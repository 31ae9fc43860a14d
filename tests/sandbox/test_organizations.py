"""Organizations over HTTP: the list needs no orgId header, get-by-id, includeCustomDomain, token binding."""

from __future__ import annotations

import httpx

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from .support import scoped_token


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Zoho-oauthtoken {token}"}


async def test_the_list_needs_no_org_header_and_holds_every_reachable_org(
    http: httpx.AsyncClient, token: str, sandbox: Sandbox
) -> None:
    response = await http.get("/api/v1/organizations", headers=auth(token))
    assert response.status_code == 200
    rows = response.json()["data"]
    assert [row["id"] for row in rows] == list(sandbox.store.orgs)
    assert rows[0]["companyName"] == "Acme Support"
    assert rows[0]["portalURL"].startswith("https://desk.zoho.com/support/")


async def test_the_list_holds_only_the_orgs_the_token_is_bound_to(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    token = await scoped_token(http, ["Desk.basic.READ"], [org.id])
    rows = (await http.get("/api/v1/organizations", headers=auth(token))).json()["data"]
    assert [row["id"] for row in rows] == [org.id]


async def test_one_org_is_served_by_id_without_custom_domain_unless_asked(
    http: httpx.AsyncClient, token: str, org: OrgData
) -> None:
    plain = await http.get(f"/api/v1/organizations/{org.id}", headers=auth(token))
    assert plain.status_code == 200
    assert plain.json()["id"] == org.id and "customDomain" not in plain.json()
    asked = await http.get(f"/api/v1/organizations/{org.id}?includeCustomDomain=true", headers=auth(token))
    assert "customDomain" in asked.json()
    refused = await http.get(f"/api/v1/organizations/{org.id}?includeCustomDomain=yes", headers=auth(token))
    assert (refused.status_code, refused.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_an_org_the_token_is_not_bound_to_is_org_mismatch(
    http: httpx.AsyncClient, sandbox: Sandbox, org: OrgData
) -> None:
    token = await scoped_token(http, ["Desk.basic.READ"], [org.id])
    other = list(sandbox.store.orgs)[1]
    response = await http.get(f"/api/v1/organizations/{other}", headers=auth(token))
    assert (response.status_code, response.json()["errorCode"]) == (403, "OAUTH_ORG_MISMATCH")


async def test_an_unknown_org_id_is_org_mismatch_too(http: httpx.AsyncClient, token: str) -> None:
    response = await http.get("/api/v1/organizations/999999", headers=auth(token))
    assert (response.status_code, response.json()["errorCode"]) == (403, "OAUTH_ORG_MISMATCH")


async def test_any_of_basic_settings_or_organization_read_is_enough(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    for scope in ("Desk.basic.READ", "Desk.settings.READ", "Desk.organization.READ", "Desk.settings.ALL"):
        token = await scoped_token(http, [scope])
        assert (await http.get(f"/api/v1/organizations/{org.id}", headers=auth(token))).status_code == 200
    token = await scoped_token(http, ["Desk.tickets.ALL"])
    response = await http.get("/api/v1/organizations", headers=auth(token))
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")


async def test_an_unknown_query_parameter_is_rejected(http: httpx.AsyncClient, token: str) -> None:
    response = await http.get("/api/v1/organizations?limit=5", headers=auth(token))
    assert response.status_code == 422
    assert response.json()["message"] == "Extra query parameter 'limit' is present in the input."
