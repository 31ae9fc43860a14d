"""send_reply: an e-mail reply to the customer, through the reply guard (guard.py) before anything leaves.

The plan is made in a resolver, before the tool body, so the confirmation (an elicitation) can show it: the
ticket's threads are read once (new-recipient and never-twice checks), defaults filled in, a template rendered.
The body then sends exactly once; a lost answer is never retried here, and the next call finds the e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from mcp.types import CallToolResult
from pydantic import Field

from ...client import ReplyDraft, ServerError, Thread, WriteOutcomeUnknown
from ..kit.args import MultiValue, Organization, Ticket_, ticket_id_of, values
from ..kit.context import Ctx, services
from ..kit.errors import InputError, as_tool_errors
from ..kit.output import answer
from ..kit.pickers import OrgId, can_elicit, organization_id
from ..kit.registry import desk_tool
from . import guard
from .compose import (
    checked_content,
    default_from,
    recipients,
    rendered_template,
    ticket_facts,
)
from .models import reply_thread

CANCELLED = "Cancelled: the user did not confirm, so no e-mail was sent. Do not retry unless asked to."
LOST_REPLY = (
    "The e-mail reached Zoho but its answer was lost, so it may or may not have been sent. Calling send_reply "
    "again with the same ticket, recipients and content is safe: it first looks at the ticket's latest replies "
    "and sends nothing if this one went out."
)
ALREADY_SENT = "This e-mail had already gone out (a retry after a lost answer?): nothing was sent again."


@dataclass
class SendPlan:
    """The e-mail to send (or the thread it already became), with what the guard found."""

    mail: guard.Outgoing
    content: str
    content_type: str
    uploads: list[str]
    new: list[str] = field(default_factory=list)
    sent: Thread | None = None


async def plan_send(
    ctx: Ctx,
    org_id: Annotated[str, Resolve(organization_id)],
    ticket: str,
    content: str | None,
    to: MultiValue,
    cc: MultiValue,
    bcc: MultiValue,
    fromAddress: str | None,
    contentType: str,
    uploads: MultiValue,
    template: str | None,
    confirmPublic: bool,
) -> SendPlan:
    """Everything checked and filled in before the user is asked: rules 1, 3 and 4 of the guard."""
    svc = services(ctx)
    portal = svc.client.org(org_id)
    with as_tool_errors():
        text = checked_content(content)
        ticket_id = await ticket_id_of(ctx, org_id, ticket)
        wanted = [recipients(to, "to"), recipients(cc, "cc"), recipients(bcc, "bcc")]
        if text is None and not template:
            raise InputError("content is required (or template, a Zoho template to send as the text)")
        facts = None
        if text is None or not wanted[0] or not fromAddress:
            facts = await ticket_facts(svc, org_id, ticket_id, ticket)
        if text is None:
            assert facts is not None and template is not None
            text, contentType = await rendered_template(svc, portal, facts, template), "html"
        guard.refuse_internal_note(guard.plain_text(text, contentType), confirmPublic)
        if not fromAddress:
            assert facts is not None
            fromAddress = await default_from(svc, portal, facts)
        mail = guard.Outgoing(
            ticket_id=ticket_id,
            ticket_label=f"#{facts.number}" if facts and facts.number else ticket_id,
            sender=fromAddress,
            to=wanted[0] or ([facts.email] if facts and facts.email else []),
            cc=wanted[1],
            bcc=wanted[2],
            text=guard.plain_text(text, contentType),
        )
        if not mail.to:
            raise InputError("to is needed: the ticket has no contact e-mail to reply to")
        rows = await portal.threads.list(ticket_id)  # the guard's one thread read
        plan = SendPlan(mail, text, contentType, values(uploads))
        plan.sent = await guard.sent_already(portal, rows, mail)
        if plan.sent is None:
            plan.new = await new_recipients(ctx, org_id, ticket, mail, rows)
    return plan


async def new_recipients(
    ctx: Ctx, org_id: str, ref: str, mail: guard.Outgoing, rows: list[Thread]
) -> list[str]:
    """Addresses on no thread, not the ticket's e-mail and not a secondary contact's (read only when needed)."""
    new = guard.unknown_among(mail.everyone(), guard.thread_addresses(rows))
    if not new:
        return []
    svc = services(ctx)
    facts = await ticket_facts(svc, org_id, mail.ticket_id, ref)
    known = {facts.email.casefold()} if facts.email else set()
    new = guard.unknown_among(new, known)
    for contact_id in facts.secondary_contact_ids if new else ():
        contact = await svc.client.org(org_id).contacts.get(contact_id)
        known.update(a.casefold() for a in (contact.email, contact.secondary_email) if a)
    return guard.unknown_among(new, known)


async def confirm_send(
    ctx: Ctx, plan: Annotated[SendPlan, Resolve(plan_send)], allowNewRecipients: bool
) -> guard.ReplyConfirmation | Elicit[guard.ReplyConfirmation]:
    """Rules 1 and 2: new recipients need allowNewRecipients or the user's yes; the user confirms when asked."""
    if plan.sent is not None:
        return guard.ReplyConfirmation(confirm=True)
    if not can_elicit(ctx):
        if plan.new and not allowNewRecipients:
            raise guard.refuse_new_recipients(plan.new)
        return guard.ReplyConfirmation(confirm=True)
    return Elicit(guard.question(plan.mail, plan.new), guard.ReplyConfirmation)


@desk_tool(
    name="send_reply",
    title="Send an e-mail reply",
    toolset="reply",
    read_only=False,
    destructive=False,
    idempotent=False,
    scopes=[("Desk.tickets.UPDATE", "Desk.tickets.ALL")],
)
async def send_reply(
    ctx: Ctx,
    orgId: OrgId,
    plan: Annotated[SendPlan, Resolve(plan_send)],
    confirmation: Annotated[ElicitationResult[guard.ReplyConfirmation], Resolve(confirm_send)],
    *,
    organization: Organization = None,
    ticket: Ticket_,
    content: str | None = None,
    to: MultiValue = None,
    cc: MultiValue = None,
    bcc: MultiValue = None,
    fromAddress: str | None = None,
    contentType: Literal["plainText", "html"] = "plainText",
    uploads: Annotated[MultiValue, Field(description="Upload IDs")] = None,
    template: Annotated[str | None, Field(description="Template name or ID; content overrides its text")] = None,
    allowNewRecipients: bool = False,
    confirmPublic: bool = False,
) -> CallToolResult:
    """E-mail the customer on a ticket (to: the ticket's contact, from: the department's address by default).
    Addresses not on the ticket need allowNewRecipients. Safe to retry after an "outcome unknown" error."""
    if not (isinstance(confirmation, AcceptedElicitation) and confirmation.data.confirm):
        raise ToolError(CANCELLED)
    mail = plan.mail
    guard.audit(mail.to, mail.cc, mail.bcc)
    if plan.sent is not None:
        shown = reply_thread(plan.sent, mail.ticket_id, draft=False)
        return answer(shown.model_copy(update={"already_sent": True, "note": ALREADY_SENT}))
    reply = ReplyDraft(plan.content, mail.sender, mail.to, mail.cc, mail.bcc, plan.content_type, plan.uploads)
    try:
        sent = await services(ctx).client.org(orgId).replies.send(mail.ticket_id, reply)
    except WriteOutcomeUnknown:
        raise ToolError(LOST_REPLY) from None
    except ServerError as error:
        raise ToolError(f"Zoho Desk failed while sending (it said {error.error_code}). {LOST_REPLY}") from None
    return answer(reply_thread(sent, mail.ticket_id, draft=False))
