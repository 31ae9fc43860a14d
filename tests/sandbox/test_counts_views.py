"""Ticket counts (ticketsCount, ticketsCountByFieldValues, ticketQueueView/count, agentsTicketsCount) and views."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.store import OrgData, Record

from . import ticket_data as td
from .support import BASE_URL, access_token, scoped_headers

SYSTEM_VIEWS = ["All Tickets", "Open Tickets", "Unassigned Open Tickets", "Overdue Tickets", "Closed Tickets"]


def counted(org: OrgData) -> list[Record]:
    """What every count covers: tickets outside the trash and spam."""
    return [t for t in org.tickets.values() if not t.get("isTrashed") and not t.get("isSpam")]


async def view_ids(desk: httpx.AsyncClient) -> dict[str, str]:
    body = (await desk.get("/views", params={"module": "tickets"})).json()
    return {view["name"]: view["id"] for view in body["data"]}


async def listed_ids(desk: httpx.AsyncClient, **params: str) -> set[str]:
    ids: set[str] = set()
    start = 0
    while True:
        response = await desk.get("/tickets", params={"from": start, "limit": 100, **params})
        if response.status_code == 204:
            return ids
        ids |= {row["id"] for row in response.json()["data"]}
        start += 100


async def test_every_organization_has_zohos_system_views(sandbox: Sandbox, desk: httpx.AsyncClient) -> None:
    for org in sandbox.store.orgs.values():
        body = (await desk.get("/views", params={"module": "tickets"}, headers={"orgId": org.id})).json()
        assert [v["name"] for v in body["data"]] == SYSTEM_VIEWS
        assert all(v["isCustomView"] is False and v["id"].isdigit() for v in body["data"])
    other = (await desk.get("/views", params={"module": "contacts"})).json()
    assert other == {"data": []}


async def test_views_need_a_module_and_a_settings_or_basic_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    headers = await scoped_headers(http, ["Desk.basic.READ"], org.id)
    assert (await http.get("/api/v1/views", params={"module": "tickets"}, headers=headers)).status_code == 200
    assert (await http.get("/api/v1/views", headers=headers)).status_code == 422
    headers = await scoped_headers(http, ["Desk.tickets.READ"], org.id)
    assert (await http.get("/api/v1/views", params={"module": "tickets"}, headers=headers)).status_code == 401


async def test_a_view_id_lists_the_tickets_the_view_selects(desk: httpx.AsyncClient, org: OrgData) -> None:
    views = await view_ids(desk)
    unassigned = await listed_ids(desk, viewId=views["Unassigned Open Tickets"])
    expected = {t["id"] for t in counted(org) if t["statusType"] == "Open" and not t["assigneeId"]}
    assert unassigned == expected and expected
    closed = await listed_ids(desk, viewId=views["Closed Tickets"])
    assert closed == {t["id"] for t in counted(org) if t["statusType"] == "Closed"}
    assert await listed_ids(desk, viewId=views["All Tickets"]) == {t["id"] for t in counted(org)}


async def test_tickets_count_covers_every_ticket_outside_trash_and_spam(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    total = len(counted(org))
    response = await desk.get("/ticketsCount")
    assert response.json() == {"count": total}
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "50"
    first, second = list(org.tickets)[:2]
    await desk.post("/tickets/moveToTrash", json={"ticketIds": [first]})
    await desk.post("/tickets/markSpam", json={"ids": [second], "isSpam": True})
    assert (await desk.get("/ticketsCount")).json() == {"count": total - 2}


async def test_tickets_count_filters_by_department_and_assignee(desk: httpx.AsyncClient, org: OrgData) -> None:
    ticket = next(t for t in counted(org) if t["assigneeId"])
    department, agent = ticket["departmentId"], ticket["assigneeId"]
    in_department = (await desk.get("/ticketsCount", params={"departmentId": department})).json()["count"]
    assert in_department == sum(1 for t in counted(org) if t["departmentId"] == department)
    mine = (await desk.get("/ticketsCount", params={"assigneeId": agent})).json()["count"]
    assert mine == sum(1 for t in counted(org) if t["assigneeId"] == agent)
    assert (await desk.get("/ticketsCount", params={"departmentId": "123"})).status_code == 422


async def test_counts_by_field_value_match_the_tickets(desk: httpx.AsyncClient, org: OrgData) -> None:
    body = (await desk.get("/ticketsCountByFieldValues", params={"field": "status,priority,channel,spam"})).json()
    for field in ("status", "priority", "channel"):
        expected = Counter(None if t[field] is None else t[field].lower() for t in counted(org))
        assert {row["value"]: int(row["count"]) for row in body[field]} == expected, field
        assert all(isinstance(row["count"], str) for row in body[field])
    assert body["spam"] == 0 and set(body) == {"status", "priority", "channel", "spam"}


async def test_counts_by_field_value_within_a_department_and_status_types(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    department = next(iter(org.departments))
    params = {"field": "statusType,escalated,overDue", "departmentId": department}
    body = (await desk.get("/ticketsCountByFieldValues", params=params)).json()
    mine = [t for t in counted(org) if t["departmentId"] == department]
    names = {"Open": "OPEN", "On Hold": "ONHOLD", "Closed": "CLOSED"}
    assert {r["value"]: int(r["count"]) for r in body["statusType"]} == Counter(names[t["statusType"]] for t in mine)
    assert body["escalated"] == sum(1 for t in mine if t["status"] == "Escalated")
    assert isinstance(body["overDue"], int)


@pytest.mark.parametrize(
    "params", [{}, {"field": "assignee"}, {"field": "status", "departmentId": "abc"}, {"field": "status", "x": "1"}]
)
async def test_counts_by_field_value_reject_bad_queries(desk: httpx.AsyncClient, params: dict[str, str]) -> None:
    assert (await desk.get("/ticketsCountByFieldValues", params=params)).status_code == 422


async def test_count_endpoints_need_their_scopes(http: httpx.AsyncClient, org: OrgData) -> None:
    headers = await scoped_headers(http, ["Desk.tickets.READ"], org.id)
    assert (await http.get("/api/v1/ticketsCount", headers=headers)).status_code == 401  # and Desk.search.READ
    headers = await scoped_headers(http, ["Desk.tickets.READ", "Desk.search.READ"], org.id)
    assert (await http.get("/api/v1/ticketsCount", headers=headers)).status_code == 200


async def test_a_views_count_matches_its_list(desk: httpx.AsyncClient, org: OrgData) -> None:
    views = await view_ids(desk)
    for name in SYSTEM_VIEWS:
        params = {"viewId": views[name], "departmentId": "0"}
        count = (await desk.get("/ticketQueueView/count", params=params)).json()["count"]
        assert int(count) == len(await listed_ids(desk, viewId=views[name])), name
    agent = next(t["assigneeId"] for t in counted(org) if t["assigneeId"] and t["statusType"] == "Open")
    params = {"viewId": views["Open Tickets"], "departmentId": "0", "agentId": agent}
    count = (await desk.get("/ticketQueueView/count", params=params)).json()["count"]
    assert int(count) == sum(1 for t in counted(org) if t["statusType"] == "Open" and t["assigneeId"] == agent)


@pytest.mark.parametrize(
    "params", [{"departmentId": "0"}, {"viewId": "1"}, {"viewId": "1", "departmentId": "0"}]
)
async def test_a_views_count_needs_a_known_view_and_a_department(
    desk: httpx.AsyncClient, params: dict[str, str]
) -> None:
    assert (await desk.get("/ticketQueueView/count", params=params)).status_code == 422


async def test_agents_ticket_counts_are_open_and_on_hold_per_agent(desk: httpx.AsyncClient, org: OrgData) -> None:
    agents = list(org.agents)[:4]
    body = (await desk.get("/agentsTicketsCount", params={"agentIds": ",".join(agents), "departmentId": "0"})).json()
    assert [row["agentId"] for row in body["data"]] == agents
    for row in body["data"]:
        own = [t for t in counted(org) if t["assigneeId"] == row["agentId"]]
        assert row["openCount"] == sum(1 for t in own if t["statusType"] == "Open")
        assert row["onholdCount"] == sum(1 for t in own if t["statusType"] == "On Hold")
    for bad in (",".join(["1"] * 51), "999"):
        response = await desk.get("/agentsTicketsCount", params={"agentIds": bad, "departmentId": "0"})
        assert response.status_code == 422


async def test_overdue_counts_open_tickets_past_their_due_date() -> None:
    """In the small data set, 'Printer on fire' was due an hour ago and is open."""
    sandbox = Sandbox(td.ticket_data())
    async with httpx.AsyncClient(transport=SandboxTransport(sandbox.app), base_url=BASE_URL) as client:
        org = sandbox.store.first_org()
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client)}", "orgId": org.id}
        body: dict[str, Any] = (
            await client.get("/api/v1/ticketsCountByFieldValues", params={"field": "overDue"}, headers=headers)
        ).json()
        expected = [t for t in counted(org) if t["dueDate"] and t["statusType"] != "Closed"
                    and t["dueDate"] < sandbox.store.now_iso()]
        assert body["overDue"] == len(expected) >= 1
