"""Names → records: names (forgiving), e-mails, IDs and `me` resolve; misses carry the closest valid choices."""

from __future__ import annotations

import httpx
import pytest

from zoho_desk_mcp.client import DeskClient, ResolutionError, Resolver, parse_ticket_ref
from zoho_desk_mcp.client.refs import TicketRef
from zoho_desk_mcp.client.resolve import no_ticket
from zoho_desk_mcp.client.searched import UnknownEmailError
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
            TicketRef("id", "1892000000000110", "acme"),
        ),
        (
            "https://desk.zoho.eu/agent/acme/acme/tickets/details/1892000000000110",
            TicketRef("id", "1892000000000110", "acme"),
        ),
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


async def test_names_match_ignoring_accents_and_by_unique_prefix_or_first_name(
    resolver: Resolver, sandbox: Sandbox, org_id: str
) -> None:
    globex = list(sandbox.store.orgs.values())[1].id
    ines = await resolver.agent_choice(globex, "ines   fernandez")
    assert (ines.name, ines.email) == ("Inès Fernández", "ines.fernandez@globex.example")
    assert ines.record["emailId"] == "ines.fernandez@globex.example"
    assert (await resolver.organization_choice("acme")).id == org_id
    assert (await resolver.agent_choice(org_id, "Jane")).id == JANE
    assert (await resolver.department_choice(org_id, "ret")).name == "Returns"
    assert (await resolver.choice("products", org_id, "acme mesh")).name == "Acme Mesh Node"
    assert (await resolver.team_choice(org_id, "network")).name == "Network Team"


async def test_numbers_are_taken_as_ids_and_ticket_numbers(resolver: Resolver, org_id: str) -> None:
    assert await resolver.department(org_id, int(BILLING)) == BILLING
    assert (await resolver.agent_choice(org_id, int(JANE))).email == "jane@acme.com"
    assert await resolver.ticket(org_id, 101) == "1892000000000110"


async def test_me_is_the_token_owner_and_is_fetched_once(
    resolver: Resolver, http: httpx.AsyncClient, org_id: str
) -> None:
    me = await resolver.me(org_id)
    assert (me.name, me.email) == ("Alex Morgan", "admin@acme.com")
    assert await resolver.agent(org_id, " ME ") == me.id
    assert (await resolver.choice("agent", org_id, "me")).email == "admin@acme.com"
    assert (await stats(http))["GET /api/v1/myinfo"] == 1


async def test_two_contacts_of_one_name_are_ambiguous_whatever_the_spelling(resolver: Resolver, org_id: str) -> None:
    for value in ("chris  LEE", "Chris Lee"):
        with pytest.raises(ResolutionError) as caught:
            await resolver.contact_choice(org_id, value)
        assert caught.value.ambiguous
        assert "<chris.lee@example.com>" in str(caught.value) and "<chris.lee@example.net>" in str(caught.value)


async def test_a_contact_name_matches_with_or_without_its_accents(
    resolver: Resolver, desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    made = await desk.org(org_id).contacts.create(last_name="Fernández", firstName="Inés", email="inf@example.org")
    assert await resolver.contact(org_id, "Inés  Fernández") == made.id
    assert (await stats(http))["GET /api/v1/contacts/search"] == 1  # typed as stored: the phrase search finds it
    found = await resolver.contact_choice(org_id, "ines fernandez")
    assert (found.id, found.name, found.email) == (made.id, "Inés Fernández", "inf@example.org")
    assert (await resolver.contact_choice(org_id, made.id)).email == "inf@example.org"


async def test_an_unknown_contact_email_is_its_own_error(resolver: Resolver, org_id: str) -> None:
    with pytest.raises(UnknownEmailError) as caught:
        await resolver.contact_choice(org_id, "stranger@example.com")
    assert isinstance(caught.value, ResolutionError) and caught.value.email == "stranger@example.com"
    assert str(caught.value) == "no contact has the e-mail 'stranger@example.com'"
    assert await resolver.contact_choice_by_email(org_id, "stranger@example.com") is None
    known = await resolver.contact_choice_by_email(org_id, "CHRIS.LEE@example.com")
    assert known is not None and known.name == "Chris Lee"


async def test_a_desk_url_of_another_portal_is_an_error_naming_both(resolver: Resolver, org_id: str) -> None:
    url = "https://desk.zoho.com/support/globexeu/ShowHomePage.do#Cases/dv/1892000000000110"
    with pytest.raises(ResolutionError) as caught:
        await resolver.ticket(org_id, url)
    text = str(caught.value)
    assert "'globexeu' (organization 'Globex Europe')" in text and "'Acme Support' of the portal 'acmesupport'" in text
    agent_url = "https://desk.zoho.com/agent/ACMESUPPORT/billing/tickets/details/1892000000000110"
    assert await resolver.ticket(org_id, agent_url) == "1892000000000110"


async def test_every_missing_ticket_reads_the_same(resolver: Resolver, org_id: str) -> None:
    with pytest.raises(ResolutionError) as caught:
        await resolver.ticket(org_id, "#99999")
    assert str(caught.value) == "no ticket matches '#99999' in this organization (or it is in the trash)"
    assert str(no_ticket("1892000000999999")) == (
        "no ticket matches '1892000000999999' in this organization (or it is in the trash)"
    )
    with pytest.raises(ResolutionError, match="no ticket matches 'printer': it is not a ticket ID, number or Desk URL"):
        await resolver.ticket(org_id, "printer")


async def test_a_wrong_default_organization_names_the_setting(desk: DeskClient) -> None:
    with pytest.raises(ResolutionError) as caught:
        await Resolver(desk, default_org="Acme Suport Ltd").organization()
    text = str(caught.value)
    assert text.startswith("the setting ZOHO_DESK_ORG='Acme Suport Ltd' (the default organization) matches no")
    assert "Acme Support" in text
    assert await Resolver(desk, default_org="acme").organization() == caught.value.choices[0].id
