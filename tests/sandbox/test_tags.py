"""Ticket tags: tag and untag a ticket, list a ticket's and a department's tags, tickets by tag, search by tag."""

from __future__ import annotations

import copy

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.dataset import DatasetError
from zoho_desk_mcp.sandbox.store import OrgData

from .conversation_data import conversation_data, conversation_sandbox, scoped_desk, ticket


@pytest.fixture
def sandbox() -> Sandbox:
    return conversation_sandbox()


def tid(org: OrgData, subject: str = "Printer on fire") -> str:
    return str(ticket(org, subject)["id"])


def dept(org: OrgData) -> str:
    return str(ticket(org, "Printer on fire")["departmentId"])


async def tag(desk: httpx.AsyncClient, ticket_id: str, *names: str) -> httpx.Response:
    return await desk.post(f"/tickets/{ticket_id}/associateTag", json={"tags": list(names)})


async def names_of(desk: httpx.AsyncClient, ticket_id: str) -> list[str]:
    response = await desk.get(f"/tickets/{ticket_id}/tags")
    assert response.status_code == 200
    return [t["name"] for t in response.json()["tags"]]


async def test_tagging_a_ticket_answers_the_tags_and_lists_them_on_the_ticket(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    response = await tag(desk, tid(org), "Urgent", "printer fire")
    assert response.status_code == 200
    data = response.json()["data"]
    assert [(t["name"], t["tagType"]) for t in data] == [("urgent", "MANUAL"), ("printer fire", "MANUAL")]
    assert all(set(t) == {"id", "name", "tagType"} for t in data)
    assert await names_of(desk, tid(org)) == ["urgent", "printer fire"]
    detail = (await desk.get(f"/tickets/{tid(org)}")).json()
    assert detail["tagCount"] == "2"


async def test_tagging_twice_with_the_same_name_in_any_case_keeps_one_tag(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    first = (await tag(desk, tid(org), "urgent")).json()["data"][0]["id"]
    again = (await tag(desk, tid(org, "Quiet ticket"), "URGENT", "urgent")).json()["data"]
    assert [t["id"] for t in again] == [first]
    assert await names_of(desk, tid(org)) == ["urgent"]


async def test_a_ticket_without_tags_lists_none(desk: httpx.AsyncClient, org: OrgData) -> None:
    assert await names_of(desk, tid(org, "Quiet ticket")) == []


async def test_untagging_removes_only_the_named_tags_and_ignores_others(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    await tag(desk, tid(org), "urgent", "vip-customer")
    response = await desk.post(f"/tickets/{tid(org)}/dissociateTag", json={"tags": ["URGENT", "never-used"]})
    assert (response.status_code, response.content) == (200, b"")
    assert await names_of(desk, tid(org)) == ["vip-customer"]


@pytest.mark.parametrize(
    "body",
    [{"tags": []}, {"tags": "urgent"}, {"tags": ["ab"]}, {"tags": ["null"]}, {"tags": ["semi;colon"]}, {}],
)
async def test_bad_tag_names_are_invalid_data_and_change_nothing(
    desk: httpx.AsyncClient, org: OrgData, body: dict[str, object]
) -> None:
    response = await desk.post(f"/tickets/{tid(org)}/associateTag", json=body)
    assert (response.status_code, response.json()["errorCode"]) == (422, "INVALID_DATA")
    assert org.tags == {}


async def test_an_unknown_body_key_is_refused(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await desk.post(f"/tickets/{tid(org)}/associateTag", json={"tags": ["urgent"], "x": 1})
    assert response.json()["errorCode"] == "UNPROCESSABLE_ENTITY"


async def test_tagging_needs_the_tickets_create_scope(
    sandbox: Sandbox, http: httpx.AsyncClient, org: OrgData
) -> None:
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.UPDATE", "Desk.tickets.READ"]) as client:
        refused = await tag(client, tid(org), "urgent")
    async with await scoped_desk(sandbox, http, org, ["Desk.tickets.CREATE"]) as client:
        allowed = await tag(client, tid(org), "urgent")
    assert refused.json()["errorCode"] == "SCOPE_MISMATCH"
    assert allowed.status_code == 200


async def test_a_trashed_ticket_cannot_be_tagged(desk: httpx.AsyncClient, org: OrgData) -> None:
    response = await tag(desk, tid(org, "Binned ticket"), "urgent")
    assert response.status_code == 404


async def test_the_department_lists_its_tags_with_ticket_counts_sorted_by_count(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    await tag(desk, tid(org), "urgent", "printer")
    await tag(desk, tid(org, "Quiet ticket"), "urgent")
    response = await desk.get("/ticketTags", params={"departmentId": dept(org), "sortBy": "count"})
    rows = response.json()["data"]
    assert [(r["name"], r["ticketCount"]) for r in rows] == [("urgent", "2"), ("printer", "1")]


async def test_the_tag_list_needs_a_known_department(desk: httpx.AsyncClient) -> None:
    assert (await desk.get("/ticketTags")).status_code == 422
    assert (await desk.get("/ticketTags", params={"departmentId": "123"})).status_code == 422


async def test_tag_search_finds_names_containing_the_text(desk: httpx.AsyncClient, org: OrgData) -> None:
    await tag(desk, tid(org), "printer-fire", "urgent")
    response = await desk.get("/tags/search", params={"departmentId": dept(org), "searchVal": "print"})
    assert [t["name"] for t in response.json()["data"]] == ["printer-fire"]


async def test_tickets_by_tag_lists_the_tagged_live_tickets(desk: httpx.AsyncClient, org: OrgData) -> None:
    tag_id = (await tag(desk, tid(org), "urgent")).json()["data"][0]["id"]
    await tag(desk, tid(org, "Quiet ticket"), "urgent")
    response = await desk.get(f"/tags/{tag_id}/tickets", params={"sortBy": "createdTime"})
    assert [t["subject"] for t in response.json()["data"]] == ["Printer on fire", "Quiet ticket"]
    assert (await desk.get("/tags/999/tickets")).status_code == 404


async def test_recent_tags_are_the_last_five_used(desk: httpx.AsyncClient, org: OrgData, sandbox: Sandbox) -> None:
    for name in ("one-tag", "two-tag", "three-tag", "four-tag", "five-tag", "six-tag"):
        sandbox.store.clock.offset += 1
        await tag(desk, tid(org), name)
    response = await desk.get("/recentTicketTags", params={"departmentId": dept(org)})
    assert [t["name"] for t in response.json()["data"]] == ["six-tag", "five-tag", "four-tag", "three-tag", "two-tag"]


async def test_search_by_tag_finds_tagged_tickets_with_wildcards(desk: httpx.AsyncClient, org: OrgData) -> None:
    await tag(desk, tid(org), "printer-fire")
    exact = await desk.get("/tickets/search", params={"tag": "printer-fire"})
    wildcard = await desk.get("/tickets/search", params={"tag": "printer*"})
    none = await desk.get("/tickets/search", params={"tag": "nothing-here"})
    assert [t["subject"] for t in exact.json()["data"]] == ["Printer on fire"]
    assert [t["subject"] for t in wildcard.json()["data"]] == ["Printer on fire"]
    assert none.status_code == 204


def test_a_data_file_tags_tickets_and_refuses_bad_names() -> None:
    data = copy.deepcopy(conversation_data())
    data["organizations"][0]["tickets"][0]["tags"] = ["Urgent", "printer"]
    org = Sandbox(data).store.first_org()
    assert sorted(t["name"] for t in org.tags.values()) == ["printer", "urgent"]
    data["organizations"][0]["tickets"][1]["tags"] = ["no"]
    with pytest.raises(DatasetError, match=r"tickets\[1\]\.tags"):
        Sandbox(data)


def test_the_default_data_set_tags_tickets_by_their_subjects() -> None:
    org = Sandbox().store.first_org()
    assert {"refund", "firmware"} <= {t["name"] for t in org.tags.values()}
    tagged = [org.tickets[t] for t, tags in org.ticket_tags.items() if tags]
    assert tagged and all(
        any(word in str(t["subject"]).lower() for word in ("refund", "firmware", "invoice", "rebooting", "login"))
        for t in tagged
    )
