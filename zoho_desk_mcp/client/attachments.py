"""Ticket attachments: attach a file, list a ticket's files (its own and its threads'), and download one.

E-mail tickets keep their files on the threads (fact sheet §11), so `list_with_threads` also reads each thread
that says it has files (one call per such thread); downloads are capped before reading (downloads.py).
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator

from pydantic import Field

from .downloads import Download, download
from .models import ZohoModel, parse
from .resource import OrgResource, without_none
from .threads import ThreadsAPI
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
    thread_id: str | None = None  # set by list_with_threads for a file that hangs off a thread


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

    async def list_with_threads(self, ticket_id: str) -> builtins.list[Attachment]:
        """The ticket's own files, then each thread's files (oldest thread first) with `thread_id` set."""
        return [*await self.list(ticket_id), *await self.thread_files(ticket_id)]

    async def thread_files(self, ticket_id: str, *, max_threads: int | None = None) -> builtins.list[Attachment]:
        """The files of the ticket's threads: one call for the thread list, one per thread that has files (at most
        `max_threads` of them, oldest first)."""
        threads = ThreadsAPI(self.client, self.org_id)
        with_files = [
            row.id
            async for row in threads.iterate(ticket_id, sort_by="sendDateTime")
            if int(row.attachment_count or 0) or (row.model_extra or {}).get("hasAttach")
        ]
        files: builtins.list[Attachment] = []
        for thread_id in with_files[:max_threads]:
            thread = await threads.get(ticket_id, thread_id)
            public = (thread.model_extra or {}).get("visibility", "public") == "public"
            for item in thread.attachments or []:
                extra = {"createdTime": thread.created_time, "isPublic": public, "threadId": thread.id}
                files.append(Attachment.model_validate({**extra, **item}))
        return files

    async def download(
        self,
        ticket_id: str,
        attachment_id: str,
        *,
        max_bytes: int,
        thread_id: str | None = None,
        comment_id: str | None = None,
        partial: bool = False,
    ) -> Download:
        """A ticket's, thread's or comment's file; over `max_bytes`: DownloadTooLargeError (or cut, if partial)."""
        owner = f"/threads/{thread_id}" if thread_id else f"/comments/{comment_id}" if comment_id else ""
        path = f"/tickets/{ticket_id}{owner}/attachments/{attachment_id}/content"
        return await download(self.client, path, org_id=self.org_id, max_bytes=max_bytes, partial=partial)
