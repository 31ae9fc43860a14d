"""suggest_articles: the help-centre articles Zoho suggests for a ticket (its words against the articles')."""

from __future__ import annotations

from typing import Annotated

from mcp.types import CallToolResult

from ...client import NotFoundError
from ..kit.args import Organization, Ticket_, no_ticket, page_limit, ticket_id_of
from ..kit.context import Ctx, services
from ..kit.output import answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from .models import Suggestions, article_row

NONE_FOUND = "Zoho suggests no article for this ticket; search_articles with words of its subject may find one."


@desk_tool(
    name="suggest_articles",
    title="Suggest articles",
    toolset="knowledge",
    also=("tickets",),
    read_only=True,
    idempotent=True,
    scopes=[("Desk.articles.READ", "Desk.articles.ALL"), ("Desk.tickets.READ", "Desk.tickets.ALL")],
)
async def suggest_articles(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    ticket: Ticket_,
    limit: Annotated[int, page_limit(50, 5)] = 5,
) -> CallToolResult:
    """Knowledge-base articles that may answer a ticket, best match first: check them before writing a reply."""
    svc = services(ctx)
    ticket_id = await ticket_id_of(ctx, orgId, ticket)
    try:
        found = await svc.client.org(orgId).articles.suggestions(ticket_id, limit=limit, department_id=None)
    except NotFoundError:
        raise no_ticket(ticket) from None
    rows = [article_row(a, with_status=False) for a in found]
    return answer(Suggestions(ticket_id=ticket_id, articles=rows, note=None if rows else NONE_FOUND))
