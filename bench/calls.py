"""Zoho API calls per action (API credits), read from the sandbox's `/_sandbox/stats` before and after each call.

"Cold" is a fresh server (nothing cached); "warm" is the same call again on that server. Token requests are not
Desk API calls and are counted by tokens.py.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

from .common import ORG, Row, api_calls, bare_client, call_ok, in_process, mcp_client, stats

DEPARTMENT = "Billing"
ASSIGNEE = "Jane Doe"  # an agent of Billing, by name
SMALL_FILE = base64.b64encode(b"%PDF-1.4 benchmark\n" * 50).decode()


def counted(what: str, calls: dict[str, int], target: int, *, at_most: bool = False) -> Row:
    total = sum(calls.values())
    met = total <= target if at_most else total == target
    detail = ", ".join(f"{k.removeprefix('/api/v1')} x{v}" if v > 1 else k for k, v in sorted(calls.items()))
    return Row("API calls", what, str(total), f"{'≤ ' if at_most else '= '}{target}", met, detail if not met else "")


async def run(quick: bool) -> list[Row]:
    sandbox, built = in_process()
    org = sandbox.store.first_org()
    ticket_id = next(iter(org.tickets))
    rows: list[Row] = []
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
        rows.append(
            counted(
                "get_ticket (by ID)", await measure(tool("get_ticket", {"organization": ORG, "ticketId": ticket_id})), 1
            )
        )
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
