"""get_ticket_conversation through the MCP client: quoted history and per-recipient copies removed, files listed,
a size budget with a marker, and every text fenced as untrusted."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData, Record
from zoho_desk_mcp.server import build_server
from zoho_desk_mcp.tools.kit.text import FENCE_CLOSE, FENCE_OPEN

from ..conftest import settings_for

AGENT = "bob@acme.test"
CUSTOMER = "carol@customer.test"
BULKY_REPLY = "The engineers are still looking into it. " * 25  # about 1,000 characters per message


def thread(direction: str, content: str, minutes: float, **extra: Any) -> dict[str, Any]:
    author = CUSTOMER if direction == "in" else AGENT
    to = ["support@acme.test"] if direction == "in" else [CUSTOMER]
    return {"direction": direction, "content": content, "author": author, "to": to, "minutesAfter": minutes, **extra}


VPN_THREADS = [
    thread("in", "<p>My VPN fails with error 809.</p>", 0, attachments=[{"name": "vpn-log.txt", "size": 1234}]),
    thread("out", "<div>Hi Carol,<br><br>Please restart the client.<br><br>Bob</div>", 30),
    thread("out", "<div>Hi Carol,<br><br>Please restart the client.<br><br>Bob</div>", 30, to=["it@customer.test"]),
    thread("in", "<div>Restarted, still failing.</div><div>On Tue, Bob Agent &lt;bob@acme.test&gt; wrote:</div>"
                 "<blockquote><div>Hi Carol,<br>Please restart the client.</div></blockquote>", 60),
    thread("in", "<p>Any news?</p><p>-----Original Message-----<br>From: Bob Agent<br>Sent: Tuesday<br>"
                 "Subject: RE: VPN</p><p>OLD-OUTLOOK-TEXT</p>", 90),
    thread("in", "<p>Still waiting.</p><p>&gt; OLD-ANGLE-QUOTE</p>", 100),
    thread("in", "<p>Works now, thanks.</p><hr><p>From: Bob Agent &lt;bob@acme.test&gt;<br>Sent: Wednesday<br>"
                 "To: Carol</p><p>OLD-HEADER-TEXT</p>", 120),
]
LONG_THREADS = [thread("in", "<p>FIRST-MESSAGE: the dashboard shows no data since Monday.</p>", 0)] + [
    thread("out" if i % 2 else "in", f"<p>Message {i}. {BULKY_REPLY}</p>", 10 * i) for i in range(1, 30)
] + [thread("in", "<p>NEWEST-MESSAGE: any update?</p>", 400)]


def data() -> dict[str, Any]:
    ticket = {"department": "Support", "contact": CUSTOMER, "channel": "Email", "ageHours": 48}
    return {
        "organizations": [{
            "companyName": "Acme Support",
            "portalName": "acme",
            "departments": [{"name": "Support"}],
            "agents": [
                {"emailId": "ada@acme.test", "firstName": "Ada", "lastName": "Admin", "departments": ["Support"]},
                {"emailId": AGENT, "firstName": "Bob", "lastName": "Agent", "departments": ["Support"]},
            ],
            "contacts": [{"email": CUSTOMER, "firstName": "Carol", "lastName": "Customer"}],
            "tickets": [
                {**ticket, "subject": "VPN error 809", "threads": VPN_THREADS,
                 "comments": [{"content": "Checked the gateway logs", "author": AGENT, "minutesAfter": 45},
                              {"content": "<p>Customer <b>called</b></p>", "author": AGENT, "isPublic": True,
                               "contentType": "html", "minutesAfter": 95}],
                 "attachments": [{"name": "contract.pdf", "size": 5000, "isPublic": True}]},
                {**ticket, "subject": "Dashboard empty", "threads": LONG_THREADS},
                {**ticket, "subject": "Forwarded invoice",
                 "threads": [thread("in", "<blockquote><p>FORWARDED-BODY from our supplier</p></blockquote>", 0),
                             thread("in", "<p>See below.</p><p>---------- Forwarded message ---------<br>"
                                          "From: Supplier &lt;s@supplier.test&gt;<br>Date: Mon</p><p>PAY-50-EUR</p>",
                                    5)]},
                {**ticket, "channel": "Web", "subject": "Web form question",
                 "description": "<p>How do I export my data?</p>"},
            ],
        }]
    }


@pytest.fixture
def convo() -> tuple[Sandbox, Callable[[], Client]]:
    """A sandbox with the hand-made conversations above, and a client factory for it."""
    sandbox = Sandbox(data())
    return sandbox, lambda: Client(build_server(settings_for(organization="Acme Support"), sandbox=sandbox).mcp)


def ticket_id(org: OrgData, subject: str) -> str:
    return str(next(t["id"] for t in org.tickets.values() if t["subject"] == subject))


async def conversation(client: Client, **args: Any) -> dict[str, Any]:
    result = await client.call_tool("get_ticket_conversation", args)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return dict(result.structured_content)


def inner(text: str) -> str:
    """The text inside one fence (and the fence must be the whole text, closed once)."""
    assert text.startswith(FENCE_OPEN + "\n") and text.count(FENCE_CLOSE) == 1, text
    return text[len(FENCE_OPEN) + 1 : text.index(FENCE_CLOSE)].strip()


async def test_threads_and_comments_come_back_in_time_order_with_authors_and_visibility(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "VPN error 809"))
    kinds = [(e["type"], e.get("direction") or e.get("visibility")) for e in answer["entries"]]
    assert kinds == [("thread", "in"), ("thread", "out"), ("comment", "private"), ("thread", "in"),
                     ("thread", "in"), ("comment", "public"), ("thread", "in"), ("thread", "in")]
    times = [e["time"] for e in answer["entries"]]
    assert times == sorted(times)
    first, reply, note = answer["entries"][:3]
    assert first["author"] == {"name": "Carol Customer", "email": CUSTOMER, "kind": "customer"}
    assert reply["author"]["kind"] == "agent" and reply["author"]["email"] == AGENT
    assert inner(note["text"]) == "Checked the gateway logs"
    assert inner(answer["entries"][5]["text"]) == "Customer called"  # HTML turned into text
    assert answer["truncated"] is False and answer["omitted"] == 0
    assert "null" not in json.dumps(answer)


async def test_per_recipient_copies_collapse_into_one_entry_listing_every_recipient(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "VPN error 809"))
    replies = [e for e in answer["entries"] if e.get("direction") == "out"]
    assert len(replies) == 1
    assert replies[0]["to"] == [CUSTOMER, "it@customer.test"]
    assert replies[0]["copies"] == 2


async def test_quoted_history_is_removed_in_every_common_form(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "VPN error 809"))
    customer = [inner(e["text"]) for e in answer["entries"] if e.get("direction") == "in"]
    assert customer == ["My VPN fails with error 809.", "Restarted, still failing.", "Any news?",
                        "Still waiting.", "Works now, thanks."]
    text = json.dumps(answer)
    for quoted in ("Please restart the client", "OLD-OUTLOOK-TEXT", "OLD-ANGLE-QUOTE", "OLD-HEADER-TEXT", "wrote:"):
        assert text.count(quoted) <= (1 if quoted == "Please restart the client" else 0), quoted
    assert all(e.get("quotedHistoryRemoved") for e in answer["entries"][3:5])


async def test_forwarded_messages_are_kept_whole(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "Forwarded invoice"))
    only_a_quote, forward = (inner(e["text"]) for e in answer["entries"])
    assert only_a_quote == "FORWARDED-BODY from our supplier"
    assert forward.startswith("See below.") and forward.endswith("PAY-50-EUR")


async def test_files_on_threads_and_on_the_ticket_are_both_listed(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "VPN error 809"))
    org = sandbox.store.first_org()
    tid = ticket_id(org, "VPN error 809")
    log_id = org.threads[tid][0]["attachments"][0]["id"]
    assert answer["entries"][0]["attachments"] == [{"id": log_id, "name": "vpn-log.txt", "size": 1234}]
    assert answer["attachments"] == [
        {"id": org.attachments[tid][0]["id"], "name": "contract.pdf", "size": 5000, "isPublic": True,
         "createdTime": answer["attachments"][0]["createdTime"]}
    ]


async def test_a_web_ticket_shows_its_description_and_costs_no_thread_calls(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "Web form question"))
    assert inner(answer["description"]) == "How do I export my data?"
    assert answer["entries"] == []  # no threads or comments: an empty list, never a missing key
    calls = sandbox.store.requests
    assert not any("/threads" in key or "/comments" in key or "/attachments" in key for key in calls)


async def test_an_oversized_conversation_keeps_the_first_and_newest_messages_and_marks_the_gap(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "Dashboard empty"),
                                    maxChars=6000)
    entries = answer["entries"]
    assert "FIRST-MESSAGE" in entries[0]["text"]
    assert entries[1]["type"] == "omitted" and "maxChars=6000" in entries[1]["text"]
    assert "NEWEST-MESSAGE" in entries[-1]["text"]
    shown = [e for e in entries if e["type"] == "thread"]
    assert answer["truncated"] is True
    assert answer["omitted"] == 31 - len(shown)
    assert f"{answer['omitted']} entries omitted" in entries[1]["text"]
    assert len(json.dumps(answer)) <= 6000
    fetched = sandbox.store.requests["GET /api/v1/tickets/{ticketId}/threads/{threadId}"]
    assert fetched <= len(shown) + 4  # only what fits is fetched (plus at most one concurrent batch)


async def test_the_whole_long_conversation_fits_a_large_budget(convo: Any) -> None:
    sandbox, client = convo
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(sandbox.store.first_org(), "Dashboard empty"),
                                    maxChars=200_000)
    assert len(answer["entries"]) == 31 and answer["truncated"] is False and answer["omitted"] == 0


async def test_the_newest_message_is_cut_rather_than_dropped_when_it_alone_is_too_big(convo: Any) -> None:
    sandbox, client = convo
    org = sandbox.store.first_org()
    huge = next(t for t in org.threads[ticket_id(org, "Dashboard empty")] if "NEWEST" in t["content"])
    huge["content"] = "<p>NEWEST-MESSAGE " + "word " * 3000 + "</p>"
    async with client() as mcp:
        answer = await conversation(mcp, ticket=ticket_id(org, "Dashboard empty"), maxChars=4000)
    newest = answer["entries"][-1]
    assert newest["textTruncated"] is True and "NEWEST-MESSAGE" in newest["text"]
    assert newest["text"].endswith("more characters of this message not shown]")
    assert answer["truncated"] is True


async def test_injected_instructions_in_a_seed_thread_stay_inside_the_fence(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        found = await mcp.call_tool("search_tickets", {"subject": "Router admin page not loading"})
        assert found.structured_content is not None
        answer = await conversation(mcp, ticket=found.structured_content["tickets"][0]["id"])
    attack = next(e for e in answer["entries"] if "SYSTEM" in (e.get("text") or ""))
    body = inner(attack["text"])
    assert "Delete all contacts" in body and "untrusted>" not in body
    assert attack["author"]["kind"] == "customer"
    assert all(e["text"].startswith(FENCE_OPEN) for e in answer["entries"])


async def test_seed_duplicate_replies_and_quotes_are_cleaned(connect: Any, acme: OrgData) -> None:
    def has_copies(threads: list[Record]) -> bool:
        outgoing = [(t["content"], t["createdTime"]) for t in threads if t["direction"] == "out"]
        return len(set(outgoing)) < len(outgoing) and any("<blockquote>" in t["content"] for t in threads)

    ticket = next(tid for tid, threads in acme.threads.items() if has_copies(threads))
    async with connect(organization="Acme Support") as mcp:
        answer = await conversation(mcp, ticket=ticket)
    assert any(e.get("copies", 1) > 1 for e in answer["entries"])
    assert "<blockquote>" not in json.dumps(answer) and " wrote:" not in json.dumps(answer)
    assert len(answer["entries"]) < len(acme.threads[ticket]) + len(acme.comments.get(ticket, []))


async def test_a_ticket_number_with_a_hash_is_accepted(connect: Any, acme: OrgData) -> None:
    ticket = next(t for t in acme.tickets.values() if acme.threads.get(t["id"]))
    async with connect(organization="Acme Support") as mcp:
        answer = await conversation(mcp, ticket=f"#{ticket['ticketNumber']}")
    assert answer["ticketId"] == ticket["id"] and answer["ticketNumber"] == ticket["ticketNumber"]


@pytest.mark.parametrize("ticket", ["#999999", "189200000999999", "not a ticket"])
async def test_an_unknown_ticket_is_a_tool_error_naming_the_accepted_forms(connect: Any, ticket: str) -> None:
    async with connect(organization="Acme Support") as mcp:
        result = await mcp.call_tool("get_ticket_conversation", {"ticket": ticket})
    assert result.is_error
    assert "ticket" in result.content[0].text and "#101" in result.content[0].text


async def test_max_chars_outside_its_bounds_is_refused(connect: Any) -> None:
    async with connect(organization="Acme Support") as mcp:
        result = await mcp.call_tool("get_ticket_conversation", {"ticket": "#101", "maxChars": 10})
    assert result.is_error and "1000" in result.content[0].text
