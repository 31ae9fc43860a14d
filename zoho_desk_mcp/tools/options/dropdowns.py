"""The dropdown rows behind both the zohodesk:// resources and `list_options`: one builder, so both say the same.

Rows come from the resolver's cached lists (the same cache name resolution uses), so reading a dropdown right
after a tool resolved names costs no API call, and a tool call right after a read costs none either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

from pydantic import Field, field_validator

from ...client import Choice
from ..kit.context import DeskServices
from ..kit.output import Ref, Slim
from ..kit.text import neutralise
from ..kit.vocabulary import TICKET_VALUES

Kind = Literal[
    "organizations", "departments", "agents", "teams", "products", "ticket-fields", "accounts", "views",
    "reply-addresses", "templates", "tags",
]
KINDS: tuple[str, ...] = get_args(Kind)
LISTED_KINDS = ("departments", "agents", "teams", "products")  # the per-organization lists the resolver caches

DEFAULTS_NOTE = (
    "Zoho Desk's default values. A portal can rename or add its own (custom statuses, priorities, "
    "channels, languages); a value Zoho rejects comes back as an error that says so."
)


class Option(Slim):
    """One dropdown value: pass its `name` (or `email`, or `id`) to the tools."""

    id: str = Field(description="Zoho ID (for ticket-fields: the field's API name)")
    name: str = Field(description="Display name; tools accept it case-insensitively")
    email: str | None = Field(default=None, description="Agents: their e-mail, also accepted by the tools")
    portalName: str | None = Field(default=None, description="Organizations: portal name, also accepted")
    edition: str | None = Field(default=None, description="Organizations: Zoho Desk edition")
    isDefault: bool | None = Field(default=None, description="Organizations: the token owner's default portal")
    isEnabled: bool | None = Field(default=None, description="Departments: whether tickets can be raised in it")
    status: str | None = Field(default=None, description="Agents: ACTIVE or DISABLED (disabled agents take no tickets)")
    role: str | None = Field(default=None, description="Agents: role permission type (Light agents own no tickets)")
    departments: list[str] | None = Field(default=None, description="Agents: departments they belong to")
    departmentId: str | None = Field(default=None, description="Teams: the department the team belongs to")
    department: str | None = Field(default=None, description="Teams: that department's name")
    productCode: str | None = Field(default=None, description="Products: product code")
    values: list[str] | None = Field(default=None, description="Ticket fields: the allowed values")
    note: str | None = Field(default=None, description="Ticket fields: where the values come from")
    subject: str | None = Field(default=None, description="Templates: the e-mail subject")
    tickets: int | None = Field(default=None, description="Tags: how many tickets carry it")
    apiName: str | None = Field(default=None, description="Custom fields: the API name (cf_...)")
    type: str | None = Field(default=None, description="Custom fields: Text, Picklist, Date, ...")
    allowedValues: list[str] | None = Field(default=None, description="Custom picklists: the allowed values")

    @field_validator("name", "subject", "department")
    @classmethod
    def _neutralised(cls, value: str | None) -> str | None:
        """Names may be customers' (accounts, contacts): no fence marker can be forged through a choice list."""
        return neutralise(value) if value else value


class Options(Slim):
    """The rows of one dropdown, as `list_options` and the resources return them."""

    kind: Kind
    organization: Ref | None = Field(default=None, description="The organization the rows belong to")
    options: list[Option]
    count: int = Field(description="How many rows are listed")


async def organization_ref(svc: DeskServices, org_id: str) -> Ref:
    """The organization's ID and name, from the cached organization list."""
    for choice in await svc.resolver.choices("organizations"):
        if choice.id == org_id:
            return Ref(id=choice.id, name=choice.name)
    return Ref(id=org_id, name=org_id)


