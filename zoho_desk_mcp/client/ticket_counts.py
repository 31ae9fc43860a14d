"""Ticket counts: totals, counts by field value, a view's count and each agent's open and on-hold tickets.

Zoho's count endpoints (`ticketsCount`, `ticketsCountByFieldValues` from TicketCount.json; `ticketQueueView/count`
and `agentsTicketsCount` from Ticket.json) count tickets outside the trash and spam, Closed included, and cost
more API credits than a list page, so a caller asks once and keeps the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field

from .models import ZohoModel, parse, parse_rows
from .pagination import rows_of
from .resource import OrgResource, without_none

BY_FIELD = ("statusType", "status", "priority", "channel", "spam", "overDue", "escalated")
MAX_AGENTS = 50


class FieldCount(ZohoModel):
    """One value of a field and how many tickets hold it; Zoho spells `value` in lower case (`on hold`)."""

    value: str | None = None
    count: int = 0


class FieldCounts(ZohoModel):
    """`ticketsCountByFieldValues`: the lists of the fields asked for, and the plain numbers."""

    status: list[FieldCount] | None = None
    priority: list[FieldCount] | None = None
    channel: list[FieldCount] | None = None
    status_type: list[FieldCount] | None = None
    spam: int | None = None
    escalated: int | None = None
    overdue: int | None = Field(default=None, alias="overDue")


class AgentTicketCount(ZohoModel):
    """`agentsTicketsCount`: one agent's open, on-hold and overdue tickets (closed ones are not counted)."""

    agent_id: str
    open_count: int = 0
    onhold_count: int = 0
    over_due_count: int = 0
    due_in1_hr_count: int = Field(default=0, alias="dueIn1HrCount")


class TicketCountsAPI(OrgResource):
    async def total(
        self,
        *,
        department_ids: Sequence[str] | None = None,
        assignee_ids: Sequence[str] | None = None,
        contact_ids: Sequence[str] | None = None,
        **filters: Any,
    ) -> int:
        """`GET /ticketsCount`: how many tickets match (filters by Zoho's names, e.g. createdTimeRange)."""
        params = {"departmentId": department_ids, "assigneeId": assignee_ids, "contactId": contact_ids, **filters}
        body = await self._get("/ticketsCount", without_none(params))
        return _count(body)

    async def by_field(
        self,
        fields: Sequence[str],
        *,
        department_ids: Sequence[str] | None = None,
        assignee_ids: Sequence[str] | None = None,
        **filters: Any,
    ) -> FieldCounts:
        """`GET /ticketsCountByFieldValues?field=status,priority,...`: every value's count, in one call."""
        params = {"field": list(fields), "departmentId": department_ids, "assigneeId": assignee_ids, **filters}
        return parse(FieldCounts, await self._get("/ticketsCountByFieldValues", without_none(params)))

    async def in_view(self, view_id: str, *, department_id: str = "0", agent_id: str | None = None) -> int:
        """`GET /ticketQueueView/count`: the tickets of one view (`department_id` "0" = every department)."""
        params = {"viewId": view_id, "departmentId": department_id, "agentId": agent_id}
        return _count(await self._get("/ticketQueueView/count", without_none(params)))

    async def by_agent(self, agent_ids: Sequence[str], *, department_id: str = "0") -> list[AgentTicketCount]:
        """`GET /agentsTicketsCount` for up to 50 agents per call (longer lists are asked in chunks)."""
        counts: list[AgentTicketCount] = []
        ids = list(dict.fromkeys(agent_ids))
        for start in range(0, len(ids), MAX_AGENTS):
            params = {"agentIds": ids[start : start + MAX_AGENTS], "departmentId": department_id}
            counts += parse_rows(AgentTicketCount, rows_of(await self._get("/agentsTicketsCount", params)))
        return counts


def _count(body: Any) -> int:
    """Zoho sends `count` as a number or a string of digits."""
    value = body.get("count") if isinstance(body, dict) else None
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0
