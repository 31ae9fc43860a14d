"""search_articles and get_article: what the help centre already says, found by words and read as text.

With `text`, Zoho's article search finds articles holding any of its words (title, answer, category; short and
common words left out), a page's hits are ordered by how many of the words they hold, and the status is checked
on each hit, so a page may hold fewer rows than `limit` (`hasMore`/`nextFrom` walk Zoho's hits). Without it the
articles of that status are listed. A category is named as in the help centre (or by ID).
"""

from __future__ import annotations

import re
from typing import Annotated

from mcp.types import CallToolResult
from pydantic import Field

from ...client import Article, ArticlesAPI, NotFoundError, ResolutionError
from ...client.matching import Choice, exact_matches, folded, pick_choice
from ..kit.args import Organization, choice_of, from_alias, page_from, page_limit
from ..kit.context import Ctx, services
from ..kit.errors import InputError
from ..kit.output import Ref, answer
from ..kit.pickers import OrgId
from ..kit.registry import desk_tool
from ..kit.text import clip, fence, html_to_text, neutralise
from .models import ArticleList, ArticleText, article_row, short

STATUSES = ("Published", "Draft", "Review", "Expired", "Unpublished", "all")
OFFERED = ("Published", "Draft", "all")  # the schema's enum; Zoho's rarer statuses are accepted all the same
LIST_MAX = 50  # Article.json: GET /articles pages stop at 50
CATEGORY_SCAN = 4  # pages of 50 articles read to learn the categories' names
SEARCH_FROM_MAX = 1_000
SEARCH_CHARS = 98
MAX_WORDS = 8
COMMON = frozenset(("the", "and", "for", "how", "what", "why", "can", "cannot", "not", "does", "with", "you", "your",
                    "our", "from", "this", "that", "are", "was", "have", "has", "get", "my"))
NOT_FOUND = "search_articles finds articles by words; get_article takes an article's ID or its exact title"


def status_of(value: str | None) -> str | None:
    """The canonical status (None: any); published by default."""
    wanted = folded(value or "Published")
    for status in STATUSES:
        if folded(status) == wanted:
            return None if status == "all" else status
    raise InputError(f"status must be one of {', '.join(STATUSES)}, not {value[:30]!r}" if value else "bad status")


def any_word(text: str) -> tuple[str, list[str]]:
    """Zoho's `_all` for "any of these words" (`*reset*,*password*`) and the words, meaningful ones first."""
    found = [w for w in re.findall(r"\w[\w'-]*", text.lower()) if len(w) > 2 and w not in COMMON]
    words = list(dict.fromkeys(found or re.findall(r"\w+", text.lower())))[:MAX_WORDS]
    while len(",".join(f"*{w}*" for w in words)) > SEARCH_CHARS + 2 and len(words) > 1:
        words.pop()
    return ",".join(f"*{w}*" for w in words), words


def ranked(rows: list[Article], words: list[str]) -> list[Article]:
    """The page's hits, those holding more of the words (in title or summary) first; ties keep Zoho's order."""
    def held(article: Article) -> int:
        text = f"{article.title or ''} {article.summary or ''}".lower()
        return sum(1 for w in words if w in text)

    return sorted(rows, key=held, reverse=True)


def words_of(text: str | None, argument: str) -> str | None:
    words = " ".join((text or "").replace("*", " ").replace(",", " ").split())
    if len(words) > SEARCH_CHARS:
        raise InputError(f"{argument} is at most {SEARCH_CHARS} characters")
    return words or None


async def category_id(api: ArticlesAPI, category: str) -> str:
    """A category's ID from its ID or name, learnt from the articles (Zoho's article API lists no categories)."""
    text = category.strip()
    if text.isdigit():
        return text
    seen: dict[str, Choice] = {}
    for page in range(CATEGORY_SCAN):
        rows = await api.page(start=page * LIST_MAX, limit=LIST_MAX)
        for article in rows:
            if article.category is not None and article.category.id:
                seen[article.category.id] = Choice(article.category.id, article.category.name or article.category.id)
        if len(rows) < LIST_MAX:
            break
    return pick_choice("category", text, list(seen.values())).id


Found = tuple[list[Article], int, bool, str | None]  # rows, Zoho rows walked past, more after them, note


async def listed(api: ArticlesAPI, start: int, limit: int, section: str | None, status: str | None) -> Found:
    """GET /articles of one status, with a look-ahead row to know whether more follow."""
    statuses = [status] if status else None
    found = await api.page(start=start, limit=min(limit + 1, LIST_MAX), category_id=section, status=statuses)
    has_more = len(found) > limit
    if len(found) == limit == LIST_MAX:  # no room for the look-ahead row: ask for one row past the page
        has_more = bool(await api.page(start=start + limit, limit=1, category_id=section, status=statuses))
    return found[:limit], start + min(len(found), limit), has_more, None


