"""search_tickets: Zoho's ticket search (text, people, dropdown values, date ranges), slim rows paged like list_tickets.

Text arguments match case-insensitively anywhere in the field: the tool wraps each comma-separated value in
Zoho's `*…*` wildcards, so `reset password` finds "Cannot reset password" (commas separate alternatives). `text`
is Zoho's `_all`: the subject, description and the ticket's other text columns (contact name, e-mail, ...).
Dates become Zoho's `start,end` ranges in its only accepted form; a plain date as an end means the whole day.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from mcp.types import CallToolResult
from pydantic import Field

from ...client import Portal, SearchPage, Ticket
from ...client.matching import normalized
from ..kit.args import Organization, from_alias, opt, page_from, page_limit, zoho_datetime
from ..kit.context import Ctx, DeskServices, services
from ..kit.errors import InputError
from ..kit.output import answer
from ..kit.people import AssigneeValue, ContactValue
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from . import arguments as a
from .fields import CHOICES, allowed_list
from .listing import ROWS_BUDGET
from .models import TicketList, fit, row
from .tagging import search_tag

MAX_FROM = 999
SCAN_PAGE = 100
UNASSIGNED = "unassigned"  # Zoho's search reaches positions 0-999 (Search.json / fact sheet §6.3)
EARLIEST = "2000-01-01T00:00:00.000Z"  # an open-ended range still needs both ends
LATEST = "2100-01-01T00:00:00.000Z"
EMPTY_CHECKS = ("${empty}", "${notempty}")
# Zoho's maximum length per search parameter (Search.json), with the wildcards the tool adds.
MAX_CHARS = {"_all": 100, "subject": 1000, "description": 65_535, "contactName": 200, "email": 255, "category": 255}
SortBy = Literal[
    "relevance", "-relevance", "createdTime", "-createdTime", "modifiedTime", "-modifiedTime",
    "customerResponseTime", "-customerResponseTime",
]


class SearchResults(TicketList):
    total: int | None = Field(default=None, description="How many tickets match in all (Zoho's count)")


def wildcard(value: str, argument: str, param: str) -> str:
    """Zoho's search value for "these words anywhere": `*words*` per comma-separated alternative."""
    parts: list[str] = []
    for part in value.split(","):
        if part.replace(" ", "").lower() in EMPTY_CHECKS:
            parts.append(part.strip())
            continue
        words = " ".join(part.replace("*", " ").split())
        if words:
            parts.append(f"*{words}*")
    if not parts:
        raise InputError(f"{argument} has no words to search for")
    joined = ",".join(parts)
    if len(joined) > MAX_CHARS[param]:
        raise InputError(f"{argument} is too long: Zoho searches at most {MAX_CHARS[param] - 2} characters there")
    return joined


def time_range(start: str | None, end: str | None, name: str) -> str | None:
    """Zoho's `start,end` range; a missing end is open. A plain date as the end means the end of that day."""
    start, end = (start or "").strip(), (end or "").strip()
    if not start and not end:
        return None
    low = zoho_datetime(start, f"{name}From") if start else EARLIEST
    high = zoho_datetime(end, f"{name}To", end_of_day=True) if end else LATEST
    if low > high:
        raise InputError(f"{name}From ({start}) is after {name}To ({end})")
    return f"{low},{high}"


async def contact_criteria(svc: DeskServices, org_id: str, contact: str) -> dict[str, str]:
    """One contact by e-mail, ID or name: two contacts of the same name are an error listing both (with their
    e-mails), never a silent merge of two customers' histories."""
    return {"contactId": await svc.resolver.contact(org_id, contact.strip())}


def plain_criteria(args: Mapping[str, Any]) -> dict[str, Any]:
    """The criteria that need no lookups: text, dropdown values and dates (checked before any call)."""
    found: dict[str, Any] = {}
    for argument, param in (("text", "_all"), ("subject", "subject"), ("description", "description"),
                            ("email", "email"), ("category", "category")):
        if (args.get(argument) or "").strip():
            found[param] = wildcard(args[argument], argument, param)
    if (args.get("tag") or "").strip():
        found["tag"] = search_tag(args["tag"])
    for name in ("status", "priority", "channel"):
        chosen = allowed_list(args.get(name), CHOICES[name], name)
        if chosen:
            found[name] = ",".join(chosen)
    for name, param in (("created", "createdTimeRange"), ("modified", "modifiedTimeRange")):
        found[param] = time_range(args.get(f"{name}From"), args.get(f"{name}To"), name)
    found["sortBy"] = args.get("sortBy")
    return {k: v for k, v in found.items() if v is not None}


