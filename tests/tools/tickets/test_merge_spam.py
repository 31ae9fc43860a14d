"""merge_tickets and mark_spam (danger toolset) through the MCP client: the user's confirmation accepted and
declined, without elicitation they proceed, per-ticket spam outcomes, and the refusals."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import by_name, nulls

ORG = "Acme Support"
MERGE = "POST /api/v1/tickets/{ticketId}/merge"
SPAM = "POST /api/v1/tickets/markSpam"


def open_client(connect: Any, **options: Any) -> Client:
    client: Client = connect(toolsets="tickets,triage,danger", organization=ORG, client_options=options or None)
    return client


def numbered(acme: OrgData, number: int) -> Record:
    return by_name(acme.tickets, str(number), "ticketNumber")


def answering(action: str, seen: list[Any], confirm: bool = True) -> Any:
    async def answer(context: Any, params: Any) -> ElicitResult:
        seen.append(params)
        if action == "accept":
            return ElicitResult(action="accept", content={"confirm": confirm})
        return ElicitResult(action=action)  # type: ignore[arg-type]

    return answer


def text(result: Any) -> str:
    return str(getattr(result.content[0], "text", ""))


async def test_merge_confirmed_by_the_user_leaves_one_ticket_with_the_conversations(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    keep, dup = numbered(acme, 101), numbered(acme, 102)
    threads = len(acme.threads.get(keep["id"], [])) + len(acme.threads.get(dup["id"], []))
    seen: list[Any] = []
    async with open_client(connect, elicitation_callback=answering("accept", seen)) as client:
        result = await client.call_tool("merge_tickets", {"ticket": "#101", "tickets": "#102"})
        assert not result.is_error, text(result)
        gone = await client.call_tool("get_ticket", {"ticket": dup["id"]})
    out = result.structured_content
    assert out is not None and nulls(out) == []
    assert out["ticket"]["id"] == keep["id"] and [m["ticketNumber"] for m in out["merged"]] == ["102"]
    assert out.get("threadCount", 0) == threads and "#101" in out["note"]
    assert len(seen) == 1 and "#102" in seen[0].message and "#101" in seen[0].message
    assert dup["id"] not in acme.tickets and gone.is_error
    assert sandbox.store.requests[MERGE] == 1


@pytest.mark.parametrize(("action", "confirm"), [("decline", True), ("cancel", True), ("accept", False)])
async def test_a_merge_the_user_declines_merges_nothing(
    connect: Any, acme: OrgData, sandbox: Sandbox, action: str, confirm: bool
) -> None:
    dup = numbered(acme, 102)
    async with open_client(connect, elicitation_callback=answering(action, [], confirm)) as client:
        result = await client.call_tool("merge_tickets", {"ticket": "#101", "tickets": ["#102"]})
    assert result.is_error and "Cancelled" in text(result)
    assert dup["id"] in acme.tickets and sandbox.store.requests.get(MERGE, 0) == 0


async def test_without_elicitation_a_merge_proceeds(connect: Any, acme: OrgData) -> None:
    dup = numbered(acme, 103)
    async with open_client(connect) as client:
        result = await client.call_tool("merge_tickets", {"ticket": "#101", "tickets": "#103"})
    assert not result.is_error and dup["id"] not in acme.tickets


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"ticket": "#101", "tickets": "#99999"}, "Nothing was merged"),
        ({"ticket": "#99999", "tickets": "#101"}, "no ticket matches"),
        ({"ticket": "#101", "tickets": "#101"}, "at least one ticket other"),
        ({"ticket": "#101", "tickets": ["#102", "#103", "#104", "#105", "#106", "#107"]}, "at most 5"),
    ],
)
async def test_merge_refusals_change_nothing(
    connect: Any, sandbox: Sandbox, args: dict[str, Any], words: str
) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool("merge_tickets", args)
    assert result.is_error and words in text(result)
    assert sandbox.store.requests.get(MERGE, 0) == 0


async def test_spam_confirmed_by_the_user_leaves_the_lists_and_reports_each_ticket(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    first, second = numbered(acme, 101), numbered(acme, 102)
    second["isSpam"] = True
    seen: list[Any] = []
    async with open_client(connect, elicitation_callback=answering("accept", seen)) as client:
        result = await client.call_tool("mark_spam", {"tickets": ["#101", "#102", "#99999"]})
        listed = await client.call_tool("list_tickets", {"limit": 100})
    out = result.structured_content
    assert out is not None and not result.is_error
    outcomes = {row["ticket"]: row["outcome"] for row in out["results"]}
    assert outcomes == {"#101": "updated", "#102": "unchanged", "#99999": "failed"}
    assert first["isSpam"] is True and len(seen) == 1 and "#102" not in seen[0].message
    assert listed.structured_content is not None
    assert first["id"] not in {t["id"] for t in listed.structured_content["tickets"]}
    assert sandbox.store.requests[SPAM] == 1


@pytest.mark.parametrize("action", ["decline", "cancel"])
async def test_spam_the_user_declines_marks_nothing(
    connect: Any, acme: OrgData, sandbox: Sandbox, action: str
) -> None:
    async with open_client(connect, elicitation_callback=answering(action, [])) as client:
        result = await client.call_tool("mark_spam", {"tickets": "#101"})
    assert result.is_error and "Cancelled" in text(result)
    assert numbered(acme, 101)["isSpam"] is False and sandbox.store.requests.get(SPAM, 0) == 0


async def test_unmarking_spam_without_elicitation(connect: Any, acme: OrgData) -> None:
    ticket = numbered(acme, 101)
    ticket["isSpam"] = True
    async with open_client(connect) as client:
        result = await client.call_tool("mark_spam", {"tickets": "#101", "isSpam": False})
    assert not result.is_error and ticket["isSpam"] is False


async def test_danger_tools_are_hidden_by_default_and_annotated_destructive(connect: Any) -> None:
    async with connect(organization=ORG) as client:
        default = {t.name for t in (await client.list_tools()).tools}
    async with open_client(connect) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert not {"merge_tickets", "mark_spam"} & default and "update_tickets" in default
    for name in ("merge_tickets", "mark_spam"):
        annotations = tools[name].annotations
        assert annotations is not None and annotations.destructive_hint is True
