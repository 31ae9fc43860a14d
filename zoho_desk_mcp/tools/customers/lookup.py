"""Finding the contact or account an argument names: ID, e-mail or name through the resolver, phone by search.

A phone is recognised by its shape (digits with `+`, spaces, dashes, dots or brackets; or a short run of digits,
since Zoho IDs are long) and matched on the digits of the contact's phone or mobile, so `555-0142` finds
`+1 555 0142`. Two contacts sharing a phone are an ambiguity listing both, never one picked silently.
"""

from __future__ import annotations

import re

from ...client import ResolutionError
from ...client.accounts import find_account
from ...client.matching import Choice
from ...client.searched import contact_choice
from ..kit.context import DeskServices
from ..kit.errors import InputError

PHONE_SHAPE = re.compile(r"^\+?[\d\s().\-/]+$")
MIN_PHONE_DIGITS = 6
MAX_PHONE_ID_DIGITS = 11  # a run of digits this short is a phone number; Zoho IDs are 15-19 digits
SEARCH_CHARS = 100


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def is_phone(text: str) -> bool:
    found = digits(text)
    if len(found) < MIN_PHONE_DIGITS or not PHONE_SHAPE.match(text):
        return False
    return not text.isdigit() or len(text) <= MAX_PHONE_ID_DIGITS


async def by_phone(svc: DeskServices, org_id: str, phone: str) -> str | None:
    """The one contact whose phone or mobile has these digits (the longer number may add a country code)."""
    wanted = digits(phone)
    words = " ".join(re.findall(r"\d+", phone))[:SEARCH_CHARS]
    rows = await svc.client.org(org_id).contacts.search(_all=words)
    found = [
        c for c in rows
        if any(number and (number.endswith(wanted) or wanted.endswith(number))
               for number in (digits(c.phone), digits(c.mobile)))
    ]
    if len(found) > 1:
        choices = [contact_choice(c) for c in found]
        raise ResolutionError("contact", phone, choices, ambiguous=True)
    return found[0].id if found else None


async def contact_id(svc: DeskServices, org_id: str, contact: str) -> str:
    """The contact's ID from its ID, e-mail, name or phone; misses and ties list the valid choices."""
    text = contact.strip()
    if not text:
        raise InputError("contact is empty: give the contact's name, e-mail, phone or ID")
    if is_phone(text):
        found = await by_phone(svc, org_id, text)
        if found is not None:
            return found
        if not text.isdigit():
            raise InputError(f"no contact has the phone number {text[:40]!r}; give a name, e-mail or ID instead")
    return await svc.resolver.contact(org_id, text)


async def account_choice(svc: DeskServices, org_id: str, account: str) -> Choice:
    """The account by ID or name; misses and ties list the closest accounts (list_options kind accounts)."""
    text = account.strip()
    if not text:
        raise InputError("account is empty: give the account's name or ID")
    return await find_account(
        svc.client.org(org_id).accounts, text, "list_options with kind accounts and a search lists the others"
    )
