"""What the ticket tools return: slim pydantic models (camelCase, no nulls) built from Zoho's ticket records.

Customer-written text is handled one way everywhere: the description is converted to text and fenced
(text.fence); the subject stays a plain string (fencing every subject would double a list's size) but its fence
markers are neutralised, and each answer's `untrusted` field names the fields customers wrote.
"""

from __future__ import annotations

import json

from pydantic import Field, TypeAdapter

from ...client import Ticket
from ...client.tickets import LinkedRecord, TicketPerson
from ..kit.output import Person, Ref, Slim, Time
from ..kit.text import clip, fence, fence_clipped, html_to_text, neutralise

SUBJECT_CHARS = 300  # Zoho's subject limit is 255 (HTML docs) or 1000 (OAS): this only guards the budget
MIN_SUBJECT = 40  # a list never shortens subjects below this, whatever the budget
DESCRIPTION_CHARS = 8_000
ROW_TEXT_CHARS = 500  # a long customer-written field asked for in a list row (`fields=description`), fenced
ROW_VALUE_CHARS = 300  # any other extra field in a row
FENCED_FIELDS = frozenset({"description", "resolution"})  # long text customers write (or agents quote them in)
UNTRUSTED_NOTE = "customer-written: subject, description, contact"


class CreatedTicket(Slim):
    id: str
    ticket_number: str | None = None
    subject: str | None = None
    status: str | None = None
    created_time: Time = None
    due_date: Time = None
    assignee: Person | None = None
    department: Ref | None = None
    team: Ref | None = None
    product: Ref | None = None
    contact: Person | None = None
    attachments: int | None = Field(default=None, description="How many uploads became attachments")
    tags: list[str] | None = None
    web_url: str | None = None
    note: str | None = Field(default=None, description="What the tool decided for you (e.g. which contact)")


class TicketDetail(Slim):
    id: str
    ticket_number: str | None = None
    subject: str | None = None
    description: str | None = Field(default=None, description="Plain text, fenced as untrusted customer text")
    description_truncated: bool | None = None
    status: str | None = None
    priority: str | None = None
    channel: str | None = None
    classification: str | None = None
    category: str | None = None
    sub_category: str | None = None
    language: str | None = None
    department: Ref | None = None
    team: Ref | None = None
    assignee: Person | None = None
    contact: Person | None = None
    product: Ref | None = None
    created_time: Time = None
    modified_time: Time = None
    due_date: Time = None
    closed_time: Time = None
    custom_fields: dict[str, str] | None = None
    attachments: int | None = Field(default=None, description="Number of files attached to the ticket")
    threads: int | None = None
    comments: int | None = None
    web_url: str | None = None
    untrusted: str = UNTRUSTED_NOTE  # the subject is not fenced: the answer says who wrote it, as lists do


class TicketRow(Slim):
    id: str
    ticket_number: str | None = None
    subject: str | None = None
    status: str | None = None
    priority: str | None = None
    channel: str | None = None
    department: str | None = None
    team: str | None = None
    product: str | None = None
    assignee: str | None = Field(default=None, description="The assignee's name")
    contact: str | None = Field(default=None, description="The contact's name")
    created_time: Time = None
    due_date: Time = None
    fields: dict[str, str] | None = Field(default=None, description="The extra fields asked for with `fields`")


class TicketList(Slim):
    tickets: list[TicketRow] = Field(default_factory=list)
    count: int
    from_: int = Field(alias="from", description="1-based position of the first row")
    limit: int
    has_more: bool
    next_from: int | None = Field(default=None, description="Pass as `from` for the next page")
    note: str | None = None
    untrusted: str = UNTRUSTED_NOTE


ROWS_JSON: TypeAdapter[list[TicketRow]] = TypeAdapter(list[TicketRow])  # rows as JSON in pydantic's core


def person_name(person: TicketPerson | None) -> str | None:
    if person is None:
        return None
    return " ".join(p for p in (person.first_name, person.last_name) if p) or None


def subject_text(subject: str | None) -> str | None:
    if not subject:
        return None
    return neutralise(clip(" ".join(subject.split()), SUBJECT_CHARS)[0])


def ref(nested: LinkedRecord | None, fallback_id: str | None, names: dict[str, str] | None = None) -> Ref | None:
    """A {id, name} from Zoho's included object, else from an ID and a name we already know."""
    if nested is not None and nested.id:
        name = nested.name or (nested.model_extra or {}).get("productName")
        return Ref(id=nested.id, name=name)
    if fallback_id:
        return Ref(id=fallback_id, name=(names or {}).get(fallback_id))
    return None


