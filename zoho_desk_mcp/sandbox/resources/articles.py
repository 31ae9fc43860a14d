"""The help centre (Article.json, Search.json): list and get articles, search them, and suggest them for a ticket.

`GET /articles` and `GET /tickets/{ticketId}/articleSuggestion` count `from` from 1 (minimum 1) with `limit`
1-50, as Article.json states; `GET /articles/search` is like every search (`from` 0-999, `limit` 1-100, with
`count`). Suggestions are the published articles that share words with the ticket's subject and description
(title words weigh double), best first; Zoho's ranking is its own, word overlap is the sandbox's stand-in.
Article.json describes no category endpoint: categories show on each article (`category`, `categoryId`).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import url_not_found
from ..routing import Call, Endpoint, Param, csv_of, int_range, one_of, record_id, scopes, text, time_range
from ..store import OrgData, Record
from .search import IDS, PAGING, RANGE, Getter, answer, field_filter, range_filter
from .search_terms import in_range, plain, terms, time_key

READ = scopes("Desk.articles.READ")
SEARCH = scopes("Desk.articles.READ", "Desk.search.READ")
STATUSES = ("Draft", "Published", "Review", "Expired", "Unpublished")
PERMISSIONS = ("ALL", "REGISTEREDUSERS", "AGENTS")
LIST_SORTS = ("createdTime", "modifiedTime", "likeCount", "viewCount", "feedbackCount", "dislikeCount")
ONE_BASED = {"from": Param(int_range(1, 10_000_000)), "limit": Param(int_range(1, 50))}
LIST_OMITS = ("answer", "attachments", "metrics", "seo", "tags", "reviewedBy", "reviewedTime", "isLocked",
              "currentVersion", "expiryDate", "myVote", "isFollowing")
SEARCH_FIELDS = ("id", "title", "summary", "status", "latestVersionStatus", "permission", "authorId", "creatorId",
                 "modifierId", "likeCount", "dislikeCount", "viewCount", "usageCount", "feedbackCount",
                 "createdTime", "modifiedTime", "latestVersion", "latestPublishedVersion", "webUrl", "portalUrl",
                 "permalink", "categoryId", "rootCategoryId", "departmentId")
DEFAULT_LIMIT = 10
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "cannot", "can't", "do", "does", "for",
    "from", "has", "have", "how", "i", "i'm", "if", "in", "into", "is", "it", "its", "my", "no", "not", "of",
    "on", "or", "our", "please", "so", "that", "the", "their", "then", "there", "this", "to", "too", "was",
    "we", "what", "when", "where", "which", "why", "will", "with", "you", "your", "hello", "hi", "thanks",
    "thank", "regards", "dear",
))


def live_articles(org: OrgData) -> list[Record]:
    return [a for a in org.articles.values() if not a.get("isTrashed")]


def live_article(org: OrgData, article_id: str) -> Record:
    record = org.articles.get(article_id)
    if record is None or record.get("isTrashed"):
        raise url_not_found()
    return record


def list_row(article: Record) -> Record:
    return {k: v for k, v in article.items() if k not in LIST_OMITS}


def search_row(article: Record) -> Record:
    """Search.json's `searchSolutions` row: the main fields, `author` {id, name, photoURL} and `category`."""
    row = {k: article.get(k) for k in SEARCH_FIELDS}
    author = article.get("author") or {}
    row["author"] = {"id": author.get("id"), "name": author.get("name"), "photoURL": author.get("photoURL")}
    row["category"] = {"id": article["category"]["id"], "name": article["category"]["name"]}
    return row


def sort_key(field: str) -> Any:
    if field in ("createdTime", "modifiedTime"):
        return lambda a: time_key(a.get(field))
    return lambda a: int(a.get(field) or 0)


# --- list and get -------------------------------------------------------------------------------------------
def list_articles(call: Call) -> dict[str, Any] | None:
    query = call.query
    rows = live_articles(call.org)
    for name, field in (("status", "status"), ("permission", "permission")):
        if name in query:
            rows = [a for a in rows if a.get(field) in query[name]]
    for name in ("categoryId", "authorId"):
        if name in query:
            rows = [a for a in rows if a.get(name) == query[name]]
    for name, field in (("modifiedTimeRange", "modifiedTime"), ("expiryTimeRange", "expiryDate")):
        if name in query:
            rows = [a for a in rows if in_range(a.get(field), query[name])]
    if "sortBy" in query:
        field = query["sortBy"].lstrip("-")
        rows = sorted(rows, key=sort_key(field), reverse=query["sortBy"].startswith("-"))
    start = int(query.get("from", 1)) - 1
    shown = rows[start : start + int(query.get("limit", DEFAULT_LIMIT))]
    return {"data": [list_row(a) for a in shown]} if shown else None


