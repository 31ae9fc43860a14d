"""Agents of an organization: list with filters, get, the token owner (`/myinfo`), add, (de)activate."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from .models import ZohoModel, parse
from .resource import OrgResource, without_none

MAX_LIMIT = 200
ROLE_PERMISSION_TYPES = ("Admin", "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Light", "Custom")


class Agent(ZohoModel):
    """NB agents carry `emailId` where contacts and tickets say `email`."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    email_id: str | None = None
    status: str | None = None
    is_confirmed: bool | None = None
    role_permission_type: str | None = None
    role_id: str | None = None
    profile_id: str | None = None
    associated_department_ids: list[str] | None = None
    photo_url: str | None = None

    @property
    def display_name(self) -> str:
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        return self.name or full or self.email_id or self.id


class AgentsAPI(OrgResource):
    async def page(self, *, start: int = 0, limit: int = MAX_LIMIT, **filters: Any) -> list[Agent]:
        """One page; `filters` are Zoho's query names (status, departmentIds, searchStr, include...)."""
        rows = await self._rows("/agents", without_none(filters), start, limit)
        return [Agent.model_validate(r) for r in rows]

    async def iterate(self, *, max_items: int | None = None, **filters: Any) -> AsyncIterator[Agent]:
        async for row in self._walk("/agents", without_none(filters), page_size=MAX_LIMIT, max_items=max_items):
            yield Agent.model_validate(row)

    async def all(self, **filters: Any) -> list[Agent]:
        return [a async for a in self.iterate(**filters)]

    async def get(self, agent_id: str, *, include: Sequence[str] | None = None) -> Agent:
        return parse(Agent, await self._get(f"/agents/{agent_id}", without_none({"include": include})))

    async def me(self) -> Agent:
        """The agent who owns the token (`GET /myinfo`)."""
        return parse(Agent, await self._get("/myinfo"))

    async def add(
        self,
        *,
        email_id: str,
        last_name: str,
        department_ids: Sequence[str],
        role_permission_type: str = "AgentPublic",
        first_name: str | None = None,
        **more: Any,
    ) -> Agent:
        """Invite an agent (Zoho e-mails them); `more` takes further Zoho fields by their camelCase names."""
        body = without_none(
            {
                "emailId": email_id,
                "lastName": last_name,
                "firstName": first_name,
                "associatedDepartmentIds": list(department_ids),
                "rolePermissionType": role_permission_type,
                **more,
            }
        )
        return parse(Agent, await self._post("/agents", body))

    async def deactivate(self, agent_id: str) -> None:
        await self._post(f"/agents/{agent_id}/deactivate")

    async def activate(self, agent_ids: Sequence[str]) -> None:
        await self._post("/agents/activate", {"agentIds": list(agent_ids)})
