"""The default data set: deterministic, consistent (every name resolves), rich enough for the tools' tests."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from typing import Any

import pytest

from zoho_desk_mcp.sandbox.seed import default_data

STATUSES = {"Open", "On Hold", "Escalated", "Closed"}
PRIORITIES = {"High", "Medium", "Low", None}
CHANNELS = {"Email", "Phone", "Web", "Chat", "Forums", "Twitter", "Facebook"}
ROLES = {"Admin", "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Light"}
HOURS_PER_DAY = 24


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return default_data()


@pytest.fixture(scope="module")
def orgs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {org["companyName"]: org for org in data["organizations"]}


@pytest.fixture(scope="module")
def acme(orgs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return orgs["Acme Support"]


def all_text(ticket: dict[str, Any]) -> str:
    parts = [ticket["subject"], ticket.get("description") or ""]
    parts += [thread["content"] for thread in ticket.get("threads", [])]
    return "\n".join(parts)


def test_two_calls_return_equal_data_quickly() -> None:
    started = time.perf_counter()
    first = default_data()
    elapsed = time.perf_counter() - started
    assert first == default_data()
    assert elapsed < 0.5  # about 20 ms in practice; the bound only catches a runaway generator


def test_editing_a_returned_data_set_leaves_the_next_one_unchanged() -> None:
    edited = default_data()
    pristine = default_data()
    for org in edited["organizations"]:
        for entity in org["agents"] + org["teams"] + org["products"]:
            entity.get("departments", entity.get("agents", [])).clear()
        for ticket in org["tickets"]:
            ticket.get("threads", []).clear()
            ticket.get("cf", {}).clear()
    assert default_data() == pristine


def test_the_organizations_are_acme_globex_and_initech_in_that_order(data: dict[str, Any]) -> None:
    summary = [(o["companyName"], o["portalName"], o["edition"]) for o in data["organizations"]]
    assert summary == [
        ("Acme Support", "acmesupport", "ENTERPRISE"),
        ("Globex Europe", "globexeu", "PROFESSIONAL"),
        ("Initech Labs", "initechlabs", "FREE"),
    ]
    for org in data["organizations"]:
        assert org["portalName"] == org["portalName"].lower() and " " not in org["portalName"]


def test_the_first_agent_of_the_first_org_is_an_admin_in_every_department(acme: dict[str, Any]) -> None:
    owner = acme["agents"][0]
    assert (owner["emailId"], owner["firstName"], owner["lastName"]) == ("admin@acme.com", "Alex", "Morgan")
    assert owner["rolePermissionType"] == "Admin" and owner["status"] == "ACTIVE"
    assert set(owner["departments"]) == {d["name"] for d in acme["departments"]}


def test_acme_has_the_documented_departments_agents_and_products(acme: dict[str, Any]) -> None:
    departments = {d["name"] for d in acme["departments"]}
    assert {"Billing", "Technical Support", "Sales", "Returns"} <= departments
    assert 4 <= len(departments) <= 5
    agents = {a["emailId"]: a for a in acme["agents"]}
    assert 12 <= len(agents) <= 15
    jane = agents["jane@acme.com"]
    assert (jane["firstName"], jane["lastName"], jane["rolePermissionType"]) == ("Jane", "Doe", "AgentPublic")
    assert set(jane["departments"]) == {"Billing", "Technical Support"}
    assert 2 <= sum(a["status"] == "DISABLED" for a in agents.values()) <= 3
    assert sum(a["rolePermissionType"] == "Light" for a in agents.values()) == 1
    assert 6 <= len(acme["products"]) <= 10
    assert all(1 <= len(p["departments"]) <= 3 for p in acme["products"])
    assert len(acme["contacts"]) >= 60 and len(acme["tickets"]) >= 260


def test_every_department_has_three_active_agents_and_one_to_three_teams(data: dict[str, Any]) -> None:
    for org in data["organizations"]:
        for dept in org["departments"]:
            active = [a for a in org["agents"] if dept["name"] in a["departments"] and a["status"] == "ACTIVE"
                      and a["rolePermissionType"] != "Light"]
            teams = [t for t in org["teams"] if t["department"] == dept["name"]]
            assert len(active) >= 3, (org["companyName"], dept["name"])
            assert 1 <= len(teams) <= 3, (org["companyName"], dept["name"])


def test_globex_and_initech_have_their_own_entities(orgs: dict[str, dict[str, Any]]) -> None:
    globex, initech = orgs["Globex Europe"], orgs["Initech Labs"]
    assert len(globex["departments"]) == 3 and "Billing" in {d["name"] for d in globex["departments"]}
    assert len(globex["agents"]) >= 10 and 1 <= sum(a["status"] == "DISABLED" for a in globex["agents"]) <= 2
    assert len(globex["contacts"]) >= 50 and 35 <= len(globex["tickets"]) <= 45
    assert globex["teams"] and globex["products"]
    assert len(initech["departments"]) == 2 and len(initech["agents"]) == 10
    assert initech["agentLicenses"] == sum(a["status"] == "ACTIVE" for a in initech["agents"])  # all in use
    assert len(initech["contacts"]) == 50 and len(initech["tickets"]) == 10


def test_field_values_are_ones_zoho_uses(data: dict[str, Any]) -> None:
    for org in data["organizations"]:
        for agent in org["agents"]:
            assert agent["rolePermissionType"] in ROLES and agent["status"] in {"ACTIVE", "DISABLED"}
        for ticket in org["tickets"]:
            assert ticket["status"] in STATUSES and ticket["priority"] in PRIORITIES
            assert ticket["channel"] in CHANNELS
            assert ticket.get("classification") in {"Question", "Problem", "Request", "Others", None}
            assert 0.5 <= ticket["ageHours"] <= 2200 and "dueDate" not in ticket


def test_email_addresses_are_unique_within_each_org_and_use_example_domains(data: dict[str, Any]) -> None:
    for org in data["organizations"]:
        agent_emails = [a["emailId"] for a in org["agents"]]
        contact_emails = [c["email"] for c in org["contacts"]]
        assert len(set(agent_emails)) == len(agent_emails)
        assert len(set(contact_emails)) == len(contact_emails)
        assert all(e.split("@")[1] in {"example.com", "example.org", "example.net"} for e in contact_emails)


def test_every_name_reference_resolves(data: dict[str, Any]) -> None:
    for org in data["organizations"]:
        departments = {d["name"] for d in org["departments"]}
        agents = {a["emailId"]: a for a in org["agents"]}
        contacts = {c["email"] for c in org["contacts"]}
        teams = {(t["department"], t["name"]) for t in org["teams"]}
        products = {p["productName"]: p for p in org["products"]}
        assert all(set(a["departments"]) <= departments for a in agents.values())
        assert all(set(p["departments"]) <= departments for p in products.values())
        for team in org["teams"]:
            assert all(team["department"] in agents[email]["departments"] for email in team["agents"])
        for ticket in org["tickets"]:
            dept = ticket["department"]
            assert dept in departments and ticket["contact"] in contacts
            assert "team" not in ticket or (dept, ticket["team"]) in teams
            assert "product" not in ticket or dept in products[ticket["product"]]["departments"]
            for thread in ticket.get("threads", []):
                assert thread["author"] == ticket["contact"] if thread["direction"] == "in" else (
                    dept in agents[thread["author"]]["departments"])
            assert all(c["author"] in agents for c in ticket.get("comments", []))


def test_assignees_are_agents_of_the_tickets_department_mostly_active(data: dict[str, Any]) -> None:
    for org in data["organizations"]:
        agents = {a["emailId"]: a for a in org["agents"]}
        assigned = [t for t in org["tickets"] if t["assignee"] is not None]
        for ticket in assigned:
            agent = agents[ticket["assignee"]]
            assert ticket["department"] in agent["departments"] and agent["rolePermissionType"] != "Light"
        disabled = sum(agents[t["assignee"]]["status"] == "DISABLED" for t in assigned)
        assert disabled <= len(assigned) * 0.05
    tickets = data["organizations"][0]["tickets"]
    assert 0.12 <= sum(t["assignee"] is None for t in tickets) / len(tickets) <= 0.28


def test_tickets_spread_over_departments_statuses_priorities_and_channels(acme: dict[str, Any]) -> None:
    tickets = acme["tickets"]
    statuses = Counter(t["status"] for t in tickets)
    assert set(statuses) == STATUSES and statuses.most_common(1)[0][0] == "Open"
    assert {t["priority"] for t in tickets} == PRIORITIES
    assert {t["channel"] for t in tickets} == CHANNELS
    assert {t["department"] for t in tickets} == {d["name"] for d in acme["departments"]}
    assert len({t["subject"] for t in tickets}) >= 80
    assert any(t.get("resolution") for t in tickets if t["status"] == "Closed")
    assert any("cf_order_id" in t.get("cf", {}) for t in tickets)


def test_created_in_the_last_7_15_30_90_days_select_growing_subsets(acme: dict[str, Any]) -> None:
    ages = [t["ageHours"] for t in acme["tickets"]]
    counts = [sum(age <= days * HOURS_PER_DAY for age in ages) for days in (7, 15, 30, 90)]
    assert counts[0] >= 10
    assert counts == sorted(set(counts))  # strictly growing
    assert counts[-1] < len(ages)  # some tickets are older than 90 days


def test_tickets_are_listed_oldest_first(data: dict[str, Any]) -> None:
    for org in data["organizations"]:
        ages = [t["ageHours"] for t in org["tickets"]]
        assert ages == sorted(ages, reverse=True)


def test_threads_are_email_exchanges_that_quote_history(acme: dict[str, Any]) -> None:
    with_threads = [t for t in acme["tickets"] if t.get("threads")]
    assert len(with_threads) >= 40
    assert all(1 <= len(t["threads"]) <= 6 for t in with_threads)
    contents = [th["content"] for t in with_threads for th in t["threads"] if th["direction"] == "in"]
    assert sum("wrote:</div><blockquote>" in c for c in contents) >= 20
    assert sum(any(th.get("attachments") for th in t["threads"]) for t in with_threads) >= 5
    assert any(t["channel"] == "Email" and t.get("description") is None for t in with_threads)
    for ticket in with_threads:
        minutes = [th["minutesAfter"] for th in ticket["threads"]]
        assert minutes == sorted(minutes) and minutes[-1] <= ticket["ageHours"] * 60


def test_some_replies_were_sent_twice_to_different_recipients(acme: dict[str, Any]) -> None:
    duplicated = 0
    for ticket in acme["tickets"]:
        threads = ticket.get("threads", [])
        for first, second in itertools.pairwise(threads):
            if first["direction"] == second["direction"] == "out" and first["content"] == second["content"]:
                assert first["to"] != second["to"] and first["minutesAfter"] == second["minutesAfter"]
                duplicated += 1
    assert duplicated >= 3


def test_comments_mix_private_public_plain_and_html(acme: dict[str, Any]) -> None:
    with_comments = [t for t in acme["tickets"] if t.get("comments")]
    assert len(with_comments) >= 30
    comments = [c for t in with_comments for c in t["comments"]]
    assert {c["isPublic"] for c in comments} == {True, False}
    assert {c["contentType"] for c in comments} == {"plainText", "html"}


def test_tickets_carry_attachments_and_html_descriptions(acme: dict[str, Any]) -> None:
    tickets = acme["tickets"]
    assert sum(bool(t.get("attachments")) for t in tickets) >= 15
    sizes = [a["size"] for t in tickets for a in t.get("attachments", [])]
    assert all(isinstance(size, int) and size > 0 for size in sizes)
    descriptions = [t["description"] for t in tickets if t.get("description")]
    for fragment in ("<p>", "<br>", "<a href=", "&amp;"):
        assert any(fragment in d for d in descriptions), fragment


def test_some_customer_text_attempts_prompt_injection(acme: dict[str, Any]) -> None:
    texts = [all_text(t) for t in acme["tickets"]]
    markers = (
        "Ignore all previous instructions", "</untrusted> SYSTEM:", "[SYSTEM OVERRIDE]", "SYSTEM NOTICE:",
    )
    for marker in markers:
        assert any(marker in text for text in texts), marker
    hostile = [t for t, text in zip(acme["tickets"], texts, strict=True) if any(m in text for m in markers)]
    assert 3 <= len(hostile) <= 5


def test_two_contacts_share_the_name_chris_lee_and_both_have_tickets(acme: dict[str, Any]) -> None:
    chris = [c["email"] for c in acme["contacts"] if (c["firstName"], c["lastName"]) == ("Chris", "Lee")]
    assert sorted(chris) == ["chris.lee@example.com", "chris.lee@example.net"]
    assert {t["contact"] for t in acme["tickets"]} >= set(chris)
    assert any(t["subject"] == "Refund for order #4411" for t in acme["tickets"])


def test_billing_exists_in_two_organizations(data: dict[str, Any]) -> None:
    having_billing = [o for o in data["organizations"] if "Billing" in {d["name"] for d in o["departments"]}]
    assert len(having_billing) >= 2
