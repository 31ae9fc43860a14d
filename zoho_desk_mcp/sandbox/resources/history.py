"""`GET /tickets/{ticketId}/History`: a ticket's events, newest first, filtered and paged.

The path (capital H), its parameters and their bounds come from Zoho's "Get Ticket History API - Explained in
Detail" page (`from` default 0; `limit` 1-50, default 10; `eventFilter`, `agentId`, `fieldName` combine), as
TicketHistory.json holds only the response shape. The events are recorded by the writes (see history.py).
"""

from __future__ import annotations

from typing import Any

from .. import history
from ..routing import Call, Endpoint, Param, one_of, page, paging, record_id, scopes, text

DEFAULT_LIMIT = 10


def ticket_history(call: Call) -> dict[str, Any] | None:
    ticket_id = call.org.ticket(call.path["ticketId"])["id"]
    events = call.org.history.get(ticket_id, [])
    newest_first = [e for _, e in sorted(enumerate(events), key=lambda p: (p[1]["eventTime"], p[0]), reverse=True)]
    wanted = [
        history.served(event)
        for event in newest_first
        if history.matches(
            event, call.query.get("eventFilter"), call.query.get("agentId"), call.query.get("fieldName")
        )
    ]
    return page(wanted, call, DEFAULT_LIMIT)


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/tickets/{ticketId}/History",
        ticket_history,
        scopes("Desk.tickets.READ"),
        query={
            **paging(50),
            "eventFilter": Param(one_of(*history.EVENT_FILTERS)),
            "agentId": Param(record_id),
            "fieldName": Param(text(1, 100)),
        },
        weight="list",
    ),
]
