"""Ticket attachments: attach a file to a ticket (public or private) and list a ticket's attachments."""

from __future__ import annotations

from collections.abc import AsyncIterator

from pydantic import Field

from .models import ZohoModel, parse
from .resource import OrgResource, without_none
from .uploads import FileData, multipart_file

MAX_LIMIT = 100


class AttachmentCreator(ZohoModel):
    id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


class Attachment(ZohoModel):
    id: str
    name: str | None = None
    size: str | None = None
    creator_id: str | None = None
    created_time: str | None = None
    is_public: bool | None = None
    href: str | None = None
    preview_url: str | None = Field(default=None, alias="previewurl")
    creator: AttachmentCreator | None = None


class AttachmentsAPI(OrgResource):
    async def create(
        self,
        ticket_id: str,
        file_name: str,
        data: FileData,
        *,
        is_public: bool = False,
        content_type: str | None = None,
    ) -> Attachment:
        """Attach a file to a ticket; not retried once its bytes may have left."""
        body = await self.client.request(
            "POST",
            f"/tickets/{ticket_id}/attachments",
            org_id=self.org_id,
            params={"isPublic": is_public},
            **multipart_file(file_name, data, content_type),
        )
        return parse(Attachment, body)

    async def iterate(
        self, ticket_id: str, *, is_public: bool | None = None, include_creator: bool = False
    ) -> AsyncIterator[Attachment]:
        params = without_none({"isPublic": is_public, "include": "creator" if include_creator else None})
        async for row in self._walk(f"/tickets/{ticket_id}/attachments", params, page_size=MAX_LIMIT):
            yield Attachment.model_validate(row)

    async def list(
        self, ticket_id: str, *, is_public: bool | None = None, include_creator: bool = False
    ) -> list[Attachment]:
        return [a async for a in self.iterate(ticket_id, is_public=is_public, include_creator=include_creator)]
