"""Ticket arguments turned into Zoho's fields: names, e-mails and IDs to IDs, values checked before any write.

Dropdown values (status, priority, channel, classification) are checked against Zoho's defaults
(fact sheet §6.1) case-insensitively, so a bad value fails before anything is sent and the error lists
what is allowed; the canonical spelling is what Zoho receives.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...client import Choice, ResolutionError
from ...client.matching import normalized, pick, pick_choice
from ..kit.args import MultiValue, values, zoho_datetime
from ..kit.context import DeskServices
from ..kit.errors import InputError
from ..kit.output import Person
from ..kit.vocabulary import CHECKED_VALUES, TICKET_VALUES

CHOICES: dict[str, tuple[str, ...]] = {name: TICKET_VALUES[name] for name in CHECKED_VALUES}
INCLUDES = ("contacts", "products", "assignee", "departments", "team")
CUSTOM_FIELD = re.compile(r"^cf_[A-Za-z0-9_]{1,100}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ME_NOTE = "No contact given: raised for the authenticated agent's contact {email} (found, or created, by e-mail)."


def allowed(value: str, options: Collection[str], field_name: str) -> str:
    """The canonical spelling of a dropdown value, or an InputError listing the allowed ones."""
    for option in options:
        if normalized(option) == normalized(value):
            return option
    raise InputError(f"{field_name} {value[:60]!r} is not allowed; use one of: {', '.join(options)}")


def allowed_list(value: MultiValue, options: Collection[str], field_name: str) -> list[str]:
    return [allowed(v, options, field_name) for v in values(value)]


def is_email(value: str) -> bool:
    return bool(EMAIL.match(value.strip()))


def custom_field_key(name: str) -> str:
    """A custom field's API name: `cf_order_id` as given; a label like `Order ID` becomes `cf_order_id`."""
    key = name.strip()
    if CUSTOM_FIELD.match(key):
        return key
    slug = re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")
    if not slug:
        raise InputError(f"customFields key {name[:60]!r} is not a field name; use the API name like cf_order_id")
    return f"cf_{slug}"


def named(choices: list[Choice], choice_id: str | None) -> Choice | None:
    return next((c for c in choices if c.id == choice_id), None) if choice_id else None


@dataclass
class ContactPlan:
    """How the ticket names its contact: an existing contact's ID, or Zoho's inline object that creates one."""

    fields: dict[str, Any]
    shown: Person
    note: str | None = None


def by_email(email: str, name: str | None = None) -> ContactPlan:
    """Zoho's inline `contact` object: it reuses the contact with this e-mail, or creates it (no lookup call)."""
    first, _, last = (name or "").strip().rpartition(" ")
    inline = {"email": email.strip(), "lastName": last or email.split("@")[0], "firstName": first or None}
    shown = Person(name=" ".join(p for p in (first, last) if p) or None, email=email.strip())
    return ContactPlan({"contact": {k: v for k, v in inline.items() if v}}, shown)


def named_plan(email: str, name: str | None) -> ContactPlan:
    """A contact by e-mail; without a name, say that a new one would be named from the e-mail."""
    plan = by_email(email, name)
    if not name:
        local = email.strip().split("@")[0]
        plan.note = (
            f"If no contact had {email.strip()}, Zoho created one named {local!r} from the e-mail; pass contactName "
            "to give a new contact its real name."
        )
    return plan


