"""Zoho Desk's default dropdown values: the one definition that argument schemas, checks and list_options share.

Zoho's defaults (docs/zoho-api.md §6.1). A portal can rename or add its own values; a value Zoho rejects
comes back as an error that says so.
"""

from __future__ import annotations

STATUSES = ("Open", "On Hold", "Escalated", "Closed")
PRIORITIES = ("High", "Medium", "Low")
CHANNELS = ("Email", "Phone", "Web", "Chat", "Forums", "Twitter", "Facebook", "Feedback Widget", "Customer Portal")
CLASSIFICATIONS = ("Question", "Problem", "Request", "Others")
LANGUAGES = ("English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Japanese", "Chinese")

TICKET_VALUES: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "priority": PRIORITIES,
    "channel": CHANNELS,
    "classification": CLASSIFICATIONS,
    "language": LANGUAGES,
}
"""Each ticket dropdown field and its default values (list_options kind=ticket-fields shows these)."""

CHECKED_VALUES = ("status", "priority", "channel", "classification")
"""The fields whose values are checked before anything is sent (languages vary too much by portal)."""
