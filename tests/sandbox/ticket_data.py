"""A small data set for the ticket tests, where every department, agent, team and ticket is known by name."""

from __future__ import annotations

import time
from typing import Any

import httpx

from zoho_desk_mcp.sandbox import conversation_records
from zoho_desk_mcp.sandbox.store import OrgData, Record, iso

HOUR = 1.0
DAY = 24 * HOUR
BULK = 8  # extra plain tickets, so the list has more than one default page


def ticket_data() -> dict[str, Any]:
    """Departments Support, Billing and a disabled Archive; 13 tickets of known age, status and owner."""
    now = time.time()
    tickets: list[dict[str, Any]] = [
        {
            "subject": "Printer on fire",
            "department": "Support",
            "contact": "carol@example.com",
            "status": "Open",
            "priority": "High",
            "assignee": "ann@acme.test",
            "team": "Tier 1",
            "channel": "Email",
            "ageHours": 1,
            "dueDate": iso(now - 3600),
            "cf": {"cf_order_id": "A-1"},
        },
        {
            "subject": "Refund please",
            "department": "Billing",
            "contact": "dave@example.com",
            "status": "On Hold",
            "priority": "Medium",
            "assignee": "bob@acme.test",
            "team": "Payments",
            "channel": "Phone",
            "ageHours": 20 * DAY,
        },
        {
            "subject": "Login loop",
            "department": "Support",
            "contact": "dave@example.com",
            "status": "Escalated",
            "priority": "Low",
            "channel": "Web",
            "ageHours": 40 * DAY,
            "threads": [
                {"direction": "in", "content": "<p>Still looping</p>", "minutesAfter": 40 * 24 * 60 - 5}
            ],
        },
        {
            "subject": "Old invoice",
            "department": "Billing",
            "contact": "carol@example.com",
            "status": "Closed",
            "assignee": "bob@acme.test",
            "channel": "Email",
            "ageHours": 100 * DAY,
        },
        {
            "subject": "Widget squeaks",
            "department": "Support",
            "contact": "carol@example.com",
            "status": "Open",
            "priority": "Medium",
            "assignee": "admin@acme.test",
            "channel": "Chat",
            "ageHours": 2 * DAY,
            "product": "Widget",
            "dueDate": iso(now + 3 * 86_400),
        },
    ]
    tickets += [
        {
            "subject": f"Bulk question {n}",
            "department": "Support",
            "contact": "carol@example.com",
            "status": "Open",
            "priority": "Low",
            "channel": "Email",
            "ageHours": 3 * DAY + n * HOUR,
        }
        for n in range(BULK)
    ]
    return {
        "organizations": [
            {
                "companyName": "Acme Support",
                "portalName": "acme",
                "departments": [
                    {"name": "Support"},
                    {"name": "Billing"},
                    {"name": "Archive", "isEnabled": False},
                ],
                "agents": [
                    {
                        "emailId": "admin@acme.test",
                        "lastName": "Admin",
                        "departments": ["Support", "Billing"],
                    },
                    {
                        "emailId": "ann@acme.test",
                        "firstName": "Ann",
                        "lastName": "Lee",
                        "departments": ["Support"],
                    },
                    {
                        "emailId": "bob@acme.test",
                        "firstName": "Bob",
                        "lastName": "Ray",
                        "departments": ["Billing"],
                    },
                    {
                        "emailId": "gone@acme.test",
                        "lastName": "Gone",
                        "departments": ["Support"],
                        "status": "DISABLED",
                    },
                    {
                        "emailId": "lite@acme.test",
                        "lastName": "Lite",
                        "departments": ["Support"],
                        "rolePermissionType": "Light",
                    },
                ],
                "teams": [
                    {"name": "Tier 1", "department": "Support", "agents": ["ann@acme.test"]},
                    {"name": "Payments", "department": "Billing", "agents": ["bob@acme.test"]},
                ],
                "products": [
                    {"productName": "Widget", "departments": ["Support"]},
                    {"productName": "Invoice Pro", "departments": ["Billing"]},
                ],
                "contacts": [
                    {
                        "email": "carol@example.com",
                        "firstName": "Carol",
                        "lastName": "King",
                        "phone": "555-0100",
                    },
                    {"email": "dave@example.com", "lastName": "Dale", "phone": "555-0199"},
                ],
                "tickets": tickets,
            }
        ]
    }


def by_name(table: dict[str, Record], key: str, value: str) -> str:
    return next(record_id for record_id, record in table.items() if record[key] == value)


def department(org: OrgData, name: str) -> str:
    return by_name(org.departments, "name", name)


def agent(org: OrgData, email: str) -> str:
    return by_name(org.agents, "emailId", email)


def team(org: OrgData, name: str) -> str:
    return by_name(org.teams, "name", name)


def product(org: OrgData, name: str) -> str:
    return by_name(org.products, "productName", name)


def contact(org: OrgData, email: str) -> str:
    return by_name(org.contacts, "email", email)


def ticket(org: OrgData, subject: str) -> str:
    return by_name(org.tickets, "subject", subject)


def add_upload(org: OrgData, store: Any, name: str = "log.txt", size: int = 2048) -> str:
    """An upload as `POST /uploads` leaves it (another module's endpoint; the record is the contract)."""
    upload = conversation_records.upload(store, name, size, creator_id=None, when=store.clock.now())
    org.uploads[upload["id"]] = upload
    return str(upload["id"])


def field_errors(response: httpx.Response) -> set[tuple[str, str]]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["errorCode"] == "INVALID_DATA", body
    return {(e["fieldName"], e["errorType"]) for e in body["errors"]}
