"""add_ticket_comment: a private (by default) or public comment on a ticket."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from ...client import (
    Comment,
    NotFoundError,
    WriteOutcomeUnknown,
)
from ..kit.args import MultiValue, Organization, Ticket_, no_ticket, ticket_id_of, values
from ..kit.context import Ctx, services
from ..kit.errors import InputError
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from ..kit.text import neutralise
from .models import AddedComment, Author, files

MAX_COMMENT_CHARS = 32_000
LOST_COMMENT = (
    "The comment reached Zoho but its answer was lost, so it may or may not have been added. Do not add it again "
    "blindly: read the ticket's conversation (get_ticket_conversation) first and add it only if it is missing."
)


@desk_tool(
    name="add_ticket_comment", title="Add a comment to a ticket", toolset="triage", read_only=False,
    destructive=False, idempotent=False, scopes=[("Desk.tickets.UPDATE", "Desk.tickets.ALL")],
)
async def add_ticket_comment(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    ticket: Ticket_,
    content: Annotated[str, Field(min_length=1)],
    isPublic: Annotated[
        bool, Field()
    ] = False,
    contentType: Annotated[
        Literal["plainText", "html"], Field()
    ] = "plainText",
    uploads: Annotated[
        MultiValue, Field(default=None, description="Upload IDs from upload_file")
    ] = None,
) -> CallToolResult:
    """Add a comment to a ticket: private (agents only) unless isPublic. Not idempotent."""
    if not content.strip():
        raise InputError("content is empty; write the comment's text")
    if len(content) > MAX_COMMENT_CHARS:
        raise InputError(f"content has {len(content)} characters; a comment takes at most {MAX_COMMENT_CHARS}")
    portal = services(ctx).client.org(orgId)
    ticket_id = await ticket_id_of(ctx, orgId, ticket)
    try:
        made = await portal.comments.create(
            ticket_id, content, is_public=isPublic, content_type=contentType, attachment_ids=values(uploads) or None
        )
    except WriteOutcomeUnknown:
        raise ToolError(LOST_COMMENT) from None
    except NotFoundError:
        raise no_ticket(ticket) from None
    return answer(added(made, ticket_id, isPublic))


def added(made: Comment, ticket_id: str, asked_public: bool) -> AddedComment:
    person = made.commenter
    name = (person.name or " ".join(p for p in (person.first_name, person.last_name) if p)) if person else None
    return AddedComment(
        id=made.id, ticket_id=ticket_id, is_public=made.is_public if made.is_public is not None else asked_public,
        commented_time=made.commented_time,
        author=Author(id=person.id or made.commenter_id, name=neutralise(name) if name else None, email=person.email)
        if person else None,
        attachments=files(made.attachments),
    )
