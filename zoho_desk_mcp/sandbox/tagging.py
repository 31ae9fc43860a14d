"""Ticket tags in the store: per-department tag records, which tickets carry which, and name checks.

A tag belongs to a department (TicketTag.json's tag lists all require `departmentId`); adding a name a
department does not know creates the tag (`tagType` MANUAL). Names follow TicketTag.json's pattern (3 to 100
letters, digits, spaces, `_ . - + %` or non-ASCII, never `null`) and are kept lower-case, as the lower-case
pattern of `GET /tags/search` suggests; matching ignores case.
"""

from __future__ import annotations

import re
from typing import Any

from .store import OrgData, Record, Store

NAME_PATTERN = re.compile(r"^(?!null$)[a-zA-Z0-9_.\-+%\s\u0080-\U0010ffff]{3,100}$", re.IGNORECASE)
MAX_TAGS_PER_REQUEST = 100  # TicketTag.json states none; this only bounds one request's work


def normal(name: str) -> str:
    return " ".join(name.split()).lower()


def bad_names(values: Any) -> str | None:
    """Why a `tags` body value is not acceptable, or None."""
    if not isinstance(values, list) or not values:
        return "'tags' must be a non-empty list of tag names."
    if len(values) > MAX_TAGS_PER_REQUEST:
        return f"'tags' holds more than {MAX_TAGS_PER_REQUEST} names."
    for value in values:
        if not isinstance(value, str) or not NAME_PATTERN.match(normal(value)):
            return (f"'tags' holds an invalid name {value!r}: 3 to 100 letters, digits, spaces or _ . - + %, "
                    "and not 'null'.")
    return None


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(normal(v) for v in values))


def find(org: OrgData, department_id: str, name: str) -> Record | None:
    wanted = normal(name)
    for tag in org.tags.values():
        if tag["_departmentId"] == department_id and tag["name"] == wanted:
            return tag
    return None


def tag_for(store: Store, org: OrgData, department_id: str, name: str, when: str) -> Record:
    tag = find(org, department_id, name)
    if tag is None:
        tag = {"id": store.new_id(), "name": normal(name), "tagType": "MANUAL", "_departmentId": department_id,
               "_createdTime": when, "_usedTime": when}
        org.tags[tag["id"]] = tag
    return tag


def associate(
    store: Store, org: OrgData, ticket: Record, names: list[str], when: str
) -> tuple[list[Record], list[str]]:
    """Tag a ticket: every named tag (created when new) and the names it did not carry before."""
    carried = org.ticket_tags.setdefault(ticket["id"], [])
    tags, added = [], []
    for name in unique(names):
        tag = tag_for(store, org, str(ticket["departmentId"]), name, when)
        tag["_usedTime"] = when
        tags.append(tag)
        if tag["id"] not in carried:
            carried.append(tag["id"])
            added.append(tag["name"])
    return tags, added


def dissociate(org: OrgData, ticket_id: str, names: list[str]) -> list[str]:
    """Untag a ticket; names it does not carry are left alone. Returns the names removed."""
    carried = org.ticket_tags.get(ticket_id, [])
    wanted = set(unique(names))
    removed = [org.tags[t]["name"] for t in carried if org.tags[t]["name"] in wanted]
    org.ticket_tags[ticket_id] = [t for t in carried if org.tags[t]["name"] not in wanted]
    return removed


def of_ticket(org: OrgData, ticket_id: str) -> list[Record]:
    return [org.tags[t] for t in org.ticket_tags.get(ticket_id, [])]


def names(org: OrgData, ticket_id: str) -> list[str]:
    return [tag["name"] for tag in of_ticket(org, ticket_id)]


def tag_json(tag: Record) -> Record:
    """TicketTag.json's `tagJson`."""
    return {"id": tag["id"], "name": tag["name"], "tagType": tag["tagType"]}


def ticket_ids(org: OrgData, tag_id: str) -> list[str]:
    """The live (not trashed) tickets carrying a tag."""
    return [
        ticket_id
        for ticket_id, tag_ids in org.ticket_tags.items()
        if tag_id in tag_ids and not org.tickets[ticket_id].get("isTrashed")
    ]


def count_json(org: OrgData, tag: Record) -> Record:
    """TicketTag.json's `getTicketTagJson`: the tag and how many tickets carry it (a string)."""
    return {**tag_json(tag), "ticketCount": str(len(ticket_ids(org, tag["id"])))}
