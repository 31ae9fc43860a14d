"""Context: the bytes a model reads — `tools/list` per toolset, a 100-ticket page, a ticket read — and the wire bytes.

Model-visible bytes are what hosts put in the model's context: of a listed tool its name, description and input
schema; of a tool result its text block (the structured content as compact JSON; hosts show the model one or the
other). Wire bytes are the whole compact JSON that crosses the transport: the whole `tools/list` result, and the
whole JSON-RPC answer of a call, which carries the rows twice (text block and structured content).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mcp import Client

from zoho_desk_mcp.tools import DEFAULT_TOOLSETS, TOOLSETS
from zoho_desk_mcp.tools.kit.catalog import model_visible_bytes, wire_bytes

from .common import ORG, Row, access_token, bare_client, call_ok, in_process, kb, mcp_client

MODEL_VISIBLE_BUDGET = 16 * 1024  # the default tools, as tests/test_budgets.py enforces
WIRE_BUDGET = 30 * 1024
PAGE_BUDGET = 25 * 1024
READ_SHARE = 0.40
INCLUDE = "contacts,assignee,departments,team"  # what get_ticket asks Zoho for
TICKETS_READ = 20


def compact_size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


async def listed(client: Client) -> list[Mapping[str, Any]]:
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in (await client.list_tools()).tools]


async def toolset_rows() -> list[Row]:
    """The default surface against its budgets, then each toolset alone (that toolset only enabled)."""
    rows: list[Row] = []
    for toolsets in (DEFAULT_TOOLSETS, *((name,) for name in TOOLSETS)):
        _, built = in_process(toolsets=",".join(toolsets))
        async with mcp_client(built) as client:
            tools = await listed(client)
        model, wire = sum(model_visible_bytes(t) for t in tools), wire_bytes(tools)
        label = f"tools/list, {'+'.join(toolsets)}{' (default)' if toolsets == DEFAULT_TOOLSETS else ' only'}"
        measured = f"model-visible {kb(model)}, wire {kb(wire)}, {len(tools)} tools"
        if toolsets == DEFAULT_TOOLSETS:
            met = model <= MODEL_VISIBLE_BUDGET and wire <= WIRE_BUDGET
            rows.append(Row("context", label, measured, "model ≤ 16 KB, wire ≤ 30 KB", met))
        else:
            rows.append(Row("context", label, measured, "-", None))
    return rows


def message_size(result: Any, request_id: int = 3) -> int:
    """The whole JSON-RPC answer of a call, compact, as a transport carries it."""
    body = result.model_dump(mode="json", by_alias=True, exclude_none=True)
    return compact_size({"jsonrpc": "2.0", "id": request_id, "result": body})


def text_size(result: Any) -> int:
    return len(result.content[0].text.encode())


async def run(quick: bool) -> list[Row]:
    rows = await toolset_rows()
    sandbox, built = in_process()
    org = sandbox.store.first_org()
    ticket_ids = list(org.tickets)[:TICKETS_READ]
    async with bare_client(sandbox) as http, mcp_client(built) as client:
        page = await client.call_tool("list_tickets", {"organization": ORG, "limit": 100})
        content = call_ok(page, "list_tickets")
        count, rows_size = len(content["tickets"]), compact_size(content["tickets"])
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(http)}", "orgId": org.id}
        ours = raw = 0
        fields: dict[str, int] = {}
        for ticket_id in ticket_ids:
            result = await client.call_tool("get_ticket", {"organization": ORG, "ticket": ticket_id})
            for key, value in call_ok(result, "get_ticket").items():
                fields[key] = fields.get(key, 0) + compact_size({key: value}) - 2
            ours += text_size(result)
            response = await http.get(f"/api/v1/tickets/{ticket_id}", params={"include": INCLUDE}, headers=headers)
            raw += compact_size(response.raise_for_status().json())
    share = ours / raw
    return [
        *rows,
        Row("context", f"list_tickets result, {count} tickets: model-visible (the text block)", kb(text_size(page)),
            "< 25 KB", text_size(page) < PAGE_BUDGET and count == 100,
            "" if text_size(page) < PAGE_BUDGET else f"the rows alone are {rows_size:,} B; the tool said: "
            f"{content.get('note') or 'nothing'} (tickets/listing.py fits rows to 25,000 characters, subjects no "
            "shorter than 40; times to the second, the one time format of every answer, add ~600 B a page, so "
            "the test's ceiling is 26 KB)"),
        Row("context", f"list_tickets result, {count} tickets: the whole JSON-RPC answer on the wire",
            kb(message_size(page)), "-", None,
            "text block and structuredContent carry the same rows: the SDK sends both, hosts show the model one"),
        Row("context", f"get_ticket result vs Zoho's JSON for the same ticket ({len(ticket_ids)} tickets)",
            f"{ours / len(ticket_ids):,.0f} B vs {raw / len(ticket_ids):,.0f} B = {share:.0%}", "≤ 40%",
            share <= READ_SHARE, "" if share <= READ_SHARE else largest(fields, len(ticket_ids))),
    ]  # fmt: skip


def largest(fields: dict[str, int], tickets: int) -> str:
    """The fields that take most of a get_ticket answer, on average: where the bytes above the target are."""
    top = sorted(fields.items(), key=lambda kv: -kv[1])[:6]
    shown = ", ".join(f"{key} {size / tickets:.0f} B" for key, size in top)
    return f"the largest fields of an answer, on average: {shown}"
