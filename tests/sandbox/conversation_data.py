"""A small data set for the conversation tests (uploads, attachments, comments, threads), plus helpers.

The tests use it instead of the default data set so they can name exact threads, comments and files.
"""

from __future__ import annotations

from typing import Any

import httpx

from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.store import OrgData, Record

from .support import BASE_URL, scoped_token

ADMIN = "admin@acme.test"
AGENT = "bob@acme.test"
CUSTOMER = "carol@customer.test"


def conversation_data() -> dict[str, Any]:
    return {
        "organizations": [
            {
                "companyName": "Acme Support",
                "portalName": "acme",
                "departments": [{"name": "Support"}],
                "agents": [
                    {"emailId": ADMIN, "firstName": "Ada", "lastName": "Admin", "departments": ["Support"]},
                    {"emailId": AGENT, "firstName": "Bob", "lastName": "Agent", "departments": ["Support"]},
                ],
                "contacts": [{"email": CUSTOMER, "firstName": "Carol", "lastName": "Customer"}],
                "tickets": [
                    {
                        "subject": "Printer on fire",
                        "department": "Support",
                        "contact": CUSTOMER,
                        "channel": "Email",
                        "ageHours": 48,
                        "threads": [
                            {
                                "direction": "in",
                                "content": "<p>My printer is <b>on fire</b>.</p>",
                                "author": CUSTOMER,
                                "to": ["support@acme.test"],
                                "minutesAfter": 0,
                                "attachments": [{"name": "flames.png", "size": 2048}],
                            },
                            {
                                "direction": "out",
                                "content": "<p>Please unplug it.</p>",
                                "author": AGENT,
                                "to": [CUSTOMER],
                                "cc": ["boss@customer.test"],
                                "minutesAfter": 30,
                            },
                            {
                                "direction": "in",
                                "content": "Done, thanks.",
                                "author": CUSTOMER,
                                "minutesAfter": 90,
                            },
                        ],
                        "comments": [
                            {
                                "content": "Escalate to facilities",
                                "author": AGENT,
                                "isPublic": False,
                                "contentType": "plainText",
                                "minutesAfter": 10,
                            },
                            {
                                "content": "<div>Customer informed</div>",
                                "author": ADMIN,
                                "isPublic": True,
                                "contentType": "html",
                                "minutesAfter": 60,
                            },
                        ],
                        "attachments": [
                            {"name": "invoice.pdf", "size": 4769, "isPublic": True},
                            {"name": "notes.txt", "size": 12, "isPublic": False},
                        ],
                    },
                    {"subject": "Quiet ticket", "department": "Support", "contact": CUSTOMER, "ageHours": 2},
                    {"subject": "Binned ticket", "department": "Support", "contact": CUSTOMER, "ageHours": 1},
                ],
            }
        ]
    }


def conversation_sandbox() -> Sandbox:
    """The small data set, with "Binned ticket" moved to the trash."""
    sandbox = Sandbox(conversation_data())
    ticket(sandbox.store.first_org(), "Binned ticket")["isTrashed"] = True
    return sandbox


def ticket(org: OrgData, subject: str) -> Record:
    return next(t for t in org.tickets.values() if t["subject"] == subject)


def agent_id(org: OrgData, email: str) -> str:
    return str(next(a["id"] for a in org.agents.values() if a["emailId"] == email))


async def scoped_desk(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData, scopes: list[str]
) -> httpx.AsyncClient:
    """A Desk client for `org` whose token carries only `scopes`."""
    headers = {"Authorization": f"Zoho-oauthtoken {await scoped_token(http, scopes)}", "orgId": org.id}
    return httpx.AsyncClient(
        transport=SandboxTransport(sandbox.app), base_url=f"{BASE_URL}/api/v1", headers=headers
    )
