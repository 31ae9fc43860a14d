"""A department's reply (From) addresses (MailReplyAddress.json `getReplyMailAddresses`).

`departmentId` is required. Zoho's record has no "default" flag: the sandbox lists a department's default
address first, so "the first active address" is the default a client can rely on.
"""

from __future__ import annotations

from typing import Any

from ..errors import invalid_query_param
from ..routing import Call, Endpoint, Param, boolean, int_range, page, record_id, scopes
from ..store import OrgData, Record

READ = scopes(("Desk.settings.READ", "Desk.basic.READ"))
DEFAULT_LIMIT = 50


def served(address: Record) -> Record:
    return {k: v for k, v in address.items() if not k.startswith("_")}


def department_addresses(org: OrgData, department_id: str) -> list[Record]:
    """The department's addresses, its default first, then in the order they were added."""
    rows = [a for a in org.reply_addresses.values() if a["departmentId"] == department_id]
    return sorted(rows, key=lambda a: not a["_isDefault"])


def active_addresses(org: OrgData, department_id: str) -> list[str]:
    return [a["address"] for a in department_addresses(org, department_id) if a["isActive"]]


def list_addresses(call: Call) -> dict[str, Any] | None:
    department_id = call.query["departmentId"]
    if department_id not in call.org.departments:
        raise invalid_query_param("departmentId")
    rows = department_addresses(call.org, department_id)
    if "isActive" in call.query:
        rows = [a for a in rows if a["isActive"] == call.query["isActive"]]
    return page([served(a) for a in rows], call, DEFAULT_LIMIT)


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/mailReplyAddress",
        list_addresses,
        READ,
        query={
            "departmentId": Param(record_id, required=True),
            "from": Param(int_range(0, 10_000_000)),
            "limit": Param(int_range(1, 10_000_000)),  # MailReplyAddress.json sets no bounds
            "isActive": Param(boolean),
        },
        weight="list",
    ),
]
