"""upload_file: put a file in Zoho Desk and get its upload ID, for create_ticket's uploads."""

from __future__ import annotations

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult

from ...client import WriteOutcomeUnknown
from ..kit.args import Organization
from ..kit.context import Ctx, services
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .sending import FileData, FileName, Progress, UploadedFile, load, reported_size, send

LOST_UPLOAD = (
    "The file reached Zoho but the answer was lost, so it may or may not have been stored and its upload ID is "
    "unknown. Uploading it again is safe: an upload is attached to nothing until its ID is passed to create_ticket "
    "or add_ticket_comment."
)


@desk_tool(
    name="upload_file",
    title="Upload a file",
    toolset="tickets",
    read_only=False,
    destructive=False,
    idempotent=False,
    open_world=True,
    scopes=["Desk.basic.CREATE"],
)
async def upload_file(
    ctx: Ctx,
    orgId: OrgId,  # resolved from `organization` (or asked of the user); hidden from the input schema
    *,
    organization: Organization = None,
    fileName: FileName,
    fileData: FileData,
) -> CallToolResult:
    """Upload a file to Zoho Desk and get its upload ID, to attach it to a new ticket via create_ticket's `uploads`.

    Each call makes a new upload; for an existing ticket use create_ticket_attachment.
    """
    progress = Progress(ctx)
    with await load(ctx, fileName, fileData, progress) as file:
        uploads = services(ctx).client.org(orgId).uploads
        try:
            upload = await send(
                file, progress, lambda body: uploads.upload(file.name, body, content_type=file.content_type)
            )
        except WriteOutcomeUnknown:
            raise ToolError(LOST_UPLOAD) from None
    await progress.done(file)
    return answer(
        UploadedFile(
            id=upload.id,
            name=upload.name or file.name,
            size=reported_size(upload.size, file),
            created_time=upload.created_time,
            href=upload.href,
            warnings=list(file.warnings) or None,
        )
    )
