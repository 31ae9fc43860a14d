"""Checks on ticket bodies shared by create and update, so both reject the same values the same way.

Every check only records field errors on the `BodyCheck`; nothing is written here. The caller raises them
all at once (`check.done()`) and writes only when the whole request is valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from .. import custom_fields, records
from ..store import OrgData, Record
from ..validation import BodyCheck

SUBJECT_MAX = 255  # Zoho's HTML docs; the OAS says 1000, so the sandbox keeps the stricter bound
MAX_UPLOADS = 10  # Zoho states no number; a cap so a client learns there is one
MAX_SECONDARY_CONTACTS = 20
SHARE_TYPES = ("READ_ONLY", "READ_WRITE", "RESTRICTED_ACCESS")
STRING_LIMITS = {
    "email": 150, "phone": 120, "description": 65_535, "category": 300, "subCategory": 300,
    "resolution": 65_535, "webUrl": 1_000,
}
CHOICES: dict[str, Collection[str]] = {
    "status": records.STATUS_TYPES, "priority": records.PRIORITIES, "language": records.LANGUAGES,
    "channel": records.CHANNELS, "classification": records.CLASSIFICATIONS,
}
UPDATE_KEYS = (
    "subject", "departmentId", "contactId", *STRING_LIMITS, *CHOICES, "dueDate", "responseDueDate",
    "assigneeId", "teamId", "productId", "accountId", "layoutId", "cf", "customFields", "uploads",
    "secondaryContacts", "entitySkills", "sharedDepartments",
)
CREATE_KEYS = (*UPDATE_KEYS, "contact")
CONTACT_KEYS = ("lastName", "firstName", "email", "phone", "mobile")
NOT_NULL_ON_UPDATE = ("status", "channel", "language")
EMPTY_MEANS_NULL = ("assigneeId", "teamId", "productId", "accountId", "layoutId", "classification")
LINKED = ("assigneeId", "teamId", "productId", "sharedDepartments")
EMAIL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_+\-.'&~]*@([A-Za-z0-9]+([-_]*[A-Za-z0-9])*\.)+[A-Za-z]{2,22}$")


def normalised(body: Any) -> Any:
    """Zoho takes `""` for an empty ID or classification (its own example sends `"productId": ""`)."""
    if not isinstance(body, dict):
        return body
    return {k: None if k in EMPTY_MEANS_NULL and v == "" else v for k, v in body.items()}


def email(check: BodyCheck, name: str, max_len: int) -> str | None:
    value = check.string(name, max_len=max_len)
    if value is not None and not EMAIL.match(value):
        check.fail(name, "invalid", f"'{name}' is not a valid e-mail address.")
        return None
    return value


def read_fields(check: BodyCheck, org: OrgData, *, creating: bool) -> dict[str, Any]:
    """The validated value of every field the body carries (None = cleared); required ones when creating."""
    body = check.body
    values: dict[str, Any] = {}
    if creating or "subject" in body:
        values["subject"] = check.string("subject", required=True, max_len=SUBJECT_MAX)
    if creating or "departmentId" in body:
        values["departmentId"] = check.reference(
            "departmentId", lambda i: enabled_department(org, i), required=True
        )
    if "contactId" in body:
        values["contactId"] = check.reference(
            "contactId", lambda i: live_contact(org, i), required=not creating
        )
    for name, limit in STRING_LIMITS.items():
        if name in body:
            values[name] = email(check, name, limit) if name == "email" else check.string(name, max_len=limit)
    for name, allowed in CHOICES.items():
        if name in body:
            values[name] = check.choice(name, allowed)
            if body[name] is None and not creating and name in NOT_NULL_ON_UPDATE:
                check.fail(name, "invalid", f"'{name}' cannot be null.")
    for name in ("dueDate", "responseDueDate"):
        if name in body:
            values[name] = check.timestamp(name)
    values.update(custom_fields.read(check, org))  # checked against the declared fields, when there are any
    values.update(read_references(check, org))
    return values


def read_references(check: BodyCheck, org: OrgData) -> dict[str, Any]:
    body = check.body
    values: dict[str, Any] = {}
    lookups: dict[str, Callable[[str], bool]] = {
        "assigneeId": lambda i: working_agent(org, i),
        "teamId": org.teams.__contains__,
        "productId": org.products.__contains__,
        "accountId": org.accounts.__contains__,
        "layoutId": lambda _: False,  # nor custom layouts
    }
    for name, exists in lookups.items():
        if name in body:
            values[name] = check.reference(name, exists)
    if "secondaryContacts" in body:
        values["secondaryContacts"] = check.references(
            "secondaryContacts", lambda i: live_contact(org, i), max_items=MAX_SECONDARY_CONTACTS
        ) or []
    if "entitySkills" in body:
        values["entitySkills"] = check.references("entitySkills", lambda _: False) or []  # no skills either
    if "uploads" in body:
        values["uploads"] = read_uploads(check, org)
    if "sharedDepartments" in body:
        values["sharedDepartments"] = read_shares(check, org)
    return values


def read_uploads(check: BodyCheck, org: OrgData) -> list[str]:
    """Upload IDs from `POST /uploads`; each can be used once, so a repeated or spent ID is invalid."""
    ids = check.references("uploads", org.uploads.__contains__, max_items=MAX_UPLOADS) or []
    if len(set(ids)) != len(ids):
        check.fail("uploads", "duplicate", "'uploads' names the same upload more than once.")
        return []
    return ids


def read_shares(check: BodyCheck, org: OrgData) -> list[Record]:
    """`sharedDepartments`: `[{id, type}]`, other departments that may see the ticket."""
    value = check.body.get("sharedDepartments")
    if value is None:
        return []
    shares: list[Record] = []
    for item in value if isinstance(value, list) else [None]:
        if (
            not isinstance(item, dict)
            or set(item) - {"id", "type"}
            or str(item.get("id")) not in org.departments
            or item.get("type", "READ_ONLY") not in SHARE_TYPES
        ):
            check.fail("sharedDepartments", "invalid", "Each entry needs a department 'id' and a 'type' of "
                       f"{', '.join(SHARE_TYPES)}.")
            return []
        shares.append({"id": str(item["id"]), "type": item.get("type", "READ_ONLY")})
    return shares


def check_links(check: BodyCheck, org: OrgData, values: dict[str, Any], fields: Iterable[str]) -> None:
    """Assignee, team, product and shares must fit the ticket's department (given or kept)."""
    department_id = values.get("departmentId")
    if not department_id:
        return
    name = org.departments[department_id]["name"]
    for field in fields:
        value = values.get(field)
        if not value:
            continue
        if field == "assigneeId" and department_id not in org.agents[value]["associatedDepartmentIds"]:
            check.fail(field, "invalid", f"The assignee is not an agent of the department '{name}'.")
        elif field == "teamId" and org.teams[value]["departmentId"] != department_id:
            check.fail(field, "invalid", f"The team does not belong to the department '{name}'.")
        elif field == "productId" and department_id not in (
            org.products[value]["departmentIds"] or [department_id]
        ):
            check.fail(field, "invalid", f"The product is not associated with the department '{name}'.")
        elif field == "sharedDepartments" and any(s["id"] == department_id for s in value):
            check.fail(field, "invalid", "A ticket cannot be shared with its own department.")


