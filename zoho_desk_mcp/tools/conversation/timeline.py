"""A ticket's threads and comments as one timeline within a size budget: copies merged, bodies fetched as needed.

Thread lists carry no bodies or files, so each shown thread costs one `GET …/threads/{id}`. Only what fits is
fetched: the customer's first message (when the ticket has no description, it is the question itself), then
the newest entries backwards, a few at a time concurrently, until the next one would not fit. Whatever is left
out is counted and marked in place by an `omitted` entry, so the model knows the gap and how to close it.

Per-recipient copies (Zoho makes one thread per recipient address) are grouped by their list rows (same
direction, author, summary and file count within DUPLICATE_WINDOW) so they are fetched together, then merged
only where the bodies really match.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ...client import Comment, Thread, ThreadsAPI
from .models import Entry, comment_entry, entry_size, thread_body, thread_entry, with_text
from .quoting import normalised

DUPLICATE_WINDOW_SECONDS = 600.0
FETCH_CONCURRENCY = 4
PINNED_SHARE = 3  # the first customer message may take at most 1/3 of the budget
MIN_CLIPPED_CHARS = 400  # never cut the newest message below this (a bare fence would tell nothing)
MAX_MAX_CHARS = 200_000  # maxChars' upper bound


@dataclass
class Item:
    """One timeline position: a thread and its copies (`rows`, from the list) or a comment."""

    time: str
    rows: list[Thread] = field(default_factory=list)
    parts: list[tuple[Entry, str]] = field(default_factory=list)  # entries without text, and their plain text
    entries: list[Entry] = field(default_factory=list)  # rendered (text set)

    @property
    def is_thread(self) -> bool:
        return bool(self.rows)

    @property
    def files(self) -> int:
        counts = [r.attachment_count or "" for r in self.rows[:1]]
        on_comments = sum(len(e.attachments or []) for e, _ in self.parts if e.type == "comment")
        return sum(int(c) for c in counts if c.isdigit()) + on_comments


def seconds(time: str | None) -> float:
    if not time:
        return 0.0
    try:
        return datetime.fromisoformat(time.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def copy_key(thread: Thread) -> tuple[str, str, str, str, bool]:
    who = (thread.author.email or thread.author.id or "") if thread.author else (thread.from_email_address or "")
    draft = bool(thread.is_draft) or (thread.status or "").upper() == "DRAFT"  # a draft is no copy of a sent reply
    summary = normalised(thread.summary or "")
    return (thread.direction or "", who.casefold(), summary, thread.attachment_count or "", draft)


def thread_items(rows: Sequence[Thread]) -> list[Item]:
    """Thread list rows, oldest first, grouped into likely per-recipient copies."""
    items: list[Item] = []
    for row in sorted(rows, key=lambda r: (seconds(r.created_time), r.id)):
        twin = next(
            (
                item
                for item in reversed(items[-5:])
                if copy_key(item.rows[0]) == copy_key(row)
                and seconds(row.created_time) - seconds(item.time) <= DUPLICATE_WINDOW_SECONDS
            ),
            None,
        )
        if twin is not None:
            twin.rows.append(row)
        else:
            items.append(Item(time=row.created_time or "", rows=[row]))
    return items


def comment_items(comments: Sequence[Comment]) -> list[Item]:
    return [Item(time=c.commented_time or "", parts=[comment_entry(c)]) for c in comments]


def timeline(threads: Sequence[Thread], comments: Sequence[Comment]) -> list[Item]:
    return sorted([*thread_items(threads), *comment_items(comments)], key=lambda i: seconds(i.time))


async def fetch_bodies(api: ThreadsAPI, ticket_id: str, items: Sequence[Item], gate: asyncio.Semaphore) -> None:
    """Fetch the full threads of these items (at most FETCH_CONCURRENCY at once) and merge matching copies."""

    async def one(row: Thread) -> Thread:
        async with gate:
            return await api.get(ticket_id, row.id)

    wanted = [item for item in items if item.is_thread and not item.parts]
    fetched = await asyncio.gather(*(asyncio.gather(*(one(r) for r in item.rows)) for item in wanted))
    for item, details in zip(wanted, fetched, strict=True):
        groups: dict[str, list[tuple[Thread, str, bool]]] = {}
        for detail in details:
            plain, stripped = thread_body(detail)
            groups.setdefault(normalised(plain), []).append((detail, plain, stripped))
        for group in groups.values():
            item.parts.append((thread_entry([g[0] for g in group], group[0][1], group[0][2]), group[0][1]))


def render(item: Item, limit: int | None = None) -> int:
    """Set the item's entries' texts (each cut to share `limit` when given); returns their size in characters."""
    share = None if limit is None else max(MIN_CLIPPED_CHARS, limit // max(len(item.parts), 1))
    item.entries = []
    for entry, plain in item.parts:
        shown = with_text(entry, plain)
        if share is not None and entry_size(shown) > share:
            overhead = entry_size(shown) - len(shown.text or "")
            shown = with_text(entry, plain, max(MIN_CLIPPED_CHARS, share - overhead - 120))
        item.entries.append(shown)
    return sum(entry_size(e) for e in item.entries)


@dataclass
class Selection:
    kept: set[int]
    clipped: bool


async def select(items: list[Item], pinned: int | None, budget: int, fetch: FetchBatch) -> Selection:
    """Keep the pinned item, then the newest items backwards while they fit in `budget` characters."""
    order = ([pinned] if pinned is not None else []) + [i for i in reversed(range(len(items))) if i != pinned]
    kept: set[int] = set()
    clipped, left = False, budget
    for start in range(0, len(order), FETCH_CONCURRENCY):
        batch = order[start : start + FETCH_CONCURRENCY]
        await fetch([items[i] for i in batch])
        for index in batch:
            item = items[index]
            size = render(item)
            limit = budget // PINNED_SHARE if index == pinned else (left if not kept - {pinned} else None)
            if size <= left and (index != pinned or size <= budget // PINNED_SHARE):
                kept.add(index)
            elif limit is not None:  # the pinned message, or the newest one alone: shown cut rather than not at all
                size = render(item, max(limit, MIN_CLIPPED_CHARS))
                kept.add(index)
                clipped = clipped or any(e.text_truncated for e in item.entries)
            else:
                return Selection(kept, clipped)
            left -= size
            if left <= 0 and len(kept) < len(items):
                return Selection(kept, clipped)
    return Selection(kept, clipped)


def gap_marker(gap: list[Item], max_chars: int) -> Entry:
    threads = sum(1 for i in gap if i.is_thread)
    files = sum(i.files for i in gap)
    span = f"{gap[0].time} to {gap[-1].time}" if len(gap) > 1 else gap[0].time
    more = f" Call again with a larger maxChars (at most {MAX_MAX_CHARS}) to read them."
    more = "" if max_chars >= MAX_MAX_CHARS else more
    among = f", {files} attached files among them," if files else ""
    text = (
        f"[… {len(gap)} entries omitted here ({threads} threads, {len(gap) - threads} comments, {span}){among} "
        f"to keep the answer within maxChars={max_chars}.{more}]"
    )
    return Entry(type="omitted", time=gap[0].time, text=text)


def assemble(items: list[Item], kept: set[int], max_chars: int) -> list[Entry]:
    """The kept entries in time order, each run of left-out items replaced by one `omitted` marker."""
    entries: list[Entry] = []
    gap: list[Item] = []
    for index, item in enumerate(items):
        if index in kept:
            if gap:
                entries.append(gap_marker(gap, max_chars))
                gap = []
            entries.extend(item.entries)
        else:
            gap.append(item)
    if gap:
        entries.append(gap_marker(gap, max_chars))
    return entries


class FetchBatch:
    """Fetches the bodies of a batch of items, sharing one concurrency gate per answer."""

    def __init__(self, api: ThreadsAPI, ticket_id: str) -> None:
        self.api = api
        self.ticket_id = ticket_id
        self.gate = asyncio.Semaphore(FETCH_CONCURRENCY)

    async def __call__(self, items: Sequence[Item]) -> None:
        await fetch_bodies(self.api, self.ticket_id, items, self.gate)