def person(nested: TicketPerson | None, fallback_id: str | None, *, with_phone: bool = False) -> Person | None:
    if nested is not None and nested.id:
        return Person(
            id=nested.id,
            name=neutralise(person_name(nested) or "") or None,
            email=nested.email,
            phone=neutralise(nested.phone) if with_phone and nested.phone else None,
        )
    return Person(id=fallback_id) if fallback_id else None


def count(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and value != "0" else None


def custom_fields(ticket: Ticket) -> dict[str, str] | None:
    found = {k: neutralise(str(v)) for k, v in (ticket.cf or {}).items() if v not in (None, "")}
    return found or None


def detail(ticket: Ticket, *, with_contact_phone: bool = False) -> TicketDetail:
    plain, cut = clip(html_to_text(ticket.description), DESCRIPTION_CHARS)  # cut first: the fence stays whole
    text = fence(plain) or ""
    if cut and text:
        text = f"{text}\n[…description truncated]"
    return TicketDetail(
        id=ticket.id,
        ticket_number=ticket.ticket_number,
        subject=subject_text(ticket.subject),
        description=text or None,
        description_truncated=cut or None,
        status=ticket.status,
        priority=ticket.priority,
        channel=ticket.channel,
        classification=ticket.classification,
        category=neutralise(ticket.category) if ticket.category else None,
        sub_category=neutralise(ticket.sub_category) if ticket.sub_category else None,
        language=ticket.language,
        department=ref(ticket.department, ticket.department_id),
        team=ref(ticket.team, ticket.team_id),
        assignee=person(ticket.assignee, ticket.assignee_id),
        contact=person(ticket.contact, ticket.contact_id, with_phone=with_contact_phone),
        product=ref(ticket.product, None),
        created_time=ticket.created_time,
        modified_time=ticket.modified_time if ticket.modified_time != ticket.created_time else None,
        due_date=ticket.due_date,
        closed_time=ticket.closed_time,
        custom_fields=custom_fields(ticket),
        attachments=count(ticket.attachment_count),
        threads=count(ticket.thread_count),
        comments=count(ticket.comment_count),
        web_url=ticket.web_url,
    )


def fit(rows: list[TicketRow], budget: int) -> str | None:
    """Shorten subjects (marked with …) until the rows fit the byte budget; the note says so."""
    size = len(ROWS_JSON.dump_json(rows, by_alias=True, exclude_none=True).decode())  # = compact_json's length
    if size <= budget:
        return None
    excess, longest = size - budget, max((len(r.subject or "") for r in rows), default=0)
    limit = longest
    for limit in range(longest - 1, MIN_SUBJECT - 1, -1):
        saved = sum(len(r.subject) - limit for r in rows if r.subject and len(r.subject) > limit)
        if saved >= excess:
            break
    if limit >= longest:
        return None
    for r in rows:
        if r.subject and len(r.subject) > limit:
            r.subject = r.subject[: limit - 1].rstrip() + "…"
    return f"Subjects longer than {limit} characters were shortened to fit the answer's size budget."


def nested_name(nested: LinkedRecord | None) -> str | None:
    """The name `ref` would give, without building a Ref to read it (a list does this three times a row)."""
    if nested is None or not nested.id:
        return None
    return nested.name or (nested.model_extra or {}).get("productName")


def extra_fields(ticket: Ticket, names: list[str]) -> dict[str, str] | None:
    """The values of the extra `fields` asked for (custom ones come from `cf`), as strings, non-empty only."""
    if not names:
        return None  # `raw()` dumps the whole ticket: not for rows that asked for nothing extra
    raw, cf = ticket.raw(), ticket.cf or {}
    found: dict[str, str] = {}
    for name in names:
        value = raw.get(name, cf.get(name))
        if value in (None, "", [], {}):
            continue
        text = value if isinstance(value, str) else json.dumps(value)
        if name in FENCED_FIELDS:  # cut, then fenced: the closing marker stays
            found[name] = fence_clipped(text, ROW_TEXT_CHARS, is_html=True)[0] or ""
        else:
            short, cut = clip(text, ROW_VALUE_CHARS)
            found[name] = neutralise(short) + ("…" if cut else "")
    return found or None


def row(ticket: Ticket, extra: list[str]) -> TicketRow:
    return TicketRow(
        id=ticket.id,
        ticket_number=ticket.ticket_number,
        subject=subject_text(ticket.subject),
        status=ticket.status,
        priority=ticket.priority,
        channel=ticket.channel,
        department=nested_name(ticket.department),
        team=nested_name(ticket.team),
        product=nested_name(ticket.product),
        assignee=neutralise(person_name(ticket.assignee) or "") or None,
        contact=neutralise(person_name(ticket.contact) or "") or None,
        created_time=ticket.created_time,
        due_date=ticket.due_date,
        fields=extra_fields(ticket, extra),
    )
