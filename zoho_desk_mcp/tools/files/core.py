"""The file tools: upload a file for a new ticket's `uploads`, or attach one to an existing ticket.

`fileData` is decoded or downloaded (tools/filedata.py) and checked against Zoho's 20 MB limit before anything
is sent to Zoho. The checked file object then goes to the client as it is: httpx reads it in chunks while
sending, so the file is held once (in memory, or spooled to disk for downloads), never copied into new bytes.
Uploads are never retried once sent: a lost answer is the standard "outcome unknown" tool error.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import IO, Annotated, Any, TypeVar, cast

import anyio
from anyio.streams.memory import MemoryObjectSendStream
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from ...client import NotFoundError, WriteOutcomeUnknown
from ..files.data import MAX_FILE_BYTES, FileDataOptions, FileInput, load_file_data
from ..files.inputs import describe_size
from ..kit.args import Organization, Ticket_, no_ticket, ticket_id_of
from ..kit.context import services
from ..kit.pickers import OrgId
from ..kit.registry import ToolSpec, desk_tool

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Progress runs from 0 to 100: getting the file (decoding, or downloading) is the first part, sending the rest.
LOADED = 40.0
UPLOAD_STEP_BYTES = 1 << 20
LOST_UPLOAD = (
    "The file reached Zoho but the answer was lost, so it may or may not have been stored and its upload ID is "
    "unknown. Uploading it again is safe: an upload is attached to nothing until its ID is passed to create_ticket "
    "or add_ticket_comment."
)
LOST_ATTACHMENT = (
    "The file reached Zoho but the answer was lost, so it may or may not have been attached. Do not attach it again "
    "blindly: get_ticket_conversation lists the ticket's attachments; attach it only if it is missing."
)

FileName = Annotated[
    str,
    Field(description="File name with its extension (report.pdf), at most 255 characters"),
]
FileData = Annotated[
    str,
    Field(
        description="base64, a data: URL, or a public http(s) URL to download (private addresses refused); <= 20 MB",
    ),
]


def _omit_none(value: object) -> bool:
    return value is None


class UploadedFile(BaseModel):
    """A file held by Zoho until a ticket uses it: put `id` in create_ticket's `uploads`."""

    id: str = Field(description="The upload ID, for create_ticket's `uploads`")
    name: str = Field(description="The file name")
    size: int = Field(description="Size in bytes")
    createdTime: str | None = Field(default=None, exclude_if=_omit_none, description="When it was uploaded (UTC)")
    href: str | None = Field(default=None, exclude_if=_omit_none, description="Zoho's API link to the content")


