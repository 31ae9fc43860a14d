"""E-mail templates (EmailTemplates.json): list a department's templates, view one, render one for a ticket.

Rendering fills Zoho's placeholders `${Cases.<field label>}`, `${Contacts.<field label>}` and
`${Organization.Organization Name}` from the ticket, its contact and the organization; a placeholder with no
value becomes empty text, as in a Zoho reply editor. The list answers a bare JSON array (the OAS's
`templateListResponse`), paged by a 1-based `from` and a `limit` of 1-50.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from ..errors import invalid_query_param, url_not_found
from ..routing import Call, Endpoint, Param, int_range, one_of, record_id, scopes, text
from ..store import OrgData, Record
from ..validation import BodyCheck

READ = scopes("Desk.settings.READ")
MODULES = ("tickets", "tasks", "contacts", "accounts", "products", "solutions", "calls", "events")
SOURCES = ("TICKET_REPLY", "SLA", "AUTOMATION_ALERTS", "NOTIFICATIONS")
DEFAULT_LIMIT = 50
PLACEHOLDER = re.compile(r"\$\{(Cases|Contacts|Organization)\.([^}]+)\}")

Getter = Callable[[Record], Any]
CASE_FIELDS: dict[str, Getter] = {
    "subject": lambda t: t.get("subject"),
    "request id": lambda t: t.get("ticketNumber"),
    "ticket id": lambda t: t.get("ticketNumber"),
    "status": lambda t: t.get("status"),
    "priority": lambda t: t.get("priority"),
    "channel": lambda t: t.get("channel"),
    "classification": lambda t: t.get("classification"),
    "category": lambda t: t.get("category"),
    "sub category": lambda t: t.get("subCategory"),
    "description": lambda t: t.get("description"),
    "due date": lambda t: t.get("dueDate"),
    "email": lambda t: t.get("email"),
    "phone": lambda t: t.get("phone"),
    "resolution": lambda t: t.get("resolution"),
    "language": lambda t: t.get("language"),
    "created time": lambda t: t.get("createdTime"),
}
CONTACT_FIELDS: dict[str, Getter] = {
    "first name": lambda c: c.get("firstName"),
    "last name": lambda c: c.get("lastName"),
    "contact name": lambda c: full_name(c),
    "full name": lambda c: full_name(c),
    "email": lambda c: c.get("email"),
    "secondary email": lambda c: c.get("secondaryEmail"),
    "phone": lambda c: c.get("phone"),
    "mobile": lambda c: c.get("mobile"),
    "title": lambda c: c.get("title"),
}


def full_name(person: Record) -> str:
    return " ".join(str(p) for p in (person.get("firstName"), person.get("lastName")) if p)


def served(template: Record, *, with_attachments: bool = False) -> Record:
    row = dict(template, folder=dict(template["folder"]))
    if with_attachments:
        row["attachments"] = []
    return row


def name_matches(pattern: str | None, name: str) -> bool:
    """`searchStr`: `abc*` starts with, `*abc*` contains, `abc` exact; case is ignored."""
    if not pattern:
        return True
    wanted, name = pattern.lower(), name.lower()
    if len(wanted) > 1 and wanted.startswith("*") and wanted.endswith("*"):
        return wanted.strip("*") in name
    if wanted.endswith("*"):
        return name.startswith(wanted.rstrip("*"))
    return name == wanted


def list_templates(call: Call) -> list[Record]:
    department_id = call.query["departmentId"]
    if department_id not in call.org.departments:
        raise invalid_query_param("departmentId")
    rows = [
        t
        for t in call.org.templates.values()
        if t["departmentId"] == department_id
        and t["recordType"] == call.query["module"]
        and name_matches(call.query.get("searchStr"), t["templateName"])
        and call.query.get("folderId") in (None, t["folderId"])
    ]
    start = int(call.query.get("from", 1)) - 1
    limit = int(call.query.get("limit", DEFAULT_LIMIT))
    return [served(t) for t in rows[start : start + limit]]


def template_of(call: Call) -> Record:
    template = call.org.templates.get(call.path["emailTemplateId"])
    if template is None:
        raise url_not_found()
    return template


def get_template(call: Call) -> Record:
    return served(template_of(call), with_attachments=True)


def case_value(org: OrgData, ticket: Record, label: str) -> Any:
    key = label.strip().lower()
    if key == "contact name":
        contact = org.contacts.get(str(ticket.get("contactId")))
        return full_name(contact) if contact else None
    if key in ("department", "department name"):
        department = org.departments.get(str(ticket.get("departmentId")))
        return department["name"] if department else None
    if key in ("ticket owner", "assignee"):
        agent = org.agents.get(str(ticket.get("assigneeId")))
        return agent["name"] if agent else None
    getter = CASE_FIELDS.get(key)
    return getter(ticket) if getter else None


def render_text(source: str, org: OrgData, ticket: Record, *, as_html: bool) -> str:
    contact = org.contacts.get(str(ticket.get("contactId"))) or {}

    def value(match: re.Match[str]) -> str:
        module, label = match.group(1), match.group(2)
        if module == "Cases":
            found = case_value(org, ticket, label)
        elif module == "Contacts":
            getter = CONTACT_FIELDS.get(label.strip().lower())
            found = getter(contact) if getter else None
        else:
            found = org.org.get("companyName") if label.strip().lower() == "organization name" else None
        text_value = "" if found is None else str(found)
        return html.escape(text_value, quote=False) if as_html else text_value

    return PLACEHOLDER.sub(value, source)


def render_template(call: Call) -> Record:
    template = template_of(call)
    ticket = call.org.tickets.get(call.query["entityId"])
    if ticket is None or ticket.get("isTrashed"):
        raise invalid_query_param("entityId")
    if call.body is not None:  # the body is optional: {"source": "TICKET_REPLY"}
        check = BodyCheck(call.body, ("source",))
        check.choice("source", SOURCES)
        check.done()
    as_html = template["contentType"] == "richtext"
    return {
        "subject": render_text(template["subject"] or "", call.org, ticket, as_html=False),
        "body": render_text(template["body"] or "", call.org, ticket, as_html=as_html),
        "attachments": [],
    }


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/templates",
        list_templates,
        READ,
        query={
            "departmentId": Param(record_id, required=True),
            "module": Param(one_of(*MODULES), required=True),
            "searchStr": Param(text(1, 100)),
            "from": Param(int_range(1, 10_000_000)),
            "limit": Param(int_range(1, 50)),
            "folderId": Param(record_id),
        },
        weight="list",
    ),
    Endpoint("GET", "/api/v1/templates/{emailTemplateId}", get_template, READ),
    Endpoint(
        "POST",
        "/api/v1/templates/{emailTemplateId}/render",
        render_template,
        READ,
        query={"entityId": Param(record_id, required=True)},
        body="optional-json",
    ),
]
