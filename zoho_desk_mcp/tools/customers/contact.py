"""get_contact and search_contacts: who is writing, their account, how often they write, their newest tickets."""

from __future__ import annotations

from typing import Annotated

from mcp.types import CallToolResult
from pydantic import Field

from ...client import NotFoundError, ResolutionError
from ..kit.args import Organization, from_alias, page_from, page_limit
from ..kit.context import Ctx, services
from ..kit.errors import InputError
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from ..tickets.models import row
from .lookup import account_choice, contact_id
from .models import RECENT, ContactDetail, ContactList, card_fields, contact_row, counts

TICKET_INCLUDES = ("departments", "assignee")
SEARCH_FROM_MAX = 1_000  # Zoho's search `from` stops at 999 (0-based)
SEARCH_CHARS = 98  # `_all` takes 100 characters; two are our wildcards
Contact_ = Annotated[str, Field(description="Name, e-mail, phone or ID")]


@desk_tool(
    name="get_contact",
    title="Get contact",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.contacts.READ", "Desk.contacts.ALL"), ("Desk.tickets.READ", "Desk.tickets.ALL"),
            "Desk.search.READ"],
)
async def get_contact(
    ctx: Ctx, orgId: OrgId, *, organization: Organization = None, contact: Contact_
) -> CallToolResult:
    """A contact with its account, ticket counts by status and newest tickets: who is writing and how often."""
    svc = services(ctx)
    found_id = await contact_id(svc, orgId, contact)
    api = svc.client.org(orgId).contacts
    try:
        found = await api.get(found_id, include=["accounts"])
    except NotFoundError:
        raise ResolutionError("contact", contact, []) from None
    statistics = await api.statistics(found_id)
    tickets = await api.tickets(found_id, limit=RECENT, include=TICKET_INCLUDES)
    return answer(ContactDetail.model_validate({
        **card_fields(found), "tickets": counts(statistics), "recent_tickets": [row(t, []) for t in tickets],
    }))


def text_criteria(text: str | None) -> dict[str, str]:
    """Zoho's `_all` as "these words anywhere" (`*words*`), as search_tickets does."""
    words = " ".join((text or "").replace("*", " ").replace(",", " ").split())
    if not words:
        return {}
    if len(words) > SEARCH_CHARS:
        raise InputError(f"text is at most {SEARCH_CHARS} characters: words of a name, an e-mail or a phone")
    return {"_all": f"*{words}*"}


@desk_tool(
    name="search_contacts",
    title="Search contacts",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.contacts.READ", "Desk.contacts.ALL"), "Desk.search.READ"],
)
@from_alias
async def search_contacts(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    text: str | None = None,
    account: str | None = None,
    from_: Annotated[int, page_from(SEARCH_FROM_MAX)] = 1,
    limit: Annotated[int, page_limit(100, 25)] = 25,
) -> CallToolResult:
    """Find contacts by words in their name, e-mail or phone, optionally within one account."""
    svc = services(ctx)
    criteria = text_criteria(text)
    account_id = None
    if account is not None and account.strip():
        chosen = await account_choice(svc, orgId, account)
        account_id = chosen.id
        criteria["accountName"] = " ".join(chosen.name.replace(",", " ").replace("*", " ").split())
    found = await svc.client.org(orgId).contacts.find(start=from_ - 1, limit=limit, **criteria)
    rows = [c for c in found.rows if account_id is None or (c.account is not None and c.account.id == account_id)]
    seen = from_ - 1 + len(found.rows)
    has_more = found.count is not None and seen < found.count and seen < SEARCH_FROM_MAX
    return answer(ContactList.model_validate({
        "contacts": [contact_row(c) for c in rows], "count": len(rows), "from": from_, "limit": limit,
        "has_more": has_more, "next_from": seen + 1 if has_more else None,
    }))
