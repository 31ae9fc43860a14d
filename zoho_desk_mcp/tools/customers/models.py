"""What the customer tools return: contacts, accounts, their ticket counts and newest tickets, as slim models.

Names, e-mails and phones of contacts are written by customers (or taken from their e-mails' display names):
they are neutralised so they cannot forge our fence, a contact's description is fenced, and each answer's
`untrusted` field names the customer-written fields, as the ticket tools do.
"""

from __future__ import annotations

from pydantic import Field

from ...client import Contact, TicketStatistics
from ...client.accounts import Account
from ..kit.output import Ref, Slim
from ..kit.text import clip, fence, neutralise
from ..tickets.models import TicketRow

UNTRUSTED = "customer-written: names, e-mails, phones, description, ticket subjects"
DESCRIPTION_CHARS = 2_000
RECENT = 5  # newest tickets shown with a contact or an account
FIRST_CONTACTS = 5  # contacts shown with an account


class TicketCounts(Slim):
    """Zoho's statistics: `open` counts statuses of type Open (Escalated included)."""

    open: int = 0
    on_hold: int = 0
    closed: int = 0
    total: int = 0


class ContactCard(Slim):
    id: str
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    account: Ref | None = None
    description: str | None = Field(default=None, description="Fenced as untrusted")
    web_url: str | None = None


class ContactDetail(ContactCard):
    tickets: TicketCounts
    recent_tickets: list[TicketRow] = Field(default_factory=list, description="Newest first")
    untrusted: str = UNTRUSTED


class CreatedContact(ContactCard):
    untrusted: str = UNTRUSTED


class ContactRow(Slim):
    id: str
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    account: str | None = Field(default=None, description="The account's name")


class ContactList(Slim):
    contacts: list[ContactRow] = Field(default_factory=list)
    count: int
    from_: int = Field(alias="from")
    limit: int
    has_more: bool
    next_from: int | None = None
    untrusted: str = UNTRUSTED


class AccountContacts(Slim):
    count: int
    first: list[ContactRow] = Field(default_factory=list)


class AccountDetail(Slim):
    id: str
    name: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    industry: str | None = None
    contacts: AccountContacts
    tickets: TicketCounts
    recent_tickets: list[TicketRow] = Field(default_factory=list, description="Newest first")
    web_url: str | None = None
    untrusted: str = UNTRUSTED


def safe(text: str | None) -> str | None:
    """A short customer-written field: one line, fence markers broken; None when empty."""
    if not text or not text.strip():
        return None
    return neutralise(" ".join(text.split()))


def counts(statistics: TicketStatistics) -> TicketCounts:
    return TicketCounts(
        open=statistics.open_tickets,
        on_hold=statistics.onhold_tickets,
        closed=statistics.closed_tickets,
        total=statistics.total_tickets,
    )


def contact_name(contact: Contact) -> str | None:
    return safe(" ".join(p for p in (contact.first_name, contact.last_name) if p))


def account_ref(contact: Contact) -> Ref | None:
    nested = contact.account
    if nested is not None and nested.id:
        return Ref(id=nested.id, name=safe(nested.account_name))
    return Ref(id=contact.account_id) if contact.account_id else None


def description(text: str | None) -> str | None:
    plain, cut = clip((text or "").strip(), DESCRIPTION_CHARS)
    fenced = fence(plain)
    return f"{fenced}\n[…description truncated]" if fenced and cut else fenced


def card_fields(contact: Contact) -> dict[str, object]:
    return {
        "id": contact.id,
        "name": contact_name(contact),
        "email": safe(contact.email),
        "phone": safe(contact.phone),
        "mobile": safe(contact.mobile),
        "account": account_ref(contact),
        "description": description(contact.description),
        "web_url": contact.web_url,
    }


def contact_row(contact: Contact) -> ContactRow:
    account = contact.account.account_name if contact.account else None
    return ContactRow(
        id=contact.id, name=contact_name(contact), email=safe(contact.email), phone=safe(contact.phone),
        account=safe(account),
    )


def account_fields(account: Account) -> dict[str, object]:
    return {
        "id": account.id,
        "name": safe(account.account_name),
        "website": safe(account.website),
        "phone": safe(account.phone),
        "email": safe(account.email),
        "industry": safe(account.industry),
        "web_url": account.web_url,
    }