async def searched(
    api: ArticlesAPI, start: int, limit: int, section: str | None, status: str | None, words: str
) -> Found:
    """Zoho's article search for any of the words; hits of another status are left out, and the note says so."""
    query, parts = any_word(words)
    hits = await api.search(start=start, limit=limit, _all=query, **({"categoryId": section} if section else {}))
    rows = [a for a in ranked(hits.rows, parts) if status is None or a.status == status]
    seen = start + len(hits.rows)
    has_more = hits.count is not None and seen < min(hits.count, SEARCH_FROM_MAX)
    left = len(hits.rows) - len(rows)
    note = f"{left} matching article(s) of another status left out (status: all shows them)" if left else None
    return rows, seen, has_more, note


@desk_tool(
    name="search_articles",
    title="Search articles",
    toolset="knowledge",
    also=("tickets",),
    read_only=True,
    idempotent=True,
    scopes=[("Desk.articles.READ", "Desk.articles.ALL"), "Desk.search.READ"],
)
@from_alias
async def search_articles(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    text: str | None = None,
    category: str | None = None,
    status: Annotated[str | None, choice_of(OFFERED)] = None,
    from_: Annotated[int, page_from(SEARCH_FROM_MAX)] = 1,
    limit: Annotated[int, page_limit(LIST_MAX, 10)] = 10,
) -> CallToolResult:
    """Find help-centre articles by words, with summary and link (published only, unless status says)."""
    svc = services(ctx)
    wanted, words = status_of(status), words_of(text, "text")
    api = svc.client.org(orgId).articles
    section = await category_id(api, category) if category and category.strip() else None
    if words is None:
        rows, seen, has_more, note = await listed(api, from_ - 1, limit, section, wanted)
    else:
        rows, seen, has_more, note = await searched(api, from_ - 1, limit, section, wanted, words)
    return answer(ArticleList.model_validate({
        "articles": [article_row(a) for a in rows], "count": len(rows), "from": from_, "limit": limit,
        "has_more": has_more, "next_from": seen + 1 if has_more else None, "note": note,
    }))


async def by_title(api: ArticlesAPI, title: str) -> str:
    """The one article whose title is `title` (case, accents, spacing ignored); else the closest are listed."""
    words = words_of(title, "article")
    if not words:
        raise InputError(f"article is empty; {NOT_FOUND}")
    rows = (await api.search(title=words, limit=100)).rows
    choices = [Choice(a.id, a.title or a.id) for a in rows]
    exact = exact_matches(title, choices)
    if len(exact) == 1:
        return exact[0].id
    if exact:
        raise ResolutionError("article", title, exact, ambiguous=True)
    nearby = choices or [Choice(a.id, a.title or a.id) for a in (await api.search(_all=f"*{words}*", limit=10)).rows]
    if not nearby:
        raise InputError(f"no article is titled {neutralise(title[:100])!r}; {NOT_FOUND}")
    raise ResolutionError("article", title, nearby[:10], more=NOT_FOUND)


def article_text(article: Article, max_chars: int) -> ArticleText:
    plain, cut = clip(html_to_text(article.answer), max_chars)  # cut first: the fence stays whole
    body = fence(plain)
    category = article.category
    return ArticleText(
        id=article.id,
        title=short(article.title, 300),
        text=f"{body}\n[…text truncated]" if body and cut else body,
        truncated=cut or None,
        status=article.status,
        category=Ref(id=category.id, name=short(category.name, 200)) if category and category.id else None,
        web_url=article.web_url,
        portal_url=article.portal_url,
        modified_time=article.modified_time,
    )


@desk_tool(
    name="get_article",
    title="Get article",
    toolset="knowledge",
    read_only=True,
    idempotent=True,
    scopes=[("Desk.articles.READ", "Desk.articles.ALL")],
)
async def get_article(
    ctx: Ctx,
    orgId: OrgId,
    *,
    organization: Organization = None,
    article: Annotated[str, Field(description="ID or exact title")],
    maxChars: Annotated[int, Field(ge=200, le=50_000)] = 6_000,
) -> CallToolResult:
    """Read one knowledge-base article as plain text, to quote or cite it in a reply."""
    api = services(ctx).client.org(orgId).articles
    text = article.strip()
    article_id = text if text.isdigit() else await by_title(api, text)
    try:
        found = await api.get(article_id)
    except NotFoundError:
        raise InputError(f"no article has the ID {article_id!r}; {NOT_FOUND}") from None
    return answer(article_text(found, maxChars))
