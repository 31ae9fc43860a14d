"""Departments of an organization: list (paged, max 200) and get."""

from __future__ import annotations

from collections.abc import AsyncIterator

from .models import ZohoModel, parse
from .resource import OrgResource, without_none

MAX_LIMIT = 200


class Department(ZohoModel):
    id: str
    name: str
    description: str | None = None
    is_enabled: bool | None = None
    is_default: bool | None = None
    is_assign_to_team_enabled: bool | None = None
    chat_status: str | None = None
    associated_agent_ids: list[str] | None = None


class DepartmentsAPI(OrgResource):
    async def page(
        self,
        *,
        start: int = 0,
        limit: int = MAX_LIMIT,
        is_enabled: bool | None = None,
        search: str | None = None,
    ) -> list[Department]:
        params = without_none({"isEnabled": is_enabled, "searchStr": search})
        return [Department.model_validate(r) for r in await self._rows("/departments", params, start, limit)]

    async def iterate(self, *, is_enabled: bool | None = None, search: str | None = None) -> AsyncIterator[Department]:
        params = without_none({"isEnabled": is_enabled, "searchStr": search})
        async for row in self._walk("/departments", params, page_size=MAX_LIMIT):
            yield Department.model_validate(row)

    async def all(self) -> list[Department]:
        return [d async for d in self.iterate()]

    async def get(self, department_id: str) -> Department:
        return parse(Department, await self._get(f"/departments/{department_id}"))
