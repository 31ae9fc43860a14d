"""One module per Zoho resource: each reads and writes the sandbox through the shared client."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import httpx

from zoho_desk_mcp.client import DeskClient, Ticket
from zoho_desk_mcp.sandbox import Sandbox

from .support import stats

BILLING = "1892000000000001"
JANE = "1892000000000007"  # an agent of Billing


async def test_departments_agents_teams_and_products_are_listed_in_full(desk: DeskClient, org_id: str) -> None:
    portal = desk.org(org_id)
    assert {d.name for d in await portal.departments.all()} >= {"Billing", "Technical Support"}
    agents = await portal.agents.all()
    assert len(agents) == 15 and any(a.email_id == "jane@acme.com" for a in agents)
    assert "Billing L1" in {t.name for t in await portal.teams.list()}
    assert {t.name for t in await portal.teams.list(department_id=BILLING)} == {"Billing L1", "Billing Escalations"}
    assert "Acme Router X1" in {p.name for p in await portal.products.all()}
    assert (await portal.agents.get(JANE)).display_name == "Jane Doe"
    assert (await portal.agents.me()).email_id == "admin@acme.com"


async def test_models_accept_camel_case_and_keep_unknown_fields(desk: DeskClient, org_id: str) -> None:
    ticket = await desk.org(org_id).tickets.get("1892000000000110", include=["departments", "assignee"])
    assert ticket.ticket_number == "101" and ticket.department is not None and ticket.department.name
    assert ticket.model_extra is not None and "isOverDue" in ticket.model_extra
    assert Ticket.model_validate({"id": 5, "ticketNumber": 7, "brandNewField": {"x": 1}}).id == "5"


async def test_a_ticket_is_created_updated_searched_and_trashed(
    sandbox: Sandbox, desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    tickets = desk.org(org_id).tickets
    created = await tickets.create(
        {
            "subject": "Cannot reset password",
            "departmentId": BILLING,
            "contact": {"email": "new@example.com", "lastName": "New"},
            "assigneeId": JANE,
            "description": None,
        }
    )
    assert created.id and created.ticket_number and created.assignee_id == JANE
    updated = await tickets.update(created.id, {"priority": "High"})
    assert updated.priority == "High"
    found = await tickets.search(ticketNumber=created.ticket_number)
    assert [t.id for t in found.tickets] == [created.id] and found.count == 1
    await tickets.move_to_trash([created.id])
    assert sandbox.store.first_org().tickets[created.id]["isTrashed"] is True
    assert (await stats(http))["POST /api/v1/tickets/moveToTrash"] == 1


async def test_contacts_are_created_fetched_and_searched(desk: DeskClient, org_id: str) -> None:
    contacts = desk.org(org_id).contacts
    made = await contacts.create(last_name="Tester", firstName="Tess", email="tess@example.com")
    assert (await contacts.get(made.id)).full_name == "Tess Tester"
    assert [c.id for c in await contacts.search(email="tess@example.com")] == [made.id]
    assert len(await contacts.page(limit=10)) == 10


async def test_files_upload_from_bytes_a_file_object_and_an_async_stream(desk: DeskClient, org_id: str) -> None:
    uploads = desk.org(org_id).uploads

    async def chunks() -> AsyncIterator[bytes]:
        for part in (b"first ", b"second ", b"third"):
            yield part

    from_bytes = await uploads.upload("notes.txt", b"hello")
    from_file = await uploads.upload("log.txt", io.BytesIO(b"x" * 70_000))
    from_stream = await uploads.upload('we"ird\nname.txt', chunks(), content_type="text/plain")
    assert (from_bytes.size, from_file.size, from_stream.size) == ("5", "70000", "18")
    assert from_bytes.name == "notes.txt" and from_stream.id


async def test_attachments_comments_and_threads_of_a_ticket(desk: DeskClient, org_id: str) -> None:
    portal = desk.org(org_id)
    ticket = (await portal.tickets.page(limit=1))[0]
    attached = await portal.attachments.create(ticket.id, "photo.png", b"\x89PNG....", is_public=True)
    assert attached.is_public is True and attached.size == "8"
    assert attached.id in {a.id for a in await portal.attachments.list(ticket.id, include_creator=True)}
    comment = await portal.comments.create(ticket.id, "Called the customer back.")
    assert comment.is_public is False
    assert comment.id in {c.id for c in await portal.comments.list(ticket.id)}
    with_threads = next(iter([t async for t in portal.tickets.iterate() if t.thread_count not in (None, "0")]))
    threads = await portal.threads.list(with_threads.id)
    assert threads and (await portal.threads.get(with_threads.id, threads[0].id)).content


async def test_agents_are_added_deactivated_and_activated(desk: DeskClient, org_id: str) -> None:
    agents = desk.org(org_id).agents
    added = await agents.add(email_id="newbie@acme.com", last_name="Newbie", department_ids=[BILLING])
    await agents.deactivate(added.id)
    assert (await agents.get(added.id)).status == "DISABLED"
    await agents.activate([added.id])
    assert (await agents.get(added.id)).status == "ACTIVE"
