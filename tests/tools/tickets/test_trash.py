"""move_tickets_to_trash through the MCP client: by number, one or several, every reference checked before the
all-or-nothing call, the user's confirmation asked when the client can be asked, and the refusals."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record

from ..ticket_checks import by_name, nulls

ORG = "Acme Support"
TOOLSETS = "tickets,triage,danger"
TRASH = "POST /api/v1/tickets/moveToTrash"


def message(result: Any) -> str:
    """The text of a tool result's first content block (the error text, for a tool error)."""
    return str(getattr(result.content[0], "text", ""))


def numbered(acme: OrgData, number: int) -> Record:
    return by_name(acme.tickets, str(number), "ticketNumber")


def open_client(connect: Any, **options: Any) -> Client:
    client: Client = connect(toolsets=TOOLSETS, organization=ORG, client_options=options or None)
    return client


async def trash(client: Client, tickets: Any) -> dict[str, Any]:
    result = await client.call_tool("move_tickets_to_trash", {"tickets": tickets})
    assert not result.is_error, message(result)
    assert result.structured_content is not None and nulls(result.structured_content) == []
    return dict(result.structured_content)


async def test_one_ticket_by_number_is_trashed_and_the_answer_says_it_is_recoverable(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    async with open_client(connect) as client:
        out = await trash(client, "#101")
    ticket = numbered(acme, 101)
    assert ticket["isTrashed"] is True
    assert out["trashed"] == [{"id": ticket["id"], "ticketNumber": "101", "subject": ticket["subject"]}]
    assert out["count"] == 1 and "60 days" in out["note"] and "Recycle Bin" in out["note"]
    assert sandbox.store.requests[TRASH] == 1


async def test_several_tickets_by_number_id_and_url_go_in_one_call(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    second, third = numbered(acme, 102), numbered(acme, 103)
    async with open_client(connect) as client:
        out = await trash(client, ["101", second["id"], third["webUrl"], "#101"])
    assert [t["ticketNumber"] for t in out["trashed"]] == ["101", "102", "103"]
    assert all(numbered(acme, n)["isTrashed"] for n in (101, 102, 103))
    assert not numbered(acme, 104)["isTrashed"]
    assert sandbox.store.requests[TRASH] == 1


async def test_an_already_trashed_ticket_is_named_and_nothing_is_trashed(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    async with open_client(connect) as client:
        await trash(client, "#101")
        again = await client.call_tool("move_tickets_to_trash", {"tickets": "#102, #101"})
        by_id = await client.call_tool("move_tickets_to_trash", {"tickets": [numbered(acme, 101)["id"]]})
    assert again.is_error and "'#101'" in message(again) and "already in the trash" in message(again)
    assert "Nothing was moved" in message(again) and "'#102'" not in message(again)
    assert by_id.is_error and "already in the trash" in message(by_id)
    assert not numbered(acme, 102)["isTrashed"]
    assert sandbox.store.requests[TRASH] == 1


async def test_an_unknown_ticket_fails_the_whole_call_before_zoho_is_asked(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    async with open_client(connect) as client:
        result = await client.call_tool("move_tickets_to_trash", {"tickets": ["#101", "#999999", "not a ticket"]})
    text = message(result)
    assert result.is_error and "'#999999'" in text and "'not a ticket'" in text
    assert not numbered(acme, 101)["isTrashed"]
    assert sandbox.store.requests.get(TRASH, 0) == 0


async def test_too_many_or_no_tickets_are_refused(connect: Any, sandbox: Sandbox) -> None:
    async with open_client(connect) as client:
        many = await client.call_tool("move_tickets_to_trash", {"tickets": [f"#{n}" for n in range(101, 152)]})
        none = await client.call_tool("move_tickets_to_trash", {"tickets": " , "})
    assert many.is_error and "at most 50" in message(many)
    assert none.is_error and "at least one" in message(none)
    assert sandbox.store.requests.get(TRASH, 0) == 0


def answering(action: str, seen: list[Any], confirm: bool = True) -> Any:
    async def answer(context: Any, params: Any) -> ElicitResult:
        seen.append(params)
        if action == "accept":
            return ElicitResult(action="accept", content={"confirm": confirm})
        return ElicitResult(action=action)  # type: ignore[arg-type]

    return answer


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_the_user_is_asked_to_confirm_the_listed_tickets(connect: Any, acme: OrgData, mode: str) -> None:
    seen: list[Any] = []
    async with open_client(connect, mode=mode, elicitation_callback=answering("accept", seen)) as client:
        out = await trash(client, "#101,#102")
    assert out["count"] == 2 and numbered(acme, 101)["isTrashed"] and numbered(acme, 102)["isTrashed"]
    assert len(seen) == 1
    message = seen[0].message
    assert "#101: How do I update my credit card?" in message and "#102" in message and "60 days" in message
    assert seen[0].requested_schema["properties"]["confirm"]["type"] == "boolean"


@pytest.mark.parametrize(("action", "confirm"), [("decline", True), ("cancel", True), ("accept", False)])
async def test_declining_the_confirmation_trashes_nothing(
    connect: Any, acme: OrgData, sandbox: Sandbox, action: str, confirm: bool
) -> None:
    seen: list[Any] = []
    async with open_client(connect, elicitation_callback=answering(action, seen, confirm)) as client:
        result = await client.call_tool("move_tickets_to_trash", {"tickets": "#101"})
    assert result.is_error and "Cancelled" in message(result) and "nothing was moved" in message(result)
    assert not numbered(acme, 101)["isTrashed"] and len(seen) == 1
    assert sandbox.store.requests.get(TRASH, 0) == 0


async def test_a_lost_answer_says_how_to_check_and_a_rerun_names_the_trashed_ones(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    faults = sandbox.store.faults
    faults.drop_next_writes, faults.drop_mode, faults.drop_match = 1, "reset", TRASH
    async with open_client(connect) as client:
        lost = await client.call_tool("move_tickets_to_trash", {"tickets": "#101"})
        again = await client.call_tool("move_tickets_to_trash", {"tickets": "#101"})
    assert lost.is_error and "may or may not be in the trash" in message(lost)
    assert numbered(acme, 101)["isTrashed"]
    assert again.is_error and "already in the trash" in message(again)
    assert sandbox.store.requests[TRASH] == 1


async def test_a_zoho_server_error_on_the_trash_call_says_a_rerun_is_safe(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    faults = sandbox.store.faults
    faults.fail_match, faults.fail_next, faults.fail_status = TRASH, 1, 500
    async with open_client(connect) as client:
        failed = await client.call_tool("move_tickets_to_trash", {"tickets": "#101"})
        again = await trash(client, "#101")
    assert failed.is_error and "may or may not be in the trash" in message(failed) and "safe" in message(failed)
    assert again["count"] == 1 and numbered(acme, 101)["isTrashed"]


async def test_the_tool_is_destructive_and_only_in_the_danger_toolset(connect: Any) -> None:
    async with connect() as client:
        default = {t.name for t in (await client.list_tools()).tools}
        refused = await client.call_tool("move_tickets_to_trash", {"organization": ORG, "tickets": "#101"})
    async with connect(toolsets=TOOLSETS) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    async with connect(toolsets=TOOLSETS, read_only=True) as client:
        read_only = {t.name for t in (await client.list_tools()).tools}
    assert "move_tickets_to_trash" not in default and "move_tickets_to_trash" not in read_only
    assert refused.is_error and "--toolsets" in message(refused) and "danger" in message(refused)
    hints = tools["move_tickets_to_trash"].annotations
    assert hints is not None
    assert (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint) == (False, True, False)
    schema = tools["move_tickets_to_trash"].input_schema
    assert schema["required"] == ["tickets"] and set(schema["properties"]) == {"organization", "tickets"}
