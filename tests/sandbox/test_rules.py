"""Zoho's cross-cutting rules, as the sandbox enforces them on every Desk call: auth, orgId, scopes, credits."""

from __future__ import annotations

import asyncio

import httpx

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from .support import access_token, scoped_token


def auth(token: str, org_id: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Zoho-oauthtoken {token}"}
    if org_id:
        headers["orgId"] = org_id
    return headers


async def test_a_call_without_an_authorization_header_is_unauthorized(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/v1/organizations")
    assert response.status_code == 401
    assert response.json()["errorCode"] == "UNAUTHORIZED"


async def test_a_bearer_header_is_not_zohos_scheme(http: httpx.AsyncClient, token: str) -> None:
    response = await http.get("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["errorCode"] == "UNAUTHORIZED"


async def test_an_unknown_token_is_invalid_oauth(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/v1/organizations", headers=auth("1000.nope.nope"))
    assert (response.status_code, response.json()["errorCode"]) == (401, "INVALID_OAUTH")


async def test_an_access_token_stops_working_when_it_expires(http: httpx.AsyncClient, token: str) -> None:
    assert (await http.get("/api/v1/organizations", headers=auth(token))).status_code == 200
    await http.post("/_sandbox/faults", json={"advanceClock": 3601})
    response = await http.get("/api/v1/organizations", headers=auth(token))
    assert (response.status_code, response.json()["errorCode"]) == (401, "INVALID_OAUTH")


async def test_access_tokens_live_as_long_as_the_configured_lifetime(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/faults", json={"accessTokenLifetime": 60})
    token = await access_token(http)
    await http.post("/_sandbox/faults", json={"advanceClock": 59})
    assert (await http.get("/api/v1/organizations", headers=auth(token))).status_code == 200
    await http.post("/_sandbox/faults", json={"advanceClock": 2})
    assert (await http.get("/api/v1/organizations", headers=auth(token))).status_code == 401


async def test_revoking_the_refresh_token_kills_its_access_tokens(
    http: httpx.AsyncClient, token: str
) -> None:
    await http.post("/_sandbox/faults", json={"revokeRefreshToken": "sandbox-refresh-token"})
    response = await http.get("/api/v1/organizations", headers=auth(token))
    assert response.json()["errorCode"] == "INVALID_OAUTH"


async def test_the_orgid_header_is_required_on_desk_calls(http: httpx.AsyncClient, token: str) -> None:
    response = await http.get("/api/v1/departments", headers=auth(token))
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")
    assert "orgId" in response.json()["message"]


async def test_a_non_numeric_orgid_is_rejected(http: httpx.AsyncClient, token: str) -> None:
    response = await http.get("/api/v1/departments", headers=auth(token, "acme"))
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_an_org_the_token_is_not_bound_to_is_an_org_mismatch(
    http: httpx.AsyncClient, sandbox: Sandbox, org: OrgData
) -> None:
    other = next(o for o in sandbox.store.orgs if o != org.id)
    token = await scoped_token(http, ["Desk.basic.READ"], org_ids=[org.id])
    ok = await http.get("/api/v1/departments", headers=auth(token, org.id))
    mismatch = await http.get("/api/v1/departments", headers=auth(token, other))
    unknown = await http.get("/api/v1/departments", headers=auth(token, "123"))
    assert ok.status_code == 200
    assert (mismatch.status_code, mismatch.json()["errorCode"]) == (403, "OAUTH_ORG_MISMATCH")
    assert (unknown.status_code, unknown.json()["errorCode"]) == (403, "OAUTH_ORG_MISMATCH")


async def test_organizations_are_listed_without_an_orgid_header(http: httpx.AsyncClient, token: str) -> None:
    response = await http.get("/api/v1/organizations", headers=auth(token))
    assert response.status_code == 200
    assert len(response.json()["data"]) >= 2


async def test_a_token_without_the_needed_scope_gets_scope_mismatch(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    token = await scoped_token(http, ["Desk.basic.READ"])
    response = await http.get("/api/v1/tickets", headers=auth(token, org.id))
    assert (response.status_code, response.json()["errorCode"]) == (401, "SCOPE_MISMATCH")
    assert (await http.get("/api/v1/departments", headers=auth(token, org.id))).status_code == 200


async def test_all_scope_covers_each_operation_and_matching_ignores_case(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    token = await scoped_token(http, ["desk.tickets.all"])
    assert (await http.get("/api/v1/tickets", headers=auth(token, org.id))).status_code == 200


async def test_ticket_search_needs_the_search_scope_as_well(http: httpx.AsyncClient, org: OrgData) -> None:
    token = await scoped_token(http, ["Desk.tickets.READ"])
    response = await http.get(
        "/api/v1/tickets/search", params={"subject": "login*"}, headers=auth(token, org.id)
    )
    assert response.json()["errorCode"] == "SCOPE_MISMATCH"


async def test_unknown_paths_and_wrong_methods_answer_in_zohos_shape(desk: httpx.AsyncClient) -> None:
    missing = await desk.get("/nothing-here")
    wrong = await desk.delete("/tickets")
    assert (missing.status_code, missing.json()["errorCode"]) == (404, "URL_NOT_FOUND")
    assert (wrong.status_code, wrong.json()["errorCode"]) == (405, "METHOD_NOT_ALLOWED")


async def test_unknown_query_parameters_are_rejected(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/tickets", params={"sortOrder": "asc"})
    assert response.status_code == 422
    assert response.json() == {
        "errorCode": "UNPROCESSABLE_ENTITY",
        "message": "Extra query parameter 'sortOrder' is present in the input.",
    }


async def test_every_response_carries_the_credit_headers(desk: httpx.AsyncClient, org: OrgData) -> None:
    before = org.credits_remaining
    single = await desk.get("/myinfo")
    listed = await desk.get("/tickets", params={"limit": 5})
    assert single.headers["X-Rate-Limit-Request-Weight-v3"] == "1"
    assert listed.headers["X-Rate-Limit-Request-Weight-v3"] == "3"
    assert int(listed.headers["X-Rate-Limit-Remaining-v3"]) == before - 4
    failed = await desk.get("/tickets/1")
    assert "X-Rate-Limit-Remaining-v3" in failed.headers


async def test_list_calls_cost_more_at_deep_offsets(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/tickets", params={"from": 2500, "limit": 1})
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "5"


async def test_exhausted_daily_credits_give_threshold_exceeded_with_retry_after(
    desk: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"creditsRemaining": 2})
    assert (await desk.get("/myinfo")).status_code == 200
    cheap = await desk.get("/myinfo")
    costly = await desk.get("/tickets")
    assert cheap.status_code == 200
    assert costly.status_code == 429
    assert costly.json()["errorCode"] == "THRESHOLD_EXCEEDED"
    assert 0 < int(costly.headers["Retry-After"]) <= 86_400
    assert costly.headers["X-Rate-Limit-Remaining-v3"] == "0"


async def test_calls_beyond_the_concurrency_limit_get_too_many_requests(
    desk: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"concurrencyLimit": 2, "latencyMs": 200})
    responses = await asyncio.gather(*(desk.get("/myinfo") for _ in range(5)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 200, 429, 429, 429]
    assert {r.json()["errorCode"] for r in responses if r.status_code == 429} == {"TOO_MANY_REQUESTS"}


async def test_a_rejected_request_charges_no_credits_before_authentication(
    http: httpx.AsyncClient, org: OrgData
) -> None:
    before = org.credits_remaining
    await http.get("/api/v1/tickets", headers={"orgId": org.id})
    assert org.credits_remaining == before
