"""Organization and department arguments filled by SDK resolvers: resolved by name, or asked of the user.

A tool takes `orgId: Annotated[str, Resolve(organization_id)]` (hidden from its input schema). When the value
is missing, unknown or ambiguous and the client declared elicitation, the user picks from an enum of the valid
names; otherwise the tool fails with a ToolError that lists the choices, so the model can retry.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from pydantic import BaseModel, Field, create_model

from ...client import Choice, ResolutionError
from ...client.matching import normalized
from .context import Ctx, services
from .errors import as_tool_errors, describe
from .text import neutralise

MAX_ELICIT_CHOICES = 50  # beyond this a picker is useless: the error lists the closest names instead


class Picked(BaseModel):
    """A value the arguments named unambiguously: no question needed."""

    id: str


def can_elicit(ctx: Ctx) -> bool:
    capabilities = ctx.client_capabilities
    return capabilities is not None and capabilities.elicitation is not None


def labels(choices: list[Choice]) -> dict[str, str]:
    """Enum label → ID: the plain name, or `name (id)` where two records share a name; names are neutralised
    (a contact's comes from an e-mail display name), the same way every time, so a picked label maps back."""
    shown = [(neutralise(c.name), c.id) for c in choices]
    seen = Counter(normalized(name) for name, _ in shown)
    return {(name if seen[normalized(name)] == 1 else f"{name} ({choice_id})"): choice_id for name, choice_id in shown}


def choice_model(field: str, options: list[str], description: str) -> type[BaseModel]:
    """A flat elicitation form with one enum field (a `Literal` of the options)."""
    literal: Any = Literal.__getitem__(tuple(options))
    fields: dict[str, Any] = {field: (literal, Field(description=description))}
    model: type[BaseModel] = create_model(f"{field.title()}Choice", **fields)
    return model


def question(
    ctx: Ctx,
    error: ResolutionError,
    everything: list[Choice],
    field: str,
    message: str,
    *,
    refusal: str | None = None,
) -> Elicit[BaseModel]:
    """The form that asks the user to pick, or the error (listing the choices) when we may not or cannot ask."""
    offered = error.choices if error.ambiguous and error.choices else everything
    if not can_elicit(ctx) or not offered or len(offered) > MAX_ELICIT_CHOICES:
        raise ToolError(refusal or describe(error))
    by_label = labels(everything)
    wanted = {c.id for c in offered}
    options = [label for label, choice_id in by_label.items() if choice_id in wanted]
    return Elicit(message, choice_model(field, options, f"The {field} to use"))


async def chosen_id(ctx: Ctx, kind: str, org_id: str | None, picked: Any, field: str) -> str:
    """The ID behind a resolver's outcome: a `Picked` as is, or the label the user chose in the form."""
    if isinstance(picked, Picked):
        return picked.id
    label = getattr(picked, field, None)
    with as_tool_errors():
        by_label = labels(await services(ctx).resolver.choices(kind, org_id))
    if label not in by_label:
        raise ToolError(f"the chosen {field} {label!r} is not one of the offered values")
    return by_label[label]


async def pick_organization(ctx: Ctx, organization: str | None) -> Picked | Elicit[BaseModel]:
    resolver = services(ctx).resolver
    with as_tool_errors():
        try:
            return Picked(id=await resolver.organization(organization))
        except ResolutionError as error:
            everything = await resolver.choices("organizations")
            if (organization or "").strip() or resolver.default_org is not None:
                ask = f"Organization {(organization or '')[:100]!r} did not match exactly one. Which one?"
                return question(ctx, error, everything, "organization", ask)
            listed = "; ".join(c.label() for c in everything)
            refusal = (
                f"organization is required: this token reaches {len(everything)} organizations. "
                f"Valid organization values: {listed}"
            )
            ask = "Which organization (Zoho Desk portal)?"
            return question(ctx, error, everything, "organization", ask, refusal=refusal)


async def organization_id(ctx: Ctx, picked: Annotated[Any, Resolve(pick_organization)]) -> str:
    """The organization's ID, from the `organization` argument or the user's pick."""
    return await chosen_id(ctx, "organizations", None, picked, "organization")


async def pick_department(
    ctx: Ctx, org_id: Annotated[str, Resolve(organization_id)], department: str
) -> Picked | Elicit[BaseModel]:
    resolver = services(ctx).resolver
    with as_tool_errors():
        try:
            return Picked(id=await resolver.department(org_id, department))
        except ResolutionError as error:
            everything = await resolver.choices("departments", org_id)
            ask = f"Department {department[:100]!r} did not match exactly one department. Which one?"
            return question(ctx, error, everything, "department", ask)


async def department_id(
    ctx: Ctx,
    org_id: Annotated[str, Resolve(organization_id)],
    picked: Annotated[Any, Resolve(pick_department)],
) -> str:
    """The department's ID, from the `department` argument or the user's pick."""
    return await chosen_id(ctx, "departments", org_id, picked, "department")


OrgId = Annotated[str, Resolve(organization_id)]
"""A tool parameter holding the resolved organization ID (the tool must also take `organization`)."""
DepartmentId = Annotated[str, Resolve(department_id)]
"""A tool parameter holding the resolved department ID (the tool must also take `department`)."""


LISTING_HINTS: dict[str, str] = {
    "organization": "list_options kind=organizations lists them all",
    "department": "list_options kind=departments lists them all",
    "agent": "list_options kind=agents with search narrows them",
    "team": "list_options kind=teams lists them all",
    "product": "list_options kind=products with search narrows them",
    "contact": "search_contacts finds them by name, e-mail or phone",
    "account": "list_options kind=accounts with search narrows them",
}
"""How the model lists every value of a kind, for errors that can show only the 20 closest (the resolver's `more`)."""
