"""Accounts, a contact's history and edits, and the help centre through the Desk client against the sandbox."""

from __future__ import annotations

import anyio
import httpx
import pytest

from zoho_desk_mcp.client import (
    DeskClient,
    InvalidDataError,
    NotFoundError,
    ServerError,
    WriteOutcomeUnknown,
)
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

from .support import BASE_URL, Sleeps, set_faults, stats

STORY = "ethan.anderson@example.org"
PATCH = "PATCH /api/v1/contacts/{contactId}"


async def story_contact_id(desk: DeskClient, org_id: str) -> str:
    found = await desk.org(org_id).contacts.search(email=STORY)
    assert len(found) == 1
    return found[0].id


async def test_accounts_are_paged_from_zero_although_zoho_counts_from_one(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    accounts = desk.org(org_id).accounts
    first_two = await accounts.page(limit=2)
    next_two = await accounts.page(start=2, limit=2)
    names = [a.name for a in first_two + next_two]
    assert names == ["Northwind Traders", "Contoso Ltd", "Fabrikam Inc", "Tailspin Toys"]
    assert [a.name async for a in accounts.iterate()] == names
    assert (await stats(http))["GET /api/v1/accounts"] == 3  # two pages above, one short page for iterate


async def test_an_account_its_statistics_tickets_contacts_and_search(desk: DeskClient, org_id: str) -> None:
    accounts = desk.org(org_id).accounts
    found = await accounts.search(accountName="north*")
    assert found.count == 1 and found.rows[0].website == "www.northwind.example"
    account = await accounts.get(found.rows[0].id, include_owner=True)
    assert account.owner is not None and account.owner.first_name == "Alex"
    stats_ = await accounts.statistics(account.id)
    tickets = await accounts.tickets(account.id, include=["contacts"])
    assert stats_.total_tickets >= len(tickets) > 0
    times = [t.created_time or "" for t in tickets]
    assert times == sorted(times, reverse=True)
    members = await accounts.contacts(account.id)
    assert STORY in {c.email for c in members}
    with pytest.raises(NotFoundError):
        await accounts.get("123")


async def test_a_contacts_statistics_and_newest_tickets(desk: DeskClient, org_id: str) -> None:
    contacts = desk.org(org_id).contacts
    contact_id = await story_contact_id(desk, org_id)
    statistics = await contacts.statistics(contact_id)
    assert (statistics.total_tickets, statistics.open_tickets, statistics.closed_tickets) == (2, 2, 0)
    tickets = await contacts.tickets(contact_id, include=["departments"])
    assert [t.subject for t in tickets] == ["Is Acme Router X2 Pro available in white?",
                                            "How do I update my credit card?"]
    assert tickets[0].department is not None and tickets[0].department.name == "Sales"
    contact = await contacts.get(contact_id, include=["accounts"])
    assert contact.account is not None and contact.account.account_name == "Northwind Traders"


async def test_contact_search_pages_carry_zohos_count(desk: DeskClient, org_id: str) -> None:
    found = await desk.org(org_id).contacts.find(accountName="Northwind*", limit=2)
    assert found.count is not None and found.count > len(found.rows) == 2
    assert all(c.account is not None and c.account.account_name == "Northwind Traders" for c in found.rows)


async def test_update_contact_changes_fields_and_reports_a_duplicate_e_mail(desk: DeskClient, org_id: str) -> None:
    contacts = desk.org(org_id).contacts
    contact_id = await story_contact_id(desk, org_id)
    updated = await contacts.update(contact_id, {"phone": "+1 555 0199", "description": None})
    assert updated.phone == "+1 555 0199" and updated.last_name == "Anderson"
    with pytest.raises(InvalidDataError) as caught:
        await contacts.update(contact_id, {"email": "chris.lee@example.com"})
    assert [(e.field_name, e.error_type) for e in caught.value.field_errors] == [("/email", "duplicate")]


async def test_a_new_contact_with_an_account(desk: DeskClient, org_id: str) -> None:
    portal = desk.org(org_id)
    contoso = (await portal.accounts.search(accountName="Contoso*")).rows[0]
    created = await portal.contacts.create(last_name="Hale", email="ava.hale@example.com", accountId=contoso.id)
    assert created.account_id == contoso.id
    with pytest.raises(InvalidDataError):
        await portal.contacts.create(last_name="Twin", email="ava.hale@example.com")


async def test_a_failed_contact_update_is_not_retried(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str, sleeps: Sleeps
) -> None:
    contact_id = await story_contact_id(desk, org_id)
    await set_faults(http, failNext=1, failStatus=503, failMatch=PATCH)
    with pytest.raises(ServerError):
        await desk.org(org_id).contacts.update(contact_id, {"title": "CTO"})
    assert (await stats(http))[PATCH] == 1 and sleeps.delays == []


async def test_a_contact_update_whose_answer_was_lost_is_not_repeated(
    sandbox: Sandbox, auth: httpx.Auth, http: httpx.AsyncClient, org_id: str
) -> None:
    await set_faults(http, dropNextWrites=1, dropMode="reset", dropMatch=PATCH)
    async with DeskClient(f"{BASE_URL}/api/v1", auth, transport=SandboxTransport(sandbox.app)) as desk:
        contact_id = await story_contact_id(desk, org_id)
        with anyio.fail_after(5), pytest.raises(WriteOutcomeUnknown):
            await desk.org(org_id).contacts.update(contact_id, {"title": "CTO"})
    assert (await stats(http))[PATCH] == 1
    assert sandbox.store.orgs[org_id].contacts[contact_id]["title"] == "CTO"


async def test_articles_list_get_search_and_suggestions(desk: DeskClient, http: httpx.AsyncClient, org_id: str) -> None:
    portal = desk.org(org_id)
    published = await portal.articles.page(status=["Published"])
    assert published and all(a.status == "Published" for a in published)
    assert len(await portal.articles.page(start=1, limit=2)) == 2
    found = await portal.articles.search(_all="*password*")
    assert found.count == 1 and found.rows[0].title == "How to reset your password"
    article = await portal.articles.get(found.rows[0].id)
    assert article.answer is not None and "<ol>" in article.answer
    assert article.category is not None and article.category.name == "Account access"
    ticket = await portal.tickets.create({
        "subject": "Cannot reset my password", "departmentId": next(iter(await portal.departments.all())).id,
        "contact": {"email": STORY},
    })
    suggested = await portal.articles.suggestions(ticket.id, limit=3)
    assert suggested[0].title == "How to reset your password"
    assert await portal.articles.suggestions(ticket.id, start=50) == []
    with pytest.raises(NotFoundError):
        await portal.articles.get("123")
    assert (await stats(http))["GET /api/v1/tickets/{ticketId}/articleSuggestion"] == 2
