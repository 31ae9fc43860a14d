"""create_ticket_attachment: attach a file to an existing ticket."""

from __future__ import annotations

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult

from ...client import NotFoundError, WriteOutcomeUnknown
from ..kit.args import Organization, Ticket_, no_ticket, ticket_id_of
from ..kit.context import Ctx, services
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .sending import FileData, FileName, Progress, TicketAttachment, load, reported_size, send

LOST_ATTACHMENT = (
    "The file reached Zoho but the answer was lost, so it may or may not have been attached. Do not attach it again "
    "blindly: get_ticket_conversation lists the ticket's attachments; attach it only if it is missing."
)


@desk_tool(
    name="create_ticket_attachment",
    title="Attach a file to a ticket",
    toolset="tickets",
    read_only=False,
    destructive=False,
    idempotent=False,
    open_world=True,
    scopes=["Desk.tickets.UPDATE"],
)
async def create_ticket_attachment(
    ctx: Ctx,
    orgId: OrgId,  # resolved from `organization` (or asked of the user); hidden from the input schema
    *,
    organization: Organization = None,
    ticket: Ticket_,
    fileName: FileName,
    fileData: FileData,
    isPublic: bool = False,
) -> CallToolResult:
    """Attach a file to an existing ticket: private (agents only) unless isPublic. Each call adds one."""
    progress = Progress(ctx)
    ticket_id = await ticket_id_of(ctx, orgId, ticket)
    with await load(ctx, fileName, fileData, progress) as file:
        attachments = services(ctx).client.org(orgId).attachments
        try:
            attachment = await send(
                file,
                progress,
                lambda body: attachments.create(
                    ticket_id, file.name, body, is_public=isPublic, content_type=file.content_type
                ),
            )
        except NotFoundError:
            raise no_ticket(ticket) from None
        except WriteOutcomeUnknown:
            raise ToolError(LOST_ATTACHMENT) from None
    await progress.done(file)
    return answer(
        TicketAttachment(
            id=attachment.id,
            name=attachment.name or file.name,
            size=reported_size(attachment.size, file),
            is_public=attachment.is_public if attachment.is_public is not None else isPublic,
            created_time=attachment.created_time,
            ticket_id=ticket_id,
            warnings=list(file.warnings) or None,
        )
    )
