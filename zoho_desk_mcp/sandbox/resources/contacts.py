"""Contacts: `GET /contacts` (list), `GET /contacts/{contactId}`, `POST /contacts`; also the contact views.

Shapes follow Contact.json: list rows are the slim `listViewObject`; get-by-id and create answer the full
contact. `account` is the contact's account `{id, accountName, website}` or null. The sandbox has no custom
views or layouts, so any `viewId`, `filterId` or `layoutId` names a record that does not exist.
"""

from __future__ import annotations

import re
from typing import Any

from .. import records
from ..customer_records import account_ref
from ..errors import invalid_query_param, url_not_found
from ..routing import Call, Endpoint, Param, csv_of, one_of, page, paging, record_id, scopes, sort_field, text
from ..store import OrgData, Record
from ..validation import BodyCheck
from .search_terms import time_key
from .ticket_views import public

READ = scopes("Desk.contacts.READ")
CREATE = scopes("Desk.contacts.CREATE")
LIST_ROW_FIELDS = (
    "id", "firstName", "lastName", "email", "secondaryEmail", "phone", "mobile", "accountId", "ownerId",
    "type", "photoURL", "webUrl", "isAnonymous", "isEndUser", "isSpam", "createdTime", "zohoCRMContact",
    "customerHappiness", "accountCount",
)
LIST_SORTS = ("firstName", "lastName", "phone", "email", "account", "createdTime", "modifiedTime")
# Create fields and their maximum lengths (Contact.json `createContact` request body).
TEXT_FIELDS = {
    "lastName": 200, "firstName": 40, "email": 255, "secondaryEmail": 100, "phone": 50, "mobile": 50,
    "type": 100, "title": 100, "description": 65_535, "street": 250, "city": 30, "state": 30, "zip": 30,
    "country": 30, "facebook": 100, "twitter": 100, "language": 100,
}
FIELD_NAMES = frozenset((
    *LIST_ROW_FIELDS, "title", "description", "street", "city", "state", "zip", "country", "facebook",
    "twitter", "language", "isDeleted", "isTrashed", "isFollowing", "modifiedTime", "cf", "customFields",
    "layoutId", "layoutDetails",
))
CREATE_KEYS = (*TEXT_FIELDS, "accountId", "ownerId", "cf", "customFields", "layoutId")
# Contact.json's e-mail pattern, as Python writes it.
EMAIL = re.compile(
    r"^[a-zA-Z0-9_]([a-zA-Z0-9_+\-.'&~]*)@(?=.{4,256}$)(([a-zA-Z0-9]+)(([\-_]*[a-zA-Z0-9])*)[.])+[a-zA-Z]{2,22}$"
)


# --- views --------------------------------------------------------------------------------------------------
def live_contact(org: OrgData, contact_id: str) -> Record:
    """A contact that is not in the trash; trashed ones answer like unknown ones."""
    record = org.contact(contact_id)
    if record.get("isTrashed"):
        raise url_not_found()
    return record


def live_contacts(org: OrgData) -> list[Record]:
    return [c for c in org.contacts.values() if not c.get("isTrashed")]


def account_of(org: OrgData, contact: Record) -> Record | None:
    """`{id, accountName, website}` of the contact's account, or null."""
    return account_ref(org, contact.get("accountId"))


def owner_of(org: OrgData, contact: Record, *, search_shape: bool = False) -> Record | None:
    agent = org.agents.get(contact.get("ownerId") or "")
    if agent is None:
        return None
    owner: Record = {"id": agent["id"], "firstName": agent["firstName"], "lastName": agent["lastName"]}
    if search_shape:
        owner.update({"photoURL": agent["photoURL"], "emailId": agent["emailId"], "zuid": agent["zuid"]})
    return owner


def contact_detail(org: OrgData, contact: Record, wanted: list[str]) -> Record:
    detail = public(contact)
    if "owner" in wanted:
        detail["owner"] = owner_of(org, contact)
    if "accounts" in wanted:
        detail["account"] = account_of(org, contact)
    return detail


def contact_row(org: OrgData, contact: Record, wanted: list[str], fields: list[str] | None) -> Record:
    if fields:
        row: Record = {"id": contact["id"]}
        for name in fields:
            if name.startswith("cf_"):
                row.setdefault("cf", {})[name] = (contact.get("cf") or {}).get(name)
            else:
                row[name] = contact.get(name)
    else:
        row = {k: contact.get(k) for k in LIST_ROW_FIELDS}
    if "accounts" in wanted:
        row["account"] = account_of(org, contact)
    return row