def get_article(call: Call) -> Record:
    record = live_article(call.org, call.path["id"])
    if "version" in call.query and call.query["version"] != record["currentVersion"]:
        raise url_not_found()
    return dict(record)


# --- search -------------------------------------------------------------------------------------------------
ARTICLE_GETTERS: dict[str, Getter] = {
    "id": lambda _org, a: [a.get("id")],
    "categoryId": lambda _org, a: [a.get("categoryId")],
    "departmentId": lambda _org, a: [a.get("departmentId")],
    "title": lambda _org, a: [a.get("title")],
    "_all": lambda _org, a: [a.get("title"), a.get("answer"), a["category"]["name"]],
}
ARTICLE_RANGES = {"createdTimeRange": "createdTime", "modifiedTimeRange": "modifiedTime"}
SEARCH_QUERY: dict[str, Param] = {
    **PAGING,
    **{name: Param(IDS) for name in ("id", "categoryId", "departmentId")},
    "title": Param(terms(wildcard=True, max_len=500)),
    "_all": Param(terms(wildcard=True, max_len=100)),
    **{name: RANGE for name in ARTICLE_RANGES},
    "sortBy": Param(one_of("relevance", "-relevance", "modifiedTime", "-modifiedTime", "createdTime",
                           "-createdTime")),
}


def search_articles(call: Call) -> dict[str, Any] | None:
    """Every given parameter must match; `relevance` (default) = most recently modified first."""
    by_fields = field_filter(call.query, ARTICLE_GETTERS, call.org)
    by_ranges = range_filter(call.query, ARTICLE_RANGES)
    found = [a for a in live_articles(call.org) if by_fields(a) and by_ranges(a)]
    sort = call.query.get("sortBy", "relevance")
    field = "modifiedTime" if sort.lstrip("-") == "relevance" else sort.lstrip("-")
    newest_first = (sort == "relevance") or (sort.startswith("-") and sort != "-relevance")
    found.sort(key=lambda a: time_key(a.get(field)), reverse=newest_first)
    return answer([search_row(a) for a in found], call)


# --- suggestions --------------------------------------------------------------------------------------------
def content_words(value: object) -> set[str]:
    """The words of a text that carry meaning: lower case, HTML dropped, short and common words left out."""
    found = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", plain(value).lower())
    return {w for w in found if len(w) > 2 and w not in STOP_WORDS}


def overlap(wanted: set[str], article: Record) -> int:
    title, body = content_words(article.get("title")), content_words(article.get("answer"))
    return 2 * len(wanted & title) + len(wanted & (body - title))


def suggest_articles(call: Call) -> dict[str, Any] | None:
    ticket = call.org.ticket(call.path["ticketId"])
    wanted = content_words(ticket.get("subject")) | content_words(ticket.get("description"))
    department = call.query.get("departmentId", "0")
    candidates = [a for a in live_articles(call.org)
                  if a["status"] == "Published" and department in ("0", a.get("departmentId"))]
    scored = sorted(((overlap(wanted, a), a) for a in candidates), key=lambda pair: -pair[0])
    ranked = [a for score, a in scored if score > 0]
    start = int(call.query.get("from", 1)) - 1
    shown = ranked[start : start + int(call.query.get("limit", DEFAULT_LIMIT))]
    return {"data": [search_row(a) for a in shown]} if shown else None


LIST_QUERY: dict[str, Param] = {
    **ONE_BASED,
    "permission": Param(csv_of(one_of(*PERMISSIONS))),
    "authorId": Param(record_id),
    "sortBy": Param(one_of(*LIST_SORTS, *(f"-{name}" for name in LIST_SORTS))),
    "modifiedTimeRange": Param(time_range),
    "expiryTimeRange": Param(time_range),
    "categoryId": Param(record_id),
    "status": Param(csv_of(one_of(*STATUSES))),
}

ENDPOINTS = [
    Endpoint("GET", "/api/v1/articles", list_articles, READ, query=LIST_QUERY, weight="list"),
    Endpoint("GET", "/api/v1/articles/search", search_articles, SEARCH, query=SEARCH_QUERY, weight="list"),
    Endpoint("GET", "/api/v1/articles/{id}", get_article, READ, query={"version": Param(text(1, 100))}),
    Endpoint("GET", "/api/v1/tickets/{ticketId}/articleSuggestion", suggest_articles, READ,
             query={**ONE_BASED, "departmentId": Param(record_id)}, weight="list"),
]
