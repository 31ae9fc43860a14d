"""Teams: all of an organization's, or one department's. Zoho wraps these lists as `{"teams": [...]}`."""

from __future__ import annotations

from .models import ZohoModel, parse_rows
from .pagination import rows_of
from .resource import OrgResource, without_none


class Team(ZohoModel):
    id: str
    name: str
    description: str | None = None
    department_id: str | None = None
    agents: list[str] | None = None
    logo_url: str | None = None


class TeamsAPI(OrgResource):
    async def list(self, *, department_id: str | None = None, search: str | None = None) -> list[Team]:
        """Every team in one call: `limit` omitted means all of them (Zoho's rule for teams)."""
        path = f"/departments/{department_id}/teams" if department_id else "/teams"
        body = await self._get(path, without_none({"searchStr": search}))
        return parse_rows(Team, rows_of(body, "teams"))
