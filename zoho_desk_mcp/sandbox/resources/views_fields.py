"""`GET /views` (CustomView.json) and `GET /organizationFields` (Field.json): a portal's views and fields.

Views are Zoho's system ticket views (views.py); fields are the Tickets module's system fields followed by
the organization's custom fields (custom_fields.py). Other modules answer an empty list.
"""

from __future__ import annotations

from typing import Any

from .. import records, views
from ..custom_fields import FIELD_ID_BASE
from ..errors import invalid_query_param
from ..routing import Call, Endpoint, Param, one_of, record_id, scopes
from ..store import OrgData, Record

VIEW_MODULES = ("tickets", "contacts", "events", "activities", "tasks", "contracts", "accounts", "calls")
FIELD_MODULES = ("tickets", "contacts", "accounts", "tasks", "calls", "events", "contracts", "products")
SYSTEM_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (  # apiName, label, type, allowed values
    ("subject", "Subject", "Text", ()),
    ("status", "Status", "Picklist", tuple(records.STATUS_TYPES)),
    ("priority", "Priority", "Picklist", ("-None-", *records.PRIORITIES)),
    ("channel", "Channel", "Picklist", records.CHANNELS),
    ("classification", "Classification", "Picklist", ("-None-", *records.CLASSIFICATIONS)),
    ("language", "Language", "Picklist", records.LANGUAGES),
    ("dueDate", "Due Date", "DateTime", ()),
    ("email", "Email", "Email", ()),
    ("phone", "Phone", "Phone", ()),
    ("description", "Description", "Textarea", ()),
)


def check_department(org: OrgData, query: dict[str, Any]) -> None:
    if "departmentId" in query and query["departmentId"] not in org.departments:
        raise invalid_query_param("departmentId")


def list_views(call: Call) -> dict[str, Any]:
    check_department(call.org, call.query)
    return {"data": views.views(call.org) if call.query["module"] == "tickets" else []}


def system_field(org: OrgData, position: int, spec: tuple[str, str, str, tuple[str, ...]]) -> Record:
    api_name, label, kind, allowed = spec
    field: Record = {
        "id": str(FIELD_ID_BASE + int(org.id) % 100_000 * 1_000 + 500 + position),
        "apiName": api_name,
        "name": api_name,
        "displayLabel": label,
        "i18NLabel": label,
        "type": kind,
        "isCustomField": False,
        "isMandatory": api_name in ("subject",),
        "isEncryptedField": False,
        "isTrackLastActivityTime": False,
        "showToHelpCenter": True,
        "maxLength": 255 if kind != "Textarea" else 65_535,
    }
    if allowed:
        field["allowedValues"] = list(allowed)
    return field


def organization_fields(call: Call) -> dict[str, Any]:
    org = call.org
    check_department(org, call.query)
    if call.query["module"] != "tickets":
        return {"data": []}
    system = [system_field(org, i, spec) for i, spec in enumerate(SYSTEM_FIELDS, start=1)]
    return {"data": system + [dict(field) for field in org.custom_fields]}


ENDPOINTS = [
    Endpoint(
        "GET", "/api/v1/views", list_views, scopes(("Desk.settings.READ", "Desk.basic.READ")),
        query={"module": Param(one_of(*VIEW_MODULES), True), "departmentId": Param(record_id)},
    ),
    Endpoint(
        "GET", "/api/v1/organizationFields", organization_fields, scopes("Desk.settings.READ"),
        query={"module": Param(one_of(*FIELD_MODULES), True), "departmentId": Param(record_id)},
    ),
]
