"""Ticket depth in a data file: attachment bytes, `tags` on tickets, and the history every loaded ticket has.

Runs after every organization's records exist, so the tag IDs it makes come after all others and a data set
without tags keeps the IDs it always had. Data-file keys (per ticket, all optional):
`tags` (["name", ...]); on an entry of `attachments` or of a thread's `attachments`: `content` (text) or
`base64` (bytes), and `contentType`; the stated `size` then follows the bytes.
"""

from __future__ import annotations

from typing import Any

from . import files, history, tagging
from .store import OrgData, Store


class DepthDataError(ValueError):
    """A bad tag or attachment entry; the message names it."""


def load(store: Store, org: OrgData, entry: Any, where: str) -> None:
    items = entry.get("tickets") or [] if isinstance(entry, dict) else []
    tickets = list(org.tickets.values())
    for i, (item, ticket) in enumerate(zip(items, tickets, strict=False)):
        at = f"{where}.tickets[{i}]"
        try:
            load_files(org, ticket["id"], item, at)
        except ValueError as error:
            raise DepthDataError(str(error)) from None
    history.backfill(org)
    for i, (item, ticket) in enumerate(zip(items, tickets, strict=False)):
        load_tags(store, org, ticket, item, f"{where}.tickets[{i}]")


def load_files(org: OrgData, ticket_id: str, item: Any, where: str) -> None:
    if not isinstance(item, dict):
        return
    stored = org.attachments.get(ticket_id, [])
    for k, (record, raw) in enumerate(zip(stored, item.get("attachments") or [], strict=False)):
        files.from_data(org, record, raw, f"{where}.attachments[{k}]")
    threads = org.threads.get(ticket_id, [])
    for t, (thread, raw_thread) in enumerate(zip(threads, item.get("threads") or [], strict=False)):
        raw_files = raw_thread.get("attachments") or [] if isinstance(raw_thread, dict) else []
        for k, (record, raw) in enumerate(zip(thread.get("attachments") or [], raw_files, strict=False)):
            files.from_data(org, record, raw, f"{where}.threads[{t}].attachments[{k}]")


def load_tags(store: Store, org: OrgData, ticket: dict[str, Any], item: Any, where: str) -> None:
    names = item.get("tags") if isinstance(item, dict) else None
    if names is None:
        return
    problem = tagging.bad_names(names)
    if problem:
        raise DepthDataError(f"{where}.tags: {problem}")
    _, added = tagging.associate(store, org, ticket, list(names), ticket["createdTime"])
    admin = next(iter(org.agents.values()))
    history.tags_changed(org, ticket["id"], added, history.actor(admin), ticket["createdTime"], added=True)
