"""Ticket tags (TicketTag.json): tag and untag a ticket, a ticket's tags, a department's tags, tickets by tag.

Associating and dissociating need Desk.tickets.CREATE, as TicketTag.json says (not UPDATE). Neither the OAS
nor the docs give default or maximum `limit`s for the tag lists; the sandbox takes 1-100 and defaults to 10.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from .. import history, tagging
from ..errors import FieldError, invalid_data, invalid_query_param, url_not_found
from ..routing import Call, Endpoint, Param, csv_of, one_of, page, paging, record_id, scopes, sort_field, text
from ..store import Record
from ..validation import BodyCheck
from .ticket_views import LIST_INCLUDES, ticket_row

READ = scopes("Desk.tickets.READ")
CREATE = scopes("Desk.tickets.CREATE")  # TicketTag.json: associateTag and dissociateTag both list CREATE
DEFAULT_LIMIT = 10
RECENT = 5


def body_names(call: Call) -> list[str]:
    check = BodyCheck(call.body, ("tags",))
    problem = tagging.bad_names(check.body.get("tags"))
    if problem:
        raise invalid_data([FieldError("/tags", "invalid", problem)])
    return list(check.body["tags"])


def associate(call: Call) -> dict[str, Any]:
    ticket = call.org.ticket(call.path["ticketId"])
    names = body_names(call)
    when = call.store.now_iso()
    tags, added = tagging.associate(call.store, call.org, ticket, names, when)
    history.tags_changed(call.org, ticket["id"], added, history.actor(call.caller()), when, added=True)
    return {"data": [tagging.tag_json(tag) for tag in tags]}


def dissociate(call: Call) -> Response:
    ticket = call.org.ticket(call.path["ticketId"])
    names = body_names(call)
    removed = tagging.dissociate(call.org, ticket["id"], names)
    who = history.actor(call.caller())
    history.tags_changed(call.org, ticket["id"], removed, who, call.store.now_iso(), added=False)
    return Response(status_code=200)  # TicketTag.json: 200 with no content


def ticket_tags(call: Call) -> dict[str, Any]:
    ticket = call.org.ticket(call.path["ticketId"])
    return {"tags": [tagging.tag_json(tag) for tag in tagging.of_ticket(call.org, ticket["id"])]}


def department_tags(call: Call) -> list[Record]:
    department_id = call.query["departmentId"]
    if department_id not in call.org.departments:
        raise invalid_query_param("departmentId")
    return [tag for tag in call.org.tags.values() if tag["_departmentId"] == department_id]


def list_tags(call: Call) -> dict[str, Any] | None:
    rows = [tagging.count_json(call.org, tag) | {"_at": tag["_createdTime"]} for tag in department_tags(call)]
    if call.query.get("sortBy") == "count":
        rows.sort(key=lambda row: (-int(row["ticketCount"]), row["name"]))
    else:
        rows.sort(key=lambda row: str(row["_at"]), reverse=True)  # Zoho's default order is descending
    return page([{k: v for k, v in row.items() if k != "_at"} for row in rows], call, DEFAULT_LIMIT)


def search_tags(call: Call) -> dict[str, Any] | None:
    wanted = tagging.normal(call.query.get("searchVal", ""))
    rows = sorted((t for t in department_tags(call) if wanted in t["name"]), key=lambda t: str(t["name"]))
    return page([tagging.tag_json(tag) for tag in rows], call, DEFAULT_LIMIT)


def recent_tags(call: Call) -> dict[str, Any]:
    rows = sorted(department_tags(call), key=lambda t: str(t["_usedTime"]), reverse=True)[:RECENT]
    return {"data": [tagging.count_json(call.org, tag) for tag in rows]}


def tickets_by_tag(call: Call) -> dict[str, Any] | None:
    tag = call.org.tags.get(call.path["tagId"])
    if tag is None:
        raise url_not_found()
    tickets = [call.org.tickets[i] for i in tagging.ticket_ids(call.org, tag["id"])]
    field, descending = call.query.get("sortBy", ("createdTime", False))
    tickets.sort(key=lambda t: str(t.get(field) or ""), reverse=descending)
    wanted = list(call.query.get("include") or [])
    return page([ticket_row(call.org, t, wanted) for t in tickets], call, DEFAULT_LIMIT)


DEPARTMENT = {"departmentId": Param(record_id, required=True)}

ENDPOINTS = [
    Endpoint("GET", "/api/v1/tickets/{ticketId}/tags", ticket_tags, READ),
    Endpoint("POST", "/api/v1/tickets/{ticketId}/associateTag", associate, CREATE, body="json"),
    Endpoint("POST", "/api/v1/tickets/{ticketId}/dissociateTag", dissociate, CREATE, body="json"),
    Endpoint(
        "GET", "/api/v1/ticketTags", list_tags, READ, weight="list",
        query={**DEPARTMENT, **paging(100), "sortBy": Param(one_of("createdTime", "count"))},
    ),
    Endpoint(
        "GET", "/api/v1/tags/search", search_tags, READ, weight="list",
        query={**DEPARTMENT, **paging(100), "searchVal": Param(text(0, 100))},
    ),
    Endpoint("GET", "/api/v1/recentTicketTags", recent_tags, READ, query=DEPARTMENT),
    Endpoint(
        "GET", "/api/v1/tags/{tagId}/tickets", tickets_by_tag, READ, weight="list",
        query={
            **paging(100),
            "include": Param(csv_of(one_of(*LIST_INCLUDES))),
            "sortBy": Param(sort_field("createdTime", "modifiedTime")),
        },
    ),
]
