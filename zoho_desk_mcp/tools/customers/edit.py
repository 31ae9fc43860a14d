"""create_contact and update_contact: add a customer, or change one's details and answer with what changed.

Zoho keeps one contact per e-mail address: a duplicate is refused with the existing contact named, so the model
can update or read that one instead. update_contact reads the contact once, sends only the fields that differ
(nothing when nothing does) and is safe to repeat; create_contact is never retried once sent.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from ...client import Contact, InvalidDataError, WriteOutcomeUnknown
from ..kit.args import Organization, opt
from ..kit.context import Ctx, DeskServices, services
from ..kit.errors import InputError
from ..kit.output import Ref, Slim, answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from ..tickets.changes import Change
from .lookup import account_choice, contact_id
from .models import UNTRUSTED, CreatedContact, card_fields, contact_name, description, safe

CustomFields = Annotated[dict[str, str | None] | None, opt("API name (cf_...) → value")]
Text = Annotated[str | None, opt()]
NO_ACCOUNT = ("", "none")
TEXT_FIELDS = ("firstName", "lastName", "email", "phone", "mobile", "description")
LOST_CREATE = (
    "Zoho received the new contact but its answer was lost, so it may or may not exist now. Check with "
    "get_contact (by its e-mail) before creating it again."
)
LOST_UPDATE = (
    "The update reached Zoho but its answer was lost, so it may or may not have been applied. update_contact is "
    "idempotent: running the same call again is safe."
)
NOTHING_TO_DO = "Nothing to change: the contact already has every value given, so nothing was sent to Zoho."


class UpdatedContact(Slim):
    contact_id: str
    name: str | None = None
    changes: list[Change] = Field(default_factory=list, description="What changed (absent: nothing)")
    unchanged: list[str] = Field(default_factory=list, description="Fields given that already had that value")
    note: str | None = None
    untrusted: str = UNTRUSTED


async def account_value(svc: DeskServices, org_id: str, account: str | None) -> tuple[str | None, Ref | None]:
    """`accountId` for the body (None: clear it) and the account as a Ref; "none" or "" clears the account."""
    if account is None or account.strip().lower() in NO_ACCOUNT:
        return None, None
    chosen = await account_choice(svc, org_id, account)
    return chosen.id, Ref(id=chosen.id, name=safe(chosen.name))


async def duplicate_email(svc: DeskServices, org_id: str, error: InvalidDataError, email: str | None) -> None:
    """Zoho's "duplicate" e-mail refusal, said with the contact that already has it; any other error as it was."""
    if email is None or not any(f.field_name == "/email" and f.error_type == "duplicate" for f in error.field_errors):
        return
    other = await svc.resolver.contact_choice_by_email(org_id, email)
    owner = f": {other.label()}" if other is not None else ""
    raise ToolError(
        f"the e-mail {safe(email)!r} is already used by another contact{owner}. Zoho keeps one contact per "
        "e-mail: use get_contact or update_contact on that contact, or give another e-mail"
    ) from None


async def create(svc: DeskServices, org_id: str, body: dict[str, Any]) -> Contact:
    """POST /contacts once: a lost answer or a duplicate e-mail is explained, never retried."""
    try:
        return await svc.client.org(org_id).contacts.create(last_name=body.pop("lastName"), **body)
    except WriteOutcomeUnknown:
        raise ToolError(LOST_CREATE) from None
    except InvalidDataError as error:
        await duplicate_email(svc, org_id, error, body.get("email"))
        raise


def current(before: Contact, key: str) -> Any:
    if key == "accountId":
        return before.account_id
    if key.startswith("cf_"):
        return (before.cf or {}).get(key)
    return getattr(before, {"firstName": "first_name", "lastName": "last_name"}.get(key, key))


def shown(key: str, value: Any, account: Ref | None, before: Contact) -> Any:
    """A value as the answer shows it: the account by name, the description fenced, names neutralised."""
    if value in (None, ""):
        return None
    if key == "accountId":
        if account is not None and account.id == value:
            return account.name or value
        nested = before.account
        return safe(nested.account_name) if nested is not None and nested.id == value else value
    if key == "description":
        return description(str(value))
    return safe(str(value))


def label(key: str) -> str:
    return "account" if key == "accountId" else f"customFields.{key}" if key.startswith("cf_") else key


Diff = tuple[dict[str, Any], list[Change], list[str]]


