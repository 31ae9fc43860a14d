"""Zoho API calls per action (API credits), read from the sandbox's `/_sandbox/stats` before and after each call.

"Cold" is a fresh server (nothing cached); "warm" is the same call again on that server. Token requests are not
Desk API calls and are counted by tokens.py.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

from zoho_desk_mcp.sandbox import Sandbox

from .common import ORG, Row, api_calls, bare_client, call_ok, in_process, mcp_client, stats

DEPARTMENT = "Billing"
ASSIGNEE = "Jane Doe"  # an agent of Billing, by name
SMALL_FILE = base64.b64encode(b"%PDF-1.4 benchmark\n" * 50).decode()


def counted(what: str, calls: dict[str, int], target: int, *, at_most: bool = False) -> Row:
    total = sum(calls.values())
    met = total <= target if at_most else total == target
    detail = ", ".join(f"{k.removeprefix('/api/v1')} x{v}" if v > 1 else k for k, v in sorted(calls.items()))
    return Row("API calls", what, str(total), f"{'≤ ' if at_most else '= '}{target}", met, detail if not met else "")


async def cold_reads(sandbox: Sandbox, ticket_id: str) -> list[Row]:
    """get_ticket on a fresh server (nothing cached): the organization by ID costs no listing, by name one."""
    rows: list[Row] = []
    org = sandbox.store.first_org()
    for label, organization, calls in (("organization by ID", org.id, 1), ("organization by name", ORG, 2)):
        _, built = in_process(sandbox)
        async with bare_client(sandbox) as http, mcp_client(built) as client:
            before = await stats(http)
            call_ok(await client.call_tool("get_ticket", {"organization": organization, "ticket": ticket_id}), "get")
            rows.append(counted(f"get_ticket, cold (fresh server), {label}", api_calls(before, await stats(http)),
                                calls))  # fmt: skip
    return rows


async def run(quick: bool) -> list[Row]:
    sandbox, built = in_process()
    org = sandbox.store.first_org()
    ticket_id = next(iter(org.tickets))
    rows: list[Row] = await cold_reads(sandbox, ticket_id)
    async with bare_client(sandbox) as http, mcp_client(built) as client:

        async def measure(action: Callable[[], Awaitable[Any]]) -> dict[str, int]:
            before = await stats(http)
            await action()
            return api_calls(before, await stats(http))

        def tool(name: str, arguments: dict[str, Any]) -> Callable[[], Awaitable[Any]]:
            async def call() -> Any:
                return call_ok(await client.call_tool(name, arguments), name)

            return call

        create = tool(
            "create_ticket",
            {
                "organization": ORG,
                "subject": "Benchmark: printer on fire",
                "department": DEPARTMENT,
                "assignee": ASSIGNEE,
                "contactEmail": "bench@example.com",
                "priority": "High",
            },
        )
        rows.append(counted("create_ticket with names, cold (fresh server)", await measure(create), 4, at_most=True))
        rows.append(counted("create_ticket with names, warm", await measure(create), 1))
        read = tool("get_ticket", {"organization": ORG, "ticket": ticket_id})
        rows.append(counted("get_ticket, warm", await measure(read), 1))
        listing = tool(
            "list_tickets", {"organization": ORG, "departments": DEPARTMENT, "assignee": ASSIGNEE, "limit": 10}
        )
        await listing()
        rows.append(counted("list_tickets with department and assignee names, warm", await measure(listing), 1))
        upload = tool("upload_file", {"organization": ORG, "fileName": "bench.pdf", "fileData": SMALL_FILE})
        rows.append(counted("upload_file", await measure(upload), 1))
        attach = tool(
            "create_ticket_attachment",
            {"organization": ORG, "ticket": ticket_id, "fileName": "bench.pdf", "fileData": SMALL_FILE},
        )
        await attach()
        rows.append(counted("create_ticket_attachment, warm", await measure(attach), 1))
    rows.append(await send_reply_warm())
    return rows


async def send_reply_warm() -> Row:
    """send_reply by ticket number with the default To and From, warm: the guard's one thread read and the send."""
    sandbox, built = in_process(toolsets="tickets,triage,reply")
    async with bare_client(sandbox) as http, mcp_client(built) as client:
        for text in ("Benchmark: first answer.", "Benchmark: second answer."):
            before = await stats(http)
            arguments = {"organization": ORG, "ticket": "#101", "content": text}
            call_ok(await client.call_tool("send_reply", arguments), "send_reply")
            spent = api_calls(before, await stats(http))
    return counted("send_reply (default To and From), warm", spent, 2)


async def counts() -> dict[str, int]:
    """The figures the CI budget test guards: {action: API calls}."""
    return {row.figure: int(row.measured) for row in await run(quick=True)}
