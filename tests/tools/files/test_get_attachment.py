"""get_ticket_attachment through the MCP client: files attached with create_ticket_attachment read back as text or
as an image, by ID or name; what cannot be shown says why; sniffing beats Zoho's text/html label."""

from __future__ import annotations

import base64
import io
import zlib
from typing import Any

import pytest
from mcp.types import ImageContent

from zoho_desk_mcp.sandbox.files import tiny_png
from zoho_desk_mcp.sandbox.store import OrgData, Record
from zoho_desk_mcp.tools.kit.text import FENCE_CLOSE, FENCE_OPEN

ORG = "Acme Support"
PNG = tiny_png(3, 2, (10, 200, 10))


def plain_ticket(acme: OrgData) -> Record:
    return next(t for t in acme.tickets.values() if not acme.threads.get(t["id"]) and not acme.attachments.get(t["id"]))


def newest(acme: OrgData) -> Record:
    return max(acme.tickets.values(), key=lambda t: int(t["ticketNumber"]))


async def attach(client: Any, ticket: str, name: str, data: bytes) -> dict[str, Any]:
    made = await client.call_tool("create_ticket_attachment", {
        "organization": ORG, "ticket": ticket, "fileName": name, "fileData": base64.b64encode(data).decode(),
    })
    assert not made.is_error, made.content[0].text
    return dict(made.structured_content)


async def read(client: Any, ticket: str, attachment: str, **args: Any) -> Any:
    return await client.call_tool(
        "get_ticket_attachment", {"organization": ORG, "ticket": ticket, "attachment": attachment, **args}
    )


