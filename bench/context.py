"""Context: the bytes a model reads — the `tools/list` of the default toolset, a 100-ticket page, a ticket read.

Sizes are of compact JSON (what goes on the wire). A tool result is counted once: its text content, which is
the structured content as compact JSON (hosts show the model one or the other).
"""

from __future__ import annotations

import json
from typing import Any

from mcp import Client

from .common import ORG, Row, access_token, bare_client, call_ok, in_process, kb, mcp_client

TOOLS_LIST_BUDGET = 12 * 1024
PAGE_BUDGET = 25 * 1024
READ_SHARE = 0.40
INCLUDE = "contacts,assignee,departments,team"  # what get_ticket asks Zoho for
TICKETS_READ = 20


def compact_size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


async def tools_list_sizes(client: Client) -> dict[str, int]:
    """Bytes of the tools/list result, and of the part a model reads (name, description, input schema)."""
    tools = [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in (await client.list_tools()).tools]
    keys = ("name", "description", "inputSchema")
    return {
        "total": compact_size({"tools": tools}),
        "model": compact_size([{k: t[k] for k in keys if k in t} for t in tools]),
        "output": sum(compact_size(t.get("outputSchema", {})) for t in tools),
        "count": len(tools),
    }


def result_size(result: Any) -> int:
    return len(result.content[0].text.encode())


async def run(quick: bool) -> list[Row]:
    sandbox, built = in_process()
    org = sandbox.store.first_org()
    ticket_ids = list(org.tickets)[:TICKETS_READ]
    async with bare_client(sandbox) as http, mcp_client(built) as client:
        sizes = await tools_list_sizes(client)
        page = await client.call_tool("list_tickets", {"organization": ORG, "limit": 100})
        rows = call_ok(page, "list_tickets")["tickets"]
        headers = {"Authorization": f"Zoho-oauthtoken {await access_token(http)}", "orgId": org.id}
        ours = raw = 0
        for ticket_id in ticket_ids:
            result = await client.call_tool("get_ticket", {"organization": ORG, "ticketId": ticket_id})
            call_ok(result, "get_ticket")
            ours += result_size(result)
            response = await http.get(f"/api/v1/tickets/{ticket_id}", params={"include": INCLUDE}, headers=headers)
            raw += compact_size(response.raise_for_status().json())
    share = ours / raw
    return [
        Row(
            "context",
            f"tools/list, default toolset ({sizes['count']} tools)",
            kb(sizes["total"]),
            "< 12 KB",
            sizes["total"] < TOOLS_LIST_BUDGET,
            f"of which output schemas {kb(sizes['output'])}; name + description + input schema (what hosts "
            f"put in the model's context) {kb(sizes['model'])}",
        ),
        Row(
            "context",
            f"list_tickets result, {len(rows)} tickets",
            kb(result_size(page)),
            "< 25 KB",
            result_size(page) < PAGE_BUDGET and len(rows) == 100,
        ),
        Row(
            "context",
            f"get_ticket result vs Zoho's JSON for the same ticket ({len(ticket_ids)} tickets)",
            f"{ours / len(ticket_ids):,.0f} B vs {raw / len(ticket_ids):,.0f} B = {share:.0%}",
            "≤ 40%",
            share <= READ_SHARE,
        ),
    ]
