"""The Desk API's endpoints, one module per Zoho resource; `ENDPOINTS` is every one of them."""

from __future__ import annotations

from ..routing import Endpoint
from . import (
    agents,
    attachments,
    comments,
    contacts,
    departments,
    organizations,
    products,
    replies,
    reply_addresses,
    search,
    teams,
    templates,
    threads,
    tickets,
    uploads,
)

ENDPOINTS: list[Endpoint] = [
    *organizations.ENDPOINTS,
    *departments.ENDPOINTS,
    *agents.ENDPOINTS,
    *teams.ENDPOINTS,
    *products.ENDPOINTS,
    *contacts.ENDPOINTS,
    *tickets.ENDPOINTS,
    *search.ENDPOINTS,
    *uploads.ENDPOINTS,
    *attachments.ENDPOINTS,
    *comments.ENDPOINTS,
    *threads.ENDPOINTS,
    *replies.ENDPOINTS,
    *reply_addresses.ENDPOINTS,
    *templates.ENDPOINTS,
]
