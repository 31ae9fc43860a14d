"""Load one organization's `accounts` and `articles` from a data set, after every organization's core records.

Running after the core records keeps their generated IDs what they were before accounts and articles existed.
Names, not IDs, as elsewhere: a contact's `account` names an account, an article's `category` names a category
(created on first use). A ticket raised by a contact of an account belongs to that account, as in Zoho.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import customer_records
from .store import OrgData, Store

ACCOUNT_FIELDS = ("accountName", "website", "phone", "email", "industry", "description", "city", "country")
Fail = Callable[[str], Exception]


def _text(entry: Any, key: str, where: str, fail: Fail, *, required: bool = False) -> str | None:
    value = entry.get(key) if isinstance(entry, dict) else None
    if value is None or value == "":
        if required:
            raise fail(f"{where}: '{key}' is required")
        return None
    if not isinstance(value, str):
        raise fail(f"{where}: '{key}' must be a string")
    return value


def load_customers(store: Store, org: OrgData, entry: Any, path: str, fail: Fail) -> None:
    """Accounts, then contact → account links, then the help centre. `fail` builds the loader's error type."""
    names = _load_accounts(store, org, entry.get("accounts") or [], path, fail)
    _link_contacts(org, entry.get("contacts") or [], names, path, fail)
    _load_articles(store, org, entry.get("articles") or [], path, fail)


def _load_accounts(store: Store, org: OrgData, items: Any, path: str, fail: Fail) -> dict[str, str]:
    if not isinstance(items, list):
        raise fail(f"{path}.accounts: must be a list")
    names: dict[str, str] = {}
    owner = next(iter(org.agents.values()))["id"]
    for i, item in enumerate(items):
        where = f"{path}.accounts[{i}]"
        fields = {key: _text(item, key, where, fail, required=key == "accountName") for key in ACCOUNT_FIELDS}
        key = str(fields["accountName"]).strip().lower()
        if key in names:
            raise fail(f"{where}: duplicate account {fields['accountName']!r}")
        record = customer_records.account(store, org, fields, owner_id=owner)
        org.accounts[record["id"]] = record
        names[key] = record["id"]
    return names


def _link_contacts(org: OrgData, items: Any, names: dict[str, str], path: str, fail: Fail) -> None:
    for i, item in enumerate(items):
        where = f"{path}.contacts[{i}]"
        name = _text(item, "account", where, fail)
        if name is None:
            continue
        account_id = names.get(name.strip().lower())
        if account_id is None:
            raise fail(f"{where}: unknown account {name!r}; known: {sorted(names)}")
        contact = org.contact_by_email(str(item.get("email")))
        if contact is not None:
            contact["accountId"] = account_id
            contact["accountCount"] = "1"
    for ticket in org.tickets.values():
        customer = org.contacts.get(ticket.get("contactId") or "")
        if customer is not None and customer.get("accountId") and not ticket.get("accountId"):
            ticket["accountId"] = customer["accountId"]


def _load_articles(store: Store, org: OrgData, items: Any, path: str, fail: Fail) -> None:
    if not isinstance(items, list):
        raise fail(f"{path}.articles: must be a list")
    sections: dict[str, dict[str, Any]] = {}
    author = next(iter(org.agents.values()))
    department_id = next(iter(org.departments))
    for i, item in enumerate(items):
        where = f"{path}.articles[{i}]"
        title = str(_text(item, "title", where, fail, required=True))
        answer = str(_text(item, "answer", where, fail, required=True))
        section_name = str(_text(item, "category", where, fail, required=True))
        status = _text(item, "status", where, fail) or "Published"
        if status not in ("Published", "Draft"):
            raise fail(f"{where}: unknown status {status!r}; allowed: ['Draft', 'Published']")
        section = sections.get(section_name.strip().lower())
        if section is None:
            section = customer_records.category(store, section_name.strip())
            org.categories[section["id"]] = section
            sections[section_name.strip().lower()] = section
        record = customer_records.article(
            store, org, title=title, answer=answer, section=section, status=status, author=author,
            department_id=department_id,
        )
        org.articles[record["id"]] = record
