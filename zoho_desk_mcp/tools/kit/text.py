"""Text for the model: HTML turned into plain text, and text from tickets fenced as untrusted.

Ticket descriptions, threads and comments are written by customers (or quote them) and may try to instruct the
model. Every such string leaves the server between `<<<untrusted>>>` and `<<<end untrusted>>>` (the server's
instructions tell the model what the fence means), and any run of three angle brackets inside the text is broken,
so the text cannot close the fence early or forge our own markers. The markers are short on purpose: they are
repeated in every fenced field of every answer.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

FENCE_OPEN = "<<<untrusted>>>"
FENCE_CLOSE = "<<<end untrusted>>>"
_MARKERS = re.compile(r"<{3,}|>{3,}")
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "ul",
    "ol",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "table",
}
_SKIPPED_TAGS = {"script", "style", "head", "title"}


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML fragment, with a line break for each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str | None) -> str:
    """Visible text of Zoho's HTML bodies: no tags, entities decoded, blank runs collapsed."""
    if not markup:
        return ""
    if "<" not in markup:
        return html.unescape(markup).strip()
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def neutralise(text: str) -> str:
    """Break every run of three or more angle brackets, so text cannot forge or close a fence.

    Every bracket of the run is separated (`<<<<` becomes `<`, ZWSP, `<`, ZWSP, ...): breaking the run only after
    its first bracket would leave `<<<` standing in any run of four or more.
    """
    return _MARKERS.sub(lambda m: "\u200b".join(m.group(0)), text)


def fence(text: str | None, *, is_html: bool = False) -> str | None:
    """Customer-written text, converted from HTML when needed and wrapped in the untrusted fence."""
    if text is None:
        return None
    body = html_to_text(text) if is_html else text.strip()
    if not body:
        return None
    return f"{FENCE_OPEN}\n{neutralise(body)}\n{FENCE_CLOSE}"


def clip(text: str, limit: int) -> tuple[str, bool]:
    """`text` cut to `limit` characters on a line or word boundary, and whether anything was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    boundary = max(cut.rfind("\n"), cut.rfind(" "))
    if boundary > limit * 0.8:
        cut = cut[:boundary]
    return cut.rstrip(), True
