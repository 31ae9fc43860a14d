"""What the file tools share: the checked file, its upload with progress, the output models."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import IO, Annotated, TypeVar, cast

import anyio
from anyio.streams.memory import MemoryObjectSendStream
from pydantic import Field

from ..kit.context import Ctx, services
from ..kit.output import Slim, Time
from .data import MAX_FILE_BYTES, FileDataOptions, FileInput, load_file_data
from .inputs import describe_size

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Progress runs from 0 to 100: getting the file (decoding, or downloading) is the first part, sending the rest.
LOADED = 40.0
UPLOAD_STEP_BYTES = 1 << 20

FileName = Annotated[
    str,
    Field(description="With its extension, e.g. report.pdf"),
]
FileData = Annotated[
    str,
    Field(
        description="base64, a data: URL or a public http(s) URL; at most 20 MB",
    ),
]


class UploadedFile(Slim):
    """A file held by Zoho until a ticket uses it: put `id` in create_ticket's `uploads`."""

    id: str = Field(description="The upload ID, for create_ticket's `uploads`")
    name: str = Field(description="The file name")
    size: int = Field(description="Size in bytes")
    created_time: Time = Field(default=None, description="When it was uploaded (UTC)")
    href: str | None = Field(default=None, description="Zoho's API link to the content")
    warnings: list[str] | None = Field(default=None, description="Why the file may not be the one meant")


class TicketAttachment(Slim):
    """A file attached to a ticket."""

    id: str = Field(description="The attachment ID")
    name: str = Field(description="The file name")
    size: int = Field(description="Size in bytes")
    is_public: bool = Field(description="True when the customer can see it, false when only agents can")
    created_time: Time = Field(default=None, description="When it was attached (UTC)")
    ticket_id: str = Field(description="The ID of the ticket it is attached to")
    warnings: list[str] | None = Field(default=None, description="Why the file may not be the one meant")


async def load(ctx: Ctx, file_name: str, file_data: str, progress: Progress) -> FileInput:
    """The checked file (size limit included); a refusal is a FileDataError, an InputError: a tool error."""
    options = replace(services(ctx).file_options or FileDataOptions(), progress=progress.downloaded)
    return await load_file_data(file_data, file_name, options)


def reported_size(reported: str | None, file: FileInput) -> int:
    """Zoho's size (a string of digits), or the size we sent when Zoho's is missing or odd."""
    return int(reported) if reported and reported.isdigit() else file.size


async def send(file: FileInput, progress: Progress, send: Callable[[IO[bytes]], Awaitable[T]]) -> T:
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


class Progress:
    """Progress notifications for one call, on a 0-100 scale that only moves forward (as MCP requires).

    The SDK sends them only when the client's request carried a progress token; they are best effort and never
    fail the upload.
    """

    def __init__(self, ctx: Ctx) -> None:
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
