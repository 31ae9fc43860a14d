"""Assignee and contact arguments filled by SDK resolvers: a name two people share is asked of the user.

As for organizations and departments (kit/pickers.py): when the name matches several agents or contacts and the
client supports elicitation, the user picks one from the matches; without elicitation — or when nothing matches —
the tool fails with the error that lists the choices. Anything that needs no question passes through unchanged
(an e-mail, an ID, `me`, `Unassigned`, a name that matches one person: the resolver caches it, so the tool's own
lookup costs nothing), so the tool's handling of them stays as it is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from pydantic import BaseModel

from ...client import Choice, ResolutionError
from ...client.matching import normalized
from .context import Ctx, services
from .errors import as_tool_errors
from .pickers import Picked, can_elicit, choice_model, labels, organization_id

PASS_THROUGH = ("me", "unassigned", "none")


def needs_no_question(value: str | None) -> bool:
    text = (value or "").strip()
    return not text or "@" in text or text.isdigit() or normalized(text) in PASS_THROUGH


def ask(ctx: Ctx, error: ResolutionError, field: str, value: str) -> Elicit[BaseModel]:
    """The question listing the matches, or the error itself when the user cannot be asked (or nothing matched)."""
    if not error.ambiguous or not error.choices or not can_elicit(ctx):
        raise ToolError(str(error))
    options = list(labels(error.choices))
    message = f"{field.title()} {value[:100]!r} matches {len(options)} people. Which one?"
    return Elicit(message, choice_model(field, options, f"The {field} to use"))


def picked_id(choices: list[Choice], picked: Any, field: str) -> str:
    label = getattr(picked, field, None)
    by_label = labels(choices)
    if label not in by_label:
        raise ToolError(f"the chosen {field} {label!r} is not one of the offered values")
    return by_label[label]


async def passed_or_asked(
    ctx: Ctx, value: str | None, field: str, lookup: Callable[[str], Awaitable[str]]
) -> Picked | Elicit[BaseModel]:
    """The value as given when it needs no question (the lookup is cached, so the tool's own costs nothing), or the
    question when it names several people."""
    text = value or ""
    if needs_no_question(text):
        return Picked(id=text)
    with as_tool_errors():
        try:
            await lookup(text)
            return Picked(id=text)
        except ResolutionError as error:
            return ask(ctx, error, field, text)


async def pick_assignee(
    ctx: Ctx, org_id: Annotated[str, Resolve(organization_id)], assignee: str | None = None
) -> Picked | Elicit[BaseModel]:
    return await passed_or_asked(ctx, assignee, "assignee", lambda text: services(ctx).resolver.agent(org_id, text))


async def assignee_value(
    ctx: Ctx, org_id: Annotated[str, Resolve(organization_id)], picked: Annotated[Any, Resolve(pick_assignee)]
) -> str:
    """The assignee as the tool should read it: the agent's ID after a question, else the argument as given."""
    if isinstance(picked, Picked):
        return picked.id
    with as_tool_errors():
        return picked_id(await services(ctx).resolver.choices("agents", org_id), picked, "assignee")


async def pick_contact(
    ctx: Ctx, org_id: Annotated[str, Resolve(organization_id)], contact: str | None = None
) -> Picked | Elicit[BaseModel]:
    return await passed_or_asked(ctx, contact, "contact", lambda text: services(ctx).resolver.contact(org_id, text))


async def contact_value(
    ctx: Ctx,
    org_id: Annotated[str, Resolve(organization_id)],
    picked: Annotated[Any, Resolve(pick_contact)],
    contact: str | None = None,
) -> str:
    """The contact as the tool should read it: the contact's ID after a question, else the argument as given."""
    if isinstance(picked, Picked):
        return picked.id
    with as_tool_errors():
        try:
            await services(ctx).resolver.contact(org_id, contact or "")
        except ResolutionError as error:  # the same ambiguity the question was about: its matches map the label
            return picked_id(list(error.choices or []), picked, "contact")
    raise ToolError("the contact became unambiguous while the user was asked; call again")


AssigneeValue = Annotated[str, Resolve(assignee_value)]
"""A hidden parameter: `assignee` as given, or the agent the user picked when the name matched several."""
ContactValue = Annotated[str, Resolve(contact_value)]
"""A hidden parameter: `contact` as given, or the contact the user picked when the name matched several."""
