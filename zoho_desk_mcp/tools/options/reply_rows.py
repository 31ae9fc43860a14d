"""list_options rows for replies: each department's reply (From) addresses and its e-mail templates.

Both come from the replies domain's per-process cache, so listing them right before send_reply or draft_reply
makes those calls no dearer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ...client import Choice
from ..kit.context import DeskServices
from ..replies.compose import reply_addresses, templates

T = TypeVar("T")


async def per_department(
    svc: DeskServices, org_id: str, rows_of: Callable[[Choice], Awaitable[list[T]]]
) -> list[tuple[Choice, list[T]]]:
    departments = await svc.resolver.choices("departments", org_id)
    found = await asyncio.gather(*(rows_of(d) for d in departments))
    return list(zip(departments, found, strict=True))


def matches(search: str | None, *texts: str | None) -> bool:
    wanted = (search or "").strip().casefold()
    return not wanted or any(wanted in (t or "").casefold() for t in texts)


async def reply_address_rows(svc: DeskServices, org_id: str, search: str | None) -> list[dict[str, object]]:
    """One row per address: `isDefault` marks what send_reply uses when no fromAddress is given."""
    portal = svc.client.org(org_id)
    rows: list[dict[str, object]] = []
    for department, found in await per_department(svc, org_id, lambda d: reply_addresses(svc, portal, d.id)):
        default = next((a.id for a in found if a.is_active is not False), None)
        rows += [
            {
                "id": a.id,
                "name": a.address,
                "department": department.name,
                "isDefault": a.id == default,
                "status": "ACTIVE" if a.is_active is not False else "INACTIVE",
            }
            for a in found
            if matches(search, a.address, a.display_name, department.name)
        ]
    return rows


async def template_rows(svc: DeskServices, org_id: str, search: str | None) -> list[dict[str, object]]:
    portal = svc.client.org(org_id)
    rows: list[dict[str, object]] = []
    for department, found in await per_department(svc, org_id, lambda d: templates(svc, portal, d.id)):
        rows += [
            {"id": t.template_id, "name": t.template_name, "department": department.name, "subject": t.subject}
            for t in found
            if matches(search, t.template_name, department.name)
        ]
    return rows
