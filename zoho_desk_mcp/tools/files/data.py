"""Turn a tool's `fileData` (base64, a data: URL or an http(s) URL) into one checked file, ready to upload.

The entry point is `load_file_data`; everything it refuses raises `FileDataError` before any byte reaches Zoho.
URLs go through `filefetch` (public addresses only, size cap, timeout); the types live in `fileinput`.
"""

from __future__ import annotations

import binascii
import io
import re
from dataclasses import replace
from urllib.parse import unquote, unquote_to_bytes

from .fetch import fetch_file
from .inputs import (
    ALLOWED,
    MAX_FILE_BYTES,
    FileDataError,
    FileDataOptions,
    FileInput,
    ProgressCallback,
    clip,
    content_type_for,
    too_large,
    validate_file_name,
)
from .sniff import looks_like_path, path_error, warnings_for

__all__ = [
    "MAX_FILE_BYTES",
    "FileDataError",
    "FileDataOptions",
    "FileInput",
    "ProgressCallback",
    "load_file_data",
    "validate_file_name",
]

_CHUNK = 1 << 20
_WHITESPACE = b" \t\r\n\v\f"
_URL_SAFE = bytes.maketrans(b"-_", b"+/")
_ODD = (b"-", b"_", *(bytes([c]) for c in _WHITESPACE))
_B64_BAD = re.compile(r"[^A-Za-z0-9+/=_\- \t\r\n\v\f]")
_B64_EARLY_PAD = re.compile(r"=+[^=\s]")
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
_MAX_URL = 8192


async def load_file_data(file_data: object, file_name: object, options: FileDataOptions | None = None) -> FileInput:
    """Check `fileName` and turn `fileData` into a FileInput; raises FileDataError before anything reaches Zoho."""
    options = options or FileDataOptions()
    name = validate_file_name(file_name)
    if not isinstance(file_data, str):
        raise FileDataError(f"fileData must be a string. {ALLOWED}")
    if not file_data or file_data.isspace():
        raise FileDataError(f"fileData is empty. {ALLOWED}")
    if looks_like_path(file_data):
        raise path_error(file_data)
    found = _SCHEME.match(file_data, 0, 64)
    scheme = found[1].lower() if found else None
    if scheme in ("http", "https"):
        if len(file_data) > _MAX_URL:
            raise FileDataError(f"the URL in fileData is longer than {_MAX_URL} characters. {ALLOWED}")
        return _checked(await fetch_file(file_data.strip(), name, options))
    if found is None:
        data, declared = _decode_base64(file_data, 0, options.max_bytes), None
    elif scheme == "data":
        data, declared = _decode_data_url(file_data, found.end(), options.max_bytes)
    else:
        raise FileDataError(
            f"fileData uses the {clip(found[1].lower(), 20)}: scheme (or is a local path), which this server does "
            f"not read. {ALLOWED}"
        )
    size = len(data.getbuffer())
    if size == 0:
        raise FileDataError(f"fileData holds an empty file. {ALLOWED} of a non-empty file")
    return _checked(FileInput(name=name, content_type=content_type_for(name, declared), size=size, fileobj=data))


def _checked(file: FileInput) -> FileInput:
    """The file with the warnings its first bytes call for (too small, not what its name says)."""
    head = file.open().read(4096)
    file.open()
    warnings = warnings_for(file.name, head, file.size)
    return replace(file, warnings=tuple(warnings)) if warnings else file


