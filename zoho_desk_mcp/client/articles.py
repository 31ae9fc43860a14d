"""The help centre's articles: list, get (with the HTML answer), search, and Zoho's suggestions for a ticket.

`GET /articles` and `GET /tickets/{id}/articleSuggestion` count `from` from 1 (Article.json: minimum 1) and stop
at 50 rows; search counts from 0 like every search. Methods here take a 0-based `start` either way.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import ZohoModel, parse, parse_rows
from .pagination import rows_of
from .resource import OrgResource, without_none
from .ticket_stats import Found, count_of

MAX_LIMIT = 50
SEARCH_MAX_LIMIT = 100
STATUSES = ("Draft", "Published", "Review", "Expired", "Unpublished")


class ArticleCategory(ZohoModel):
    id: str | None = None
    name: str | None = None


class Article(ZohoModel):
    """An article; `answer` (HTML) comes only from `get`, lists and search carry the plain-text `summary`."""

    id: str
    title: str | None = None
    summary: str | None = None
    answer: str | None = None
    status: str | None = None
    category_id: str | None = None
    category: ArticleCategory | None = None
    department_id: str | None = None
    permalink: str | None = None
    web_url: str | None = None
    portal_url: str | None = None
    created_time: str | None = None
    modified_time: str | None = None


class ArticlesAPI(OrgResource):
    async def page(
        self,
        *,
        start: int = 0,
        limit: int = MAX_LIMIT,
        status: Sequence[str] | None = None,
        category_id: str | None = None,
        sort_by: str | None = None,
    ) -> list[Article]:
        """One page of `GET /articles` (any status unless `status` narrows it, e.g. ["Published"])."""
        params = without_none({
            "from": start + 1, "limit": limit, "status": ",".join(status) if status else None,
            "categoryId": category_id, "sortBy": sort_by,
        })
        return parse_rows(Article, rows_of(await self._get("/articles", params)))

    async def get(self, article_id: str) -> Article:
        return parse(Article, await self._get(f"/articles/{article_id}"))

    async def search(self, *, start: int = 0, limit: int = SEARCH_MAX_LIMIT, **criteria: str) -> Found[Article]:
        """One page of `GET /articles/search`; criteria by Zoho's names (_all, title, categoryId, sortBy...)."""
        body = await self._get("/articles/search", {**without_none(criteria), "from": start, "limit": limit})
        return Found(parse_rows(Article, rows_of(body)), count_of(body))

    async def suggestions(
        self, ticket_id: str, *, start: int = 0, limit: int = 10, department_id: str | None = "0"
    ) -> list[Article]:
        """Zoho's suggested articles for a ticket, best first (`department_id` "0": every department's)."""
        params = without_none({"from": start + 1, "limit": limit, "departmentId": department_id})
        return parse_rows(Article, rows_of(await self._get(f"/tickets/{ticket_id}/articleSuggestion", params)))
