"""The MCP prompts: listed with their arguments, and each names the tools to use for its job."""

from __future__ import annotations

from collections.abc import Callable

from mcp import Client


async def test_the_triage_prompts_are_listed_with_their_arguments(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        prompts = {p.name: p for p in (await client.list_prompts()).prompts}
    assert set(prompts) == {"triage_queue", "draft_reply_for_ticket", "customer_overview"}
    required = {a.name for a in prompts["draft_reply_for_ticket"].arguments or [] if a.required}
    assert required == {"ticket"}


async def test_the_draft_prompt_drafts_and_never_sends(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await client.get_prompt("draft_reply_for_ticket", {"ticket": "#101"})
    text = result.messages[0].content.text  # type: ignore[union-attr]
    assert "#101" in text and "draft_reply" in text and "Do not use send_reply" in text


async def test_the_queue_prompt_filters_by_the_department_given(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await client.get_prompt("triage_queue", {"department": "Billing"})
    text = result.messages[0].content.text  # type: ignore[union-attr]
    assert "assignee=Unassigned" in text and "departments=Billing" in text
