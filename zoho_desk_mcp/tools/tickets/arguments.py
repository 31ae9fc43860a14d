"""The ticket fields create_ticket and update_ticket share: one declaration each (schema text, enum), and the
typed `TicketInput` both tools build explicitly, so a renamed parameter fails type-checking instead of silently
no longer being sent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from pydantic import Field

from ..kit.args import MultiValue, choice_of, many_of, opt
from ..kit.vocabulary import CLASSIFICATIONS, PRIORITIES, STATUSES

Text = Annotated[str | None, opt()]
Subject = Annotated[str | None, Field(default=None, min_length=1, max_length=255)]
Department = Annotated[str | None, opt()]
Contact = Annotated[str | None, opt("Name, e-mail or ID (a new e-mail is created)")]
ContactEmail = Annotated[str | None, opt()]
ContactName = Annotated[str | None, opt("Full name of a new contact")]
Product = Annotated[str | None, opt()]
Uploads = Annotated[MultiValue, opt("Upload IDs from upload_file")]
Description = Annotated[str | None, opt("Plain text or HTML")]
Status = Annotated[str | None, choice_of(STATUSES)]
Priority = Annotated[str | None, choice_of(PRIORITIES)]
Channel = Annotated[str | None, opt("Email, Phone, Web, Chat, ...")]
Classification = Annotated[str | None, choice_of(CLASSIFICATIONS)]
Assignee = Annotated[str | None, opt("Agent of the department (me: you)")]
DueDate = Annotated[str | None, opt("Date (end of day UTC) or date-time")]
Team = Annotated[str | None, opt("Team of the department")]
SecondaryContacts = Annotated[MultiValue, opt()]
Statuses = Annotated[MultiValue, many_of(STATUSES)]
Priorities = Annotated[MultiValue, many_of(PRIORITIES)]
Channels = Annotated[MultiValue, opt("Email, Phone, Web, Chat, ...")]
CustomFields = Annotated[dict[str, str] | None, opt("Label or API name (cf_...) → value")]


@dataclass(frozen=True)
class TicketInput:
    """The ticket fields as the model gave them (None: not given), in the tools' argument names."""

    subject: str | None = None
    department: str | None = None
    contact: str | None = None
    contactEmail: str | None = None
    contactName: str | None = None
    product: str | None = None
    uploads: MultiValue = None
    phone: str | None = None
    description: str | None = None
    status: str | None = None
    assignee: str | None = None
    category: str | None = None
    subCategory: str | None = None
    resolution: str | None = None
    dueDate: str | None = None
    priority: str | None = None
    language: str | None = None
    channel: str | None = None
    classification: str | None = None
    webUrl: str | None = None
    team: str | None = None
    secondaryContacts: MultiValue = None
    customFields: dict[str, str] | None = None

    def given(self) -> dict[str, Any]:
        """Every field the model gave, by argument name."""
        return {name: value for name, value in asdict(self).items() if value is not None}
