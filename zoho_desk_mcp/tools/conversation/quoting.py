"""E-mail bodies as the new words only: HTML to text with quoted history (replies' copies of earlier mail) removed.

Zoho stores each e-mail whole, so every reply repeats the conversation so far. What is dropped: `<blockquote>`
content, lines starting with `>`, and everything from an attribution line ("On Mon, Jane <j@x> wrote:"), an
Outlook "-----Original Message-----" line or an Outlook "From: … Sent: …" header block onwards. Forwarded
messages are kept (their body is the substance). When nothing would remain, the text is kept as it was.
"""

from __future__ import annotations

import re

from ..kit.text import html_to_text

_BLOCKQUOTE = re.compile(r"<blockquote\b[^>]*>(?:(?!<blockquote\b)[\s\S])*?</blockquote\s*>", re.IGNORECASE)
_OPEN_BLOCKQUOTE = re.compile(r"<blockquote\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"on\b.{0,300}?\b(?:wrote|schrieb|a écrit|escribió)\s*:?", re.IGNORECASE)
_ORIGINAL = re.compile(r"-{2,}\s*original message\s*-{2,}", re.IGNORECASE)
_HEADER_FROM = re.compile(r"(?:from|von|de)\s*:\s*\S", re.IGNORECASE)
_HEADER_SENT = re.compile(r"(?:sent|gesendet|envoyé|enviado|date)\s*:\s*\S", re.IGNORECASE)
_SEPARATOR = re.compile(r"_{8,}|-{8,}")
_FORWARDED = re.compile(r"forwarded message|begin forwarded message", re.IGNORECASE)
HEADER_LOOKAHEAD = 4  # an Outlook header's Sent: line follows From: within this many lines
ATTRIBUTION_LINES = 3  # plain-text mailers wrap a long "On …, X <x@y> wrote:" over up to this many lines


def drop_blockquotes(markup: str) -> str:
    """The HTML without `<blockquote>` elements (nested ones too); an unclosed one quotes everything after it."""
    previous = None
    while previous != markup:
        previous, markup = markup, _BLOCKQUOTE.sub("", markup)
    opened = _OPEN_BLOCKQUOTE.search(markup)
    return markup[: opened.start()] if opened else markup


def _history_start(lines: list[str]) -> int | None:
    """The index of the first line of quoted history (attribution, Original Message, Outlook header)."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if _ORIGINAL.fullmatch(stripped):
            return i
        if stripped.lower().startswith("on "):
            for size in range(1, ATTRIBUTION_LINES + 1):
                if _ATTRIBUTION.fullmatch(" ".join(part.strip() for part in lines[i : i + size])):
                    return i
        forwarded = any(_FORWARDED.search(earlier) for earlier in lines[max(0, i - 2) : i])
        if not forwarded and _HEADER_FROM.match(stripped) and any(
            _HEADER_SENT.match(later.strip()) for later in lines[i + 1 : i + 1 + HEADER_LOOKAHEAD]
        ):
            return i - 1 if i > 0 and _SEPARATOR.fullmatch(lines[i - 1].strip()) else i
    return None


def strip_quoted_text(text: str) -> tuple[str, bool]:
    """Plain text without quoted history, and whether anything was removed."""
    lines = text.splitlines()
    start = _history_start(lines)
    kept = lines[:start] if start is not None else lines
    kept = [line for line in kept if not line.lstrip().startswith(">")]
    result = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    if not result:
        return text.strip(), False
    return result, result != text.strip()


def message_text(content: str | None, *, is_html: bool) -> tuple[str, bool]:
    """A message body as plain text without quoted history, and whether quoted history was removed."""
    if not content:
        return "", False
    if not is_html:
        return strip_quoted_text(content)
    unquoted = drop_blockquotes(content)
    text, stripped = strip_quoted_text(html_to_text(unquoted))
    if not text:  # the message was nothing but a quote (a bare forward): keep it whole
        return html_to_text(content), False
    return text, stripped or unquoted != content


def normalised(text: str) -> str:
    """The comparison form of a message: case and whitespace ignored (for spotting per-recipient copies)."""
    return " ".join(text.split()).casefold()
