"""Which tools a server offers: toolsets, read-only mode and token scopes, all from the tools' own declarations."""

from __future__ import annotations

from collections.abc import Callable

from mcp import Client

from zoho_desk_mcp.sandbox import DEFAULT_REFRESH_TOKEN, Sandbox
from zoho_desk_mcp.tools import ALL_TOOLS, TOOLSETS

SEED_TOOLS = {"create_ticket", "get_ticket", "list_tickets", "upload_file", "create_ticket_attachment"}


async def listed(client: Client) -> dict[str, object]:
    return {tool.name: tool for tool in (await client.list_tools()).tools}


async def test_every_tool_declares_a_title_and_all_four_annotations(connect: Callable[..., Client]) -> None:
    async with connect(toolsets=",".join(TOOLSETS)) as client:
        tools = (await client.list_tools()).tools
    assert {t.name for t in tools} == {spec.name for spec in ALL_TOOLS}
    for tool in tools:
        hints = tool.annotations
        assert tool.title and tool.description, tool.name
        assert hints is not None and None not in (
            hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint, hints.open_world_hint
        ), tool.name


async def test_the_default_toolsets_offer_the_seed_tools_but_not_admin_or_danger(
    connect: Callable[..., Client],
) -> None:
    async with connect() as client:
        names = set(await listed(client))
    assert names >= SEED_TOOLS
    assert not names & {spec.name for spec in ALL_TOOLS if spec.toolset in ("admin", "danger")}


async def test_read_only_mode_lists_only_read_only_tools_and_refuses_writes_with_how_to_enable(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    tickets_before = len(sandbox.store.first_org().tickets)
    async with connect(read_only=True, organization="Acme Support") as client:
        tools = (await client.list_tools()).tools
        refused = await client.call_tool(
            "create_ticket", {"subject": "Should not exist", "department": "Billing"}
        )
    assert tools and all(t.annotations and t.annotations.read_only_hint for t in tools)
    assert refused.is_error
    assert "read-only" in refused.content[0].text and "without read-only" in refused.content[0].text
    assert len(sandbox.store.first_org().tickets) == tickets_before


async def test_a_tool_outside_the_enabled_toolsets_says_which_toolset_to_add(connect: Callable[..., Client]) -> None:
    admin_tools = [spec.name for spec in ALL_TOOLS if spec.toolset == "admin"]
    if not admin_tools:
        return
    async with connect(toolsets="tickets") as client:
        result = await client.call_tool(admin_tools[0], {})
    assert result.is_error
    assert "--toolsets tickets,admin" in result.content[0].text


async def test_tools_the_token_cannot_use_are_hidden_and_name_the_missing_scope(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    sandbox.store.refresh_grants[DEFAULT_REFRESH_TOKEN].scopes = ("Desk.tickets.READ", "Desk.basic.READ")
    async with connect(organization="Acme Support") as client:
        names = set(await listed(client))
        refused = await client.call_tool("create_ticket", {"subject": "x", "department": "Billing"})
    assert {"get_ticket", "list_tickets"} <= names
    assert "create_ticket" not in names and "upload_file" not in names
    assert refused.is_error and "Desk.tickets.CREATE" in refused.content[0].text
