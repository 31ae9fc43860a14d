"""Products: `GET /products` with department and owner filters, `sortBy`, `include=owner` and `fields`.

List rows are slim, as Zoho serves them (id, name, code, price, departments); `fields` asks for more columns.
"""

from __future__ import annotations

from typing import Any

from ..errors import invalid_query_param
from ..routing import Call, Endpoint, Param, csv_of, one_of, page, paging, record_id, scopes, sort_field, text
from ..store import OrgData, Record

READ = scopes(("Desk.products.READ", "Desk.settings.READ"))
SORT_FIELDS = ("productName", "productCode", "unitPrice", "createdTime", "modifiedTime")
ROW_FIELDS = ("id", "productName", "productCode", "unitPrice", "departmentIds")
EXTRA_FIELDS = (
    "description", "ownerId", "createdTime", "modifiedTime", "createdBy", "modifiedBy", "cf", "layoutId",
)
DEFAULT_LIMIT = 10


def owner_of(org: OrgData, product: Record) -> Record | None:
    agent = org.agents.get(product.get("ownerId") or "")
    if agent is None:
        return None
    return {"id": agent["id"], "firstName": agent["firstName"], "lastName": agent["lastName"],
            "name": agent["name"], "photoURL": agent["photoURL"]}


def sort_key(name: str) -> Any:
    """Missing values sort last; prices compare as numbers, texts without case."""

    def key(product: Record) -> tuple[int, Any, str]:
        value = product.get(name)
        if value is None:
            return (1, "", product["id"])
        if name == "unitPrice":
            return (0, float(value), product["id"])
        return (0, str(value).lower(), product["id"])

    return key


def product_row(org: OrgData, product: Record, fields: list[str], wanted: list[str]) -> Record:
    row = {k: product.get(k) for k in (*ROW_FIELDS, *fields)}
    if "owner" in wanted:
        row["owner"] = owner_of(org, product)
    return row


def list_products(call: Call) -> dict[str, Any] | None:
    query = call.query
    department = query.get("departmentId", "0")
    fields = [f for f in query.get("fields", []) if f not in ROW_FIELDS]
    if any(f not in EXTRA_FIELDS for f in fields):
        raise invalid_query_param("fields")
    rows = [
        p for p in call.org.products.values()
        if (department == "0" or department in p.get("departmentIds", []))
        and ("ownerId" not in query or p.get("ownerId") == query["ownerId"])
    ]
    if "sortBy" in query:
        name, descending = query["sortBy"]
        present = sorted((p for p in rows if p.get(name) is not None), key=sort_key(name), reverse=descending)
        rows = present + [p for p in rows if p.get(name) is None]
    wanted = query.get("include", [])
    return page([product_row(call.org, p, fields, wanted) for p in rows], call, DEFAULT_LIMIT)


ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/products",
        list_products,
        READ,
        query={
            "include": Param(csv_of(one_of("owner"), 1)),
            "viewId": Param(record_id),
            "departmentId": Param(record_id),
            **paging(100),
            "sortBy": Param(sort_field(*SORT_FIELDS)),
            "ownerId": Param(record_id),
            "fields": Param(csv_of(text(1, 100), 30)),
        },
        weight="list",
    ),
]
