"""Uploads (`POST /uploads`) and the multipart `file` body they share with ticket attachments.

A file is streamed, never copied: bytes go as they are, a file object is read in chunks by httpx (and rewound
if a token refresh replays the request), and an async iterator is framed as multipart on the fly. Zoho
refuses files over 20 MB with 413 (`PayloadTooLargeError`).
"""

from __future__ import annotations

import mimetypes
import secrets
from collections.abc import AsyncIterable, AsyncIterator
from typing import IO, Any, Union, cast

from pydantic import Field

from .models import ZohoModel, parse
from .resource import OrgResource

MAX_FILE_BYTES = 20 * 1024 * 1024
SEND_CHUNK_BYTES = 1 << 20
FileData = Union[bytes, IO[bytes], AsyncIterable[bytes]]  # noqa: UP007 - a runtime alias on Python 3.10


class Upload(ZohoModel):
    """A temporary upload: put its `id` in a ticket's `uploads[]` or a comment's `attachmentIds[]`."""

    id: str
    name: str | None = None
    size: str | None = None
    creator_id: str | None = None
    created_time: str | None = None
    is_public: bool | None = None
    href: str | None = None
    preview_url: str | None = Field(default=None, alias="previewurl")


def _quoted(file_name: str) -> str:
    """A filename safe inside a quoted header parameter (the escaping httpx uses for form data)."""
    escaped = file_name.replace("\\", "\\\\").replace('"', "%22")
    return "".join(c if ord(c) >= 0x20 and c != "\x7f" else f"%{ord(c):02X}" for c in escaped)


def content_type_of(file_name: str, content_type: str | None) -> str:
    return content_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def multipart_file(file_name: str, data: FileData, content_type: str | None = None) -> dict[str, Any]:
    """Keyword arguments for `DeskClient.request` sending `data` as the multipart part named `file`."""
    ctype = content_type_of(file_name, content_type)
    if isinstance(data, bytes):
        return {"files": {"file": (file_name, data, ctype)}}
    if hasattr(data, "read"):
        return {"files": {"file": (file_name, _LargeReads(cast(IO[bytes], data)), ctype)}}
    if not isinstance(data, AsyncIterable):
        raise TypeError("file data must be bytes, a binary file object or an async iterator of bytes")
    boundary = secrets.token_hex(16)
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{_quoted(file_name)}"\r\n'
        f"Content-Type: {ctype}\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    async def body() -> AsyncIterator[bytes]:
        yield head
        async for chunk in data:
            yield chunk
        yield tail

    return {"content": body(), "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"}}


class _LargeReads:
    """A file object read in 1 MB pieces: httpx asks for 64 KB, and each piece is a trip through the event loop
    and the socket (a 20 MB upload made 320 of them). `seek`/`tell` pass through, for the length and a replay."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file

    def read(self, size: int = -1) -> bytes:
        return self._file.read(max(size, SEND_CHUNK_BYTES) if size >= 0 else -1)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()


class UploadsAPI(OrgResource):
    async def upload(self, file_name: str, data: FileData, *, content_type: str | None = None) -> Upload:
        """Upload one file; never retried once its bytes may have left (lost answer: WriteOutcomeUnknown)."""
        return parse(Upload, await self._post("/uploads", **multipart_file(file_name, data, content_type)))