def diff(before: Contact, desired: dict[str, Any], account: Ref | None) -> Diff:
    """The PATCH body (only what differs), the changes as the answer shows them, and the fields already so."""
    body: dict[str, Any] = {}
    changes: list[Change] = []
    unchanged: list[str] = []
    for key, value in desired.items():
        old = current(before, key)
        if (old or None) == (value or None):
            unchanged.append(label(key))
            continue
        if key.startswith("cf_"):
            body.setdefault("cf", {})[key] = value
        else:
            body[key] = value
        changes.append(Change(field=label(key), before=shown(key, old, account, before),
                              after=shown(key, value, account, before)))
    return body, changes, unchanged


@desk_tool(
    name="create_contact",
    title="Create contact",
    toolset="customers",
    read_only=False,
    destructive=False,
    idempotent=False,
    scopes=[("Desk.contacts.CREATE", "Desk.contacts.ALL")],
)
async def create_contact(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    lastName: Annotated[str, Field(min_length=1, max_length=200)],
    firstName: Text = None,
    email: Text = None,
    phone: Text = None,
    mobile: Text = None,
    account: Text = None,
    description: Text = None,
    customFields: CustomFields = None,
) -> CallToolResult:
    """Add a customer (contact). One contact per e-mail: an e-mail already used is refused, naming its contact."""
    svc = services(ctx)
    account_id, account_ref = await account_value(svc, orgId, account)
    fields = {"lastName": lastName, "firstName": firstName, "email": email, "phone": phone, "mobile": mobile,
              "description": description, "accountId": account_id, "cf": customFields or None}
    created = await create(svc, orgId, {k: v for k, v in fields.items() if v not in (None, "")})
    card = card_fields(created)
    if account_ref is not None:
        card["account"] = account_ref
    return answer(CreatedContact.model_validate(card))


async def desired_values(svc: DeskServices, org_id: str, args: dict[str, Any]) -> tuple[dict[str, Any], Ref | None]:
    """The requested values in Zoho's terms; "" clears a field (lastName excepted), account "none" clears it."""
    if args.get("lastName") is not None and not str(args["lastName"]).strip():
        raise InputError("lastName cannot be empty: Zoho requires every contact to have one")
    desired = {k: (args[k] or None) for k in TEXT_FIELDS if args.get(k) is not None}
    account_ref = None
    if args.get("account") is not None:
        desired["accountId"], account_ref = await account_value(svc, org_id, args["account"])
    for key, value in (args.get("customFields") or {}).items():
        if not key.startswith("cf_"):
            raise InputError(f"customFields key {key[:60]!r} is not an API name: contact fields look like cf_...")
        desired[key] = value or None
    if not desired:
        raise InputError("give at least one field to change: firstName, lastName, email, phone, mobile, account, "
                         "description or customFields")
    return desired, account_ref


@desk_tool(
    name="update_contact",
    title="Update contact",
    toolset="customers",
    read_only=False,
    destructive=False,
    idempotent=True,
    scopes=[("Desk.contacts.UPDATE", "Desk.contacts.ALL")],
)
async def update_contact(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    contact: Annotated[str, Field(description="Name, e-mail, phone or ID")],
    firstName: Text = None,
    lastName: Text = None,
    email: Text = None,
    phone: Text = None,
    mobile: Text = None,
    account: Annotated[str | None, opt("Name, ID, or none")] = None,
    description: Text = None,
    customFields: CustomFields = None,
) -> CallToolResult:
    """Change a contact's details; answers each change before and after. Idempotent. An empty value clears."""
    svc = services(ctx)
    args = {"firstName": firstName, "lastName": lastName, "email": email, "phone": phone, "mobile": mobile,
            "account": account, "description": description, "customFields": customFields}
    desired, account_ref = await desired_values(svc, orgId, args)
    api = svc.client.org(orgId).contacts
    found_id = await contact_id(svc, orgId, contact)
    before = await api.get(found_id, include=["accounts"])
    body, changes, unchanged = diff(before, desired, account_ref)
    if body:
        try:
            after = await api.update(found_id, body)
        except WriteOutcomeUnknown:
            raise ToolError(LOST_UPDATE) from None
        except InvalidDataError as error:
            await duplicate_email(svc, orgId, error, body.get("email"))
            raise
    else:
        after = before
    return answer(UpdatedContact(
        contact_id=found_id, name=contact_name(after), changes=changes, unchanged=unchanged,
        note=None if body else NOTHING_TO_DO,
    ))
