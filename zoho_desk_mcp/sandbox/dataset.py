"""Build a `Store` from a data set in the data-file format (names, not IDs; IDs are generated here).

The format is documented in docs/sandbox.md ("Sandbox data files"). Every reference is checked, so a bad file fails
at start-up with the path of the bad entry instead of producing a portal Zoho could never have.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import conversation_records, custom_fields, records, reply_data
from .store import EDITION_CONCURRENCY, OrgData, Record, Store


class DatasetError(ValueError):
    """The data file is not a valid sandbox data set; the message names the entry and what is wrong."""


def read_file(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DatasetError(f"cannot read sandbox data file {path}: {error}") from None
    if not isinstance(data, dict):
        raise DatasetError(f"{path}: the top level must be an object with 'organizations'")
    return data


def default_store() -> Store:
    from .seed import default_data
    from .seed_depth import enrich
    from .seed_replies import with_templates

    store = load(with_templates(default_data()))
    enrich(store)  # after everything: the files and tags it adds take the last IDs
    return store


def load(data: Mapping[str, Any]) -> Store:
    orgs = data.get("organizations")
    if not isinstance(orgs, list) or not orgs:
        raise DatasetError("'organizations' must be a non-empty list")
    store = Store()
    for index, org_data in enumerate(orgs):
        _load_org(store, org_data, f"organizations[{index}]")
    from .dataset_customers import load_customers  # after every org's core records: their IDs stay put

    for index, (org_data, org) in enumerate(zip(orgs, list(store.orgs.values()), strict=True)):
        load_customers(store, org, org_data, f"organizations[{index}]", DatasetError)
    for index, (org_data, org) in enumerate(zip(orgs, list(store.orgs.values()), strict=True)):  # IDs stay put
        try:
            reply_data.load(store, org, org_data, f"organizations[{index}]")
        except reply_data.ReplyDataError as error:
            raise DatasetError(str(error)) from None
    from . import dataset_depth  # attachment bytes, tags and history; tag IDs come after all others

    for index, (org_data, org) in enumerate(zip(orgs, list(store.orgs.values()), strict=True)):
        try:
            dataset_depth.load(store, org, org_data, f"organizations[{index}]")
        except dataset_depth.DepthDataError as error:
            raise DatasetError(str(error)) from None
    store.grant_default_credentials()
    return store


class _Names:
    """Name → ID lookups for one organization while it is being loaded."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.tables: dict[str, dict[str, str]] = {}

    def add(self, kind: str, name: str, record_id: str, path: str) -> None:
        table = self.tables.setdefault(kind, {})
        key = name.strip().lower()
        if key in table:
            raise DatasetError(f"{path}: duplicate {kind} {name!r}")
        table[key] = record_id

    def get(self, kind: str, name: Any, path: str) -> str:
        table = self.tables.get(kind, {})
        if not isinstance(name, str) or name.strip().lower() not in table:
            raise DatasetError(f"{path}: unknown {kind} {name!r}; known: {sorted(table)}")
        return table[name.strip().lower()]


def _need(entry: Any, key: str, path: str) -> Any:
    if not isinstance(entry, dict) or entry.get(key) in (None, ""):
        raise DatasetError(f"{path}: '{key}' is required")
    return entry[key]


def _load_org(store: Store, entry: Any, path: str) -> None:
    org_record = records.organization(
        store,
        _need(entry, "companyName", path),
        _need(entry, "portalName", path),
        entry.get("edition", "ENTERPRISE"),
    )
    org = OrgData(org=org_record)
    store.orgs[org.id] = org
    names = _Names(path)
    for i, item in enumerate(entry.get("departments") or []):
        where = f"{path}.departments[{i}]"
        dept = records.department(
            store, _need(item, "name", where), item.get("description"), item.get("isEnabled", True)
        )
        org.departments[dept["id"]] = dept
        names.add("department", dept["name"], dept["id"], where)
    if not org.departments:
        raise DatasetError(f"{path}: at least one department is required")
    _load_agents(store, org, names, entry.get("agents") or [], path)
    for i, item in enumerate(entry.get("teams") or []):
        where = f"{path}.teams[{i}]"
        dept_id = names.get("department", _need(item, "department", where), where)
        members = [names.get("agent", email, where) for email in item.get("agents") or []]
        new_team = records.team(store, _need(item, "name", where), dept_id, members, item.get("description"))
        org.teams[new_team["id"]] = new_team
        names.add(f"team of {dept_id}", new_team["name"], new_team["id"], where)
    for i, item in enumerate(entry.get("products") or []):
        where = f"{path}.products[{i}]"
        dept_ids = [names.get("department", n, where) for n in item.get("departments") or []]
        new_product = records.product(
            store, _need(item, "productName", where), dept_ids, item.get("productCode"), item.get("unitPrice")
        )
        org.products[new_product["id"]] = new_product
        names.add("product", new_product["productName"], new_product["id"], where)
    for i, item in enumerate(entry.get("contacts") or []):
        where = f"{path}.contacts[{i}]"
        fields = {k: item.get(k) for k in ("email", "firstName", "lastName", "phone", "mobile")}
        fields["lastName"] = fields["lastName"] or _need(item, "email", where).split("@")[0]
        new_contact = records.contact(store, org, fields)
        org.contacts[new_contact["id"]] = new_contact
        names.add("contact", _need(item, "email", where), new_contact["id"], where)
    try:  # custom fields first: tickets' `cf` values are checked against them
        org.custom_fields = custom_fields.load(org, entry.get("customFields"), path)
    except ValueError as error:
        raise DatasetError(str(error)) from None
    for i, item in enumerate(entry.get("tickets") or []):
        _load_ticket(store, org, names, item, f"{path}.tickets[{i}]")
    org.agent_licenses = int(entry.get("agentLicenses", len(org.agents) + 10))
    org.credits_remaining = org.daily_credits()
    org.concurrency_limit = EDITION_CONCURRENCY.get(org.edition, 25)


