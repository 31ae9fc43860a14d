"""Lost answers to writes (the write happened, the reply did not arrive): never a duplicate.

Each write below may have its answer dropped by the sandbox (`dropNextWrites`, both drop modes). The tool must
say the outcome is unknown and how to check; the test then acts as a careful agent would: it checks the way the
error says, and repeats the write only when the record is not there. Counting the sandbox's records afterwards
must find every record exactly once.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from mcp import Client
from mcp.types import CallToolResult

from zoho_desk_mcp.sandbox import Sandbox

from .conftest import ACME, ok, set_faults, text_of

CREATES = 300
NEWEST = {"organization": ACME, "sortBy": "createdTime", "sortOrder": "desc", "limit": 5}


def drop_plan(i: int) -> dict[str, Any] | None:
    """A third of the writes lose their answer: mostly by a reset, every tenth drop by silence (a timeout)."""
    if i % 3:
        return None
    return {"dropNextWrites": 1, "dropMode": "timeout" if i % 30 == 0 else "reset"}


def lost(result: CallToolResult) -> bool:
    """A failed write: it must be the 'outcome unknown' error, never anything vaguer."""
    if not result.is_error:
        return False
    text = text_of(result)
    assert "may or may not" in text and "blindly" in text, text
    return True


async def test_hundreds_of_lost_ticket_creations_make_no_duplicate(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    survived = 0
    async with connect() as client:
        for i in range(CREATES):
            subject = f"Lost answer probe {i:03d}"
            args = {"organization": ACME, "subject": subject, "department": "Billing"}
            # every tenth ticket is for a new contact (made with the ticket), and always loses its answer
            new_contact = i % 10 == 3
            args["contactEmail"] = f"probe{i}@example.com" if new_contact else "carol@example.com"
            plan = {"dropNextWrites": 1, "dropMode": "reset"} if new_contact else drop_plan(i)
            if plan:
                await set_faults(sandbox, dropMatch="POST /api/v1/tickets", **plan)
            while lost(await client.call_tool("create_ticket", args)):
                survived += 1
                newest = ok(await client.call_tool("list_tickets", NEWEST))["tickets"]
                if any(row.get("subject") == subject for row in newest):
                    break  # it was made: do not repeat it
    org = sandbox.store.first_org()
    subjects = Counter(t["subject"] for t in org.tickets.values() if t["subject"].startswith("Lost answer probe"))
    emails = Counter(c.get("email") for c in org.contacts.values())
    assert survived >= CREATES // 3
    assert len(subjects) == CREATES and max(subjects.values()) == 1
    assert max(emails.values()) == 1


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def conversation(client: Client, ticket_id: str) -> str:
    args = {"organization": ACME, "ticket": ticket_id, "maxChars": 200_000}
    return json.dumps(ok(await client.call_tool("get_ticket_conversation", args)))


async def test_lost_attachments_and_comments_make_no_duplicate(
    connect: Callable[..., Client], sandbox: Sandbox
) -> None:
    org = sandbox.store.first_org()
    tickets = [t["id"] for t in org.tickets.values() if not t.get("isTrashed")][:40]
    survived = 0
    async with connect(toolsets="tickets,triage") as client:
        for i, ticket_id in enumerate(tickets):
            marker = f"probe-{i:03d}"
            writes = [
                (
                    "POST /api/v1/tickets/{ticketId}/attachments",
                    "create_ticket_attachment",
                    {"fileName": f"{marker}.txt", "fileData": b64(marker)},
                ),
                ("POST /api/v1/tickets/{ticketId}/comments", "add_ticket_comment", {"content": f"note {marker}"}),
            ]
            for match, tool, extra in writes:
                plan = drop_plan(i) or drop_plan(i + 1)  # two thirds of them lose their answer
                if plan:
                    await set_faults(sandbox, dropMatch=match, **plan)
                while lost(await client.call_tool(tool, {"organization": ACME, "ticket": ticket_id, **extra})):
                    survived += 1
                    if marker in await conversation(client, ticket_id):
                        break
    names = Counter(a["name"] for files in org.attachments.values() for a in files if "probe-" in a["name"])
    notes = Counter(c["content"] for cs in org.comments.values() for c in cs if "probe-" in c["content"])
    assert survived >= len(tickets)
    assert len(names) == len(tickets) and max(names.values()) == 1
    assert len(notes) == len(tickets) and max(notes.values()) == 1
