"""Zoho's system ticket views, which every organization has in any data set, and the filter each stands for.

View IDs are derived from the organization's ID (not drawn from the store's counter), so adding views moves
no other record's ID. Spam and trashed tickets are in no view.
"""

from __future__ import annotations

from collections.abc import Callable

from .store import OrgData, Record, parse_iso

ViewFilter = Callable[[Record, float], bool]
VIEW_ID_BASE = 1_894_000_000_000_000


def _open(ticket: Record, now: float) -> bool:
    return ticket.get("statusType") == "Open"


def overdue(ticket: Record, now: float) -> bool:
    due = ticket.get("dueDate")
    return due is not None and ticket.get("statusType") != "Closed" and parse_iso(due) < now


SYSTEM_VIEWS: tuple[tuple[str, ViewFilter], ...] = (
    ("All Tickets", lambda t, now: True),
    ("Open Tickets", _open),
    ("Unassigned Open Tickets", lambda t, now: _open(t, now) and not t.get("assigneeId")),
    ("Overdue Tickets", overdue),
    ("Closed Tickets", lambda t, now: t.get("statusType") == "Closed"),
)


def view_id(org: OrgData, position: int) -> str:
    return str(VIEW_ID_BASE + int(org.id) % 100_000 * 1_000 + position)


def views(org: OrgData) -> list[Record]:
    """The organization's ticket views as `GET /views?module=tickets` lists them (CustomView.json)."""
    return [
        {"id": view_id(org, i), "name": name, "viewName": name, "isCustomView": False}
        for i, (name, _) in enumerate(SYSTEM_VIEWS, start=1)
    ]


def view_filter(org: OrgData, wanted: str) -> ViewFilter | None:
    """The filter of the view with this ID (None when the organization has no such view)."""
    for i, (_, test) in enumerate(SYSTEM_VIEWS, start=1):
        if view_id(org, i) == wanted:
            return test
    return None


def listed(ticket: Record) -> bool:
    """In the default lists, views and counts: not in the trash and not marked as spam."""
    return not ticket.get("isTrashed") and not ticket.get("isSpam")
