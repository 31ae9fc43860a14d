"""Budgets that regress silently: the size of `tools/list` (model context) and the Zoho API calls per action.

The ceilings are the figures `python -m bench` measured when they were set; a change that raises one should
lower something else, or raise the ceiling here on purpose (and say why in the change). No timing here.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from mcp import Client

from zoho_desk_mcp.config import from_environment
from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.server import build_server

ORG = "Acme Support"
TOOLS_LIST_CEILING = 24_576  # bytes of compact JSON, default toolsets; bench figure 23,852 (target < 12 KB)
SMALL_FILE = base64.b64encode(b"%PDF-1.4 budget\n" * 20).decode()


def connect(sandbox: Sandbox) -> Client:
    settings = from_environment({"sandbox": True}, environ={"ZOHO_DESK_AUDIT_LOG": os.devnull}, dotenv_path=None)
    return Client(build_server(settings, sandbox=sandbox).mcp)


def api_calls(sandbox: Sandbox, before: dict[str, int]) -> int:
    return sum(n - before.get(k, 0) for k, n in sandbox.store.requests.items() if "/api/v1/" in k)


async def test_the_default_tools_list_stays_within_its_size_ceiling() -> None:
    async with connect(Sandbox()) as client:
        tools = [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in (await client.list_tools()).tools]
    size = len(json.dumps({"tools": tools}, separators=(",", ":"), ensure_ascii=False).encode())
    assert size <= TOOLS_LIST_CEILING, f"tools/list grew to {size} bytes (ceiling {TOOLS_LIST_CEILING})"


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
        await cost("get_ticket", tool("get_ticket", {"organization": ORG, "ticketId": ticket_id}))
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
