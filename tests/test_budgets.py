"""Budgets that regress silently: the size of `tools/list` (model context) and the Zoho API calls per action.

The ceilings are the figures `python -m bench` measured when they were set; a change that raises one should
lower something else, or raise the ceiling here on purpose (and say why in the change). No timing here.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from mcp import Client

from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.server import build_server
from zoho_desk_mcp.tools import TOOLSETS
from zoho_desk_mcp.tools.kit.catalog import model_visible_bytes, wire_bytes

ORG = "Acme Support"
MODEL_VISIBLE_CEILING = 16 * 1024  # default toolsets: name + description + input schema of every tool, compact JSON
TOOL_CEILING = 1_843  # 1.8 KB: no single tool may crowd the others out
WIRE_CEILING = 30 * 1024  # the whole default tools/list result
MIN_DEFAULT_TOOLS = 20  # the budget must hold with the whole default surface (design.md §2.1), not by hiding tools
SMALL_FILE = base64.b64encode(b"%PDF-1.4 budget\n" * 20).decode()


def connect(sandbox: Sandbox, **options: Any) -> Client:
    flags = {"sandbox": True, **options}
    settings = from_environment(flags, environ={"ZOHO_DESK_AUDIT_LOG": os.devnull}, dotenv_path=None)
    return Client(build_server(settings, sandbox=sandbox).mcp)


def api_calls(sandbox: Sandbox, before: dict[str, int]) -> int:
    return sum(n - before.get(k, 0) for k, n in sandbox.store.requests.items() if "/api/v1/" in k)


async def listed(**options: Any) -> list[dict[str, Any]]:
    async with connect(Sandbox(), **options) as client:
        return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in (await client.list_tools()).tools]


async def test_the_default_tools_fit_the_context_budget() -> None:
    tools = await listed()
    model_visible = sum(model_visible_bytes(t) for t in tools)
    assert len(tools) >= MIN_DEFAULT_TOOLS
    assert model_visible <= MODEL_VISIBLE_CEILING, f"default tools take {model_visible} model-visible bytes"
    assert wire_bytes(tools) <= WIRE_CEILING, f"the default tools/list is {wire_bytes(tools)} bytes"


async def test_no_tool_takes_more_than_its_share_of_the_context() -> None:
    tools = await listed(toolsets=",".join(TOOLSETS))
    oversized = {t["name"]: model_visible_bytes(t) for t in tools if model_visible_bytes(t) > TOOL_CEILING}
    assert oversized == {}


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


async def test_each_action_costs_no_more_api_calls_than_its_budget(sandbox: Sandbox) -> None:
    org = sandbox.store.first_org()
    ticket_id = next(iter(org.tickets))
    create = {
        "organization": ORG,
        "subject": "Budget check",
        "department": "Billing",
        "assignee": "Jane Doe",
        "contactEmail": "budget@example.com",
    }
    listing = {"organization": ORG, "departments": "Billing", "assignee": "Jane Doe", "limit": 5}
    attach = {"organization": ORG, "ticket": ticket_id, "fileName": "a.pdf", "fileData": SMALL_FILE}
    seen: dict[str, int] = {}
    async with connect(sandbox) as client:

        async def cost(label: str, call: Callable[[], Awaitable[Any]]) -> None:
            before = dict(sandbox.store.requests)
            result = await call()
            assert not result.is_error, (label, result.content)
            seen[label] = api_calls(sandbox, before)

        def tool(name: str, arguments: dict[str, Any]) -> Callable[[], Awaitable[Any]]:
            return lambda: client.call_tool(name, arguments)

        await cost("create_ticket cold", tool("create_ticket", create))
        await cost("create_ticket warm", tool("create_ticket", create))
        await cost("get_ticket", tool("get_ticket", {"organization": ORG, "ticket": ticket_id}))
        await tool("list_tickets", listing)()
        await cost("list_tickets warm", tool("list_tickets", listing))
        await cost(
            "upload_file", tool("upload_file", {"organization": ORG, "fileName": "a.pdf", "fileData": SMALL_FILE})
        )
        await tool("create_ticket_attachment", attach)()
        await cost("create_ticket_attachment warm", tool("create_ticket_attachment", attach))
    assert seen == {
        "create_ticket cold": 4,
        "create_ticket warm": 1,
        "get_ticket": 1,
        "list_tickets warm": 1,
        "upload_file": 1,
        "create_ticket_attachment warm": 1,
    }



async def ticket_reads(sandbox: Sandbox, organization: str, ticket_id: str) -> list[int]:
    """API calls of get_ticket on a fresh server (nothing cached), then of the same call again (warm)."""
    counts = []
    async with connect(sandbox) as client:
        for _ in range(2):
            before = dict(sandbox.store.requests)
            result = await client.call_tool("get_ticket", {"organization": organization, "ticket": ticket_id})
            assert not result.is_error, result.content
            counts.append(api_calls(sandbox, before))
    return counts


async def test_a_fresh_server_reads_a_ticket_in_one_call_by_organization_id_and_two_by_name(sandbox: Sandbox) -> None:
    org = sandbox.store.first_org()
    ticket_id = next(iter(org.tickets))
    assert await ticket_reads(sandbox, org.id, ticket_id) == [1, 1]
    assert await ticket_reads(sandbox, ORG, ticket_id) == [2, 1]  # the organizations list, once
