"""`--toolsets dynamic`: the model starts with the tickets toolset and enables the others when it needs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mcp import Client, types

from zoho_desk_mcp.tools import ALL_TOOLS


def tickets_tools() -> set[str]:
    return {spec.name for spec in ALL_TOOLS if "tickets" in spec.toolsets}


async def names(client: Client) -> set[str]:
    return {tool.name for tool in (await client.list_tools()).tools}


async def test_enabling_admin_announces_the_change_and_its_tools_work(connect: Callable[..., Client]) -> None:
    changes: list[Any] = []

    async def on_message(message: Any) -> None:
        if isinstance(getattr(message, "root", message), types.ToolListChangedNotification):
            changes.append(message)

    options = {"mode": "legacy", "message_handler": on_message}
    async with connect(toolsets="dynamic", organization="Acme Support", client_options=options) as client:
        before = await names(client)
        listed = await client.call_tool("list_toolsets", {})
        enabled = await client.call_tool("enable_toolset", {"toolset": "admin"})
        after = await names(client)
        agents = await client.call_tool("list_agents", {"search": "jane"})
    assert before == tickets_tools() | {"list_toolsets", "enable_toolset"}
    rows = {row["name"]: row for row in json.loads(listed.content[0].text)["toolsets"]}
    assert rows["tickets"]["enabled"] and not rows["admin"]["enabled"] and "list_agents" in rows["admin"]["tools"]
    assert not enabled.is_error and set(enabled.structured_content["added"]) == {
        "list_agents",
        "add_agent",
        "set_agent_status",
    }
    assert changes, "no notifications/tools/list_changed reached the client"
    assert after == before | {"list_agents", "add_agent", "set_agent_status"}
    assert not agents.is_error and agents.structured_content["agents"]


async def test_read_only_mode_still_holds_for_an_enabled_toolset(connect: Callable[..., Client]) -> None:
    async with connect(toolsets="dynamic", read_only=True, client_options={"mode": "legacy"}) as client:
        enabled = await client.call_tool("enable_toolset", {"toolset": "admin"})
        after = await names(client)
        refused = await client.call_tool("add_agent", {"email": "a@b.co", "lastName": "A", "departments": "Sales"})
    assert enabled.structured_content["added"] == ["list_agents"]
    assert "add_agent" in enabled.structured_content["withheld"]
    assert "list_agents" in after and "add_agent" not in after
    assert refused.is_error and "read-only" in refused.content[0].text


async def test_an_unknown_toolset_lists_the_real_ones(connect: Callable[..., Client]) -> None:
    async with connect(toolsets="dynamic") as client:
        result = await client.call_tool("enable_toolset", {"toolset": "admn"})
    assert result.is_error and "admin" in result.content[0].text and "danger" in result.content[0].text


async def test_without_dynamic_mode_there_are_no_toolset_tools(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        assert not {"list_toolsets", "enable_toolset"} & await names(client)


async def test_dynamic_mode_declares_that_the_tool_list_changes(connect: Callable[..., Client]) -> None:
    async with connect(toolsets="dynamic", client_options={"mode": "legacy"}) as client:
        tools = client.server_capabilities.tools if client.server_capabilities else None
    assert tools is not None and tools.list_changed is True