class TicketAttachment(BaseModel):
    """A file attached to a ticket."""

    id: str = Field(description="The attachment ID")
    name: str = Field(description="The file name")
    size: int = Field(description="Size in bytes")
    isPublic: bool = Field(description="True when the customer can see it, false when only agents can")
    createdTime: str | None = Field(default=None, exclude_if=_omit_none, description="When it was attached (UTC)")
    ticketId: str = Field(description="The ID of the ticket it is attached to")


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
    ctx: Context[Any, Any],
    orgId: OrgId,  # resolved from `organization` (or asked of the user); hidden from the input schema
    *,
    organization: Organization = None,
    fileName: FileName,
    fileData: FileData,
) -> UploadedFile:
    """Upload a file to Zoho Desk and get its upload ID, to attach it to a new ticket via create_ticket's `uploads`.

    Each call makes a new upload; for an existing ticket use create_ticket_attachment.
    """
    progress = _Progress(ctx)
    with await _load(ctx, fileName, fileData, progress) as file:
        uploads = services(ctx).client.org(orgId).uploads
        try:
            upload = await _send(
                file, progress, lambda body: uploads.upload(file.name, body, content_type=file.content_type)
            )
        except WriteOutcomeUnknown:
            raise ToolError(LOST_UPLOAD) from None
    await progress.done(file)
    return UploadedFile(
        id=upload.id,
        name=upload.name or file.name,
        size=_size(upload.size, file),
        createdTime=upload.created_time,
        href=upload.href,
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
    ctx: Context[Any, Any],
    orgId: OrgId,  # resolved from `organization` (or asked of the user); hidden from the input schema
    *,
    organization: Organization = None,
    ticket: Ticket_,
    fileName: FileName,
    fileData: FileData,
    isPublic: Annotated[
        bool,
        Field(description="true: the customer sees it too; false (default): agents only"),
    ] = False,
) -> TicketAttachment:
    """Attach a file to an existing ticket (each call adds one more attachment).

    Private (agents only) unless isPublic is true.
    """
    progress = _Progress(ctx)
    ticket_id = await ticket_id_of(ctx, orgId, ticket)
    with await _load(ctx, fileName, fileData, progress) as file:
        attachments = services(ctx).client.org(orgId).attachments
        try:
            attachment = await _send(
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
    return TicketAttachment(
        id=attachment.id,
        name=attachment.name or file.name,
        size=_size(attachment.size, file),
        isPublic=attachment.is_public if attachment.is_public is not None else isPublic,
        createdTime=attachment.created_time,
        ticketId=ticket_id,
    )


async def _load(ctx: Context[Any, Any], file_name: str, file_data: str, progress: _Progress) -> FileInput:
    """The checked file (size limit included); a refusal is a FileDataError, an InputError: a tool error."""
    options = replace(services(ctx).file_options or FileDataOptions(), progress=progress.downloaded)
    return await load_file_data(file_data, file_name, options)


def _size(reported: str | None, file: FileInput) -> int:
    """Zoho's size (a string of digits), or the size we sent when Zoho's is missing or odd."""
    return int(reported) if reported and reported.isdigit() else file.size


async def _send(file: FileInput, progress: _Progress, send: Callable[[IO[bytes]], Awaitable[T]]) -> T:
    """Run `send` on the file object, reporting progress as httpx reads it; Zoho's outcome (or error) is returned.

    httpx reads file objects synchronously, so the reader only queues the byte count and a side task sends the
    notification. The task group never sees the upload's own error, so it reaches the caller unwrapped.
    """
    await progress.report(LOADED, f"{file.name} ({describe_size(file.size)}) is ready; uploading it to Zoho")
    sender, receiver = anyio.create_memory_object_stream[int](max_buffer_size=1)

    async def relay() -> None:
        async with receiver:
            async for sent in receiver:
                share = (100.0 - LOADED - 1) * sent / file.size
                await progress.report(LOADED + share, f"uploading: {describe_size(sent)} of {describe_size(file.size)}")

    outcome: T | None = None
    failure: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(relay)
        with sender:
            try:
                outcome = await send(cast(IO[bytes], _CountingReader(file.open(), sender)))
            except Exception as error:  # re-raised below, outside the task group
                failure = error
    if failure is not None:
        raise failure
    return cast(T, outcome)


class _CountingReader:
    """The file object httpx reads while sending: passes every call through and queues the bytes sent so far."""

    def __init__(self, file: IO[bytes], sent: MemoryObjectSendStream[int]) -> None:
        self._file = file
        self._sent = sent
        self._reported = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        position = self._file.tell()
        if position - self._reported >= UPLOAD_STEP_BYTES or (not chunk and position > self._reported):
            self._reported = position
            # A report still pending (or a stopped relay) means this one is skipped: harmless.
            with contextlib.suppress(anyio.WouldBlock, anyio.ClosedResourceError, anyio.BrokenResourceError):
                self._sent.send_nowait(position)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()


class _Progress:
    """Progress notifications for one call, on a 0-100 scale that only moves forward (as MCP requires).

    The SDK sends them only when the client's request carried a progress token; they are best effort and never
    fail the upload.
    """

    def __init__(self, ctx: Context[Any, Any]) -> None:
        self._ctx = ctx
        self._last = -1.0

    async def report(self, value: float, message: str) -> None:
        value = round(min(value, 100.0), 1)
        if value <= self._last:
            return
        self._last = value
        try:
            await self._ctx.report_progress(value, 100.0, message)
        except Exception as error:
            logger.debug("progress notification not sent: %s", type(error).__name__)

    async def downloaded(self, done: int, announced: int | None) -> None:
        """filedata's download callback: the first LOADED points, against the announced size or the 20 MB cap."""
        expected = announced if announced and announced > 0 else MAX_FILE_BYTES
        await self.report(LOADED * min(done / expected, 0.99), f"downloading fileData: {describe_size(done)}")

    async def done(self, file: FileInput) -> None:
        await self.report(100.0, f"uploaded {file.name} ({describe_size(file.size)})")


TOOLS: list[ToolSpec] = [upload_file, create_ticket_attachment]
