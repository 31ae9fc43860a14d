"""What update_ticket changes: the ticket's current values against the requested ones, shown with names.

Both sides are compared in Zoho's terms (IDs, canonical dropdown spellings, instants), so an update that asks
for what the ticket already has sends nothing; the answer shows departments, agents, teams, products and
contacts by name next to their IDs. Zoho's rule on linked records (the assignee is an agent of the ticket's
department; its team and product belong to it) is checked here before any write.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from ...client import Choice, Ticket
from ...client.tickets import LinkedRecord, TicketPerson
from ..kit.context import DeskServices
from ..kit.output import Slim
from ..kit.text import fence_clipped, html_to_text, neutralise
from .models import person_name, subject_text

SHOWN_DESCRIPTION = 1_000  # characters of a description shown before and after a change
MAX_LISTED = 20
LABELS = {
    "departmentId": "department",
    "assigneeId": "assignee",
    "teamId": "team",
    "productId": "product",
    "contactId": "contact",
}
REF_KEYS = tuple(LABELS)
LINK_KINDS = {"assigneeId": "agents", "teamId": "teams", "productId": "products"}
CUSTOM = "cf:"  # desired-value keys of custom fields: cf:cf_order_id
RULE = (
    "Zoho requires a ticket's assignee to be an agent of the ticket's department, and its team and product to "
    "belong to that department."
)
UNTRUSTED = "customer-written: subject, description, contact names"


class Named(Slim):
    """A linked record: its ID and, where known, its name and e-mail."""

    id: str
    name: str | None = None
    email: str | None = None


Value = Named | list[Named] | int | str


class Change(Slim):
    field: str = Field(description="The argument name (customFields.cf_x for a custom field)")
    before: Value | None = Field(default=None, description="The value before the update (null: it was empty)")
    after: Value | None = Field(default=None, description="The value after the update (null: now empty)")

    @model_serializer(mode="wrap")
    def _explicit_empty(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A cleared field reads `"after": null`: here an empty side is news, not noise."""
        data: dict[str, Any] = handler(self)
        return {"field": data.get("field"), "before": data.get("before"), "after": data.get("after")}


class UpdatedTicket(Slim):
    ticket_id: str
    ticket_number: str | None = None
    changes: list[Change] = Field(default_factory=list, description="What changed (absent: nothing)")
    unchanged: list[str] = Field(default_factory=list, description="Fields given that already had that value")
    note: str | None = None
    untrusted: str | None = None


def label(key: str) -> str:
    return f"customFields.{key[len(CUSTOM) :]}" if key.startswith(CUSTOM) else LABELS.get(key, key)


def included(nested: LinkedRecord | TicketPerson | None) -> Named | None:
    """A record Zoho nested in the ticket with `include`, as a Named."""
    if nested is None or not nested.id:
        return None
    if isinstance(nested, TicketPerson):
        name = neutralise(person_name(nested) or "") or None
        return Named(id=nested.id, name=name, email=nested.email)
    return Named(id=nested.id, name=nested.name or (nested.model_extra or {}).get("productName"))


def known_names(ticket: Ticket) -> dict[str, Named]:
    """ID → Named for the records the ticket's includes named (department, team, product, assignee, contact)."""
    found = (included(n) for n in (ticket.department, ticket.team, ticket.product, ticket.assignee, ticket.contact))
    return {n.id: n for n in found if n is not None}


def from_choice(choice: Choice | None) -> dict[str, Named]:
    return {choice.id: Named(id=choice.id, name=choice.name, email=choice.email)} if choice else {}


def current(ticket: Ticket, key: str) -> Any:
    """The ticket's value for a desired-value key (None when empty)."""
    if key.startswith(CUSTOM):
        return (ticket.cf or {}).get(key[len(CUSTOM) :])
    return ticket.raw().get(key)


def instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def same(key: str, old: Any, new: Any) -> bool:
    """Whether the ticket already holds `new`; empty values ("" / [] / None) are all alike."""
    if old in (None, "", []) or new in (None, "", []):
        return old in (None, "", []) and new in (None, "", [])
    if key == "dueDate" and instant(old) is not None:
        return instant(old) == instant(new)
    if key == "description":
        return html_to_text(str(old)) == html_to_text(str(new))
    if key == "secondaryContacts":
        return {str(i) for i in old} == {str(i) for i in new}
    return str(old) == str(new)


