"""list_options kind `tags`: every department's tags (Zoho keeps tags per department), most used first.

One call per department, all at once (departments come from the resolver's cache); `search` keeps the tags whose
name contains it, any case. Tag names are written by agents, but their fence markers are neutralised all the same.
"""

from __future__ import annotations

import asyncio

from ...client import Tag
from ..kit.context import DeskServices
from ..kit.text import neutralise
from .dropdowns import Option


async def tag_rows(svc: DeskServices, org_id: str, search: str | None) -> list[Option]:
    departments = await svc.resolver.choices("departments", org_id)
    tags = svc.client.org(org_id).tags
    found: list[list[Tag]] = list(
        await asyncio.gather(*(tags.of_department(d.id, sort_by="count") for d in departments))
    )
    wanted = " ".join((search or "").split()).casefold()
    return [
        Option(id=tag.id, name=neutralise(tag.name), department=dept.name, departmentId=dept.id,
               tickets=int(tag.ticket_count or "0") if (tag.ticket_count or "").isdigit() else None)
        for dept, rows in zip(departments, found, strict=True)
        for tag in rows
        if wanted in tag.name.casefold()
    ]
