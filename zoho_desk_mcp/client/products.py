"""Products of an organization: list (paged, max 100), optionally one department's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .models import ZohoModel
from .resource import OrgResource, without_none

MAX_LIMIT = 100


class Product(ZohoModel):
    id: str
    product_name: str
    product_code: str | None = None
    unit_price: str | None = None
    description: str | None = None
    department_ids: list[str] | None = None

    @property
    def name(self) -> str:
        return self.product_name


class ProductsAPI(OrgResource):
    async def page(self, *, start: int = 0, limit: int = MAX_LIMIT, **filters: Any) -> list[Product]:
        rows = await self._rows("/products", without_none(filters), start, limit)
        return [Product.model_validate(r) for r in rows]

    async def iterate(self, *, department_id: str | None = None) -> AsyncIterator[Product]:
        params = without_none({"departmentId": department_id})
        async for row in self._walk("/products", params, page_size=MAX_LIMIT):
            yield Product.model_validate(row)

    async def all(self, *, department_id: str | None = None) -> list[Product]:
        return [p async for p in self.iterate(department_id=department_id)]
