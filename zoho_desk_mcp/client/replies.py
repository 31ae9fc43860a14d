"""E-mail replies on a ticket (Thread.json): send one, save a draft, rewrite a draft.

Each is a POST or PATCH, so the client never sends one twice: after a lost answer it raises
`WriteOutcomeUnknown`, and only the caller (who can look at the ticket's latest outgoing threads) decides what
to do. Zoho needs `channel`, `content` and a From address that is an active reply address of the ticket's
department (see `ReplyAddressesAPI`); a sent e-mail also needs `to`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import parse
from .resource import OrgResource, without_none
from .threads import Thread

CONTENT_TYPES = ("plainText", "html")
_ANGLED = re.compile(r"<([^<>]*)>\s*$")


def addresses_of(value: Any) -> list[str]:
    """Bare e-mail addresses from Zoho's `to`/`cc`/`bcc` text (`a@x.com, Name <b@y.com>; …`) or a list."""
    parts = value if isinstance(value, list | tuple) else re.split(r"[,;]", str(value or ""))
    found: list[str] = []
    for part in parts:
        angled = _ANGLED.search(str(part))
        address = (angled.group(1) if angled else str(part)).strip()
        if address and address.lower() not in (a.lower() for a in found):
            found.append(address)
    return found


@dataclass(frozen=True)
class ReplyDraft:
    """What an e-mail reply says and to whom; the same fields make a sent reply, a draft or a draft update."""

    content: str
    from_address: str
    to: Sequence[str] = ()
    cc: Sequence[str] = ()
    bcc: Sequence[str] = ()
    content_type: str = "plainText"
    attachment_ids: Sequence[str] = field(default_factory=tuple)
    ticket_status: str | None = None

    def body(self) -> dict[str, Any]:
        """Zoho's JSON: addresses comma-separated, unset fields left out."""
        if self.content_type not in CONTENT_TYPES:
            raise ValueError(f"content_type must be one of {CONTENT_TYPES}, not {self.content_type!r}")
        return without_none(
            {
                "channel": "EMAIL",
                "content": self.content,
                "contentType": self.content_type,
                "fromEmailAddress": self.from_address,
                "to": ", ".join(self.to) or None,
                "cc": ", ".join(self.cc) or None,
                "bcc": ", ".join(self.bcc) or None,
                "attachmentIds": list(self.attachment_ids) or None,
                "ticketStatus": self.ticket_status,
            }
        )


class RepliesAPI(OrgResource):
    async def send(self, ticket_id: str, reply: ReplyDraft) -> Thread:
        """Send the e-mail now; the answer is the new outgoing thread (status SUCCESS)."""
        if not reply.to:
            raise ValueError("an e-mail reply needs at least one 'to' address")
        return parse(Thread, await self._post(f"/tickets/{ticket_id}/sendReply", reply.body()))

    async def draft(self, ticket_id: str, reply: ReplyDraft) -> Thread:
        """Save a draft (status DRAFT) that an agent reviews and sends in Zoho; no customer sees it."""
        return parse(Thread, await self._post(f"/tickets/{ticket_id}/draftReply", reply.body()))

    async def update_draft(self, ticket_id: str, thread_id: str, reply: ReplyDraft) -> Thread:
        """Rewrite a draft: Zoho takes the whole reply again (channel, content and From are required)."""
        return parse(Thread, await self._patch(f"/tickets/{ticket_id}/draftReply/{thread_id}", reply.body()))
