"""Ticket comments: list (oldest first unless asked) and add (private by default, plain text or HTML)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from .models import ZohoModel, parse
from .resource import OrgResource, without_none

MAX_LIMIT = 100
CONTENT_TYPES = ("plainText", "html")


class Commenter(ZohoModel):
    id: str | None = None
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    type: str | None = None


class Comment(ZohoModel):
    """Comments are timed by `commentedTime` (not `createdTime`)."""

    id: str
    content: str | None = None
    content_type: str | None = None
    is_public: bool | None = None
    commented_time: str | None = None
    modified_time: str | None = None
    commenter_id: str | None = None
    commenter: Commenter | None = None
    attachments: list[dict[str, Any]] | None = None


class CommentsAPI(OrgResource):
    async def iterate(self, ticket_id: str, *, sort_by: str | None = None) -> AsyncIterator[Comment]:
        params = without_none({"sortBy": sort_by})
        async for row in self._walk(f"/tickets/{ticket_id}/comments", params, page_size=MAX_LIMIT):
            yield Comment.model_validate(row)

    async def list(self, ticket_id: str, *, sort_by: str | None = None) -> list[Comment]:
        return [c async for c in self.iterate(ticket_id, sort_by=sort_by)]

    async def create(
        self,
        ticket_id: str,
        content: str,
        *,
        is_public: bool = False,
        content_type: str = "plainText",
        attachment_ids: Sequence[str] | None = None,
    ) -> Comment:
        body = without_none(
            {
                "content": content,
                "isPublic": is_public,
                "contentType": content_type,
                "attachmentIds": list(attachment_ids) if attachment_ids else None,
            }
        )
        return parse(Comment, await self._post(f"/tickets/{ticket_id}/comments", body))
