"""Fields of a module (`GET /organizationFields`): system fields and the portal's custom `cf_…` fields."""

from __future__ import annotations

import builtins

from .models import ZohoModel, parse_rows
from .pagination import rows_of
from .resource import OrgResource, without_none


class DeskField(ZohoModel):
    """One field: its label, API name (`cf_service_plan` for custom ones), type and picklist values."""

    id: str
    api_name: str
    display_label: str | None = None
    type: str | None = None
    is_custom_field: bool = False
    is_mandatory: bool | None = None
    max_length: int | None = None
    allowed_values: list[str] | None = None


class FieldsAPI(OrgResource):
    async def list(self, *, module: str = "tickets", department_id: str | None = None) -> list[DeskField]:
        """Every field of the module in one call (the endpoint is not paged)."""
        body = await self._get("/organizationFields", without_none({"module": module, "departmentId": department_id}))
        return parse_rows(DeskField, rows_of(body))

    async def custom(
        self, *, module: str = "tickets", department_id: str | None = None
    ) -> builtins.list[DeskField]:
        """Only the custom fields (the ones `cf` and `customFields` carry)."""
        return [f for f in await self.list(module=module, department_id=department_id) if f.is_custom_field]
