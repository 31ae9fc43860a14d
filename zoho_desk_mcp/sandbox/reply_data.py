"""Reply addresses and e-mail templates from a data set: the `replyAddresses` and `templates` of an organization.

They are loaded after every organization's other records, so adding them never shifts the IDs the rest of a
data set gets. Each department without a reply address in the data gets
`support@<department-slug>.<org-slug>.example` as its default, so every ticket can be answered.
"""

from __future__ import annotations

import re
from typing import Any

from .store import OrgData, Record, Store

ADDRESS = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_+\-.'&]*@(?:[A-Za-z0-9]+(?:[-_]*[A-Za-z0-9])*\.)+[A-Za-z]{2,22}$")
TEMPLATE_FOLDER = "Common Templates"


class ReplyDataError(ValueError):
    """A bad `replyAddresses` or `templates` entry; the loader re-raises it as its DatasetError."""


def slug(name: str) -> str:
    """Design §2.5: lowercased, every run of characters other than a-z and 0-9 turned into one `-`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def default_address(department_name: str, company_name: str) -> str:
    return f"support@{slug(department_name)}.{slug(company_name)}.example"


def load(store: Store, org: OrgData, entry: Any, path: str) -> None:
    """Add one organization's reply addresses (defaults included) and templates to the store."""
    entry = entry if isinstance(entry, dict) else {}
    departments = {str(d["name"]).strip().lower(): d["id"] for d in org.departments.values()}
    load_addresses(store, org, departments, _items(entry, "replyAddresses", path), path)
    load_templates(store, org, departments, _items(entry, "templates", path), path)


def _items(entry: dict[str, Any], key: str, path: str) -> list[Any]:
    items = entry.get(key) or []
    if not isinstance(items, list):
        raise ReplyDataError(f"{path}.{key}: must be a list")
    return items


def _department(departments: dict[str, str], item: Any, where: str) -> str:
    name = _text(item, "department", where)
    found = departments.get(name.strip().lower())
    if found is None:
        raise ReplyDataError(f"{where}: unknown department {name!r}; known: {sorted(departments)}")
    return found


def _text(item: Any, key: str, where: str) -> str:
    if not isinstance(item, dict) or not isinstance(item.get(key), str) or not item[key].strip():
        raise ReplyDataError(f"{where}: '{key}' is required")
    return str(item[key])


def _flag(item: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = item.get(key, default)
    if not isinstance(value, bool):
        raise ReplyDataError(f"{where}: '{key}' must be true or false")
    return value


def load_addresses(store: Store, org: OrgData, departments: dict[str, str], items: list[Any], path: str) -> None:
    defaults: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(items):
        where = f"{path}.replyAddresses[{i}]"
        dept_id = _department(departments, item, where)
        address = _text(item, "address", where).strip()
        if not ADDRESS.match(address):
            raise ReplyDataError(f"{where}: {address!r} is not an e-mail address")
        if (dept_id, address.lower()) in seen:
            raise ReplyDataError(f"{where}: duplicate reply address {address!r} in {item['department']!r}")
        seen.add((dept_id, address.lower()))
        is_default = _flag(item, "isDefault", False, where)
        is_active = _flag(item, "isActive", True, where)
        if is_default and dept_id in defaults:
            raise ReplyDataError(f"{where}: {item['department']!r} already has a default reply address")
        if is_default and not is_active:
            raise ReplyDataError(f"{where}: the default reply address must be active")
        if is_default:
            defaults[dept_id] = address
        name = item.get("displayName") or org.org["companyName"]
        add_address(store, org, dept_id, address, str(name), is_default=is_default, is_active=is_active)
    for dept in org.departments.values():
        if not any(a["departmentId"] == dept["id"] for a in org.reply_addresses.values()):
            address = default_address(dept["name"], org.org["companyName"])
            name = f"{org.org['companyName']} {dept['name']}"
            add_address(store, org, dept["id"], address, name, is_default=True, is_active=True)


def add_address(
    store: Store, org: OrgData, department_id: str, address: str, name: str, *, is_default: bool, is_active: bool
) -> Record:
    """A mailReplyAddress as MailReplyAddress.json describes it; `_isDefault` is ours (served first, not shown)."""
    admin = next(iter(org.agents.values()))
    creator = {
        "id": admin["id"],
        "firstName": admin.get("firstName"),
        "lastName": admin.get("lastName"),
        "email": admin.get("emailId"),
        "photoURL": None,
    }
    now = store.now_iso()
    record: Record = {
        "id": store.new_id(),
        "address": address,
        "displayName": name,
        "departmentId": department_id,
        "isActive": is_active,
        "isVerified": True,
        "isSmtpEnabled": False,
        "smtpDetails": None,
        "serviceProviderType": "ZohoSMTP",
        "createdBy": creator,
        "modifiedBy": dict(creator),
        "createdTime": now,
        "modifiedTime": now,
        "_isDefault": is_default,
    }
    org.reply_addresses[record["id"]] = record
    return record


def load_templates(store: Store, org: OrgData, departments: dict[str, str], items: list[Any], path: str) -> None:
    if not items:
        return
    folder = {"folderName": TEMPLATE_FOLDER, "folderId": store.new_id()}
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(items):
        where = f"{path}.templates[{i}]"
        dept_id = _department(departments, item, where)
        name = _text(item, "name", where)
        if (dept_id, name.strip().lower()) in seen:
            raise ReplyDataError(f"{where}: duplicate template {name!r} in {item['department']!r}")
        seen.add((dept_id, name.strip().lower()))
        body = _text(item, "body", where)
        subject = item.get("subject") or ""
        if not isinstance(subject, str):
            raise ReplyDataError(f"{where}: 'subject' must be a string")
        template: Record = {
            "templateId": store.new_id(),
            "templateName": name,
            "recordType": "tickets",
            "subject": subject,
            "departmentId": dept_id,
            "body": body,
            "category": "CUSTOM_TEMPLATE",
            "fromId": None,
            "contentType": "richtext",
            "replyToAddr": None,
            "folderId": folder["folderId"],
            "folder": dict(folder),
        }
        org.templates[template["templateId"]] = template
