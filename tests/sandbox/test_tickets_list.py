"""`GET /tickets`: paging, every filter, `fields`, `include`, sort orders, 204 and strict parameters."""

from __future__ import annotations

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.store import OrgData

from . import ticket_data as td
from .support import BASE_URL, access_token, scoped_token

ALL = 5 + td.BULK


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(td.ticket_data())


async def subjects(desk: httpx.AsyncClient, **params: str | int) -> list[str]:
    response = await desk.get("/tickets", params={"limit": 100, **params})
    if response.status_code == 204:
        return []
    assert response.status_code == 200, response.text
    return [row["subject"] for row in response.json()["data"]]


async def test_the_default_page_is_ten_rows_newest_first(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/tickets")
    rows = response.json()["data"]
    assert len(rows) == 10
    assert [r["createdTime"] for r in rows] == sorted((r["createdTime"] for r in rows), reverse=True)
    assert rows[0]["subject"] == "Printer on fire"
    assert response.headers["X-Rate-Limit-Request-Weight-v3"] == "3"


async def test_rows_are_slim_and_carry_counts_and_the_last_thread(desk: httpx.AsyncClient) -> None:
    rows = {r["subject"]: r for r in (await desk.get("/tickets", params={"limit": 100})).json()["data"]}
    looping = rows["Login loop"]
    assert "description" not in looping and "cf" not in looping and "isTrashed" not in looping
    assert looping["threadCount"] == "1"
    assert looping["lastThread"] == {
        "channel": "WEB",
        "isDraft": False,
        "isForward": False,
        "direction": "in",
    }
    assert rows["Printer on fire"]["lastThread"] is None


async def test_paging_walks_every_ticket_once_then_answers_204(desk: httpx.AsyncClient) -> None:
    seen: list[str] = []
    start = 0
    while True:
        response = await desk.get("/tickets", params={"from": start, "limit": 5})
        if response.status_code == 204:
            assert response.content == b""
            break
        seen += [row["id"] for row in response.json()["data"]]
        start += 5
    assert len(seen) == len(set(seen)) == ALL


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"from": -1},
        {"limit": "ten"},
        {"sortOrder": "asc"},
        {"sortBy": "modifiedTime"},
        {"sortBy": "subject"},
        {"receivedInDays": 7},
        {"priority": "Urgent"},
        {"status": "Pending"},
        {"channel": "Fax"},
        {"include": "threads"},
        {"fields": "noSuchField"},
        {"fields": ",".join(["subject"] * 31)},
        {"departmentIds": ",".join(["1"] * 21)},
        {"assignee": "Me"},
        {"dueDate": "yesterday"},
        {"closedTime": "lastYear"},
        {"viewId": "all"},
        {"teamIds": "x"},
    ],
)
async def test_bad_parameters_are_unprocessable(
    desk: httpx.AsyncClient, params: dict[str, str | int]
) -> None:
    response = await desk.get("/tickets", params=params)
    assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_department_filters(desk: httpx.AsyncClient, org: OrgData) -> None:
    support, billing = td.department(org, "Support"), td.department(org, "Billing")
    assert set(await subjects(desk, departmentId=billing)) == {"Refund please", "Old invoice"}
    assert len(await subjects(desk, departmentId=0)) == ALL
    assert len(await subjects(desk, departmentIds=f"{support},{billing}")) == ALL
    assert await subjects(desk, departmentId=td.department(org, "Archive")) == []
    for params in (
        {"departmentId": billing, "departmentIds": billing},
        {"departmentId": "777"},
        {"departmentIds": f"{billing},777"},
    ):
        response = await desk.get("/tickets", params=params)
        assert (response.status_code, response.json()["errorCode"]) == (422, "UNPROCESSABLE_ENTITY")


async def test_assignee_and_team_filters(desk: httpx.AsyncClient, org: OrgData) -> None:
    ann, bob = td.agent(org, "ann@acme.test"), td.agent(org, "bob@acme.test")
    assert set(await subjects(desk, assignee=f"{ann},{bob}")) == {
        "Printer on fire",
        "Refund please",
        "Old invoice",
    }
    unassigned = await subjects(desk, assignee="Unassigned")
    assert len(unassigned) == 1 + td.BULK and "Login loop" in unassigned
    assert await subjects(desk, teamIds=td.team(org, "Payments")) == ["Refund please"]


async def test_channel_priority_and_status_filters(desk: httpx.AsyncClient) -> None:
    assert set(await subjects(desk, channel="Phone,Chat")) == {"Refund please", "Widget squeaks"}
    assert set(await subjects(desk, priority="High,Medium")) == {
        "Printer on fire",
        "Refund please",
        "Widget squeaks",
    }
    assert await subjects(desk, status="Closed") == ["Old invoice"]
    assert await subjects(desk, status="Escalated") == ["Login loop"]
    assert set(await subjects(desk, status="On Hold,Closed")) == {"Refund please", "Old invoice"}
    opened = await subjects(desk, status="Open")  # a status type too: Escalated tickets are open
    assert len(opened) == ALL - 2 and "Login loop" in opened


