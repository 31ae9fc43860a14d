"""The bytes behind uploads and attachments, and how a download serves them (with Zoho's content types).

Bytes sent through the API are kept as they came. Attachments from a data file that carry no `content` get
deterministic stand-in bytes of their stated size, shaped by their extension (a valid PNG, log lines, ...),
so every attachment the sandbox lists can be downloaded. Live portals label many downloads `text/html`
whatever the file is (fact sheet §11); the sandbox does the same for every type but JPEG, GIF, WebP and PDF,
so a client has to sniff the bytes.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import struct
import zlib
from typing import Any
from urllib.parse import quote

from starlette.responses import Response

from .store import OrgData, Record, StoredFile

HTML_LABEL = "text/html;charset=UTF-8"
TRUE_LABELS = frozenset({"image/jpeg", "image/gif", "image/webp", "application/pdf"})
TEXT_SUFFIXES = (".txt", ".log", ".csv", ".json", ".xml", ".eml", ".md", ".html", ".htm")


def type_of(name: str, declared: str | None = None) -> str:
    """The type a file was sent with; a generic or missing one is guessed from the name."""
    if declared and declared.split(";")[0].strip() not in ("", "application/octet-stream"):
        return declared.split(";")[0].strip()
    return mimetypes.guess_type(name)[0] or ("message/rfc822" if name.lower().endswith(".eml") else
                                             "application/octet-stream")


def keep(org: OrgData, record_id: str, name: str, data: bytes, declared: str | None = None) -> None:
    org.blobs[record_id] = StoredFile(data, type_of(name, declared))


def move(org: OrgData, old_id: str, new_id: str) -> None:
    """An upload becomes an attachment with a new ID: its bytes follow."""
    stored = org.blobs.pop(old_id, None)
    if stored is not None:
        org.blobs[new_id] = stored


def from_data(org: OrgData, record: Record, entry: Any, where: str) -> None:
    """A data-file attachment's `content` (text) or `base64` bytes, and `contentType`; the size follows them."""
    if not isinstance(entry, dict):
        return
    text, encoded = entry.get("content"), entry.get("base64")
    if text is None and encoded is None:
        return
    try:
        data = str(text).encode() if text is not None else base64.b64decode(str(encoded), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{where}: 'base64' is not valid base64") from None
    keep(org, record["id"], record["name"], data, entry.get("contentType"))
    record["size"] = str(len(data))


def content_of(org: OrgData, record: Record) -> StoredFile:
    """The stored bytes, or the deterministic stand-in for an attachment that came without any."""
    stored = org.blobs.get(str(record["id"]))
    if stored is not None:
        return stored
    name = str(record.get("name") or "file")
    size = int(str(record.get("size") or "0") or 0)
    return StoredFile(stand_in(name, size), type_of(name))


def stand_in(name: str, size: int) -> bytes:
    lower = name.lower()
    if lower.endswith(".png"):
        head = tiny_png()
    elif lower.endswith((".jpg", ".jpeg")):
        head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
    elif lower.endswith(".pdf"):
        head = b"%PDF-1.4\n%sandbox stand-in\n%%EOF\n"
    elif lower.endswith(TEXT_SUFFIXES):
        line = f"{name}: sandbox stand-in line\n".encode()
        return (line * (size // len(line) + 1))[:size]
    else:
        head = b""
    return head + b"\0" * max(0, size - len(head))


def tiny_png(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid PNG of one colour, built here so the sandbox needs no image library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def served_type(content_type: str) -> str:
    return content_type if content_type in TRUE_LABELS else HTML_LABEL


def download(org: OrgData, record: Record) -> Response:
    """`GET …/content`: the bytes, Zoho's (often wrong) content type, and the file name as a disposition."""
    stored = content_of(org, record)
    name = str(record.get("name") or "file")
    plain = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else "_" for c in name)
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(
        stored.data, media_type=served_type(stored.content_type), headers={"Content-Disposition": disposition}
    )
