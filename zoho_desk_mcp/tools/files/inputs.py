"""The checked file handed to Zoho uploads, its error type and limits, and the checks shared by every input form."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO

from ..kit.errors import InputError
from ..kit.fetching import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported: the files domain's names
from ..kit.fetching import FileDataOptions as FileDataOptions
from ..kit.fetching import ProgressCallback as ProgressCallback

ALLOWED = "Pass base64, a data: URL or an http(s) URL"
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
_GENERIC_TYPES = frozenset({"application/octet-stream", "binary/octet-stream", "application/unknown"})
_FORMAT_CHARS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class FileDataError(InputError):
    """`fileData` or `fileName` cannot become a file for Zoho; the message says what was wrong and what is allowed."""


@dataclass(frozen=True, eq=False)
class FileInput:
    """A checked file whose bytes are held once (bytes in memory, or a spooled temporary file for downloads).

    Hand `multipart()` to httpx's `files=`: httpx reads the file object in chunks, so no second copy is made.
    """

    name: str
    content_type: str
    size: int
    fileobj: IO[bytes] = field(repr=False)
    warnings: tuple[str, ...] = ()  # why it may not be the file meant (files/sniff.py); the result repeats them

    def open(self) -> IO[bytes]:
        """The file object rewound to its start (so a second read, e.g. a retry, sends the whole file)."""
        self.fileobj.seek(0)
        return self.fileobj

    def multipart(self) -> tuple[str, IO[bytes], str]:
        """The (name, file, content type) triple httpx takes for one multipart file field."""
        return (self.name, self.open(), self.content_type)

    def close(self) -> None:
        """Release the bytes (and delete the temporary file, if one was used)."""
        self.fileobj.close()

    def __enter__(self) -> FileInput:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def clip(text: str, limit: int = 60) -> str:
    """At most `limit` characters of user input for a message, with unprintable characters replaced."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def describe_size(size: int, limit: int | None = None) -> str:
    """A size for people ("23.4 MB"); exact bytes when rounding would make it look like the limit."""

    def rounded(n: int) -> str:
        for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
            if n >= scale:
                return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
        return f"{n:,} bytes"

    return f"{size:,} bytes" if limit is not None and rounded(size) == rounded(limit) else rounded(size)


def too_large(size: int, limit: int, *, at_least: bool = False) -> FileDataError:
    """The error for a file over the limit."""
    prefix = "at least " if at_least else ""
    return FileDataError(
        f"the file is {prefix}{describe_size(size, limit)}; Zoho accepts at most {describe_size(limit)} per file"
    )


def validate_file_name(value: object) -> str:
    """The base name to upload under: directory parts stripped, no control characters, at most 255 characters."""
    if not isinstance(value, str):
        raise FileDataError("fileName must be a string such as report.pdf")
    name = re.split(r"[/\\]", value)[-1].strip()
    if name in ("", ".", ".."):
        raise FileDataError("fileName has no file name in it; pass a name such as report.pdf")
    if len(name) > 255:
        raise FileDataError(f"fileName is {len(name)} characters long; at most 255 are allowed")
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _FORMAT_CHARS:
            raise FileDataError(
                f"fileName contains the control character U+{ord(ch):04X}; use a plain name such as report.pdf"
            )
    return name


def content_type_for(name: str, declared: str | None) -> str:
    """The declared media type when it is specific and well-formed, else a guess from the name, else binary."""
    bare = (declared or "").split(";", 1)[0].strip().lower()
    if _MEDIA_TYPE.fullmatch(bare) and bare not in _GENERIC_TYPES:
        return bare
    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"