async def test_received_in_days_counts_back_from_now(desk: httpx.AsyncClient) -> None:
    assert len(await subjects(desk, receivedInDays=15)) == ALL - 3
    assert len(await subjects(desk, receivedInDays=30)) == ALL - 2
    assert len(await subjects(desk, receivedInDays=90)) == ALL - 1


async def test_due_date_and_closed_time_windows(desk: httpx.AsyncClient, org: OrgData) -> None:
    assert await subjects(desk, dueDate="overdue") == ["Printer on fire"]
    assert set(await subjects(desk, dueDate="overdue,currentMonth,currentWeek,today,tomorrow")) <= {
        "Printer on fire",
        "Widget squeaks",
    }
    assert await subjects(desk, closedTime="last30days") == []
    printer = td.ticket(org, "Printer on fire")
    assert (await desk.patch(f"/tickets/{printer}", json={"status": "Closed"})).status_code == 200
    for window in ("today", "currentWeek", "currentMonth", "last3days"):
        assert await subjects(desk, closedTime=window) == ["Printer on fire"]
    assert await subjects(desk, closedTime="yesterday") == []
    assert await subjects(desk, dueDate="overdue") == []  # closed tickets are not overdue


async def test_fields_keep_only_the_id_and_the_named_fields(desk: httpx.AsyncClient) -> None:
    params = {
        "fields": "subject,statusType,description,cf_order_id",
        "include": "assignee",
        "sortBy": "ticketNumber",
    }
    row = (await desk.get("/tickets", params=params)).json()["data"][0]
    assert set(row) == {"id", "subject", "statusType", "description", "cf", "assignee"}
    assert row["cf"] == {"cf_order_id": "A-1"} and row["assignee"]["email"] == "ann@acme.test"


async def test_includes_add_the_related_records(desk: httpx.AsyncClient) -> None:
    params = {"include": "contacts,products,departments,team,assignee,isRead", "sortBy": "ticketNumber"}
    row = (await desk.get("/tickets", params=params)).json()["data"][0]
    assert row["contact"]["email"] == "carol@example.com" and row["team"]["name"] == "Tier 1"
    assert row["department"]["name"] == "Support" and row["product"] is None and row["isRead"] is False


@pytest.mark.parametrize(
    ("sort_by", "first", "last"),
    [
        ("ticketNumber", "Printer on fire", f"Bulk question {td.BULK - 1}"),
        ("-ticketNumber", f"Bulk question {td.BULK - 1}", "Printer on fire"),
        ("createdTime", "Old invoice", "Printer on fire"),
        ("-createdTime", "Printer on fire", "Old invoice"),
        ("customerResponseTime", "Old invoice", "Printer on fire"),
        ("dueDate", "Printer on fire", None),
        ("-dueDate", "Widget squeaks", None),
        ("-recentThread", "Login loop", "Old invoice"),
    ],
)
async def test_sort_orders(desk: httpx.AsyncClient, sort_by: str, first: str, last: str | None) -> None:
    ordered = await subjects(desk, sortBy=sort_by)
    assert len(ordered) == ALL and ordered[0] == first
    if last is not None:
        assert ordered[-1] == last


async def test_tickets_without_a_due_date_sort_last_either_way(desk: httpx.AsyncClient) -> None:
    due = {"Printer on fire", "Widget squeaks"}
    for sort_by in ("dueDate", "-dueDate"):
        assert set((await subjects(desk, sortBy=sort_by))[:2]) == due


async def test_an_empty_result_is_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.get("/tickets", params={"teamIds": td.team(org, "Payments"), "status": "Closed"})
    assert (response.status_code, response.content) == (204, b"")


async def test_a_view_id_the_organization_does_not_have_is_rejected(desk: httpx.AsyncClient) -> None:
    response = await desk.get("/tickets", params={"viewId": "1234567"})  # views filter: test_counts_views.py
    assert response.status_code == 422 and "viewId" in response.json()["message"]


async def test_listing_needs_a_read_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    for scope, status in (
        ("Desk.tickets.CREATE", 401),
        ("Desk.tickets.READ", 200),
        ("desk.tickets.all", 200),
    ):
        token = await scoped_token(http, [scope])
        headers = {"Authorization": f"Zoho-oauthtoken {token}", "orgId": org.id}
        assert (await http.get("/api/v1/tickets", headers=headers)).status_code == status


async def test_the_default_data_set_pages_one_hundred_at_a_time() -> None:
    seeded = Sandbox()
    first = seeded.store.first_org()
    async with httpx.AsyncClient(transport=SandboxTransport(seeded.app), base_url=BASE_URL) as client:
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(client)}", "orgId": first.id}
        ids: list[str] = []
        while True:
            response = await client.get(
                "/api/v1/tickets", params={"from": len(ids), "limit": 100}, headers=headers
            )
            if response.status_code == 204:
                break
            assert len(response.json()["data"]) <= 100
            ids += [row["id"] for row in response.json()["data"]]
    assert len(ids) == len(set(ids)) == len(first.tickets) > 200