def enabled_department(org: OrgData, department_id: str) -> bool:
    department = org.departments.get(department_id)
    return department is not None and bool(department.get("isEnabled", True))


def live_contact(org: OrgData, contact_id: str) -> bool:
    contact = org.contacts.get(contact_id)
    return contact is not None and not contact.get("isTrashed")


def working_agent(org: OrgData, agent_id: str) -> bool:
    """Only active, non-light agents can own tickets (light agents only view them)."""
    agent = org.agents.get(agent_id)
    return agent is not None and agent.get("status") == "ACTIVE" and not agent.get("isLightAgent")


def contact_check(check: BodyCheck) -> BodyCheck | None:
    """The inline `contact` object's check, made early: its unknown keys are rejected before any value."""
    value = check.body.get("contact")
    if value is None:
        return None
    if not isinstance(value, dict):
        check.fail("contact", "invalid", "'contact' must be an object.")
        return None
    return BodyCheck(value, CONTACT_KEYS, prefix="/contact")


def read_contact(check: BodyCheck, sub: BodyCheck | None, org: OrgData) -> Record | None:
    """The fields of a contact to create for the ticket; None when `contactId` or a known e-mail names one."""
    if sub is None:
        if check.body.get("contactId") is None and check.body.get("contact") is None:
            check.fail("contactId", "missing", "Either 'contactId' or a 'contact' object is required.")
        return None
    fields = {
        "lastName": sub.string("lastName", max_len=200),
        "firstName": sub.string("firstName", max_len=200),
        "email": email(sub, "email", 255),
        "phone": sub.string("phone", max_len=120),
        "mobile": sub.string("mobile", max_len=120),
    }
    if not sub.errors and not fields["lastName"] and not fields["email"]:
        sub.fail("lastName", "missing", "The contact needs a 'lastName' or an 'email'.")
    check.errors.extend(sub.errors)
    if sub.errors or check.body.get("contactId") is not None:
        return None
    if fields["email"] and org.contact_by_email(fields["email"]) is not None:
        return None
    fields["lastName"] = fields["lastName"] or str(fields["email"]).split("@")[0]
    return fields


def inline_contact_id(org: OrgData, body: dict[str, Any]) -> str | None:
    """The existing contact an inline `contact` e-mail points at (reused instead of creating a twin)."""
    contact = body.get("contact")
    if not isinstance(contact, dict) or not isinstance(contact.get("email"), str):
        return None
    found = org.contact_by_email(contact["email"])
    return None if found is None else str(found["id"])