async def options(svc: DeskServices, kind: Kind, org_id: str | None, search: str | None = None) -> Options:
    """The rows of `kind` (of one organization, except organizations and ticket-fields), filtered by `search`."""
    if kind == "ticket-fields":
        rows = ticket_field_rows(search)
        if org_id is not None:  # the portal's custom fields (their labels, API names and allowed values)
            from .portal_rows import custom_field_rows

            rows += await custom_field_rows(svc, org_id, search)
    elif kind == "views" and org_id is not None:
        from .portal_rows import view_rows

        rows = await view_rows(svc, org_id, search)
    elif kind == "accounts" and org_id is not None:
        from ..customers.options import account_rows  # searched, not cached: there can be many

        rows = await account_rows(svc, org_id, search)
    elif kind == "tags" and org_id is not None:
        from .tag_rows import tag_rows  # per department: Zoho keeps tags per department

        rows = await tag_rows(svc, org_id, search)
    elif kind in ("reply-addresses", "templates") and org_id is not None:
        from .reply_rows import reply_address_rows, template_rows

        load = reply_address_rows if kind == "reply-addresses" else template_rows
        rows = [Option.model_validate(row) for row in await load(svc, org_id, search)]
    elif kind == "organizations":
        rows = [_organization(c) for c in _matching(await svc.resolver.choices("organizations"), search)]
    else:
        if org_id is None:
            raise ValueError(f"{kind} belong to an organization")
        rows = await _org_rows(svc, kind, org_id, search)
    org = await organization_ref(svc, org_id) if org_id is not None and kind != "organizations" else None
    return Options(kind=kind, organization=org, options=rows, count=len(rows))


async def _org_rows(svc: DeskServices, kind: str, org_id: str, search: str | None) -> list[Option]:
    choices = _matching(await svc.resolver.choices(kind, org_id), search)
    if kind == "departments":
        return [_department(c) for c in choices]
    if kind == "products":
        return [_product(c) for c in choices]
    names = {} if not choices else {d.id: d.name for d in await svc.resolver.choices("departments", org_id)}
    if kind == "agents":
        return [_agent(c, names) for c in choices]
    return [_team(c, names) for c in choices]


def _matching(choices: Sequence[Choice], search: str | None) -> list[Choice]:
    """Choices whose name, e-mail or alias contains `search` (case-insensitive); all of them without one."""
    wanted = (search or "").strip().casefold()
    if not wanted:
        return list(choices)
    return [c for c in choices if any(wanted in text.casefold() for text in (c.name, c.email or "", *c.aliases))]


def _text(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def _flag(record: Mapping[str, Any], key: str) -> bool | None:
    value = record.get(key)
    return value if isinstance(value, bool) else None


def _organization(c: Choice) -> Option:
    r = c.record
    return Option(
        id=c.id,
        name=c.name,
        portalName=_text(r, "portalName"),
        edition=_text(r, "edition"),
        isDefault=_flag(r, "isDefault"),
    )


def _department(c: Choice) -> Option:
    return Option(id=c.id, name=c.name, isEnabled=_flag(c.record, "isEnabled"))


def _agent(c: Choice, department_names: Mapping[str, str]) -> Option:
    ids = c.record.get("associatedDepartmentIds") or []
    return Option(
        id=c.id,
        name=c.name,
        email=c.email,
        status=_text(c.record, "status"),
        role=_text(c.record, "rolePermissionType"),
        departments=[department_names.get(str(i), str(i)) for i in ids] or None,
    )


def _team(c: Choice, department_names: Mapping[str, str]) -> Option:
    dept = _text(c.record, "departmentId")
    return Option(id=c.id, name=c.name, departmentId=dept, department=department_names.get(dept or ""))


def _product(c: Choice) -> Option:
    return Option(id=c.id, name=c.name, productCode=_text(c.record, "productCode"))


def ticket_field_rows(search: str | None = None) -> list[Option]:
    """One row per ticket field with its allowed values; `search` keeps matching fields, or matching values."""
    wanted = (search or "").strip().casefold()
    rows = []
    for field, allowed in TICKET_VALUES.items():
        values = list(allowed) if not wanted or wanted in field else [v for v in allowed if wanted in v.casefold()]
        if values:
            rows.append(Option(id=field, name=field, values=values, note=DEFAULTS_NOTE))
    return rows
