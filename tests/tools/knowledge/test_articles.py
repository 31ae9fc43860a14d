"""search_articles, get_article and suggest_articles through the MCP client: words, status, category, text."""

from __future__ import annotations

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import DEFAULT_REFRESH_TOKEN, OrgData, Record
from zoho_desk_mcp.tools.kit.text import FENCE_CLOSE, FENCE_OPEN

from ..ticket_checks import nulls

ORG = "Acme Support"
KNOWLEDGE = "tickets,knowledge"
RESET = "How to reset your password"


def article(acme: OrgData, title: str) -> Record:
    return next(a for a in acme.articles.values() if a["title"] == title)


async def test_search_and_suggest_are_on_by_default_and_get_article_with_knowledge(connect):
    async with connect() as client:
        default = {tool.name for tool in (await client.list_tools()).tools}
    async with connect(toolsets="knowledge") as client:
        knowledge = {tool.name for tool in (await client.list_tools()).tools}
    assert {"search_articles", "suggest_articles"} <= default and "get_article" not in default
    assert {"search_articles", "get_article", "suggest_articles"} <= knowledge


async def test_search_articles_finds_words_anywhere_in_published_articles(connect):
    async with connect() as client:
        result = await client.call_tool("search_articles", {"organization": ORG, "text": "reset link"})
    assert not result.is_error, result.content[0].text
    out = result.structured_content
    assert [a["title"] for a in out["articles"]] == [RESET]
    row = out["articles"][0]
    assert row["status"] == "Published" and row["summary"].startswith("If you forgot your password")
    assert row["webUrl"].endswith("/en") and row["portalUrl"].endswith("/kb/articles/how-to-reset-your-password")
    assert out["hasMore"] is False and nulls(out) == []


async def test_drafts_show_only_when_asked_for(connect):
    async with connect() as client:
        published = await client.call_tool("search_articles", {"organization": ORG, "text": "launch faq"})
        every = await client.call_tool("search_articles", {"organization": ORG, "text": "launch faq", "status": "all"})
        drafts = await client.call_tool("search_articles", {"organization": ORG, "status": "draft"})
    assert published.structured_content["articles"] == [] and "status: all" in published.structured_content["note"]
    assert [a["status"] for a in every.structured_content["articles"]] == ["Draft"]
    assert [a["title"] for a in drafts.structured_content["articles"]] == ["Acme Router X3 launch FAQ"]


async def test_search_articles_by_category_name_and_pages(connect):
    async with connect() as client:
        first = await client.call_tool("search_articles", {"organization": ORG, "category": "billing", "limit": 1})
        second = await client.call_tool("search_articles", {"organization": ORG, "category": "Billing", "from": 2})
        wrong = await client.call_tool("search_articles", {"organization": ORG, "category": "Cooking"})
    out = first.structured_content
    assert out["count"] == 1 and out["hasMore"] is True and out["nextFrom"] == 2
    titles = [a["title"] for a in out["articles"] + second.structured_content["articles"]]
    assert titles == ["Update the credit card on your plan", "Request a refund"]
    assert wrong.is_error and "Account access" in wrong.content[0].text


async def test_get_article_by_id_or_exact_title_as_fenced_text(connect, acme: OrgData):
    found = article(acme, RESET)
    async with connect(toolsets=KNOWLEDGE) as client:
        by_id = await client.call_tool("get_article", {"organization": ORG, "article": found["id"]})
        by_title = await client.call_tool("get_article", {"organization": ORG, "article": "how to RESET your password"})
        short = await client.call_tool("get_article", {"organization": ORG, "article": found["id"], "maxChars": 200})
    out = by_id.structured_content
    assert by_title.structured_content["id"] == out["id"] == found["id"]
    assert out["text"].startswith(FENCE_OPEN) and out["text"].endswith(FENCE_CLOSE)
    assert "- Open the sign-in page" in out["text"] and "<ol>" not in out["text"]
    assert out["category"]["name"] == "Account access" and "truncated" not in out
    assert short.structured_content["truncated"] is True and short.structured_content["text"].endswith("truncated]")


async def test_an_unknown_article_is_an_error_that_says_how_to_find_one(connect):
    async with connect(toolsets=KNOWLEDGE) as client:
        bad_id = await client.call_tool("get_article", {"organization": ORG, "article": "1234567890123456"})
        near = await client.call_tool("get_article", {"organization": ORG, "article": "password"})
        nothing = await client.call_tool("get_article", {"organization": ORG, "article": "Baking bread"})
    assert bad_id.is_error and "search_articles" in bad_id.content[0].text
    assert near.is_error and RESET in near.content[0].text
    assert nothing.is_error and "search_articles" in nothing.content[0].text


async def test_suggest_articles_ranks_the_answer_first_and_refuses_an_unknown_ticket(connect):
    async with connect() as client:
        created = await client.call_tool("create_ticket", {
            "organization": ORG, "subject": "Cannot reset my password", "department": "Technical Support",
            "contact": "ethan.anderson@example.org", "description": "The reset e-mail never arrives."})
        number = created.structured_content["ticketNumber"]
        result = await client.call_tool("suggest_articles", {"organization": ORG, "ticket": f"#{number}"})
        unknown = await client.call_tool("suggest_articles", {"organization": ORG, "ticket": "#99999"})
    assert result.structured_content["articles"][0]["title"] == RESET
    assert unknown.is_error and "no ticket" in unknown.content[0].text


async def test_without_the_articles_scope_the_knowledge_tools_are_hidden(connect, sandbox: Sandbox):
    sandbox.store.refresh_grants[DEFAULT_REFRESH_TOKEN].scopes = (
        "Desk.tickets.ALL", "Desk.basic.READ", "Desk.contacts.READ", "Desk.search.READ")
    async with connect(toolsets=KNOWLEDGE, organization=ORG) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
    assert "get_contact" in names and not {"search_articles", "get_article", "suggest_articles"} & names
