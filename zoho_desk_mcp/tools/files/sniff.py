"""Second looks at a file before it is uploaded: is fileData a path, and do the bytes fit the name?

A model that has a file path but not the file may pass the path as fileData; `/etc/passwd` or `/tmp/report` is
also valid base64 and would decode to 8 bytes of noise, attached (perhaps publicly) as if it were the file. So a
value that looks like a path is refused, whatever it decodes to. Files that do decode are checked against their
name: a tiny file, or bytes that are not what the extension says (a .pdf that does not start with %PDF), get a
warning in the result, since the upload itself is what the caller asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .inputs import ALLOWED, FileDataError, clip

MIN_PLAUSIBLE_BYTES = 64
"""Smaller decoded files get a warning: real documents and images are larger (a path decodes to 8-23 bytes)."""

MAX_PATH_CHARS = 255
_PATH_START = re.compile(r"\s*(?:~|\.{1,2})?[/\\]")  # C:\ is refused earlier, as a scheme that is not read
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=_\-\s]")
_HEAD_BYTES = 4096

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "bmp": (b"BM",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "gz": (b"\x1f\x8b",),
    "tgz": (b"\x1f\x8b",),
    "7z": (b"7z\xbc\xaf\x27\x1c",),
    "rar": (b"Rar!\x1a\x07",),
    **{ext: _ZIP for ext in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar")},
    **{ext: _OLE for ext in ("doc", "xls", "ppt", "msg")},
}
_TEXT = frozenset({"txt", "csv", "tsv", "log", "md", "json", "xml", "html", "htm", "yaml", "yml", "ics", "eml"})


def looks_like_path(value: str) -> bool:
    """A local path (`/etc/passwd`, `~/x`, `\\\\server\\x`), not file content: refused whatever it would decode to.

    A short value that starts like an absolute path and has no `+` or `=` is taken for one even when it is valid
    base64: a real file that small whose first byte is 0xFC-0xFF (base64 `/`) is far less likely than a path.
    """
    if not _PATH_START.match(value, 0, 8):
        return False
    text = value.strip()
    if len(text) > 4096 or "\n" in text or "\r" in text:
        return False
    if text[0] in "~.\\" or _NOT_BASE64.search(text):
        return True
    return len(text) <= MAX_PATH_CHARS and "+" not in text and "=" not in text


def path_error(value: str) -> FileDataError:
    return FileDataError(
        f"fileData looks like a file path ({clip(value.strip(), 60)!r}): a local file path cannot be read by this "
        f"server, whatever machine it is on. {ALLOWED} holding the file's content"
    )


def warnings_for(name: str, head: bytes, size: int) -> list[str]:
    """Why the file may not be what the caller meant: too small, or bytes that do not match its extension."""
    found: list[str] = []
    if size < MIN_PLAUSIBLE_BYTES:
        found.append(
            f"the file is only {size} bytes: check that fileData held the whole file's content (a path or a "
            "file name is not read)"
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    check = _check_for(extension)
    if size and check is not None and not check(head[:_HEAD_BYTES]):
        found.append(
            f"the bytes do not look like a .{extension} file: check that fileData holds this file, base64-encoded once"
        )
    return found


def _check_for(extension: str) -> Callable[[bytes], bool] | None:
    signatures = _SIGNATURES.get(extension)
    if signatures is not None:
        if extension == "pdf":
            return lambda head: b"%PDF-" in head[:1024]
        return lambda head: head.startswith(signatures)
    if extension in _TEXT:
        return _is_text
    return None


def _is_text(head: bytes) -> bool:
    """No NUL bytes (UTF-8 or a legacy code page such as a spreadsheet's CSV export), or a UTF-16 byte-order mark."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head
