"""Views: the ticket views of a portal (`GET /views?module=tickets`), whose IDs `GET /tickets` takes as `viewId`."""

from __future__ import annotations

from .models import ZohoModel, parse_rows
from .pagination import rows_of
from .resource import OrgResource, without_none


class View(ZohoModel):
    """A view: Zoho's system views ("Open Tickets", "Overdue Tickets"...) and the portal's custom ones."""

    id: str
    name: str
    is_custom_view: bool | None = None


class ViewsAPI(OrgResource):
    async def list(self, *, module: str = "tickets", department_id: str | None = None) -> list[View]:
        """Every view of the module in one call (the endpoint is not paged)."""
        body = await self._get("/views", without_none({"module": module, "departmentId": department_id}))
        return parse_rows(View, rows_of(body))