def shown(key: str, value: Any, names: dict[str, Named]) -> Value | None:
    """A value as the answer shows it: linked records with their names, customer text neutralised or fenced."""
    if value in (None, "", []):
        return None
    if key in REF_KEYS:
        return names.get(str(value)) or Named(id=str(value))
    if key == "secondaryContacts":
        return [names.get(str(i)) or Named(id=str(i)) for i in value]
    if key == "subject":
        return subject_text(str(value))
    if key == "description":
        return fence_clipped(str(value), SHOWN_DESCRIPTION, is_html=True)[0]  # cut inside the fence
    if isinstance(value, int):
        return value
    return neutralise(str(value))


def diff(ticket: Ticket, desired: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The desired values that differ from the ticket's, and the labels of those it already has."""
    changed = {k: v for k, v in desired.items() if not same(k, current(ticket, k), v)}
    return changed, [label(k) for k in desired if k not in changed]


def patch_body(changed: dict[str, Any]) -> dict[str, Any]:
    """Zoho's PATCH body: custom fields gathered under `cf`, everything else by its own name."""
    body: dict[str, Any] = {}
    for key, value in changed.items():
        if key.startswith(CUSTOM):
            body.setdefault("cf", {})[key[len(CUSTOM) :]] = value
        else:
            body[key] = value
    return body


def changes(before: Ticket, after: Ticket, changed: dict[str, Any], names: dict[str, Named]) -> list[Change]:
    """Each changed field before and after; "after" is what Zoho answered, or what was sent if it said nothing."""
    rows = []
    for key, sent in changed.items():
        answered = current(after, key)
        value = sent if answered is None and key not in REF_KEYS else answered
        rows.append(
            Change(field=label(key), before=shown(key, current(before, key), names), after=shown(key, value, names))
        )
    return rows


def fits(key: str, record: Any, department_id: str) -> bool:
    """Whether a linked record may go with a ticket of this department (unknown: let Zoho decide)."""
    if key == "assigneeId":
        ids = record.get("associatedDepartmentIds")
        return ids is None or department_id in ids
    if key == "teamId":
        return record.get("departmentId") in (None, department_id)
    ids = record.get("departmentIds")
    return not ids or department_id in ids


def can_own(choice: Choice) -> bool:
    """Only active agents with a full licence own tickets (light agents only view them)."""
    return choice.record.get("status", "ACTIVE") == "ACTIVE" and not choice.record.get("isLightAgent")


def alternatives(key: str, choices: list[Choice], department_id: str) -> str:
    """The records of that kind that fit the department, and how to clear the field instead."""
    ok = [c for c in choices if fits(key, c.record, department_id) and (key != "assigneeId" or can_own(c))]
    clear = '"Unassigned"' if key == "assigneeId" else '"none"'
    listed = ", ".join(c.label() for c in ok[:MAX_LISTED]) + (", …" if len(ok) > MAX_LISTED else "")
    return f"pass {LABELS[key]} as one of: {listed}, or {clear}" if ok else f"pass {LABELS[key]} {clear}"


async def link_conflicts(
    svc: DeskServices, org_id: str, before: Ticket | None, changed: dict[str, Any]
) -> str | None:
    """Zoho's rule on linked records, checked with the resolver's cached records; the fix when it is broken.

    `before` is None for a ticket about to be created: every linked record given is checked."""
    department_id = changed.get("departmentId") or (before.department_id if before else None)
    if not department_id:
        return None
    moved = "departmentId" in changed
    departments = {c.id: c.name for c in await svc.resolver.choices("departments", org_id)}
    department = departments.get(department_id, department_id)
    problems = []
    for key, kind in LINK_KINDS.items():
        value = changed[key] if key in changed else (current(before, key) if before else None)
        if not value or not (moved or key in changed):
            continue
        choices = await svc.resolver.choices(kind, org_id)
        record = next((c for c in choices if c.id == value), None)
        if record is None:
            continue
        fix = alternatives(key, choices, department_id)
        if not fits(key, record.record, department_id):
            whose = "an agent of" if key == "assigneeId" else "part of"
            problems.append(f"the {LABELS[key]} {record.label()} is not {whose} {department} ({fix})")
        elif key == "assigneeId" and not can_own(record):
            problems.append(
                f"the assignee {record.label()} is deactivated or a light agent and cannot own tickets ({fix})"
            )
    if not problems:
        return None
    where = f"In the ticket's department {department}"
    if before is None:
        where = f"A ticket of {department}"
    elif moved:
        where = f"Moving the ticket to {department}"
    return f"{RULE} {where}: {'; '.join(problems)}. Nothing was changed."
