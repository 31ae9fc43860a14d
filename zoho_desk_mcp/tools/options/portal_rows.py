"""list_options rows that come from the portal's own setup: its ticket views and its custom ticket fields."""

from __future__ import annotations

from ..kit.context import DeskServices
from ..tickets.portal_meta import custom_fields, views
from .dropdowns import Option


def _wanted(search: str | None, *texts: str | None) -> bool:
    needle = (search or "").strip().casefold()
    return not needle or any(needle in (text or "").casefold() for text in texts)


async def view_rows(svc: DeskServices, org_id: str, search: str | None) -> list[Option]:
    """The ticket views (list_tickets and get_ticket_counts take their name or ID as `view`)."""
    return [Option(id=v.id, name=v.name) for v in await views(svc, org_id) if _wanted(search, v.name)]


async def custom_field_rows(svc: DeskServices, org_id: str, search: str | None) -> list[Option]:
    """The custom ticket fields (customFields takes the label or API name); none when they cannot be read."""
    rows = []
    for field in await custom_fields(svc, org_id) or []:
        if _wanted(search, field.display_label, field.api_name, *(field.allowed_values or [])):
            rows.append(
                Option(
                    id=field.api_name,
                    name=field.display_label or field.api_name,
                    apiName=field.api_name,
                    type=field.type,
                    allowedValues=field.allowed_values,
                )
            )
    return rows
