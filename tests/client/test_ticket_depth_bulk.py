"""Counts, views, custom fields, updateMany, merge and markSpam through the client, against the sandbox."""

from __future__ import annotations

from collections import Counter

import anyio
import httpx
import pytest

from zoho_desk_mcp.client import DeskClient, InvalidDataError, NotFoundError, WriteOutcomeUnknown
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport
from zoho_desk_mcp.sandbox.store import OrgData, Record

from .support import BASE_URL, set_faults, stats


def counted(org: OrgData) -> list[Record]:
    return [t for t in org.tickets.values() if not t.get("isTrashed") and not t.get("isSpam")]


@pytest.fixture
def org(sandbox: Sandbox) -> OrgData:
    return sandbox.store.first_org()


async def test_counts_by_status_match_the_sandbox_in_one_call(
    desk: DeskClient, http: httpx.AsyncClient, org: OrgData
) -> None:
    counts = await desk.org(org.id).ticket_counts.by_field(["status", "priority", "spam"])
    assert counts.status is not None and counts.priority is not None
    assert {c.value: c.count for c in counts.status} == Counter(t["status"].lower() for t in counted(org))
    assert sum(c.count for c in counts.priority) == len(counted(org)) and counts.spam == 0
    assert (await stats(http))["GET /api/v1/ticketsCountByFieldValues"] == 1


async def test_totals_view_counts_and_agent_counts(desk: DeskClient, org: OrgData) -> None:
    portal = desk.org(org.id)
    department = next(iter(org.departments))
    assert await portal.ticket_counts.total() == len(counted(org))
    assert await portal.ticket_counts.total(department_ids=[department]) == sum(
        1 for t in counted(org) if t["departmentId"] == department
    )
    views = {v.name: v for v in await portal.views.list()}
    assert set(views) >= {"All Tickets", "Open Tickets", "Unassigned Open Tickets", "Overdue Tickets"}
    open_count = await portal.ticket_counts.in_view(views["Open Tickets"].id)
    assert open_count == sum(1 for t in counted(org) if t["statusType"] == "Open")
    agents = list(org.agents)
    rows = await portal.ticket_counts.by_agent(agents)
    assert [r.agent_id for r in rows] == agents
    first = rows[0]
    assert first.open_count == sum(1 for t in counted(org) if t["assigneeId"] == first.agent_id and
                                   t["statusType"] == "Open")


async def test_tickets_of_a_view_come_through_the_tickets_list(desk: DeskClient, org: OrgData) -> None:
    portal = desk.org(org.id)
    view = next(v for v in await portal.views.list() if v.name == "Unassigned Open Tickets")
    rows = [t async for t in portal.tickets.iterate(viewId=view.id)]
    assert rows and all(t.assignee_id is None and t.status_type == "Open" for t in rows)


async def test_custom_fields_come_with_label_api_name_type_and_allowed_values(desk: DeskClient, org: OrgData) -> None:
    fields = await desk.org(org.id).fields.custom()
    plan = next(f for f in fields if f.api_name == "cf_service_plan")
    assert (plan.display_label, plan.type, plan.is_custom_field) == ("Service plan", "Picklist", True)
    assert plan.allowed_values == ["Basic", "Standard", "Premium", "Enterprise"]
    assert all(f.is_custom_field for f in fields)


async def test_update_many_changes_every_ticket_and_a_bad_value_changes_none(desk: DeskClient, org: OrgData) -> None:
    bulk = desk.org(org.id).ticket_bulk
    chosen = [t["id"] for t in counted(org)][:25]
    await bulk.update_many(chosen, "priority", "Low")
    assert all(org.tickets[i]["priority"] == "Low" for i in chosen)
    await bulk.update_many(chosen, "cf_service_plan", "Premium", is_custom_field=True)
    assert all(org.tickets[i]["cf"]["cf_service_plan"] == "Premium" for i in chosen)
    with pytest.raises(InvalidDataError) as caught:
        await bulk.update_many(chosen, "cf_service_plan", "Gold", is_custom_field=True)
    assert "Basic, Standard, Premium, Enterprise" in str(caught.value.field_errors)
    assert all(org.tickets[i]["cf"]["cf_service_plan"] == "Premium" for i in chosen)


async def test_update_many_is_not_repeated_when_its_answer_is_lost(
    sandbox: Sandbox, auth: httpx.Auth, http: httpx.AsyncClient, org: OrgData
) -> None:
    await set_faults(http, dropNextWrites=1, dropMode="reset", dropMatch="POST /api/v1/tickets/updateMany")
    chosen = [t["id"] for t in counted(org)][:3]
    async with DeskClient(f"{BASE_URL}/api/v1", auth, transport=SandboxTransport(sandbox.app)) as desk:
        with anyio.fail_after(5), pytest.raises(WriteOutcomeUnknown):
            await desk.org(org.id).ticket_bulk.update_many(chosen, "priority", "High")
    assert (await stats(http))["POST /api/v1/tickets/updateMany"] == 1
    assert all(org.tickets[i]["priority"] == "High" for i in chosen)  # it did happen


async def test_merge_returns_the_remaining_ticket_and_the_others_are_gone(desk: DeskClient, org: OrgData) -> None:
    portal = desk.org(org.id)
    target, other = (t["id"] for t in counted(org)[:2])
    subject = org.tickets[other]["subject"]
    merged = await portal.ticket_bulk.merge(target, [other], source={"subject": other})
    assert merged.id == target and merged.subject == subject
    with pytest.raises(NotFoundError):
        await portal.tickets.get(other)
    with pytest.raises(InvalidDataError):
        await portal.ticket_bulk.merge(target, [target])


async def test_mark_spam_and_unmark(desk: DeskClient, org: OrgData) -> None:
    portal = desk.org(org.id)
    spam = counted(org)[0]["id"]
    await portal.ticket_bulk.mark_spam([spam])
    assert (await portal.tickets.get(spam)).model_extra["isSpam"] is True  # type: ignore[index]
    assert spam not in {t.id async for t in portal.tickets.iterate()}
    await portal.ticket_bulk.mark_spam([spam], is_spam=False)
    assert org.tickets[spam]["isSpam"] is False
