"""`list_options`: the dropdown rows for clients that cannot read resources, the same rows the resources return."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.sandbox.store import OrgData

from ..conftest import stats


def no_nulls(value: Any) -> bool:
    if isinstance(value, dict):
        return all(v is not None and no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return value is not None


async def options(client: Client, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool("list_options", arguments)
    assert not result.is_error, result.content
    body: dict[str, Any] = result.structured_content or {}
    return body


def names(result: dict[str, Any]) -> list[str]:
    return [row["name"] for row in result["options"]]


async def test_list_options_is_a_read_only_idempotent_tool_with_a_kind_enum(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    tool = tools["list_options"]
    assert tool.annotations is not None
    assert tool.annotations.read_only_hint is True and tool.annotations.idempotent_hint is True
    assert tool.annotations.destructive_hint is False and tool.annotations.open_world_hint is True
    assert tool.input_schema["required"] == ["kind"]
    assert tool.input_schema["properties"]["kind"]["enum"] == [
        "organizations",
        "departments",
        "agents",
        "teams",
        "products",
        "ticket-fields",
        "accounts",
        "views",
        "reply-addresses",
        "templates",
        "tags",
    ]
    assert "name, e-mail or id" in (tool.description or "")


async def test_organizations_are_listed_without_naming_an_organization(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await options(client, kind="organizations")
    assert result["kind"] == "organizations" and "organization" not in result
    assert names(result) == ["Acme Support", "Globex Europe", "Initech Labs"]
    assert result["options"][0] == {
        "id": "700000001",
        "name": "Acme Support",
        "portalName": "acmesupport",
        "edition": "ENTERPRISE",
        "isDefault": True,
    }
    assert result["count"] == 3


async def test_departments_carry_whether_they_are_enabled(connect: Callable[..., Client], acme: OrgData) -> None:
    async with connect() as client:
        result = await options(client, kind="departments", organization="Acme Support")
    assert result["organization"] == {"id": acme.id, "name": "Acme Support"}
    assert names(result) == ["Billing", "Technical Support", "Sales", "Returns", "Customer Success"]
    assert all(row["isEnabled"] is True for row in result["options"])
    assert result["count"] == 5 and no_nulls(result)


async def test_agents_carry_email_status_role_and_department_names(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await options(client, kind="agents", organization="acmesupport")
    rows = {row["email"]: row for row in result["options"]}
    assert rows["jane@acme.com"]["name"] == "Jane Doe" and rows["jane@acme.com"]["status"] == "ACTIVE"
    assert rows["jane@acme.com"]["departments"] == ["Billing", "Technical Support"]
    assert rows["ben@acme.com"]["status"] == "DISABLED"
    assert rows["dana@acme.com"]["role"] == "Light"
    assert result["count"] == len(rows) == 15 and no_nulls(result)


async def test_teams_carry_their_department_id_and_name(connect: Callable[..., Client], acme: OrgData) -> None:
    billing = next(d["id"] for d in acme.departments.values() if d["name"] == "Billing")
    async with connect() as client:
        result = await options(client, kind="teams", organization=acme.id)
    row = next(r for r in result["options"] if r["name"] == "Billing L1")
    assert row["departmentId"] == billing and row["department"] == "Billing"
    assert {"Billing Escalations", "Network Team", "Tier 2 Support"} <= set(names(result))


async def test_products_carry_their_product_code(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await options(client, kind="products", organization="Acme Support")
    row = next(r for r in result["options"] if r["name"] == "Acme Router X1")
    assert row["productCode"] == "ARX1" and set(row) == {"id", "name", "productCode"}


async def test_ticket_fields_are_zohos_documented_defaults_and_say_so(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await options(client, kind="ticket-fields")
    fields = {row["id"]: row for row in result["options"]}
    assert fields["status"]["values"] == ["Open", "On Hold", "Escalated", "Closed"]
    assert fields["priority"]["values"] == ["High", "Medium", "Low"]
    assert fields["classification"]["values"] == ["Question", "Problem", "Request", "Others"]
    assert {"Email", "Phone", "Web", "Chat", "Customer Portal"} <= set(fields["channel"]["values"])
    assert "English" in fields["language"]["values"]
    assert all("default" in row["note"] for row in result["options"])
    assert "organization" not in result


@pytest.mark.parametrize(
    ("kind", "search", "expected"),
    [
        ("agents", "JANE", ["Jane Doe"]),
        ("agents", "@acme.com", None),  # every Acme agent, by e-mail
        ("teams", "bill", ["Billing L1", "Billing Escalations"]),
        ("products", "router", ["Acme Router X1", "Acme Router X2 Pro"]),
        ("departments", "nothing like this", []),
    ],
)
async def test_search_keeps_rows_whose_name_or_email_contains_the_text(
    connect: Callable[..., Client], kind: str, search: str, expected: list[str] | None
) -> None:
    async with connect() as client:
        result = await options(client, kind=kind, organization="Acme Support", search=search)
    if expected is None:
        assert result["count"] == 15
    else:
        assert names(result) == expected and result["count"] == len(expected)


async def test_search_over_ticket_fields_keeps_matching_fields_or_values(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        by_value = await options(client, kind="ticket-fields", search="hold")
        by_field = await options(client, kind="ticket-fields", search="priority")
    assert [(r["id"], r["values"]) for r in by_value["options"]] == [("status", ["On Hold"])]
    assert [(r["id"], r["values"]) for r in by_field["options"]] == [("priority", ["High", "Medium", "Low"])]


async def test_organizations_can_be_searched_by_portal_name(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await options(client, kind="organizations", search="globexeu")
    assert names(result) == ["Globex Europe"]


async def test_each_organization_lists_its_own_rows(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await options(client, kind="departments", organization="Globex Europe")
    assert names(result) == ["Billing", "Logistics", "Product Support"]


async def test_a_missing_organization_with_several_reachable_is_an_error_listing_them(
    connect: Callable[..., Client],
) -> None:
    async with connect() as client:
        result = await client.call_tool("list_options", {"kind": "departments"})
    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert "Acme Support" in text and "Globex Europe" in text and "Initech Labs" in text


async def test_an_unknown_organization_is_an_error_listing_the_valid_ones(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        result = await client.call_tool("list_options", {"kind": "agents", "organization": "Umbrella"})
    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert "Umbrella" in text and "Acme Support (700000001)" in text


async def test_the_configured_default_organization_is_used_when_none_is_given(
    connect: Callable[..., Client],
) -> None:
    async with connect(organization="Globex Europe") as client:
        result = await options(client, kind="teams")
    assert result["organization"]["name"] == "Globex Europe" and "Invoicing" in names(result)


@pytest.mark.parametrize("kind", ["departments", "agents", "teams", "products", "ticket-fields"])
async def test_the_rows_are_the_same_as_the_resources(connect: Callable[..., Client], kind: str) -> None:
    async with connect() as client:
        tool = await options(client, kind=kind, organization="Acme Support")
        read = await client.read_resource(f"zohodesk://organizations/700000001/{kind}")
    assert json.loads(read.contents[0].text) == tool  # type: ignore[union-attr]


async def test_the_organizations_are_the_same_as_the_resource(connect: Callable[..., Client]) -> None:
    async with connect() as client:
        tool = await options(client, kind="organizations")
        read = await client.read_resource("zohodesk://organizations")
    assert json.loads(read.contents[0].text) == tool  # type: ignore[union-attr]


async def test_a_repeated_call_is_served_from_the_cache(connect: Callable[..., Client], sandbox: Sandbox) -> None:
    async with connect() as client:
        await options(client, kind="agents", organization="Acme Support")
        before = await stats(sandbox)
        await options(client, kind="agents", organization="Acme Support", search="raj")
        await options(client, kind="departments", organization="Acme Support")
    assert await stats(sandbox) == before
