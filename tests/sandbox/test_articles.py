"""The help centre over HTTP: article lists (1-based), one article, search, and suggestions for a ticket."""

from __future__ import annotations

import httpx

from zoho_desk_mcp.sandbox.store import OrgData, Record

from .support import scoped_headers

RESET = "How to reset your password"


def article_titled(org: OrgData, title: str) -> Record:
    return next(a for a in org.articles.values() if a["title"] == title)


async def test_articles_list_counts_from_one_and_omits_the_answer(desk: httpx.AsyncClient, org: OrgData) -> None:
    first = (await desk.get("/articles", params={"from": 1, "limit": 3})).json()["data"]
    rest = (await desk.get("/articles", params={"from": 4, "limit": 50})).json()["data"]
    assert [a["id"] for a in first + rest] == list(org.articles)
    assert "answer" not in first[0] and first[0]["summary"] and first[0]["category"]["name"] == "Account access"
    for bad in ({"from": 0}, {"limit": 51}, {"status": "Live"}, {"sortBy": "title"}):
        assert (await desk.get("/articles", params=bad)).status_code == 422


async def test_articles_filter_by_status_and_category(desk: httpx.AsyncClient, org: OrgData) -> None:
    drafts = (await desk.get("/articles", params={"status": "Draft"})).json()["data"]
    assert [a["title"] for a in drafts] == ["Acme Router X3 launch FAQ"]
    routers = article_titled(org, "Update your router firmware")["categoryId"]
    rows = (await desk.get("/articles", params={"categoryId": routers, "status": "Published"})).json()["data"]
    assert [a["title"] for a in rows] == ["Fix Wi-Fi drops on Acme routers", "Update your router firmware"]


async def test_get_article_returns_its_html_answer_and_links(desk: httpx.AsyncClient, org: OrgData) -> None:
    article = article_titled(org, RESET)
    body = (await desk.get(f"/articles/{article['id']}")).json()
    assert body["title"] == RESET and "<ol>" in body["answer"] and body["status"] == "Published"
    assert body["webUrl"].endswith(f"#Solutions/dv/{article['id']}/en")
    assert body["portalUrl"].endswith("/portal/acmesupport/en/kb/articles/how-to-reset-your-password")
    assert body["summary"].startswith("If you forgot your password")
    assert (await desk.get("/articles/123")).json()["errorCode"] == "URL_NOT_FOUND"
    assert (await desk.get(f"/articles/{article['id']}", params={"version": "9.0"})).status_code == 404


async def test_article_search_matches_words_and_counts_all_hits(desk: httpx.AsyncClient) -> None:
    body = (await desk.get("/articles/search", params={"_all": "*password*"})).json()
    assert body["count"] == 1 and body["data"][0]["title"] == RESET
    assert set(body["data"][0]["author"]) == {"id", "name", "photoURL"}
    titles = (await desk.get("/articles/search", params={"title": "router*", "limit": 1})).json()
    assert titles["count"] == 3 and len(titles["data"]) == 1
    assert (await desk.get("/articles/search", params={"_all": "nothingmatches"})).status_code == 204


async def test_article_search_needs_the_search_scope(http: httpx.AsyncClient, org: OrgData) -> None:
    headers = await scoped_headers(http, ["Desk.articles.READ"], org.id)
    denied = await http.get("/api/v1/articles/search", params={"_all": "reset*"}, headers=headers)
    assert denied.json()["errorCode"] == "SCOPE_MISMATCH"
    assert (await http.get("/api/v1/articles", headers=headers)).status_code == 200
    no_kb = await scoped_headers(http, ["Desk.tickets.READ"], org.id)
    assert (await http.get("/api/v1/articles", headers=no_kb)).json()["errorCode"] == "SCOPE_MISMATCH"


async def test_suggestions_rank_the_article_that_shares_the_tickets_words(
    desk: httpx.AsyncClient, org: OrgData
) -> None:
    department = next(iter(org.departments))
    ticket = (await desk.post("/tickets", json={
        "subject": "Password reset e-mail never arrives", "departmentId": department,
        "contact": {"email": "ethan.anderson@example.org"},
        "description": "<p>I asked for a reset link three times and nothing is in my inbox.</p>"})).json()
    rows = (await desk.get(f"/tickets/{ticket['id']}/articleSuggestion")).json()["data"]
    assert rows[0]["title"] == RESET
    assert all(row["status"] == "Published" for row in rows)
    assert (await desk.get(f"/tickets/{ticket['id']}/articleSuggestion", params={"from": 0})).status_code == 422


async def test_suggestions_for_a_ticket_with_no_shared_words_are_204(desk: httpx.AsyncClient, org: OrgData) -> None:
    department = next(iter(org.departments))
    ticket = (await desk.post("/tickets", json={"subject": "Zzz", "departmentId": department,
                                                "contact": {"email": "ethan.anderson@example.org"}})).json()
    assert (await desk.get(f"/tickets/{ticket['id']}/articleSuggestion")).status_code == 204
    assert (await desk.get("/tickets/123/articleSuggestion")).json()["errorCode"] == "URL_NOT_FOUND"
