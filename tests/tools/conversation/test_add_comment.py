"""add_ticket_comment through the MCP client: private by default, public or HTML on request, uploads attached,
never retried, and a lost answer reported as "outcome unknown"."""

from __future__ import annotations

import base64
import json
from typing import Any

from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record
from zoho_desk_mcp.tools.kit.output import iso_seconds

COMMENT_CALL = "POST /api/v1/tickets/{ticketId}/comments"


def some_ticket(acme: OrgData) -> Record:
    return next(t for t in acme.tickets.values() if not t.get("isTrashed"))


async def comment(client: Client, **args: Any) -> dict[str, Any]:
    result = await client.call_tool("add_ticket_comment", args)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return dict(result.structured_content)


async def test_a_comment_is_private_by_default_and_stored_on_the_ticket(connect: Any, acme: OrgData) -> None:
    ticket = some_ticket(acme)
    async with connect(organization="Acme Support") as mcp:
        made = await comment(mcp, ticket=f"#{ticket['ticketNumber']}", content="Called the customer back.")
    stored = acme.comments[ticket["id"]][-1]
    assert made["isPublic"] is False and stored["isPublic"] is False
    assert stored["id"] == made["id"] and stored["content"] == "Called the customer back."
    assert stored["contentType"] == "plainText"
    assert made["ticketId"] == ticket["id"] and made["commentedTime"] == iso_seconds(stored["commentedTime"])
    assert made["author"] == {"id": stored["commenterId"], "name": "Alex Morgan", "email": "admin@acme.com"}
    assert "null" not in json.dumps(made)


async def test_a_public_html_comment_is_sent_as_asked(connect: Any, acme: OrgData) -> None:
    ticket = some_ticket(acme)
    async with connect(organization="Acme Support") as mcp:
        made = await comment(mcp, ticket=ticket["id"], content="<p>Fixed in <b>2.1</b></p>", isPublic=True,
                             contentType="html")
    stored = acme.comments[ticket["id"]][-1]
    assert made["isPublic"] is True and stored["isPublic"] is True and stored["contentType"] == "html"


async def test_uploads_become_the_comments_attachments(connect: Any, acme: OrgData) -> None:
    ticket = some_ticket(acme)
    data = base64.b64encode(b"log line\n").decode()
    async with connect(organization="Acme Support") as mcp:
        upload = await mcp.call_tool("upload_file", {"fileName": "trace.log", "fileData": data})
        assert upload.structured_content is not None, upload.content
        upload_id = upload.structured_content["id"]
        made = await comment(mcp, ticket=ticket["id"], content="Trace attached", uploads=upload_id)
    assert made["attachments"] == [{"id": upload_id, "name": "trace.log", "size": 9}]
    assert acme.comments[ticket["id"]][-1]["attachments"][0]["id"] == upload.structured_content["id"]


async def test_an_unknown_upload_is_a_tool_error_naming_the_field(connect: Any, acme: OrgData) -> None:
    async with connect(organization="Acme Support") as mcp:
        result = await mcp.call_tool(
            "add_ticket_comment", {"ticket": some_ticket(acme)["id"], "content": "x", "uploads": ["123456789012345"]}
        )
    assert result.is_error and "attachmentIds" in result.content[0].text


async def test_an_unknown_ticket_is_a_tool_error(connect: Any, sandbox: Sandbox) -> None:
    async with connect(organization="Acme Support") as mcp:
        by_number = await mcp.call_tool("add_ticket_comment", {"ticket": "#999999", "content": "hello"})
        by_id = await mcp.call_tool("add_ticket_comment", {"ticket": "189200000999999", "content": "hello"})
    assert by_number.is_error and by_id.is_error
    assert "#101" in by_number.content[0].text and "#101" in by_id.content[0].text
    assert sandbox.store.requests.get(COMMENT_CALL) == 1  # only the ID reached Zoho; the number was looked up


async def test_blank_content_is_refused_before_anything_is_sent(connect: Any, acme: OrgData, sandbox: Sandbox) -> None:
    async with connect(organization="Acme Support") as mcp:
        result = await mcp.call_tool("add_ticket_comment", {"ticket": some_ticket(acme)["id"], "content": "   "})
    assert result.is_error and "empty" in result.content[0].text
    assert COMMENT_CALL not in sandbox.store.requests


async def test_a_lost_answer_is_outcome_unknown_and_never_retried(
    connect: Any, acme: OrgData, sandbox: Sandbox
) -> None:
    ticket = some_ticket(acme)
    before = len(acme.comments.get(ticket["id"], []))
    sandbox.store.faults.drop_next_writes = 1
    sandbox.store.faults.drop_mode = "reset"
    sandbox.store.faults.drop_match = COMMENT_CALL
    async with connect(organization="Acme Support") as mcp:
        result = await mcp.call_tool("add_ticket_comment", {"ticket": ticket["id"], "content": "Once only"})
    assert result.is_error
    text = result.content[0].text
    assert "may or may not" in text and "get_ticket_conversation" in text
    assert sandbox.store.requests[COMMENT_CALL] == 1
    assert len(acme.comments[ticket["id"]]) == before + 1  # the write happened; the tool did not repeat it


async def test_the_tool_is_annotated_as_a_non_idempotent_triage_write(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        tools = {t.name: t for t in (await mcp.list_tools()).tools}
    hints = tools["add_ticket_comment"].annotations
    assert hints is not None
    assert (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint) == (False, False, False)
    reader = tools["get_ticket_conversation"].annotations
    assert reader is not None and reader.read_only_hint and reader.idempotent_hint
    assert tools["search_tickets"].input_schema["properties"]["from"]["minimum"] == 1
