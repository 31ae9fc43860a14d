"""Text for the model: HTML turned into plain text, and text from tickets fenced as untrusted.

Ticket descriptions, threads and comments are written by customers (or quote them) and may try to instruct the
model. Every such string leaves the server between `<<<untrusted>>>` and `<<<end untrusted>>>` (the server's
instructions tell the model what the fence means), and any run of three angle brackets inside the text (or of
their look-alikes) is broken, so the text cannot close the fence early or forge our own markers. Long text is cut
before it is fenced, never after. The markers are short on purpose: they are repeated in every fenced field of
every answer.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

FENCE_OPEN = "<<<untrusted>>>"
FENCE_CLOSE = "<<<end untrusted>>>"
# Angle brackets and the look-alikes a marker could be forged with (fullwidth, small, guillemets, CJK, math,
# Canadian syllabics, modifier letters), the ones that read as two or three brackets, and the invisible
# characters (zero-width, bidi controls, variation selectors) that could be slipped between them.
_OPENING = "<\uff1c\ufe64\u2039\u00ab\u27e8\u3008\u2329\u276e\u276c\u1438\u02c2\u227a\u226a\u22d8\u300a\u27ea"
_CLOSING = ">\uff1e\ufe65\u203a\u00bb\u27e9\u3009\u232a\u276f\u276d\u1433\u02c3\u227b\u226b\u22d9\u300b\u27eb"
_WEIGHT = {**dict.fromkeys("\u00ab\u00bb\u226a\u226b\u300a\u300b\u27ea\u27eb", 2), "\u22d8": 3, "\u22d9": 3}
_INVISIBLE = "\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff"
_MARKERS = re.compile(rf"[{_OPENING}](?:[{_INVISIBLE}]*[{_OPENING}])+|[{_CLOSING}](?:[{_INVISIBLE}]*[{_CLOSING}])+")
_UNSEEN = re.compile(rf"[{_INVISIBLE}]")
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
    """Break every run of three or more angle brackets (look-alikes included), so text cannot forge or close a fence.

    A run is brackets pointing the same way, with only invisible characters between them; `«` counts as two. Each
    run of three or more becomes ASCII brackets with a ZWSP between every two (`<<<<` becomes `<`, ZWSP, `<`, ...):
    breaking the run only after its first bracket would leave `<<<` standing in any run of four or more, and
    fullwidth brackets or `«<end untrusted>»` would still read as our marker.
    """
    return _MARKERS.sub(_broken, text)


def _broken(run: re.Match[str]) -> str:
    brackets = _UNSEEN.sub("", run.group(0))
    weight = sum(_WEIGHT.get(ch, 1) for ch in brackets)
    if weight < 3:
        return run.group(0)
    return "\u200b".join(("<" if brackets[0] in _OPENING else ">") * weight)


def fence(text: str | None, *, is_html: bool = False) -> str | None:
    """Customer-written text, converted from HTML when needed and wrapped in the untrusted fence."""
    if text is None:
        return None
    body = html_to_text(text) if is_html else text.strip()
    if not body:
        return None
    return f"{FENCE_OPEN}\n{neutralise(body)}\n{FENCE_CLOSE}"


def fence_clipped(text: str | None, limit: int, *, is_html: bool = False) -> tuple[str | None, bool]:
    """Customer text cut to `limit` characters BEFORE it is fenced (so the closing marker always stays), the fence
    then marked as cut when it was; and whether anything was cut."""
    if text is None:
        return None, False
    body, cut = clip(html_to_text(text) if is_html else text.strip(), limit)
    fenced = fence(body)
    if fenced is not None and cut:
        fenced += "\n[…truncated]"
    return fenced, cut


def clip(text: str, limit: int) -> tuple[str, bool]:
    """`text` cut to `limit` characters on a line or word boundary, and whether anything was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    boundary = max(cut.rfind("\n"), cut.rfind(" "))
    if boundary > limit * 0.8:
        cut = cut[:boundary]
    return cut.rstrip(), True
