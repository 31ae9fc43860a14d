"""get_account: a customer company, its contacts (how many, the first few), ticket counts and newest tickets."""

from __future__ import annotations

from mcp.types import CallToolResult

from ...client import Contact
from ...client.pagination import collect, paginate
from ..kit.args import Organization
from ..kit.context import Ctx, services
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from ..tickets.models import row
from .lookup import account_choice
from .models import FIRST_CONTACTS, RECENT, AccountDetail, account_fields, contact_row, counts

TICKET_INCLUDES = ("departments", "assignee", "contacts")
PAGE = 99  # Account.json: an account's contacts come at most 99 a page
MAX_COUNTED = 990  # contacts counted at most (ten pages); beyond that the count says "at least"


@desk_tool(
    name="get_account",
    title="Get account",
    toolset="tickets",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.contacts.READ", "Desk.contacts.ALL"), ("Desk.tickets.READ", "Desk.tickets.ALL"),
            "Desk.search.READ"],
)
async def get_account(ctx: Ctx, orgId: OrgId, *, organization: Organization = None, account: str) -> CallToolResult:
    """A customer account (company) with its contacts, ticket counts by status and newest tickets."""
    svc = services(ctx)
    api = svc.client.org(orgId).accounts
    chosen = await account_choice(svc, orgId, account)
    found = await api.get(chosen.id)

    async def page(start: int, limit: int) -> list[Contact]:
        return await api.contacts(found.id, start=start, limit=limit)

    members = await collect(paginate(page, page_size=PAGE, max_items=MAX_COUNTED))
    statistics = await api.statistics(found.id)
    tickets = await api.tickets(found.id, limit=RECENT, include=TICKET_INCLUDES)
    first = [contact_row(c) for c in members[:FIRST_CONTACTS]]
    return answer(AccountDetail.model_validate({
        **account_fields(found),
        "contacts": {"count": len(members), "first": first},
        "tickets": counts(statistics),
        "recent_tickets": [row(t, []) for t in tickets],
    }))
