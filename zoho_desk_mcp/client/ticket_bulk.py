"""Writes on many tickets at once: `updateMany` (one field for up to 100 tickets), `merge` and `markSpam`.

All three are POSTs and never retried once sent: if the answer is lost they raise `WriteOutcomeUnknown`,
and the caller reads the tickets back to learn what happened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .models import parse
from .resource import OrgResource, without_none
from .tickets import Ticket

MAX_BULK = 100
MAX_MERGE = 5


class TicketBulkAPI(OrgResource):
    async def update_many(
        self, ticket_ids: Sequence[str], field_name: str, value: Any, *, is_custom_field: bool = False
    ) -> None:
        """`POST /tickets/updateMany`: set one field (API name, `cf_…` with `is_custom_field`) on every ticket.

        Zoho checks the value as a single update would and changes all the tickets or none.
        """
        body = {"ids": list(ticket_ids), "fieldName": field_name, "fieldValue": value, "isCustomField": is_custom_field}
        await self._post("/tickets/updateMany", body)

    async def merge(self, ticket_id: str, ticket_ids: Sequence[str], source: Mapping[str, str] | None = None) -> Ticket:
        """`POST /tickets/{id}/merge`: `ticket_ids` (up to 5) merge into `ticket_id`, which stays and is returned.

        `source` maps a field (subject, status, contactId...) to the ID of the ticket whose value the
        remaining ticket takes. The merged tickets stop existing; their conversations move over.
        """
        body = without_none({"ids": list(ticket_ids), "source": dict(source) if source else None})
        return parse(Ticket, await self._post(f"/tickets/{ticket_id}/merge", body))

    async def mark_spam(
        self,
        ticket_ids: Sequence[str],
        *,
        is_spam: bool = True,
        contact_spam: bool | None = None,
        handle_existing_tickets: bool | None = None,
    ) -> None:
        """`POST /tickets/markSpam`: mark (or with `is_spam=False` unmark) tickets as spam."""
        body = without_none(
            {
                "ids": list(ticket_ids),
                "isSpam": is_spam,
                "contactSpam": contact_spam,
                "handleExistingTickets": handle_existing_tickets,
            }
        )
        await self._post("/tickets/markSpam", body)
