"""draft_reply: a draft e-mail reply an agent reviews and sends in Zoho; with `draft`, that draft rewritten.

A draft reaches no customer, so it is in the default `triage` toolset and asks nothing; it is still audited
(recipients and thread ID). Rewriting a draft sends Zoho the whole reply again: what the call leaves out is
taken from the draft as it stands.
"""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from ...client import NotFoundError, Portal, ReplyDraft, Thread, WriteOutcomeUnknown, addresses_of
from ..kit.args import MultiValue, Organization, Ticket_, ticket_id_of, values
from ..kit.context import Ctx, services
from ..kit.errors import InputError
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from . import guard
from .compose import TicketFacts, checked_content, default_from, recipients, rendered_template, ticket_facts
from .models import reply_thread

LOST_DRAFT = (
    "The draft reached Zoho but its answer was lost, so it may or may not have been saved. Read the ticket's "
    "conversation (get_ticket_conversation shows drafts) before saving it again."
)


async def existing_draft(portal: Portal, ticket_id: str, thread_id: str) -> Thread:
    try:
        found = await portal.threads.get(ticket_id, thread_id)
    except NotFoundError:
        raise InputError(f"draft {thread_id[:40]!r} is no thread of this ticket") from None
    if not (found.is_draft or (found.status or "").upper() == "DRAFT"):
        raise InputError(f"thread {thread_id} was sent already: only a draft can be rewritten")
    return found


@desk_tool(
    name="draft_reply",
    title="Draft an e-mail reply",
    toolset="triage",
    read_only=False,
    destructive=False,
    idempotent=False,
    scopes=[("Desk.tickets.UPDATE", "Desk.tickets.ALL")],
)
async def draft_reply(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    ticket: Ticket_,
    content: str | None = None,
    to: MultiValue = None,
    cc: MultiValue = None,
    bcc: MultiValue = None,
    fromAddress: str | None = None,
    contentType: Literal["plainText", "html"] = "plainText",
    uploads: MultiValue = None,
    template: str | None = None,
    draft: Annotated[str | None, Field(description="Draft ID to rewrite")] = None,
) -> CallToolResult:
    """Save a draft reply for an agent to review and send in Zoho; the customer sees nothing yet."""
    svc = services(ctx)
    portal = svc.client.org(orgId)
    text = checked_content(content)
    ticket_id = await ticket_id_of(ctx, orgId, ticket)
    before = await existing_draft(portal, ticket_id, draft.strip()) if draft else None
    wanted = [recipients(to, "to"), recipients(cc, "cc"), recipients(bcc, "bcc")]
    if before is not None:
        wanted = [w or addresses_of(old) for w, old in zip(wanted, (before.to, before.cc, before.bcc), strict=True)]
        fromAddress = fromAddress or before.from_email_address
        if text is None and not template:
            text = before.content or ""
            contentType = "plainText" if (before.content_type or "").lower() == "text/plain" else "html"
    facts: TicketFacts | None = None
    if (text is None and template) or not wanted[0] or not fromAddress:
        facts = await ticket_facts(svc, orgId, ticket_id, ticket)
    if text is None:
        if not template or facts is None:
            raise InputError("content is required (or template, a Zoho template to use as the text)")
        text, contentType = await rendered_template(svc, portal, facts, template), "html"
    if not fromAddress:
        assert facts is not None
        fromAddress = await default_from(svc, portal, facts)
    to_list = wanted[0] or ([facts.email] if facts and facts.email else [])
    reply = ReplyDraft(text, fromAddress, to_list, wanted[1], wanted[2], contentType, values(uploads))
    guard.audit(reply.to, reply.cc, reply.bcc)
    try:
        if before is not None:
            saved = await portal.replies.update_draft(ticket_id, before.id, reply)
        else:
            saved = await portal.replies.draft(ticket_id, reply)
    except WriteOutcomeUnknown:
        raise ToolError(LOST_DRAFT) from None
    return answer(reply_thread(saved, ticket_id, draft=True))
