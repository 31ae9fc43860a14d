"""E-mail templates (EmailTemplates.json): a department's templates, one template, and rendering one for a ticket.

The list is a bare JSON array paged by a 1-based `from` and a `limit` of at most 50. Rendering is a POST that
only reads; Zoho fills `${Cases.…}`/`${Contacts.…}` placeholders for the ticket and returns subject and body.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .errors import UnexpectedResponseError
from .models import ZohoModel, parse
from .pagination import paginate
from .resource import OrgResource, without_none

MAX_LIMIT = 50


class TemplateFolder(ZohoModel):
    folder_id: str | None = None
    folder_name: str | None = None


class Template(ZohoModel):
    template_id: str
    template_name: str
    record_type: str | None = None
    subject: str | None = None
    body: str | None = None
    department_id: str | None = None
    category: str | None = None
    content_type: str | None = None
    folder_id: str | None = None
    folder: TemplateFolder | None = None


class RenderedTemplate(ZohoModel):
    subject: str | None = None
    body: str | None = None
    attachments: list[dict[str, Any]] | None = None


def template_rows(body: Any) -> list[dict[str, Any]]:
    """The list answer: a bare array ([] or HTTP 204 when there is nothing)."""
    if body is None:
        return []
    if not isinstance(body, list):
        raise UnexpectedResponseError("expected a JSON array of templates from Zoho Desk")
    return [row for row in body if isinstance(row, dict)]


class TemplatesAPI(OrgResource):
    def iterate(
        self, department_id: str, *, search: str | None = None, module: str = "tickets"
    ) -> AsyncIterator[dict[str, Any]]:
        params = without_none({"departmentId": department_id, "module": module, "searchStr": search})

        async def fetch(start: int, limit: int) -> list[dict[str, Any]]:
            return template_rows(await self._get("/templates", {**params, "from": start + 1, "limit": limit}))

        return paginate(fetch, page_size=MAX_LIMIT)

    async def list(self, department_id: str, *, search: str | None = None, module: str = "tickets") -> list[Template]:
        """The department's templates; `search` is Zoho's `searchStr` (`abc*` starts with, `*abc*` contains)."""
        rows = [row async for row in self.iterate(department_id, search=search, module=module)]
        return [Template.model_validate(row) for row in rows]

    async def get(self, template_id: str) -> Template:
        return parse(Template, await self._get(f"/templates/{template_id}"))

    async def render(self, template_id: str, ticket_id: str) -> RenderedTemplate:
        """The template filled in for the ticket, as a reply editor would show it."""
        body = await self._post(
            f"/templates/{template_id}/render", {"source": "TICKET_REPLY"}, params={"entityId": ticket_id}
        )
        return parse(RenderedTemplate, body)
