"""Fault injection: reproducible 5xx/429 bursts, latency past a timeout, and writes whose response is lost."""

from __future__ import annotations

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData


async def test_fail_next_answers_that_many_calls_with_the_chosen_5xx(
    desk: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"failNext": 2, "failStatus": 503})
    statuses = [(await desk.get("/myinfo")).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


async def test_a_429_fault_carries_retry_after_only_when_asked(
    desk: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"failNext": 1, "failStatus": 429, "retryAfter": 3})
    with_header = await desk.get("/myinfo")
    await http.post("/_sandbox/faults", json={"failNext": 1, "failStatus": 429, "retryAfter": None})
    without = await desk.get("/myinfo")
    assert (with_header.status_code, with_header.headers["Retry-After"]) == (429, "3")
    assert with_header.json()["errorCode"] == "TOO_MANY_REQUESTS"
    assert without.status_code == 429 and "Retry-After" not in without.headers


async def test_fail_match_limits_failures_to_one_endpoint(
    desk: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"failNext": 1, "failMatch": "GET /api/v1/tickets"})
    assert (await desk.get("/myinfo")).status_code == 200
    assert (await desk.get("/tickets")).status_code == 503
    assert (await desk.get("/tickets")).status_code == 200


async def test_a_fail_rate_fails_about_that_share_of_calls(
    desk: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"failRate": 0.5, "failStatus": 500})
    statuses = [(await desk.get("/myinfo")).status_code for _ in range(40)]
    assert 8 <= statuses.count(500) <= 32
    assert set(statuses) == {200, 500}


async def test_latency_past_the_read_timeout_is_a_read_timeout(
    desk: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    await http.post("/_sandbox/faults", json={"latencyMs": 2000})
    with pytest.raises(httpx.ReadTimeout):
        await desk.get("/myinfo", timeout=0.2)


@pytest.mark.parametrize(("mode", "error"), [("reset", httpx.ReadError), ("timeout", httpx.ReadTimeout)])
async def test_a_dropped_write_is_committed_although_the_client_sees_a_transport_error(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData, mode: str, error: type[Exception]
) -> None:
    await http.post("/_sandbox/faults", json={"dropNextWrites": 1, "dropMode": mode})
    before = len(org.tickets)
    department = next(iter(org.departments))
    contact = next(iter(org.contacts))
    with pytest.raises(error):
        await desk.post(
            "/tickets",
            json={"subject": "Lost reply", "departmentId": department, "contactId": contact},
            timeout=0.5,
        )
    assert len(org.tickets) == before + 1
    follow_up = await desk.post(
        "/tickets", json={"subject": "Heard", "departmentId": department, "contactId": contact}
    )
    assert follow_up.status_code == 200


async def test_reads_are_never_dropped(desk: httpx.AsyncClient, http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/faults", json={"dropNextWrites": 1})
    assert (await desk.get("/myinfo")).status_code == 200


async def test_unknown_fault_settings_are_refused_with_the_known_ones(http: httpx.AsyncClient) -> None:
    response = await http.post("/_sandbox/faults", json={"latency": 5})
    assert response.status_code == 422
    assert "latencyMs" in response.json()["error"]


async def test_clear_restores_the_default_faults(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/faults", json={"latencyMs": 5, "failNext": 3})
    cleared = (await http.post("/_sandbox/faults", json={"clear": True})).json()
    assert cleared["latencyMs"] == 0 and cleared["failNext"] == 0


async def test_reset_rebuilds_the_data_set_and_zeroes_the_stats(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    tickets_before = len(sandbox.store.first_org().tickets)
    department = next(iter(sandbox.store.first_org().departments))
    contact = next(iter(sandbox.store.first_org().contacts))
    await desk.post("/tickets", json={"subject": "Temp", "departmentId": department, "contactId": contact})
    await http.post("/_sandbox/reset")
    stats = (await http.get("/_sandbox/stats")).json()
    assert len(sandbox.store.first_org().tickets) == tickets_before
    assert stats == {"requests": {}, "tokens": {"accessIssued": 0, "refreshIssued": 0, "revoked": 0}}


async def test_stats_count_calls_by_method_and_path_template(
    desk: httpx.AsyncClient, http: httpx.AsyncClient, org: OrgData
) -> None:
    ticket_ids = list(org.tickets)[:2]
    for ticket_id in ticket_ids:
        await desk.get(f"/tickets/{ticket_id}")
    await http.get("/_sandbox/stats")
    stats = (await http.get("/_sandbox/stats")).json()
    assert stats["requests"]["GET /api/v1/tickets/{ticketId}"] == 2
    assert stats["requests"]["POST /oauth/v2/token"] == 1
    assert stats["tokens"] == {"accessIssued": 1, "refreshIssued": 0, "revoked": 0}
    assert not any(key.startswith(("GET /_sandbox", "POST /_sandbox")) for key in stats["requests"])
