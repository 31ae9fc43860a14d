"""What send_reply and draft_reply return: the thread Zoho made, with its sender and recipients."""

from __future__ import annotations

from pydantic import Field

from ...client import Thread, addresses_of
from ..kit.output import Slim, Time
from ..kit.text import neutralise


class ReplyThread(Slim):
    """A sent reply or a draft as Zoho keeps it (a thread of the ticket)."""

    id: str
    ticket_id: str
    from_: str | None = Field(default=None, alias="from")
    to: list[str] = Field(default_factory=list)
    cc: list[str] = Field(default_factory=list)
    bcc: list[str] = Field(default_factory=list)
    status: str | None = None
    sent_time: Time = None
    summary: str | None = None
    already_sent: bool | None = None
    note: str | None = None


def reply_thread(thread: Thread, ticket_id: str, *, draft: bool) -> ReplyThread:
    """The model-facing shape of a reply thread; `sentTime` only for a sent one (a draft has not gone out)."""
    return ReplyThread.model_validate(
        {
            "id": thread.id,
            "ticketId": ticket_id,
            "from": thread.from_email_address,
            "to": addresses_of(thread.to),
            "cc": addresses_of(thread.cc),
            "bcc": addresses_of(thread.bcc),
            "status": thread.status or ("DRAFT" if draft else None),
            "sentTime": None if draft else thread.created_time,
            "summary": neutralise(thread.summary) if thread.summary else None,
        }
    )
