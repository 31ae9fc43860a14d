"""The `accounts` rows of list_options: accounts by name, found through Zoho's account search or listed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..kit.context import DeskServices

if TYPE_CHECKING:
    from ..options.dropdowns import Option

LISTED = 200  # accounts listed without a search; beyond that, search narrows them
SEARCH_CHARS = 98


async def account_rows(svc: DeskServices, org_id: str, search: str | None) -> list[Option]:
    """Accounts whose name contains the search words (any case), or the first accounts without a search."""
    from ..options.dropdowns import Option  # options imports this module when asked for accounts

    api = svc.client.org(org_id).accounts
    words = " ".join((search or "").replace("*", " ").replace(",", " ").split())[:SEARCH_CHARS]
    if words:
        found = (await api.search(accountName=f"*{words}*", limit=100, sortBy="accountName")).rows
    else:
        found = [a async for a in api.iterate(max_items=LISTED, sort_by="accountName")]
    return [Option(id=a.id, name=a.name) for a in found]