async def criteria(svc: DeskServices, org_id: str, args: Mapping[str, Any]) -> dict[str, Any]:
    found = plain_criteria(args)
    if (args.get("contact") or "").strip():
        found.update(await contact_criteria(svc, org_id, args["contact"]))
    if (args.get("department") or "").strip():
        found["departmentId"] = await svc.resolver.department(org_id, args["department"])
    assignee = (args.get("assignee") or "").strip()
    if assignee and normalized(assignee) != UNASSIGNED:  # Zoho's search has no "unassigned": see unassigned_page
        found["assigneeId"] = await svc.resolver.agent(org_id, assignee)
    return found


async def unassigned_page(portal: Portal, query: dict[str, Any], start: int, limit: int) -> SearchPage:
    """Zoho's search cannot ask for unassigned tickets: scan its matches (at most its first 1000) and keep those
    without an assignee; the count is then what the scan found."""
    kept: list[Ticket] = []
    for position in range(0, MAX_FROM + 1, SCAN_PAGE):
        page = await portal.tickets.search(start=position, limit=SCAN_PAGE, **query)
        kept += [t for t in page.tickets if not t.assignee_id]
        if len(page.tickets) < SCAN_PAGE or len(kept) > start + limit:
            break
    return SearchPage(kept[start : start + limit], len(kept))


@desk_tool(
    name="search_tickets", title="Search tickets", toolset="tickets", read_only=True, idempotent=True,
    scopes=[("Desk.tickets.READ", "Desk.tickets.ALL"), "Desk.search.READ"],
)
@from_alias
async def search_tickets(
    ctx: Ctx,
    *,
    organization: Organization = None,
    org_id: OrgId,
    picked_contact: ContactValue,
    picked_assignee: AssigneeValue,
    text: Annotated[str | None, opt("Words in subject or description")] = None,
    subject: str | None = None,
    description: str | None = None,
    contact: Annotated[str | None, opt("Name, e-mail or ID")] = None,
    email: str | None = None,
    status: a.Statuses = None,
    priority: a.Priorities = None,
    channel: a.Channels = None,
    category: str | None = None,
    tag: str | None = None,
    department: str | None = None,
    assignee: Annotated[str | None, opt("Agent, me, or Unassigned")] = None,
    createdFrom: Annotated[str | None, opt("Date or date-time")] = None,
    createdTo: str | None = None,
    modifiedFrom: str | None = None,
    modifiedTo: str | None = None,
    sortBy: Annotated[SortBy | None, opt("- prefix: descending")] = None,
    from_: Annotated[int, page_from(MAX_FROM + 1)] = 1,
    limit: Annotated[int, page_limit()] = 25,
) -> CallToolResult:
    """Search tickets; all given criteria must match. Text arguments match words anywhere, any case; commas
    separate alternatives. Zoho's search reaches the first 1000 matches."""
    svc = services(ctx)
    args = {
        "text": text, "subject": subject, "description": description, "contact": picked_contact, "email": email,
        "status": status, "priority": priority, "channel": channel, "category": category, "department": department,
        "assignee": picked_assignee, "createdFrom": createdFrom, "createdTo": createdTo, "modifiedFrom": modifiedFrom,
        "modifiedTo": modifiedTo, "sortBy": sortBy, "tag": tag,
    }  # fmt: skip
    query = await criteria(svc, org_id, args)
    portal = svc.client.org(org_id)
    if normalized(picked_assignee) == UNASSIGNED:
        page = await unassigned_page(portal, query, from_ - 1, limit)
    else:
        page = await portal.tickets.search(start=from_ - 1, limit=limit, **query)
    rows = [row(t, []) for t in page.tickets]
    shown_to = from_ - 1 + len(rows)
    more = shown_to < page.count if page.count is not None else len(rows) == limit
    next_from = shown_to + 1 if more and rows else None
    notes = [fit(rows, ROWS_BUDGET)]
    if next_from is not None and next_from > MAX_FROM + 1:
        next_from = None
        notes.append("Zoho's search reaches only the first 1000 matches: narrow the search to see the rest.")
    return answer(SearchResults.model_validate(
        {"tickets": rows, "count": len(rows), "from": from_, "limit": limit, "has_more": more,
         "next_from": next_from, "note": " ".join(n for n in notes if n) or None, "total": page.count}
    ))
