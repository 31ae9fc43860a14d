"""Customer tools: who is writing (contacts, accounts, their history) and adding or changing contacts."""

from __future__ import annotations

from ..kit.registry import ToolSpec
from .account import get_account
from .contact import get_contact, search_contacts
from .edit import create_contact, update_contact

TOOLS: list[ToolSpec] = [get_contact, search_contacts, get_account, create_contact, update_contact]
