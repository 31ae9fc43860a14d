"""The base of the per-resource modules: one organization's calls through the shared DeskClient."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

from .pagination import paginate, rows_of

if TYPE_CHECKING:
    from .core import DeskClient

Params = Mapping[str, Any]


class OrgResource:
    """Calls for one Zoho resource in one organization (the `orgId` header every Desk call but one needs)."""

    def __init__(self, client: DeskClient, org_id: str) -> None:
        self.client = client
        self.org_id = org_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}(org_id={self.org_id!r})"

    async def _get(self, path: str, params: Params | None = None) -> Any:
        return await self.client.get(path, org_id=self.org_id, params=params)

    async def _post(self, path: str, body: Any = None, **send: Any) -> Any:
        return await self.client.post(path, org_id=self.org_id, json=body, **send)

    async def _patch(self, path: str, body: Any, **send: Any) -> Any:
        return await self.client.patch(path, org_id=self.org_id, json=body, **send)

    async def _rows(
        self, path: str, params: Params | None, start: int, limit: int, key: str = "data"
    ) -> list[dict[str, Any]]:
        """One page of a list endpoint; [] for Zoho's 204."""
        body = await self._get(path, {**(params or {}), "from": start, "limit": limit})
        return rows_of(body, key) or []

    def _walk(
        self,
        path: str,
        params: Params | None,
        *,
        page_size: int,
        max_items: int | None = None,
        key: str = "data",
    ) -> AsyncIterator[dict[str, Any]]:
        """Every row of a list endpoint, page by page (stops on a short page or 204)."""

        async def fetch(start: int, limit: int) -> list[dict[str, Any]]:
            return await self._rows(path, params, start, limit, key)

        return paginate(fetch, page_size=page_size, max_items=max_items)


def without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    """A request body or query with the unset (None) entries left out: Zoho treats null as 'clear it'."""
    return {k: v for k, v in values.items() if v is not None}