def contact_search_row(org: OrgData, contact: Record) -> Record:
    """A contact as the search endpoints return it: the full record plus `owner` and `account`."""
    owner = owner_of(org, contact, search_shape=True)
    return {**public(contact), "owner": owner, "account": account_of(org, contact)}


def sort_contacts(rows: list[Record], field: str, descending: bool) -> list[Record]:
    """Sort on one field; contacts with no value for it go last in either direction."""
    if field in ("createdTime", "modifiedTime"):
        return sorted(rows, key=lambda c: time_key(c.get(field)), reverse=descending)
    name = "accountId" if field == "account" else field
    filled = [c for c in rows if c.get(name)]
    empty = [c for c in rows if not c.get(name)]
    return sorted(filled, key=lambda c: str(c[name]).lower(), reverse=descending) + empty


# --- handlers -----------------------------------------------------------------------------------------------
def list_contacts(call: Call) -> dict[str, Any] | None:
    for name in ("viewId", "filterId"):
        if name in call.query:  # the sandbox has no custom views or filters
            raise invalid_query_param(name)
    fields: list[str] | None = call.query.get("fields")
    if fields:
        for name in fields:
            if name not in FIELD_NAMES and not name.startswith("cf_"):
                raise invalid_query_param("fields")
    rows = live_contacts(call.org)
    if "sortBy" in call.query:
        rows = sort_contacts(rows, *call.query["sortBy"])
    wanted = call.query.get("include", [])
    return page([contact_row(call.org, c, wanted, fields) for c in rows], call, 10)


def get_contact(call: Call) -> Record:
    contact = live_contact(call.org, call.path["contactId"])
    return contact_detail(call.org, contact, call.query.get("include", []))


def check_email(check: BodyCheck, name: str, org: OrgData | None) -> str | None:
    value = check.string(name, max_len=TEXT_FIELDS[name])
    if value is None:
        return None
    if not EMAIL.match(value):
        check.fail(name, "invalid", f"'{name}' is not a valid e-mail address.")
        return None
    if org is not None and org.contact_by_email(value) is not None:
        check.fail(name, "duplicate", f"A contact with the e-mail address {value} already exists.")
        return None
    return value


def validate_create(call: Call) -> dict[str, Any]:
    """Every create field checked, all problems reported together; nothing is written here."""
    body = call.body
    if isinstance(body, dict) and isinstance(body.get("zip"), int) and not isinstance(body["zip"], bool):
        body = {**body, "zip": str(body["zip"])}  # Contact.json allows `zip` as a number too
    check = BodyCheck(body, CREATE_KEYS)
    org = call.org
    fields: dict[str, Any] = {"lastName": check.string("lastName", required=True, max_len=200)}
    for name, max_len in TEXT_FIELDS.items():
        if name not in ("lastName", "email", "secondaryEmail"):
            fields[name] = check.string(name, max_len=max_len)
    fields["email"] = check_email(check, "email", org)
    fields["secondaryEmail"] = check_email(check, "secondaryEmail", None)
    fields["accountId"] = check.reference("accountId", org.accounts.__contains__)
    fields["layoutId"] = check.reference("layoutId", lambda _id: False)  # no layouts either
    fields["ownerId"] = check.reference("ownerId", lambda i: i in org.agents)
    fields["cf"] = check.string_map("cf", max_value_len=100)
    fields["customFields"] = check.string_map("customFields", max_value_len=100)
    check.done()
    if fields["ownerId"] is None:
        fields["ownerId"] = call.caller()["id"]
    return {k: v for k, v in fields.items() if v is not None}


def create_contact(call: Call) -> Record:
    fields = validate_create(call)
    contact = records.contact(call.store, call.org, fields)
    contact["accountCount"] = "1" if contact["accountId"] else "0"
    call.org.contacts[contact["id"]] = contact
    return contact_detail(call.org, contact, [])


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/contacts",
        list_contacts,
        READ,
        query={
            **paging(100),
            "viewId": Param(record_id),
            "filterId": Param(record_id),
            "fields": Param(csv_of(text(1, 100), max_items=30)),
            "include": Param(csv_of(one_of("accounts"))),
            "sortBy": Param(sort_field(*LIST_SORTS)),
        },
        weight="list",
    ),
    Endpoint(
        "GET",
        "/api/v1/contacts/{contactId}",
        get_contact,
        READ,
        query={"include": Param(csv_of(one_of("accounts", "owner")))},
    ),
    Endpoint("POST", "/api/v1/contacts", create_contact, CREATE, body="json"),
]
