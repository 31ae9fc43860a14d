"""A department's reply (From) addresses (MailReplyAddress.json): the addresses a reply may be sent from."""

from __future__ import annotations

from collections.abc import AsyncIterator

from .models import ZohoModel
from .resource import OrgResource, without_none

PAGE_SIZE = 50  # MailReplyAddress.json sets no maximum; a department has a handful


class ReplyAddress(ZohoModel):
    id: str
    address: str
    display_name: str | None = None
    department_id: str | None = None
    is_active: bool | None = None
    is_verified: bool | None = None
    is_smtp_enabled: bool | None = None
    service_provider_type: str | None = None
    created_time: str | None = None
    modified_time: str | None = None


class ReplyAddressesAPI(OrgResource):
    async def iterate(self, department_id: str, *, is_active: bool | None = None) -> AsyncIterator[ReplyAddress]:
        params = without_none({"departmentId": department_id, "isActive": is_active})
        async for row in self._walk("/mailReplyAddress", params, page_size=PAGE_SIZE):
            yield ReplyAddress.model_validate(row)

    async def list(self, department_id: str, *, is_active: bool | None = None) -> list[ReplyAddress]:
        """The department's From addresses in Zoho's order (the sandbox lists the default first)."""
        return [a async for a in self.iterate(department_id, is_active=is_active)]

    async def default(self, department_id: str) -> ReplyAddress | None:
        """The address a reply goes out from when none is chosen: the first active one (Zoho marks no default)."""
        for address in await self.list(department_id):
            if address.is_active is not False:
                return address
        return None
