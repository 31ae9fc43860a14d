"""The zohodesk:// dropdown resources, their templates and the completion of `orgId` and `ticketId`.

Reads go through the same DeskServices (client and resolver cache) as the tools. Template handlers get them from
their `Context`; the SDK (2.3.0) injects no Context into a static resource or the completion handler, so those two
ask the server for its process-level services (`current`), which are open whenever a request is being served.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from mcp.types import Completion, CompletionArgument, CompletionContext, PromptReference, ResourceTemplateReference
from pydantic import BaseModel

from ...auth.errors import AuthError
from ...client import NotFoundError, ResolutionError, ZohoDeskError
from ..kit.context import Ctx, DeskServices, services
from ..kit.errors import describe
from ..kit.output import Ref, compact_json, dump
from ..kit.text import neutralise
from .dropdowns import Kind, options, organization_ref
from .recent import COMPLETION_MAX_AGE, recent_tickets, ticket_view

JSON = "application/json"
ROOT = "zohodesk://organizations"
MAX_COMPLETIONS = 100  # the protocol's cap on values per completion
LISTS: dict[Kind, tuple[str, str]] = {
    "departments": ("Departments", "Departments of the organization: id, name, isEnabled."),
    "agents": ("Agents", "Agents: id, name, email, status (ACTIVE/DISABLED), role, departments."),
    "teams": ("Teams", "Teams: id, name, and the department (id and name) each belongs to."),
    "products": ("Products", "Products: id, name, productCode."),
    "ticket-fields": (
        "Ticket field values",
        "Allowed status, priority, channel, classification and language values: Zoho Desk's defaults "
        "(a portal may have customised them).",
    ),
}

@contextmanager
def _resource_errors() -> Iterator[None]:
    """Unknown organizations and tickets become not-found; other Desk failures a readable resource error."""
    try:
        yield
    except (ResolutionError, NotFoundError) as error:
        raise ResourceNotFoundError(neutralise(describe(error))) from None
    except (ZohoDeskError, AuthError) as error:
        raise ResourceError(neutralise(describe(error))) from None


def _json(model: BaseModel) -> str:
    """The resource body: the same JSON the tools' structured output carries (camelCase, no nulls)."""
    return compact_json(dump(model))


async def _organization(svc: DeskServices, org: str) -> Ref:
    """The organization an `orgId` names (its ID, or also its name or portal name)."""
    return await organization_ref(svc, await svc.resolver.organization(org))


def register_resources(server: MCPServer, current: Callable[[], DeskServices]) -> None:
    """Add the resources and resource templates (and their completion) to the server.

    `current` returns the server's open DeskServices, for the handlers the SDK gives no Context.
    """

    @server.resource(ROOT, name="organizations", title="Organizations", mime_type=JSON)
    async def organizations() -> str:
        """The Zoho Desk organizations (portals) the token reaches: id, name, portalName, edition."""
        svc = current()
        with _resource_errors():
            return _json(await options(svc, "organizations", None))

    for kind, (title, description) in LISTS.items():
        _register_list(server, kind, title, description)
    _register_tickets(server)
    server.completion()(functools.partial(_complete, current))  # type: ignore[no-untyped-call]  # SDK: untyped


def _register_list(server: MCPServer, kind: Kind, title: str, description: str) -> None:
    async def read(orgId: str, ctx: Ctx) -> str:
        svc = services(ctx)
        with _resource_errors():
            org = await _organization(svc, orgId)
            return _json(await options(svc, kind, org.id))

    uri = f"{ROOT}/{{orgId}}/{kind}"
    server.resource(uri, name=kind, title=title, description=description, mime_type=JSON)(read)


def _register_tickets(server: MCPServer) -> None:
    @server.resource(
        f"{ROOT}/{{orgId}}/tickets",
        name="recent-tickets",
        title="Recent tickets",
        description="The newest 50 tickets, newest first, as list_tickets rows (id, ticketNumber, subject, status...).",
        mime_type=JSON,
    )
    async def tickets(orgId: str, ctx: Ctx) -> str:
        svc = services(ctx)
        with _resource_errors():
            return _json(await recent_tickets(svc, await _organization(svc, orgId)))

    @server.resource(
        f"{ROOT}/{{orgId}}/tickets/{{ticketId}}",
        name="ticket",
        title="Ticket",
        description="One ticket by ID (or ticket number), as get_ticket shows it; the description is fenced text.",
        mime_type=JSON,
    )
    async def ticket(orgId: str, ticketId: str, ctx: Ctx) -> str:
        svc = services(ctx)
        with _resource_errors():
            org = await _organization(svc, orgId)
            ticket_id = await svc.resolver.ticket(org.id, ticketId)
            return _json(await ticket_view(svc, org.id, ticket_id))


async def _complete(
    current: Callable[[], DeskServices],
    ref: PromptReference | ResourceTemplateReference,
    argument: CompletionArgument,
    context: CompletionContext | None,
) -> Completion | None:
    """The server's one completion handler: `orgId` and `ticketId` of the zohodesk:// templates."""
    if not isinstance(ref, ResourceTemplateReference) or not ref.uri.startswith(ROOT):
        return None
    try:
        if argument.name == "orgId":
            return await _complete_org(current(), argument.value)
        if argument.name == "ticketId":
            given = (context.arguments or {}).get("orgId") if context else None
            return await _complete_ticket(current(), given, argument.value)
    except (ZohoDeskError, AuthError):
        return None  # a completion is a hint: no values rather than an error
    return None


def _completion(values: list[str]) -> Completion:
    return Completion(values=values[:MAX_COMPLETIONS], total=len(values), has_more=len(values) > MAX_COMPLETIONS)


async def _complete_org(svc: DeskServices, typed: str) -> Completion:
    """Organization IDs whose ID, name or portal name starts with what was typed (case-insensitive)."""
    prefix = typed.strip().casefold()
    orgs = await svc.resolver.choices("organizations")
    found = [o.id for o in orgs if any(t.casefold().startswith(prefix) for t in (o.id, o.name, *o.aliases))]
    return _completion(found)


async def _complete_ticket(svc: DeskServices, org: str | None, typed: str) -> Completion:
    """Recent ticket IDs whose ID or ticket number starts with what was typed (`#101` or `101` finds #101)."""
    try:
        org_id = await svc.resolver.organization(org)
    except ResolutionError:
        return _completion([])
    recent = await recent_tickets(svc, await organization_ref(svc, org_id), max_age=COMPLETION_MAX_AGE)
    prefix = typed.strip()
    number = prefix.removeprefix("#").strip()
    found = [
        t.id
        for t in recent.tickets
        if t.id.startswith(prefix) or (number and (t.ticket_number or "").startswith(number))
    ]
    return _completion(found)