async def test_a_text_file_attached_with_the_tool_reads_back_as_fenced_text(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        made = await attach(client, ticket, "notes.txt", "Reboot fixed it\nsecond line ✓".encode())
        result = await read(client, ticket, made["id"])
    assert not result.is_error, result.content[0].text
    out = result.structured_content
    assert (out["id"], out["name"], out["shown"], out["contentType"]) == (made["id"], "notes.txt", "text", "text/plain")
    assert out["text"] == f"{FENCE_OPEN}\nReboot fixed it\nsecond line ✓\n{FENCE_CLOSE}"
    assert "untrusted" in out and len(result.content) == 1


async def test_a_png_attached_with_the_tool_reads_back_as_image_content(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        await attach(client, ticket, "screen.png", PNG)
        result = await read(client, ticket, "SCREEN.PNG")  # by name, any case
    assert not result.is_error, result.content[0].text
    assert result.structured_content["shown"] == "image"
    image = result.content[1]
    assert isinstance(image, ImageContent) and image.mime_type == "image/png"
    assert base64.b64decode(image.data) == PNG


async def test_the_bytes_decide_the_type_not_the_name_or_zohos_label(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        await attach(client, ticket, "photo.txt", PNG)  # a PNG under a text name
        result = await read(client, ticket, "photo.txt")
    assert result.structured_content["contentType"] == "image/png"
    assert isinstance(result.content[1], ImageContent)


async def test_the_seeded_email_shows_its_headers_and_body_and_the_csv_its_rows(connect: Any, acme: OrgData) -> None:
    ticket = newest(acme)["id"]
    async with connect() as client:
        mail = (await read(client, ticket, "isp-reply.eml")).structured_content
        table = (await read(client, ticket, "speed-test.csv")).structured_content
    assert mail["contentType"] == "message/rfc822"
    assert "From: Jordan Smith <jordan.smith@example.com>" in mail["text"]
    assert "Subject: Fwd: Router keeps dropping in the evening" in mail["text"]
    assert "the drops come from the router" in mail["text"]
    assert table["contentType"] == "text/csv" and "date,download_mbps" in table["text"]


async def test_a_thread_file_is_found_by_id_and_says_its_thread(connect: Any, acme: OrgData) -> None:
    ticket, thread = next((t, th) for t in acme.tickets.values() for th in acme.threads.get(t["id"], [])
                          if any(a["name"].endswith(".png") and int(a["size"]) < 5_000_000 for a in th["attachments"]))
    item = next(a for a in thread["attachments"] if a["name"].endswith(".png"))
    async with connect() as client:
        result = await read(client, ticket["id"], item["id"])
    out = result.structured_content
    assert (out["thread"], out["shown"], out["size"]) == (thread["id"], "image", int(item["size"]))


async def test_max_chars_cuts_the_text_and_says_so(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        await attach(client, ticket, "long.log", b"word " * 2000)
        out = (await read(client, ticket, "long.log", maxChars=300)).structured_content
    assert out["textTruncated"] is True
    assert len(out["text"]) < 450 and "raise maxChars" in out["text"]


async def test_a_big_text_file_is_read_only_as_far_as_max_chars_needs(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        await attach(client, ticket, "huge.log", b"0123456789abcdef\n" * 400_000)  # 6.8 MB
        out = (await read(client, ticket, "huge.log", maxChars=1000)).structured_content
    assert out["shown"] == "text" and out["textTruncated"] is True and out["size"] == 6_800_000


async def test_binary_and_too_large_images_give_metadata_and_why(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    big_png = PNG + b"\0" * (5 * 1024 * 1024)
    async with connect() as client:
        await attach(client, ticket, "archive.zip", b"PK\x03\x04" + bytes(range(256)) * 4)
        await attach(client, ticket, "big.png", big_png)
        archive = (await read(client, ticket, "archive.zip")).structured_content
        big = await read(client, ticket, "big.png")
    assert archive["shown"] == "metadata" and "not text" in archive["reason"]
    assert big.structured_content["shown"] == "metadata" and "too large" in big.structured_content["reason"]
    assert len(big.content) == 1


def small_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, written by hand (offsets computed), so no PDF writer is needed."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


async def test_a_pdf_reads_as_its_text(connect: Any, acme: OrgData) -> None:
    pytest.importorskip("pypdf")
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        await attach(client, ticket, "invoice.pdf", small_pdf("Invoice INV-2041 total 99 EUR"))
        out = (await read(client, ticket, "invoice.pdf")).structured_content
    assert out["contentType"] == "application/pdf" and out["shown"] == "text"
    assert "Invoice INV-2041 total 99 EUR" in out["text"]


async def test_an_unknown_or_ambiguous_name_lists_the_files_with_their_ids(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        first = await attach(client, ticket, "same.txt", b"one")
        second = await attach(client, ticket, "same.txt", b"two")
        ambiguous = await read(client, ticket, "same.txt")
        missing = await read(client, ticket, "nope.txt")
        by_id = await read(client, ticket, second["id"])
    assert ambiguous.is_error and first["id"] in ambiguous.content[0].text and second["id"] in ambiguous.content[0].text
    assert missing.is_error and "same.txt" in missing.content[0].text
    assert "two" in by_id.structured_content["text"]


async def test_an_unknown_ticket_is_a_tool_error(connect: Any) -> None:
    async with connect() as client:
        result = await read(client, "999999999", "x.txt")
    assert result.is_error


async def test_a_broken_pdf_is_described_not_read(connect: Any, acme: OrgData) -> None:
    pytest.importorskip("pypdf")
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        await attach(client, ticket, "broken.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8)
        out = (await read(client, ticket, "broken.pdf")).structured_content
    assert out["shown"] == "metadata" and out["contentType"] == "application/pdf"
    assert "could not be read" in out["reason"] or "no text" in out["reason"]


async def test_a_comment_file_is_found_and_says_its_comment(connect: Any, acme: OrgData) -> None:
    ticket = plain_ticket(acme)["id"]
    async with connect() as client:
        upload = await client.call_tool("upload_file", {"organization": ORG, "fileName": "call-notes.txt",
                                                        "fileData": base64.b64encode(b"called at 10:00").decode()})
        await client.call_tool("add_ticket_comment", {"organization": ORG, "ticket": ticket, "content": "notes",
                                                      "uploads": upload.structured_content["id"]})
        out = (await read(client, ticket, "call-notes.txt")).structured_content
    assert out["comment"] == acme.comments[ticket][-1]["id"] and "called at 10:00" in out["text"]