def _load_agents(store: Store, org: OrgData, names: _Names, items: list[Any], path: str) -> None:
    for i, item in enumerate(items):
        where = f"{path}.agents[{i}]"
        dept_ids = [names.get("department", n, where) for n in item.get("departments") or []]
        role = item.get("rolePermissionType") or ("Admin" if i == 0 else "AgentPublic")
        status = item.get("status", "ACTIVE")
        if role not in records.ROLE_PERMISSION_TYPES or status not in records.AGENT_STATUSES:
            raise DatasetError(f"{where}: bad rolePermissionType {role!r} or status {status!r}")
        new_agent = records.agent(
            store,
            email=_need(item, "emailId", where),
            first_name=item.get("firstName"),
            last_name=_need(item, "lastName", where),
            department_ids=dept_ids,
            role_permission_type=role,
            status=status,
            phone=item.get("phone"),
        )
        org.agents[new_agent["id"]] = new_agent
        names.add("agent", new_agent["emailId"], new_agent["id"], where)
    if not org.agents:
        raise DatasetError(f"{path}: at least one agent is required (the first is the administrator)")


def _load_ticket(store: Store, org: OrgData, names: _Names, item: Any, where: str) -> None:
    dept_id = names.get("department", _need(item, "department", where), where)
    contact_id = names.get("contact", _need(item, "contact", where), where)
    assignee_id = names.get("agent", item["assignee"], where) if item.get("assignee") else None
    if assignee_id and dept_id not in org.agents[assignee_id]["associatedDepartmentIds"]:
        raise DatasetError(
            f"{where}: assignee {item['assignee']!r} is not an agent of {item['department']!r}"
        )
    team_id = names.get(f"team of {dept_id}", item["team"], where) if item.get("team") else None
    product_id = names.get("product", item["product"], where) if item.get("product") else None
    status = item.get("status", "Open")
    if status not in records.STATUS_TYPES:
        raise DatasetError(f"{where}: unknown status {status!r}; allowed: {sorted(records.STATUS_TYPES)}")
    customer = org.contacts[contact_id]
    created = store.clock.now() - float(item.get("ageHours", 0)) * 3600
    fields = {
        **{
            k: item.get(k)
            for k in (
                "subject",
                "description",
                "priority",
                "channel",
                "classification",
                "category",
                "subCategory",
                "language",
                "resolution",
                "dueDate",
                "cf",
            )
        },
        "status": status,
        "departmentId": dept_id,
        "contactId": contact_id,
        "assigneeId": assignee_id,
        "teamId": team_id,
        "productId": product_id,
        "email": customer.get("email"),
        "phone": customer.get("phone"),
    }
    _need(item, "subject", where)
    try:
        fields.update(custom_fields.from_file(org, item.get("cf"), where))
    except ValueError as error:
        raise DatasetError(str(error)) from None
    admin = next(iter(org.agents.values()))
    new_ticket = records.ticket(store, org, fields, created=created, creator_id=admin["id"])
    org.tickets[new_ticket["id"]] = new_ticket
    _load_conversation(store, org, names, new_ticket, item, created, where)


def _load_conversation(
    store: Store, org: OrgData, names: _Names, ticket: Record, item: Any, created: float, where: str
) -> None:
    ticket_id = ticket["id"]
    for i, entry in enumerate(item.get("threads") or []):
        at = f"{where}.threads[{i}]"
        when = created + float(entry.get("minutesAfter", 0)) * 60
        incoming = entry.get("direction", "in") == "in"
        author_email = entry.get("author") or ticket["email"]
        author = (
            org.contacts[names.get("contact", author_email, at)]
            if incoming
            else org.agents[names.get("agent", author_email, at)]
        )
        files = [
            conversation_records.attachment(
                store,
                ticket_id,
                _need(f, "name", at),
                int(f.get("size", 1024)),
                is_public=True,
                creator_id=author["id"],
                when=when,
            )
            for f in entry.get("attachments") or []
        ]
        org.threads.setdefault(ticket_id, []).append(
            conversation_records.thread(
                store,
                ticket=ticket,
                direction="in" if incoming else "out",
                content=_need(entry, "content", at),
                author=author,
                author_type="END_USER" if incoming else "AGENT",
                to=list(entry.get("to") or []),
                cc=list(entry.get("cc") or []),
                when=when,
                attachments=files,
            )
        )
    for i, entry in enumerate(item.get("comments") or []):
        at = f"{where}.comments[{i}]"
        commenter = org.agents[names.get("agent", _need(entry, "author", at), at)]
        org.comments.setdefault(ticket_id, []).append(
            conversation_records.comment(
                store,
                content=_need(entry, "content", at),
                content_type=entry.get("contentType", "plainText"),
                is_public=bool(entry.get("isPublic", False)),
                commenter=commenter,
                when=created + float(entry.get("minutesAfter", 0)) * 60,
            )
        )
    admin_id = next(iter(org.agents))
    for i, entry in enumerate(item.get("attachments") or []):
        at = f"{where}.attachments[{i}]"
        org.attachments.setdefault(ticket_id, []).append(
            conversation_records.attachment(
                store,
                ticket_id,
                _need(entry, "name", at),
                int(entry.get("size", 1024)),
                is_public=bool(entry.get("isPublic", False)),
                creator_id=admin_id,
                when=created,
            )
        )
