"""What an assistant sends first should work; what cannot work says which argument and what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp import Client
from mcp.types import ElicitResult

ORG = "Acme Support"
PYDANTIC = ("validation error for", "errors.pydantic.dev", "input_value", "[type=", "Resolver for parameter")


def text(result: Any) -> str:
    return str(result.content[0].text)


async def test_a_ticket_number_as_a_json_number_works_and_ticket_id_is_an_alias(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG) as client:
        by_number = await client.call_tool("get_ticket", {"ticket": 101})
        by_alias = await client.call_tool("get_ticket", {"ticketId": "#101"})
    assert not by_number.is_error and not by_alias.is_error
    assert by_number.structured_content["number"] == by_alias.structured_content["number"] == "101"


async def test_enum_values_are_accepted_in_any_case(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG, toolsets="tickets,admin") as client:
        agents = await client.call_tool("list_agents", {"status": "disabled"})
        tickets = await client.call_tool("list_tickets", {"sortOrder": "ASC", "sortBy": "ticketnumber", "limit": 2})
    assert not agents.is_error and {a["status"] for a in agents.structured_content["agents"]} == {"DISABLED"}
    assert not tickets.is_error, text(tickets)


async def test_an_unknown_argument_is_refused_with_the_close_spelling_first(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG) as client:
        search = await client.call_tool("search_tickets", {"subjct": "refund"})
        update = await client.call_tool("update_ticket", {"ticket": "101", "priorty": "High"})
    assert search.is_error and "has no argument 'subjct'" in text(search) and "Did you mean subject?" in text(search)
    assert update.is_error and "Did you mean priority?" in text(update)


async def test_bad_values_get_one_plain_sentence_per_argument(connect: Callable[..., Client]) -> None:
    async with connect(organization=ORG) as client:
        too_many = await client.call_tool("list_tickets", {"limit": 1000})
        not_a_number = await client.call_tool("list_tickets", {"limit": "lots"})
        missing = await client.call_tool("get_ticket", {})
        bad_sort = await client.call_tool("list_tickets", {"sortBy": "bogus"})
    assert "limit is above the maximum 100 (got 1000); it must be a whole number from 1 to 100" in text(too_many)
    assert "limit is not valid (got 'lots')" in text(not_a_number)
    assert "ticket is required" in text(missing)
    assert "sortBy is not valid (got 'bogus'); it must be one of: createdTime" in text(bad_sort)
    for result in (too_many, not_a_number, missing, bad_sort):
        assert result.is_error and not any(marker in text(result) for marker in PYDANTIC), text(result)


async def test_a_declined_question_says_nothing_was_done_in_plain_words(connect: Callable[..., Client]) -> None:
    async def decline(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="decline")

    options = {"mode": "legacy", "elicitation_callback": decline}
    async with connect(client_options=options) as client:
        result = await client.call_tool("create_ticket", {"subject": "Which org?", "department": "Sales"})
    assert result.is_error and "declined" in text(result) and "nothing was done" in text(result)
    assert not any(marker in text(result) for marker in PYDANTIC)


async def test_me_is_the_authenticated_agent_wherever_an_agent_is_taken(
    connect: Callable[..., Client], acme: Any
) -> None:
    owner = next(iter(acme.agents.values()))  # the sandbox's default credentials belong to the first agent
    async with connect(organization=ORG) as client:
        listed = await client.call_tool("list_tickets", {"assignee": "me", "limit": 5})
        searched = await client.call_tool("search_tickets", {"assignee": "me", "limit": 5})
    assert not listed.is_error and not searched.is_error, (text(listed), text(searched))
    names = {r.get("assignee") for r in listed.structured_content["tickets"] + searched.structured_content["tickets"]}
    assert names == {f"{owner['firstName']} {owner['lastName']}"}
