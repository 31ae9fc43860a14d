"""Teams: `GET /teams` (every department) and `GET /departments/{departmentId}/teams`.

Zoho wraps these lists as `{"teams": [...]}`, not `{"data": [...]}`, and the OpenAPI file documents only a 200
for them, so an empty list is `{"teams": []}` rather than a 204.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..routing import Call, Endpoint, Param, int_range, scopes, text
from ..store import Record
from .departments import search_matches
from .ticket_views import public

READ = scopes(("Desk.basic.READ", "Desk.settings.READ", "Desk.teams.READ"))
QUERY = {
    "from": Param(int_range(0, 10_000_000)),
    "limit": Param(int_range(0, 200)),
    "searchStr": Param(text(1, 100)),
}


def teams_page(call: Call, teams: Iterable[Record]) -> dict[str, Any]:
    """`from` is 0-based; `limit` 0 or absent means every remaining team."""
    pattern = call.query.get("searchStr")
    rows = [public(t) for t in teams if pattern is None or search_matches(pattern, t["name"])]
    start = int(call.query.get("from", 0))
    limit = int(call.query.get("limit", 0))
    return {"teams": rows[start : start + limit] if limit else rows[start:]}


def list_teams(call: Call) -> dict[str, Any]:
    return teams_page(call, call.org.teams.values())


def list_department_teams(call: Call) -> dict[str, Any]:
    department = call.org.department(call.path["departmentId"])
    return teams_page(call, (t for t in call.org.teams.values() if t["departmentId"] == department["id"]))


ENDPOINTS = [
    Endpoint("GET", "/api/v1/teams", list_teams, READ, query=QUERY, weight="list"),
    Endpoint("GET", "/api/v1/departments/{departmentId}/teams", list_department_teams, READ, query=QUERY,
             weight="list"),
]
