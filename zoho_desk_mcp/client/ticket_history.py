"""A ticket's history (`GET /tickets/{id}/History`): who did what and when, newest first, 50 events a page.

Each event's `eventInfo` is Zoho's property list; `changes()` turns it into (field, before, after) rows: a
`ValueTransition` gives both sides, any other property is a value set (before None). Entity values
({id, name, type}) are shown by name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from .models import ZohoModel
from .resource import OrgResource, without_none

MAX_LIMIT = 50


class HistoryActor(ZohoModel):
    id: str | None = None
    name: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


class HistoryEvent(ZohoModel):
    event_name: str
    event_time: str | None = None
    actor: HistoryActor | None = None
    source: str | None = None
    event_info: list[dict[str, Any]] | None = None

    def changes(self) -> list[Change]:
        found = []
        for item in self.event_info or []:
            value = item.get("propertyValue")
            if item.get("propertyType") == "ValueTransition" and isinstance(value, dict):
                before, after = shown(value.get("previousValue")), shown(value.get("updatedValue"))
            else:
                before, after = None, shown(value)
            found.append(Change(str(item.get("propertyName") or ""), before, after))
        return found


def shown(value: Any) -> Any:
    """An entity ({id, name, type}) by its name; anything else as it is."""
    if isinstance(value, dict) and "name" in value:
        return value["name"]
    return value


class HistoryAPI(OrgResource):
    async def page(
        self,
        ticket_id: str,
        *,
        start: int = 0,
        limit: int = MAX_LIMIT,
        event_filter: str | None = None,
        agent_id: str | None = None,
        field_name: str | None = None,
    ) -> list[HistoryEvent]:
        """One page of events, newest first (`start` is 0-based; `limit` 1-50)."""
        params = without_none({"eventFilter": event_filter, "agentId": agent_id, "fieldName": field_name})
        rows = await self._rows(f"/tickets/{ticket_id}/History", params, start, min(limit, MAX_LIMIT))
        return [HistoryEvent.model_validate(row) for row in rows]

    async def iterate(self, ticket_id: str, *, max_items: int | None = None) -> AsyncIterator[HistoryEvent]:
        async for row in self._walk(f"/tickets/{ticket_id}/History", None, page_size=MAX_LIMIT, max_items=max_items):
            yield HistoryEvent.model_validate(row)
