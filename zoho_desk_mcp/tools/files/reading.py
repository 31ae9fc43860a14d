"""What a downloaded attachment is, judged by its bytes, and its text: plain text, e-mail (.eml), HTML or PDF.

Zoho labels many downloads `text/html` whatever they are (fact sheet §11), so the served type is never trusted:
images are recognised by their signatures, PDFs by `%PDF-`, text by the absence of NUL bytes and a clean
decoding; the file name only refines a text type (CSV, JSON, e-mail). PDF text needs the optional pypdf package
(`pip install 'zoho-desk-mcp[pdf]'`); without it a PDF is described, not read.
"""

from __future__ import annotations

import email
import importlib.util
import io
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from ..kit.text import html_to_text

IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
TEXT_TYPES = {
    ".csv": "text/csv", ".json": "application/json", ".xml": "application/xml", ".eml": "message/rfc822",
    ".html": "text/html", ".htm": "text/html", ".md": "text/markdown", ".log": "text/plain", ".txt": "text/plain",
}
MAIL_HEADERS = (b"from:", b"received:", b"return-path:", b"mime-version:", b"delivered-to:", b"message-id:")
SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject")
MAX_PDF_PAGES = 50


@dataclass(frozen=True)
class Sniffed:
    kind: str  # image, text, pdf or other
    content_type: str


def sniff(data: bytes, name: str) -> Sniffed:
    for signature, mime in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return Sniffed("image", mime)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Sniffed("image", "image/webp")
    if data.startswith(b"%PDF-"):
        return Sniffed("pdf", "application/pdf")
    if not looks_like_text(data[:8192]):
        return Sniffed("other", "application/octet-stream")
    head = data[:512].lstrip().lower()
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in TEXT_TYPES:
        return Sniffed("text", TEXT_TYPES[suffix])
    if head.startswith((b"<!doctype html", b"<html")):
        return Sniffed("text", "text/html")
    if head.startswith(MAIL_HEADERS):
        return Sniffed("text", "message/rfc822")
    return Sniffed("text", "text/plain")


def looks_like_text(sample: bytes) -> bool:
    if b"\0" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3:  # a character cut by the end of the sample
            return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) // 100  # another 8-bit text encoding


def decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="ignore") if looks_utf8(data) else data.decode("latin-1")


def looks_utf8(data: bytes) -> bool:
    return data.decode("utf-8", errors="replace").count("\ufffd") <= len(data) // 1000 + 1


def text_of(data: bytes, content_type: str) -> str:
    """The readable text of a text-like file (an e-mail: its main headers and body; HTML: its visible text)."""
    if content_type == "message/rfc822":
        return mail_text(data)
    text = decoded(data)
    return html_to_text(text) if content_type == "text/html" else text


def mail_text(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage):
        return decoded(data)
    lines = [f"{name}: {message[name]}" for name in SHOWN_HEADERS if message[name] is not None]
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if isinstance(body, EmailMessage):
        content = body.get_content()
        text = content if isinstance(content, str) else decoded(bytes(content))
        if body.get_content_type() == "text/html":
            text = html_to_text(text)
    files = [part.get_filename() for part in message.iter_attachments() if part.get_filename()]
    if files:
        lines.append(f"Attachments: {', '.join(str(f) for f in files)}")
    return "\n".join([*lines, "", text.strip()])


def pdf_reader_available() -> bool:
    return importlib.util.find_spec("pypdf") is not None


def pdf_text(data: bytes, max_chars: int) -> tuple[str, bool]:
    """The text of the first pages (up to MAX_PDF_PAGES, stopping past max_chars) and whether pages were left."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    total = 0
    for index, page in enumerate(reader.pages):
        if index >= MAX_PDF_PAGES or total > max_chars:
            return "\n\n".join(parts), True
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
    return "\n\n".join(parts), False
