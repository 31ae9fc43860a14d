"""Checks the ticket-tool tests share: no nulls anywhere in an answer, and the state the sandbox ended in."""

from __future__ import annotations

from typing import Any

from zoho_desk_mcp.sandbox.store import OrgData, Record


def nulls(value: Any, path: str = "$") -> list[str]:
    """Every path in a JSON value that holds null, an empty string or object (an empty list is `[]`, by design)."""
    if value is None or value in ("", {}):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nulls(v, f"{path}[{i}]")]
    return []


def by_name(table: dict[str, Record], name: str, key: str = "name") -> Record:
    return next(r for r in table.values() if r.get(key) == name)


def agent(org: OrgData, email: str) -> Record:
    return by_name(org.agents, email, "emailId")


def contact_by_email(org: OrgData, email: str) -> Record | None:
    return next((c for c in org.contacts.values() if c.get("email") == email), None)
