"""The triage story, as an assistant plays it with the default toolsets: a new ticket arrives, get_contact shows
the customer's two earlier tickets, suggest_articles finds the article that answers it, draft_reply cites it."""

from __future__ import annotations

from zoho_desk_mcp.sandbox import Sandbox, records
from zoho_desk_mcp.sandbox.store import OrgData

ORG = "Acme Support"
STORY = "ethan.anderson@example.org"
EARLIER = {"Is Acme Router X2 Pro available in white?", "How do I update my credit card?"}
RESET = "How to reset your password"


async def a_new_ticket_arrives(sandbox: Sandbox, acme: OrgData) -> str:
    """The customer writes in (through Zoho itself, not through our tools)."""
    department = next(d["id"] for d in acme.departments.values() if d["name"] == "Technical Support")
    ethan = next(c for c in acme.contacts.values() if c["email"] == STORY)
    ticket = records.ticket(sandbox.store, acme, {
        "subject": "Password reset e-mail never arrives", "departmentId": department, "contactId": ethan["id"],
        "accountId": ethan["accountId"], "email": STORY, "channel": "Email",
        "description": "<p>I asked for a password reset three times; no e-mail in my inbox or spam.</p>",
    }, created=sandbox.store.clock.now(), creator_id=None)
    acme.tickets[ticket["id"]] = ticket
    return str(ticket["ticketNumber"])


async def test_triage_a_new_ticket_with_the_customers_history_and_the_help_centre(connect, sandbox, acme):
    number = await a_new_ticket_arrives(sandbox, acme)
    async with connect(organization=ORG) as client:
        ticket = (await client.call_tool("get_ticket", {"ticket": f"#{number}"})).structured_content
        customer = (await client.call_tool("get_contact", {"contact": ticket["contact"]["email"]})).structured_content
        suggested = (await client.call_tool("suggest_articles", {"ticket": ticket["id"]})).structured_content
        best = suggested["articles"][0]
        reply = (
            f"Hi Ethan, sorry the reset e-mail did not reach you. Our article \"{best['title']}\" "
            f"({best['portalUrl']}) walks through it: check your spam folder and use the newest link."
        )
        draft = await client.call_tool("draft_reply", {"ticket": ticket["id"], "content": reply})
    assert customer["account"]["name"] == "Northwind Traders"
    assert customer["tickets"]["total"] == 3
    earlier = {t["subject"] for t in customer["recentTickets"] if t["id"] != ticket["id"]}
    assert earlier == EARLIER
    assert best["title"] == RESET
    assert not draft.is_error, draft.content[0].text
    assert draft.structured_content["status"] == "DRAFT"
    saved = [t for t in sandbox.store.first_org().threads[ticket["id"]] if t["isDraft"]]
    assert len(saved) == 1 and best["portalUrl"] in saved[0]["content"]
    assert sandbox.store.outbox == []  # a draft waits for an agent: nothing reached the customer
