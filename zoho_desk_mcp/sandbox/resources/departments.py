"""Departments: `GET /departments` (filters, search, paging) and `GET /departments/{departmentId}`.

Also home of `search_matches`, the `abc*` / `*abc*` / exact rule Zoho's `searchStr` follows on the settings
lists (departments, agents, teams), so every list reads the pattern the same way.
"""

from __future__ import annotations

from typing import Any

from ..routing import Call, Endpoint, Param, boolean, one_of, page, paging, scopes, text
from ..store import OrgData, Record
from .ticket_views import public

READ = scopes(("Desk.basic.READ", "Desk.settings.READ", "Desk.departments.READ"))
CHAT_STATUSES = ("AVAILABLE", "DISABLED", "NOT_CREATED", "${UNAVAILABLE}")
DEFAULT_LIMIT = 10


def search_matches(pattern: str, *values: Any) -> bool:
    """Zoho's `searchStr`: `abc*` starts with, `*abc*` contains, `*abc` ends with, plain = exact, any case."""
    wanted = pattern.strip().lower()
    starts, ends = wanted.endswith("*"), wanted.startswith("*")
    core = wanted.strip("*")
    for value in values:
        candidate = str(value or "").lower()
        if not candidate:
            continue
        if starts and ends:
            hit = core in candidate
        elif starts:
            hit = candidate.startswith(core)
        elif ends:
            hit = candidate.endswith(core)
        else:
            hit = candidate == core
        if hit:
            return True
    return False


def agent_ids_of(org: OrgData, department_id: str) -> list[str]:
    """Agents associated with the department, derived from the agents so it can never drift."""
    return [a["id"] for a in org.agents.values() if department_id in a.get("associatedDepartmentIds", [])]


def _chat_matches(record: Record, wanted: str) -> bool:
    if wanted == "${UNAVAILABLE}":
        return record.get("chatStatus") != "AVAILABLE"
    return record.get("chatStatus") == wanted


def list_departments(call: Call) -> dict[str, Any] | None:
    query = call.query
    rows = []
    for record in call.org.departments.values():
        if "isEnabled" in query and bool(record.get("isEnabled")) != query["isEnabled"]:
            continue
        if "chatStatus" in query and not _chat_matches(record, query["chatStatus"]):
            continue
        if "searchStr" in query and not search_matches(query["searchStr"], record.get("name")):
            continue
        rows.append(public(record))
    return page(rows, call, DEFAULT_LIMIT)


def get_department(call: Call) -> Record:
    record = call.org.department(call.path["departmentId"])
    return {**public(record), "associatedAgentIds": agent_ids_of(call.org, record["id"])}


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/departments",
        list_departments,
        READ,
        query={
            "isEnabled": Param(boolean),
            "chatStatus": Param(one_of(*CHAT_STATUSES)),
            "searchStr": Param(text(1, 100)),
            **paging(200),
        },
        weight="list",
    ),
    Endpoint("GET", "/api/v1/departments/{departmentId}", get_department, READ),
]
