"""update_ticket: change any writable field of a ticket by name, e-mail or ID; answer with what changed.

One read (with the names included) gives the values before; only the fields that really differ are sent, in
one PATCH, after every name is resolved and Zoho's department rule is checked; nothing to change sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult

from ...client import InvalidDataError, NotFoundError, Portal, ServerError, Ticket, WriteOutcomeUnknown
from ...client.matching import normalized
from ..kit.args import MultiValue, Organization, Ticket_, no_ticket, opt, ticket_id_of, values
from ..kit.context import Ctx, DeskServices, services
from ..kit.errors import InputError, describe
from ..kit.output import answer
from ..kit.people import AssigneeValue, ContactValue
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from . import arguments as a
from .changes import (
    CUSTOM,
    LINK_KINDS,
    RULE,
    UNTRUSTED,
    Change,
    Named,
    UpdatedTicket,
    changes,
    diff,
    from_choice,
    known_names,
    link_conflicts,
    patch_body,
)
from .fields import INCLUDES, custom_field_key, is_email, linked_fields, named, plain_fields
from .portal_meta import custom_values
from .tagging import Tags, retag, tag_names

CLEAR_WORDS = ("none", "unassigned")
CLEARABLE = {"assignee": "assigneeId", "team": "teamId", "product": "productId", "dueDate": "dueDate"}
UNTRUSTED_FIELDS = ("subject", "description", "contact")
NOTHING_TO_DO = "Nothing to change: the ticket already has every value given, so nothing was sent to Zoho."
SAFE_AGAIN = (
    "update_ticket is idempotent: running the same call again is safe (it sends only what still differs, and "
    "nothing if the first call went through)."
)
LOST_UPDATE = f"The update reached Zoho but its answer was lost, so it may or may not have been applied. {SAFE_AGAIN}"


@dataclass
class Plan:
    """The requested values in Zoho's terms, the names known for the IDs, and a contact still to create."""

    desired: dict[str, Any] = field(default_factory=dict)
    names: dict[str, Named] = field(default_factory=dict)
    new_contact: Named | None = None  # created just before the PATCH, when nothing else can fail first


