"""Organizations (Desk portals): the ones the token reaches, and one by ID. The only calls without `orgId`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from .models import ZohoModel, parse, parse_rows
from .pagination import rows_of

if TYPE_CHECKING:
    from .core import DeskClient


class Organization(ZohoModel):
    id: str
    company_name: str | None = None
    portal_name: str | None = None
    portal_url: str | None = Field(default=None, alias="portalURL")
    edition: str | None = None
    is_default: bool | None = None
    is_admin_in_org: bool | None = None
    time_zone: str | None = None

    @property
    def name(self) -> str:
        return self.company_name or self.portal_name or self.id


class OrganizationsAPI:
    """Listing also tunes the client's concurrency cap per portal to the portal's edition."""

    def __init__(self, client: DeskClient) -> None:
        self.client = client

    async def list(self) -> list[Organization]:
        orgs = parse_rows(Organization, rows_of(await self.client.get("/organizations", org_id=None)))
        for org in orgs:
            self.client.set_edition(org.id, org.edition)
        return orgs

    async def get(self, org_id: str) -> Organization:
        return parse(Organization, await self.client.get(f"/organizations/{org_id}", org_id=None))
