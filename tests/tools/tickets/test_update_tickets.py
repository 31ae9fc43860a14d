"""update_tickets through the MCP client: 25 tickets with one already in that state, the confirmation above 10
tickets, per-ticket failures, custom fields checked against the portal's, and idempotence."""

from __future__ import annotations

from typing import Any

from mcp import Client
from mcp.types import ElicitResult

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import by_name, nulls

ORG = "Acme Support"
BULK = "POST /api/v1/tickets/updateMany"


def open_client(connect: Any, **options: Any) -> Client:
    client: Client = connect(organization=ORG, client_options=options or None)
    return client


def live(acme: OrgData) -> list[Record]:
    return [t for t in acme.tickets.values() if not t.get("isTrashed")]


def answering(action: str, seen: list[Any], confirm: bool = True) -> Any:
    async def answer(context: Any, params: Any) -> ElicitResult:
        seen.append(params)
        if action == "accept":
            return ElicitResult(action="accept", content={"confirm": confirm})
        return ElicitResult(action=action)  # type: ignore[arg-type]

    return answer


async def update(client: Client, **args: Any) -> dict[str, Any]:
    result = await client.call_tool("update_tickets", args)
    assert not result.is_error, result.content[0].text  # type: ignore[union-attr]
    assert result.structured_content is not None and nulls(result.structured_content) == []
    return dict(result.structured_content)


async def test_25_tickets_one_already_in_that_state(connect: Any, acme: OrgData, sandbox: Sandbox) -> None:
    chosen = [t for t in live(acme) if t["priority"] != "Low"][:24]
    already = next(t for t in live(acme) if t["priority"] == "Low")
    refs = [f"#{t['ticketNumber']}" for t in [*chosen, already]]
    async with open_client(connect) as client:
        out = await update(client, tickets=refs, priority="low")
    assert (out["updated"], out["unchanged"], out["failed"]) == (24, 1, 0)
    rows = {row["ticket"]: row for row in out["results"]}
    assert rows[f"#{already['ticketNumber']}"]["outcome"] == "unchanged"
    assert all(rows[f"#{t['ticketNumber']}"]["changed"] == ["priority"] for t in chosen)
    assert all(t["priority"] == "Low" for t in chosen)
    assert sandbox.store.requests[BULK] == 1  # one updateMany for the 24 that differed
    async with open_client(connect) as client:
        again = await update(client, tickets=refs, priority="Low")
    assert (again["updated"], again["unchanged"]) == (0, 25) and sandbox.store.requests[BULK] == 1


async def test_more_than_ten_tickets_are_confirmed_by_the_user(connect: Any, acme: OrgData) -> None:
    chosen = [t for t in live(acme) if t["status"] != "On Hold"][:12]
    seen: list[Any] = []
    async with open_client(connect, elicitation_callback=answering("accept", seen)) as client:
        out = await update(client, tickets=[t["id"] for t in chosen], status="On Hold")
    assert out["updated"] == 12 and len(seen) == 1 and "12 tickets" in seen[0].message
    assert all(t["status"] == "On Hold" for t in chosen)


async def test_a_declined_confirmation_changes_nothing(connect: Any, acme: OrgData, sandbox: Sandbox) -> None:
    chosen = [t for t in live(acme) if t["status"] != "On Hold"][:11]
    for action in ("decline", "cancel"):
        async with open_client(connect, elicitation_callback=answering(action, [])) as client:
            args = {"tickets": [t["id"] for t in chosen], "status": "On Hold"}
            result = await client.call_tool("update_tickets", args)
        assert result.is_error and "Cancelled" in result.content[0].text  # type: ignore[union-attr]
    assert all(t["status"] != "On Hold" for t in chosen) and sandbox.store.requests.get(BULK, 0) == 0


async def test_ten_tickets_or_fewer_need_no_confirmation(connect: Any, acme: OrgData) -> None:
    seen: list[Any] = []
    chosen = live(acme)[:3]
    async with open_client(connect, elicitation_callback=answering("accept", seen)) as client:
        await update(client, tickets=[t["id"] for t in chosen], priority="High")
    assert seen == []


async def test_unknown_tickets_and_assignees_outside_a_department_fail_alone(connect: Any, acme: OrgData) -> None:
    jane = by_name(acme.agents, "jane@acme.com", "emailId")
    fits = next(t for t in live(acme) if t["departmentId"] in jane["associatedDepartmentIds"] and
                t["assigneeId"] != jane["id"])
    other = next(t for t in live(acme) if t["departmentId"] not in jane["associatedDepartmentIds"])
    async with open_client(connect) as client:
        out = await update(client, tickets=[fits["id"], other["id"], "#99999"], assignee="jane@acme.com")
    rows = {row["ticket"]: row for row in out["results"]}
    assert rows[fits["id"]]["outcome"] == "updated" and fits["assigneeId"] == jane["id"]
    assert rows[other["id"]]["outcome"] == "failed" and "department" in rows[other["id"]]["error"]
    assert rows["#99999"]["outcome"] == "failed" and other["assigneeId"] != jane["id"]


async def test_custom_fields_by_label_and_a_bad_value_lists_the_allowed_ones(connect: Any, acme: OrgData) -> None:
    chosen = live(acme)[:2]
    async with open_client(connect) as client:
        out = await update(client, tickets=[t["id"] for t in chosen], customFields={"service plan": "premium"})
        bad = await client.call_tool("update_tickets", {"tickets": chosen[0]["id"],
                                                        "customFields": {"Service plan": "Gold"}})
    assert out["updated"] == 2 and all(t["cf"]["cf_service_plan"] == "Premium" for t in chosen)
    text = bad.content[0].text  # type: ignore[union-attr]
    assert bad.is_error and "Basic, Standard, Premium, Enterprise" in text


async def test_tags_are_added_only_where_missing(connect: Any, acme: OrgData) -> None:
    chosen = live(acme)[:2]
    async with open_client(connect) as client:
        first = await update(client, tickets=[t["id"] for t in chosen], tags="vip")
        second = await update(client, tickets=[t["id"] for t in chosen], tags="vip")
    assert first["updated"] == 2 and second["unchanged"] == 2


async def test_nothing_to_change_is_an_error(connect: Any) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool("update_tickets", {"tickets": "#101"})
    assert result.is_error and "nothing to change" in result.content[0].text  # type: ignore[union-attr]