async def contact_plan(
    svc: DeskServices, org_id: str, contact: str | None, contact_email: str | None, name: str | None = None
) -> ContactPlan:
    """`contact` (name, e-mail or ID) and/or `contactEmail`; neither means the agent's own contact. `name` is
    the full name of a contact created from a new e-mail (Zoho reuses an existing contact with that e-mail)."""
    contact = (contact or "").strip() or None
    name = (name or "").strip() or None
    if contact_email is not None:
        if not is_email(contact_email):
            raise InputError(f"contactEmail {contact_email[:60]!r} is not an e-mail address")
        if contact is not None and (is_email(contact) or contact.isdigit()):
            if normalized(contact) != normalized(contact_email):
                raise InputError("contact and contactEmail name different contacts; give one of them")
            contact = None
        return named_plan(contact_email, name or contact)
    if contact is None:
        me = await svc.resolver.me(org_id)
        if not me.email:
            raise InputError("No contact given, and the authenticated agent has no e-mail: pass contact")
        plan = by_email(me.email, me.name)
        plan.note = ME_NOTE.format(email=me.email)
        return plan
    if is_email(contact):
        return named_plan(contact, name)
    contact_id = await svc.resolver.contact(org_id, contact)
    return ContactPlan({"contactId": contact_id}, Person(id=contact_id, name=None if contact.isdigit() else contact))


async def team_of(svc: DeskServices, org_id: str, department_id: str, team: str) -> Choice:
    """A team of the ticket's department, by name or ID; one of another department says whose it is."""
    teams = await svc.resolver.choices("teams", org_id)
    own = [t for t in teams if t.record.get("departmentId") in (None, department_id)]
    try:
        return pick_choice("team", team, own)
    except ResolutionError as error:
        elsewhere = pick_or_none(team, teams)
        if error.ambiguous or elsewhere is None:
            raise
        departments = {c.id: c.name for c in await svc.resolver.choices("departments", org_id)}
        found = next(t for t in teams if t.id == elsewhere)
        theirs = departments.get(str(found.record.get("departmentId")), "another department")
        mine = departments.get(department_id, department_id)
        listed = ", ".join(t.name for t in own) or "none"
        raise InputError(
            f"team {found.name!r} belongs to {theirs}, not to the ticket's department {mine}; teams of {mine}: {listed}"
        ) from None


def pick_or_none(value: str, choices: list[Choice]) -> str | None:
    try:
        return pick("value", value, choices)
    except ResolutionError:
        return None


@dataclass
class Resolved:
    """The Zoho fields of a new ticket, and what we learnt resolving them (for the answer)."""

    fields: dict[str, Any] = field(default_factory=dict)
    assignee: Choice | None = None
    team: Choice | None = None
    product: Choice | None = None


async def linked_fields(svc: DeskServices, org_id: str, department_id: str, args: Mapping[str, Any]) -> Resolved:
    """assignee, team, product and secondary contacts by name, e-mail or ID."""
    out = Resolved()
    resolver = svc.resolver
    if args.get("assignee"):
        out.assignee = await resolver.agent_choice(org_id, args["assignee"])
        out.fields["assigneeId"] = out.assignee.id
    if args.get("team"):
        out.team = await team_of(svc, org_id, department_id, args["team"])
        out.fields["teamId"] = out.team.id
    if args.get("product"):
        out.product = await resolver.product_choice(org_id, args["product"])
        out.fields["productId"] = out.product.id
    secondary = values(args.get("secondaryContacts"))
    if secondary:
        out.fields["secondaryContacts"] = [await resolver.contact(org_id, c) for c in secondary]
    return out


def plain_fields(args: Mapping[str, Any]) -> dict[str, Any]:
    """The fields sent as given (after checks): dropdowns, texts, the due date, uploads and custom fields."""
    fields: dict[str, Any] = {}
    for name, options in CHOICES.items():
        if args.get(name):
            fields[name] = allowed(args[name], options, name)
    for name in ("phone", "description", "category", "subCategory", "resolution", "language", "webUrl"):
        if args.get(name) is not None and str(args[name]).strip():
            fields[name] = args[name]
    if args.get("dueDate"):
        fields["dueDate"] = zoho_datetime(args["dueDate"], "dueDate", end_of_day=True)
    uploads = values(args.get("uploads"))
    if uploads:
        fields["uploads"] = uploads
    custom = args.get("customFields") or {}
    if custom:
        fields["cf"] = {custom_field_key(k): "" if v is None else str(v) for k, v in custom.items()}
    return fields
