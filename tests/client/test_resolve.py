"""Names → IDs: exact (case-insensitive) names, e-mails and IDs resolve; misses carry the closest valid choices."""

from __future__ import annotations

import httpx
import pytest

from zoho_desk_mcp.client import DeskClient, ResolutionError, Resolver, parse_ticket_ref
from zoho_desk_mcp.client.refs import TicketRef
from zoho_desk_mcp.sandbox import Sandbox

from .support import stats

BILLING = "1892000000000001"
JANE = "1892000000000007"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def resolver(desk: DeskClient, clock: Clock) -> Resolver:
    return Resolver(desk, ttl=300, clock=clock)


async def test_names_emails_and_ids_resolve_ignoring_case_and_spacing(resolver: Resolver, org_id: str) -> None:
    assert await resolver.organization("acme support") == org_id
    assert await resolver.organization("acmesupport") == org_id  # the portal name
    assert await resolver.department(org_id, "  BILLING ") == BILLING
    assert await resolver.department(org_id, BILLING) == BILLING
    assert await resolver.agent(org_id, "Jane@Acme.com") == JANE
    assert await resolver.agent(org_id, "jane doe") == JANE
    assert await resolver.team(org_id, "billing l1")
    assert await resolver.product(org_id, "Acme Router X1")
    assert await resolver.contact(org_id, "chris.lee@example.com") == "1892000000000038"


async def test_an_unknown_department_lists_every_department_closest_first(resolver: Resolver, org_id: str) -> None:
    with pytest.raises(ResolutionError) as caught:
        await resolver.department(org_id, "Biling")
    error = caught.value
    assert (error.kind, error.value, error.ambiguous, error.total) == ("department", "Biling", False, 5)
    assert len(error.choices) == 5 and error.choices[0].name == "Billing"
    assert "Billing (1892000000000001)" in str(error)


async def test_with_more_than_20_choices_the_20_closest_are_offered(
    sandbox: Sandbox, desk: DeskClient, org_id: str
) -> None:
    agents = desk.org(org_id).agents
    for n in range(10):
        await agents.add(email_id=f"temp{n}@acme.com", last_name=f"Temp{n}", department_ids=[BILLING])
    with pytest.raises(ResolutionError) as caught:
        await Resolver(desk).agent(org_id, "temp 3")
    error = caught.value
    assert error.total == 25 and len(error.choices) == 20
    assert error.choices[0].email == "temp3@acme.com"
    assert "the 20 closest of 25" in str(error)


async def test_an_ambiguous_name_lists_the_records_it_matched(resolver: Resolver, org_id: str) -> None:
    with pytest.raises(ResolutionError) as caught:
        await resolver.contact(org_id, "Chris Lee")
    error = caught.value
    assert error.ambiguous and {c.email for c in error.choices} == {"chris.lee@example.com", "chris.lee@example.net"}


async def test_an_unknown_contact_name_offers_contacts_sharing_a_word(resolver: Resolver, org_id: str) -> None:
    with pytest.raises(ResolutionError) as caught:
        await resolver.contact(org_id, "Chris Nobody")
    assert {"chris.lee@example.com"} <= {c.email for c in caught.value.choices}


async def test_an_unknown_contact_email_is_none_so_the_caller_can_create_it(resolver: Resolver, org_id: str) -> None:
    assert await resolver.contact_by_email(org_id, "stranger@example.com") is None
    with pytest.raises(ResolutionError):
        await resolver.contact(org_id, "1892999999999999")


async def test_a_warm_create_ticket_with_names_costs_one_api_call(
    resolver: Resolver, desk: DeskClient, http: httpx.AsyncClient
) -> None:
    async def create() -> None:
        org = await resolver.organization("Acme Support")
        fields = {
            "subject": "Router keeps rebooting",
            "departmentId": await resolver.department(org, "Technical Support"),
            "assigneeId": await resolver.agent(org, "raj@acme.com"),
            "teamId": await resolver.team(org, "Network Team"),
            "productId": await resolver.product(org, "Acme Router X1"),
            "contactId": await resolver.contact(org, "chris.lee@example.com"),
        }
        await desk.org(org).tickets.create(fields)

    await create()
    before = sum((await stats(http)).values())
    await create()
    after = await stats(http)
    assert sum(after.values()) - before == 1
    assert after["POST /api/v1/tickets"] == 2


async def test_the_cache_expires_after_its_ttl(
    resolver: Resolver, clock: Clock, http: httpx.AsyncClient, org_id: str
) -> None:
    await resolver.department(org_id, "Billing")
    clock.now += 299
    await resolver.department(org_id, "Sales")
    assert (await stats(http))["GET /api/v1/departments"] == 1  # one short page
    clock.now += 2
    await resolver.department(org_id, "Sales")
    assert (await stats(http))["GET /api/v1/departments"] == 2


async def test_a_miss_on_a_warm_cache_reloads_once_to_find_new_records(
    resolver: Resolver, desk: DeskClient, org_id: str
) -> None:
    assert await resolver.agent(org_id, "jane doe") == JANE
    added = await desk.org(org_id).agents.add(email_id="late@acme.com", last_name="Late", department_ids=[BILLING])
    assert await resolver.agent(org_id, "late@acme.com") == added.id


async def test_without_a_value_the_only_or_default_organization_is_used(desk: DeskClient, org_id: str) -> None:
    assert await Resolver(desk, default_org="Acme Support").organization(None) == org_id
    with pytest.raises(ResolutionError) as caught:
        await Resolver(desk).organization(None)
    assert {c.name for c in caught.value.choices} >= {"Acme Support", "Globex Europe"}


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("1892000000000110", TicketRef("id", "1892000000000110")),
        ("101", TicketRef("number", "101")),
        ("#101", TicketRef("number", "101")),
        (" # 0101 ", TicketRef("number", "101")),
        (
            "https://desk.zoho.com/support/acme/ShowHomePage.do#Cases/dv/1892000000000110",
            TicketRef("id", "1892000000000110"),
        ),
        ("https://desk.zoho.eu/agent/acme/acme/tickets/details/1892000000000110", TicketRef("id", "1892000000000110")),
        ("printer ticket", None),
        ("https://desk.zoho.com/support/acme/ShowHomePage.do", None),
    ],
)
def test_ticket_references_are_read_as_ids_numbers_or_urls(ref: str, expected: TicketRef | None) -> None:
    assert parse_ticket_ref(ref) == expected


async def test_a_ticket_number_is_looked_up_once_and_then_cached(
    resolver: Resolver, http: httpx.AsyncClient, org_id: str
) -> None:
    assert await resolver.ticket(org_id, "#101") == "1892000000000110"
    assert await resolver.ticket(org_id, "101") == "1892000000000110"
    url = "https://desk.zoho.com/support/acmesupport/ShowHomePage.do#Cases/dv/1892000000000110"
    assert await resolver.ticket(org_id, url) == "1892000000000110"
    assert (await stats(http))["GET /api/v1/tickets/search"] == 1
    with pytest.raises(ResolutionError) as caught:
        await resolver.ticket(org_id, "#99999")
    assert caught.value.kind == "ticket"