def _decode_data_url(text: str, start: int, limit: int) -> tuple[io.BytesIO, str | None]:
    """Decode `data:[<mediatype>][;base64],<data>` (text[start:] follows the `data:`) and its media type."""
    comma = text.find(",", start, start + 1024)
    if comma < 0:
        raise FileDataError(
            "fileData is a data: URL without a ',' after its header; the form is data:[<mediatype>][;base64],<data>"
        )
    params = [part.strip() for part in text[start:comma].split(";")]
    declared = params[0] or None
    if len(params) > 1 and params[-1].lower() == "base64":
        if text.find("%", comma) < 0:
            return _decode_base64(text, comma + 1, limit), declared
        if (len(text) - comma - 1) // 4 > limit:  # "%2B" for each base64 character at the very densest
            raise too_large((len(text) - comma - 1) // 4, limit, at_least=True)
        return _decode_base64(unquote(text[comma + 1 :]), 0, limit), declared
    if (len(text) - comma - 1) // 3 > limit:  # %XX is the densest form: three characters per byte
        raise too_large((len(text) - comma - 1) // 3, limit, at_least=True)
    raw = unquote_to_bytes(text[comma + 1 :])
    if len(raw) > limit:
        raise too_large(len(raw), limit)
    return io.BytesIO(raw), declared


def _decode_base64(text: str, start: int, limit: int) -> io.BytesIO:
    """Decode base64 (standard or URL-safe, padding optional, whitespace ignored) from text[start:].

    Decoding runs in 1 MB slices into one buffer, so memory holds the input plus the decoded bytes, not a
    cleaned copy of the input. Input that is certainly too large is refused from its length, before decoding.
    Each slice is checked and cleaned with bytes operations (C loops, no regex): a 20 MB file decodes in about
    the time `binascii` alone takes.
    """
    _refuse_if_certainly_too_large(text, start, limit)
    out = io.BytesIO()
    carry, padding = b"", 0
    for pos in range(start, len(text), _CHUNK):
        try:
            piece = text[pos : pos + _CHUNK].encode("ascii")
        except UnicodeEncodeError:
            raise _not_base64(text, start) from None
        if any(odd in piece for odd in _ODD):  # memchr scans: the common case needs no cleaning pass
            piece = piece.translate(_URL_SAFE, _WHITESPACE)
        stripped = piece.rstrip(b"=")
        if padding and stripped:
            raise _not_base64(text, start)
        padding += len(piece) - len(stripped)
        data = carry + stripped if carry else stripped
        whole = len(data) - len(data) % 4
        out.write(_decoded(memoryview(data)[:whole], whole // 4 * 3, text, start))
        carry = data[whole:]
    if len(carry) == 1 or padding > 2:
        raise FileDataError(f"fileData is not valid base64: its length does not fit base64 (cut short?). {ALLOWED}")
    if carry:
        out.write(_decoded(carry + b"=" * (4 - len(carry)), len(carry) - 1, text, start))
    if out.tell() > limit:
        raise too_large(out.tell(), limit)
    out.seek(0)
    return out


def _decoded(data: bytes | memoryview, expected: int, text: str, start: int) -> bytes:
    """binascii's decoding; it skips what is not base64, so a short result (or its error) means bad input."""
    try:
        decoded = binascii.a2b_base64(data)
    except binascii.Error:
        raise _not_base64(text, start) from None
    if len(decoded) != expected:
        raise _not_base64(text, start)
    return decoded


def _refuse_if_certainly_too_large(text: str, start: int, limit: int) -> None:
    """Refuse base64 whose characters (whitespace and '=' aside) would decode to more than `limit` bytes.

    Every four base64 characters are three bytes, so the size is known from a count, without decoding. The
    trailing padding and whitespace are looked at first: a file of exactly the limit needs nothing more.
    """
    chars = len(text) - start
    if chars * 3 // 4 <= limit:
        return
    end = len(text)
    while end > start and end > len(text) - 64 and text[end - 1] in " \t\r\n\v\f=":
        end -= 1
    if (end - start) * 3 // 4 <= limit:  # whatever else is ignored only makes the file smaller
        return
    ignored = sum(text.count(skip, start) for skip in " \t\r\n\v\f=")
    decoded = (chars - ignored) * 3 // 4
    if decoded > limit:
        raise too_large(decoded, limit)


def _not_base64(text: str, start: int) -> FileDataError:
    """Name the first character that breaks base64 (position and a few characters, never the whole input)."""
    bad = _B64_BAD.search(text, start) or _B64_EARLY_PAD.search(text, start)
    where = ""
    if bad is not None:
        where = f" (at character {bad.start() - start + 1}: {clip(text[bad.start() : bad.start() + 10], 10)!r})"
    hint = "; a local file path cannot be read by this server" if text[start : start + 1] in ("/", "~", ".") else ""
    return FileDataError(f"fileData is not valid base64{where}{hint}. {ALLOWED}")
