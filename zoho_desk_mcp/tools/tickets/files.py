"""What get_ticket adds to the ticket: its files (its own and its threads') as rows, and its tags.

The ticket's counts decide which calls are made: none for a ticket without files, threads or tags; otherwise
the ticket's files (one call), its tags (one), its thread list (one) and each thread that has files (one each, at
most MAX_THREADS), all at once. File names are customer-written: their fence markers are neutralised.
"""

from __future__ import annotations

import asyncio

from pydantic import Field

from ...client import Attachment, Portal, Ticket
from ..kit.output import Slim, Time
from ..kit.text import neutralise
from .models import TicketDetail

MAX_THREADS = 10  # threads with files read for one get_ticket; the note says when there were more
MAX_FILES = 100


class FileRow(Slim):
    id: str
    name: str
    size: int | None = Field(default=None, description="Bytes")
    is_public: bool | None = None
    created_time: Time = None
    thread: str | None = Field(default=None, description="ID of the thread it came with")


class TicketView(TicketDetail):
    attachments: list[FileRow] | None = Field(  # type: ignore[assignment]
        default=None, description="Files of the ticket and its threads; read one with get_ticket_attachment"
    )
    tags: list[str] | None = None
    files_note: str | None = None


def count(value: object) -> int:
    text = str(value or "0")
    return int(text) if text.isdigit() else 0


def file_row(found: Attachment) -> FileRow:
    return FileRow(
        id=found.id,
        name=neutralise(found.name or "file"),
        size=count(found.size) if found.size is not None else None,
        is_public=found.is_public,
        created_time=found.created_time,
        thread=found.thread_id,
    )


async def files_and_tags(portal: Portal, ticket: Ticket) -> tuple[list[FileRow], list[str], str | None]:
    """The ticket's file rows (its own first, then its threads', oldest first), its tag names, and a note."""
    extra = ticket.model_extra or {}

    async def own() -> list[Attachment]:
        return await portal.attachments.list(ticket.id) if count(ticket.attachment_count) else []

    async def threaded() -> list[Attachment]:
        if not count(ticket.thread_count):
            return []
        return await portal.attachments.thread_files(ticket.id, max_threads=MAX_THREADS + 1)

    async def tags() -> list[str]:
        return [t.name for t in await portal.tags.of_ticket(ticket.id)] if count(extra.get("tagCount")) else []

    mine, theirs, names = await asyncio.gather(own(), threaded(), tags())
    thread_ids = list(dict.fromkeys(f.thread_id for f in theirs))
    note = None
    if len(thread_ids) > MAX_THREADS:
        theirs = [f for f in theirs if f.thread_id in thread_ids[:MAX_THREADS]]
        note = f"Files of the first {MAX_THREADS} threads with files are listed; get_ticket_conversation has the rest."
    rows = [file_row(f) for f in [*mine, *theirs]]
    if len(rows) > MAX_FILES:
        note = f"The first {MAX_FILES} of {len(rows)} files are listed."
        rows = rows[:MAX_FILES]
    return rows, [neutralise(n) for n in names], note


def view(detail: TicketDetail, rows: list[FileRow], tags: list[str], note: str | None) -> TicketView:
    fields = {k: getattr(detail, k) for k in TicketDetail.model_fields if k != "attachments"}
    return TicketView(**fields, attachments=rows, tags=tags or None, files_note=note)
