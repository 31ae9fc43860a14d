"""A local path in fileData is refused even when it is valid base64; small or mismatched files get a warning.

`/etc/passwd` is valid base64 (8 bytes of noise): before, it was decoded and attached, publicly if asked. Through
the real MCP client and tools, against the in-process sandbox: a path is a tool error and nothing reaches Zoho.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox

from .conftest import fingerprint

ORG = "Acme Support"
PATHS = [
    "/etc/passwd",
    "/tmp/report",
    "/home/jane/Documents/Q3_invoice",
    "  /var/lib/app/data  ",
    "/home/jane/My Documents/Q3 invoice",
    "/home/jane/report.pdf",
    "~/report.pdf",
    "./report.pdf",
    "../secrets/key",
    "C:\\Users\\jane\\report.pdf",
    "C:/Users/jane/report.pdf",
    "\\\\server\\share\\report.pdf",
]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def text_of(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)


@pytest.mark.parametrize("path", PATHS)
async def test_a_path_in_file_data_is_refused_whatever_it_decodes_to(
    connect: Callable[..., Client], sandbox: Sandbox, path: str
) -> None:
    before = fingerprint(sandbox)
    ticket = next(iter(sandbox.store.first_org().tickets))
    async with connect() as client:
        uploaded = await client.call_tool("upload_file", {"organization": ORG, "fileName": "a.txt", "fileData": path})
        attached = await client.call_tool(
            "create_ticket_attachment",
            {"organization": ORG, "ticket": ticket, "fileName": "a.txt", "fileData": path, "isPublic": True},
        )
    for result in (uploaded, attached):
        assert result.is_error
        assert "path" in text_of(result) and "read" in text_of(result) and "Pass base64" in text_of(result)
    assert fingerprint(sandbox) == before


@pytest.mark.parametrize(
    "data",
    [b"\xff" + bytes(600), bytes([0xFC]) * 300, b"\xfe\xff" + "Unicode text".encode("utf-16-be") * 30],
    ids=["jpeg-like", "long-run", "utf16"],
)
async def test_real_base64_that_starts_with_a_slash_is_still_a_file(
    connect: Callable[..., Client], data: bytes
) -> None:
    assert b64(data).startswith("/")
    async with connect() as client:
        result = await client.call_tool(
            "upload_file", {"organization": ORG, "fileName": "x.bin", "fileData": b64(data)}
        )
    assert not result.is_error, text_of(result)
    assert result.structured_content["size"] == len(data)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("note.txt", b"hello", "only 5 bytes"),
        ("report.pdf", b"This is not a PDF, just words. " * 10, "do not look like a .pdf file"),
        ("photo.png", b"\xff\xd8\xff\xe0" + bytes(300), "do not look like a .png file"),
        ("table.csv", b"a,b\n" + bytes(100), "do not look like a .csv file"),
    ],
)
async def test_a_tiny_file_or_bytes_that_do_not_fit_the_name_get_a_warning_but_are_uploaded(
    connect: Callable[..., Client], name: str, data: bytes, said: str
) -> None:
    async with connect() as client:
        result = await client.call_tool("upload_file", {"organization": ORG, "fileName": name, "fileData": b64(data)})
    assert not result.is_error, text_of(result)
    content = result.structured_content
    assert content["size"] == len(data) and any(said in w for w in content["warnings"]), content


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", PNG),
        ("report.pdf", b"%PDF-1.7\n" + bytes(300)),
        ("notes.txt", "Grüße aus Köln\n".encode() * 20),
        ("legacy.csv", "naïve;café\n".encode("cp1252") * 20),
        ("unknown.xyz", bytes(100)),
    ],
)
async def test_a_plausible_file_has_no_warnings(connect: Callable[..., Client], name: str, data: bytes) -> None:
    async with connect() as client:
        result = await client.call_tool("upload_file", {"organization": ORG, "fileName": name, "fileData": b64(data)})
    assert not result.is_error, text_of(result)
    assert "warnings" not in result.structured_content


async def test_an_attachment_carries_the_warnings_too(connect: Callable[..., Client], sandbox: Sandbox) -> None:
    ticket = next(iter(sandbox.store.first_org().tickets))
    async with connect() as client:
        result = await client.call_tool(
            "create_ticket_attachment",
            {"organization": ORG, "ticket": ticket, "fileName": "scan.pdf", "fileData": b64(b"tiny")},
        )
    assert not result.is_error, text_of(result)
    assert len(result.structured_content["warnings"]) == 2