def cleared(args: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The arguments with "none"/"Unassigned" taken out, and the Zoho keys they clear."""
    out, keys = dict(args), []
    for arg, key in CLEARABLE.items():
        if isinstance(out.get(arg), str) and normalized(out[arg]) in CLEAR_WORDS:
            out[arg] = None
            keys.append(key)
    return out, keys


async def contact_value(
    svc: DeskServices, org_id: str, plan: Plan, contact: str | None, email: str | None, full_name: str | None
) -> None:
    """`contact` (name, e-mail or ID) or `contactEmail`: an existing contact's ID, or one to create by e-mail."""
    contact = (contact or "").strip() or None
    if email is not None:
        if not is_email(email):
            raise InputError(f"contactEmail {email[:60]!r} is not an e-mail address")
        names_other = contact is not None and (is_email(contact) or contact.isdigit())
        if names_other and normalized(contact or "") != normalized(email):
            raise InputError("contact and contactEmail name different contacts; give one of them")
        name = None if contact is None or is_email(contact) or contact.isdigit() else contact
    elif contact is not None and is_email(contact):
        email, name = contact, None
    elif contact is not None:
        contact_id = await svc.resolver.contact(org_id, contact)
        plan.desired["contactId"] = contact_id
        plan.names[contact_id] = Named(id=contact_id, name=None if contact.isdigit() else contact)
        return
    else:
        return
    found = await svc.resolver.contact_by_email(org_id, email)
    if found is None:  # created only once every other check passed (a refused update must leave no stray contact)
        plan.new_contact = Named(id="", name=(full_name or name or "").strip() or None, email=email.strip())
        return
    plan.desired["contactId"] = found
    plan.names[found] = Named(id=found, name=name, email=email.strip())


async def create_contact(svc: DeskServices, org_id: str, wanted: Named) -> Named:
    """The contact for a new e-mail: named `contactName`, else after the e-mail's local part (as Zoho does)."""
    email = wanted.email or ""
    first, _, last = (wanted.name or "").rpartition(" ")
    made = await svc.client.org(org_id).contacts.create(
        last_name=last or email.split("@")[0], email=email, **({"firstName": first} if first else {})
    )
    return Named(id=made.id, name=wanted.name or email.split("@")[0], email=email)


async def resolve(svc: DeskServices, org_id: str, before: Ticket, args: dict[str, Any]) -> Plan:
    """Every given argument as Zoho's field and value, names resolved (misses list the choices)."""
    args, clear = cleared(args)
    plan = Plan(names=known_names(before))
    plain = plain_fields(args)
    if args.get("subject") is not None:
        plan.desired["subject"] = args["subject"]
    department_id = before.department_id or ""
    if args.get("department"):
        department_id = await svc.resolver.department(org_id, args["department"])
        plan.desired["departmentId"] = department_id
        plan.names.update(from_choice(named(await svc.resolver.choices("departments", org_id), department_id)))
    await contact_value(svc, org_id, plan, args.get("contact"), args.get("contactEmail"), args.get("contactName"))
    linked = await linked_fields(svc, org_id, department_id, args)
    for choice in (linked.assignee, linked.team, linked.product):
        plan.names.update(from_choice(choice))
    given_contacts = values(args.get("secondaryContacts"))
    for given, contact_id in zip(given_contacts, linked.fields.get("secondaryContacts", []), strict=True):
        plan.names.setdefault(contact_id, Named(id=contact_id, **person_hint(given)))
    plan.desired.update(linked.fields)
    plan.desired.update({k: v for k, v in plain.items() if k not in ("cf", "uploads")})
    custom = await custom_values(svc, org_id, args.get("customFields") or {}, custom_field_key)
    plan.desired.update({f"{CUSTOM}{k}": v for k, v in custom.items()})
    plan.desired.update(dict.fromkeys(clear))
    return plan


def person_hint(given: str) -> dict[str, str]:
    if given.isdigit():
        return {}
    return {"email": given} if is_email(given) else {"name": given}


async def read_ticket(portal: Portal, ticket_id: str, ticket: str) -> Ticket:
    try:
        return await portal.tickets.get(ticket_id, include=list(INCLUDES))
    except NotFoundError:
        raise no_ticket(ticket) from None


async def send(portal: Portal, ticket_id: str, body: dict[str, Any]) -> Ticket:
    """The PATCH; Zoho's refusal of a linked record gets its rule explained, a lost answer is "outcome unknown"."""
    try:
        return await portal.tickets.update(ticket_id, body)
    except WriteOutcomeUnknown:
        raise ToolError(LOST_UPDATE) from None
    except ServerError as error:
        raise ToolError(
            f"Zoho Desk failed while applying the update, so it may or may not have been applied. "
            f"Zoho said {error.error_code}. {SAFE_AGAIN}"
        ) from None
    except InvalidDataError as error:
        linked = set(error.fields) & {*LINK_KINDS, "departmentId"}
        if linked and ("departmentId" in body or any("department" in f.message.lower() for f in error.field_errors)):
            raise ToolError(
                f'{describe(error)} {RULE} Pass a matching assignee/team/product (or "none") '
                "together with the department."
            ) from None
        raise


def attachments_change(before: Ticket, after: Ticket, uploads: list[str]) -> Change:
    had = int(before.attachment_count or 0)
    now = int(after.attachment_count) if after.attachment_count else had + len(uploads)
    return Change(field="attachments", before=had or None, after=now)


@desk_tool(
    name="update_ticket",
    title="Update ticket",
    toolset="triage",
    read_only=False,
    destructive=False,
    idempotent=True,
    scopes=[("Desk.tickets.UPDATE", "Desk.tickets.ALL")],
)
async def update_ticket(
    ctx: Ctx,
    orgId: OrgId,
    picked_assignee: AssigneeValue,
    picked_contact: ContactValue,
    *,
    organization: Organization = None,
    ticket: Ticket_,
    subject: a.Subject = None,
    department: a.Department = None,
    contact: a.Contact = None,
    contactEmail: a.ContactEmail = None,
    contactName: a.ContactName = None,
    product: a.Product = None,
    uploads: a.Uploads = None,
    phone: a.Text = None,
    description: a.Description = None,
    status: a.Status = None,
    assignee: Annotated[str | None, opt("Department agent, me or Unassigned")] = None,
    category: a.Text = None,
    subCategory: a.Text = None,
    resolution: a.Text = None,
    dueDate: Annotated[str | None, opt("Date, date-time or none")] = None,
    priority: a.Priority = None,
    language: a.Text = None,
    channel: a.Channel = None,
    classification: a.Classification = None,
    webUrl: a.Text = None,
    team: Annotated[str | None, opt("Department team or none")] = None,
    secondaryContacts: Annotated[MultiValue, opt("The full list")] = None,
    customFields: a.CustomFields = None,
    tags: Tags = None,
    removeTags: Tags = None,
) -> CallToolResult:
    """Change a ticket's fields and tags; answers each change before/after. Moving department: also give its
    assignee or team."""
    svc = services(ctx)
    args = a.TicketInput(
        subject=subject,
        department=department,
        contact=picked_contact or None,
        contactEmail=contactEmail,
        contactName=contactName,
        product=product,
        uploads=uploads,
        phone=phone,
        description=description,
        status=status,
        assignee=picked_assignee or None,
        category=category,
        subCategory=subCategory,
        resolution=resolution,
        dueDate=dueDate,
        priority=priority,
        language=language,
        channel=channel,
        classification=classification,
        webUrl=webUrl,
        team=team,
        secondaryContacts=secondaryContacts,
        customFields=customFields,
    ).given()
    add, remove = tag_names(tags, "tags"), tag_names(removeTags, "removeTags")
    if not args and not (add or remove):
        raise InputError("nothing to update: give at least one field (status, assignee, priority, ...)")
    plain_fields(cleared(args)[0])  # cheap checks first: a bad status or date fails before any lookup
    portal = svc.client.org(orgId)
    ticket_id = await ticket_id_of(ctx, orgId, ticket)
    before = await read_ticket(portal, ticket_id, ticket)
    plan = await resolve(svc, orgId, before, args)
    changed, same = diff(before, plan.desired)
    upload_ids = values(uploads)
    result = UpdatedTicket(ticket_id=before.id, ticket_number=before.ticket_number, unchanged=same)
    if not changed and not upload_ids and plan.new_contact is None:
        tagged = await retag(portal, before.id, add, remove) if add or remove else None
        result.changes = [tagged] if tagged else result.changes
        result.note = None if tagged else NOTHING_TO_DO
        return answer(result)
    conflict = await link_conflicts(svc, orgId, before, changed)
    if conflict:
        raise InputError(conflict)
    if plan.new_contact is not None:
        made = await create_contact(svc, orgId, plan.new_contact)
        changed["contactId"] = made.id
        plan.names[made.id] = made
    after = await send(portal, before.id, {**patch_body(changed), **({"uploads": upload_ids} if upload_ids else {})})
    result.changes = changes(before, after, changed, plan.names)
    if upload_ids:
        result.changes.append(attachments_change(before, after, upload_ids))
    tagged = await retag(portal, before.id, add, remove) if add or remove else None
    result.changes += [tagged] if tagged else []
    if any(c.field in UNTRUSTED_FIELDS for c in result.changes):
        result.untrusted = UNTRUSTED
    return answer(result)
