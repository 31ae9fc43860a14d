"""Ticket threads (the e-mails, chats and replies): list rows carry a summary; one thread has the content."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .models import ZohoModel, parse
from .resource import OrgResource, without_none

MAX_LIMIT = 200


class ThreadAuthor(ZohoModel):
    id: str | None = None
    name: str | None = None
    email: str | None = None
    type: str | None = None


class Thread(ZohoModel):
    id: str
    channel: str | None = None
    direction: str | None = None
    is_draft: bool | None = None
    is_forward: bool | None = None
    created_time: str | None = None
    summary: str | None = None
    content: str | None = None
    content_type: str | None = None
    from_email_address: str | None = None
    to: Any = None
    cc: Any = None
    bcc: Any = None
    status: str | None = None  # SUCCESS, PENDING, FAILED, or DRAFT for a reply not sent yet
    author: ThreadAuthor | None = None
    attachment_count: str | None = None
    attachments: list[dict[str, Any]] | None = None


class ThreadsAPI(OrgResource):
    async def iterate(self, ticket_id: str, *, sort_by: str | None = None) -> AsyncIterator[Thread]:
        params = without_none({"sortBy": sort_by})
        async for row in self._walk(f"/tickets/{ticket_id}/threads", params, page_size=MAX_LIMIT):
            yield Thread.model_validate(row)

    async def list(self, ticket_id: str, *, sort_by: str | None = None) -> list[Thread]:
        return [t async for t in self.iterate(ticket_id, sort_by=sort_by)]

    async def get(self, ticket_id: str, thread_id: str) -> Thread:
        """One thread with its full `content` and `attachments` (list rows carry only a summary)."""
        return parse(Thread, await self._get(f"/tickets/{ticket_id}/threads/{thread_id}"))
