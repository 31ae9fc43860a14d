"""Zoho's error answers become one documented tree: every errorCode of docs/zoho-api.md §3.1 maps to its class."""

from __future__ import annotations

from collections.abc import Generator

import httpx
import pytest

from zoho_desk_mcp.client import (
    DOCUMENTED_ERROR_CODES,
    AuthenticationError,
    BadRequestError,
    DeskClient,
    FieldError,
    ForbiddenError,
    InvalidDataError,
    LicenseLimitError,
    NotFoundError,
    OrgMismatchError,
    PayloadTooLargeError,
    RateLimitError,
    ScopeError,
    ServerError,
    ThresholdExceededError,
    TooManyRequestsError,
    ZohoAPIError,
    ZohoDeskError,
)
from zoho_desk_mcp.client.errors import api_error
from zoho_desk_mcp.sandbox import Sandbox, SandboxTransport

from .support import BASE_URL, set_faults

# (status, errorCode) -> class, for every code of the table in docs/zoho-api.md §3.1.
FACT_SHEET: list[tuple[int, str, type[ZohoAPIError]]] = [
    (400, "BAD_REQUEST", BadRequestError),
    (401, "UNAUTHORIZED", AuthenticationError),
    (401, "INVALID_OAUTH", AuthenticationError),
    (401, "SCOPE_MISMATCH", ScopeError),
    (403, "OAUTH_ORG_MISMATCH", OrgMismatchError),
    (403, "FORBIDDEN", ForbiddenError),
    (403, "LICENSE_ACCESS_LIMITED", LicenseLimitError),
    (404, "URL_NOT_FOUND", NotFoundError),
    (404, "RESOURCE_NOT_FOUND", NotFoundError),
    (405, "METHOD_NOT_ALLOWED", BadRequestError),
    (413, "RESOURCE_SIZE_EXCEEDED", PayloadTooLargeError),
    (415, "UNSUPPORTED_MEDIA_TYPE", BadRequestError),
    (422, "INVALID_DATA", InvalidDataError),
    (422, "EMPTY_PAYLOAD", InvalidDataError),
    (422, "UNPROCESSABLE_ENTITY", InvalidDataError),
    (403, "ONLY_LIVECHAT_USER", ForbiddenError),
    (422, "DUPLICATE_CONTRACT", InvalidDataError),
    (403, "INTEGRATION_ADMIN_ERROR", ForbiddenError),
    (429, "THRESHOLD_EXCEEDED", ThresholdExceededError),
    (429, "TOO_MANY_REQUESTS", TooManyRequestsError),
    (500, "INTERNAL_SERVER_ERROR", ServerError),
]


@pytest.mark.parametrize(("status", "code", "cls"), FACT_SHEET, ids=[c for _, c, _ in FACT_SHEET])
def test_every_documented_error_code_maps_to_its_class(status: int, code: str, cls: type[ZohoAPIError]) -> None:
    error = api_error(status, {"errorCode": code, "message": "m"})
    assert type(error) is cls
    assert (error.status, error.error_code, error.message) == (status, code, "m")


def test_the_mapping_table_covers_exactly_the_fact_sheet_codes() -> None:
    assert {code for _, code, _ in FACT_SHEET} == DOCUMENTED_ERROR_CODES


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (413, PayloadTooLargeError),
        (422, InvalidDataError),
        (429, TooManyRequestsError),
        (502, ServerError),
        (418, ZohoAPIError),
    ],
)
def test_an_unknown_code_or_a_body_that_is_not_json_is_classified_by_status(
    status: int, cls: type[ZohoAPIError]
) -> None:
    assert type(api_error(status, {"errorCode": "SOMETHING_NEW"})) is cls
    assert type(api_error(status, None)) is cls


def test_field_errors_and_extra_fields_are_kept() -> None:
    body = {
        "errorCode": "INVALID_DATA",
        "message": "The data does not comply.",
        "errors": [{"fieldName": "/departmentId", "errorType": "missing", "errorMessage": "required"}],
    }
    error = api_error(422, body, method="POST", path="/tickets")
    assert error.field_errors == (FieldError("/departmentId", "missing", "required"),)
    assert error.fields == ["departmentId"]
    assert "/departmentId missing" in str(error) and "POST /tickets" in str(error)
    limited = api_error(403, {"errorCode": "LICENSE_ACCESS_LIMITED", "feature": "AGENTS", "maxAllowedEntity": 5})
    assert isinstance(limited, LicenseLimitError)
    assert (limited.feature, limited.max_allowed) == ("AGENTS", 5)


def test_retry_after_is_read_from_the_header_in_seconds() -> None:
    error = api_error(429, {"errorCode": "THRESHOLD_EXCEEDED"}, retry_after="120")
    assert isinstance(error, RateLimitError) and error.retry_after == 120.0
    assert api_error(429, {"errorCode": "TOO_MANY_REQUESTS"}, retry_after="soon").retry_after is None  # type: ignore[attr-defined]


def test_no_error_class_shadows_a_builtin_or_pydantic_name() -> None:
    import builtins

    import pydantic

    import zoho_desk_mcp.client as client

    names = {n for n, v in vars(client).items() if isinstance(v, type) and issubclass(v, Exception)}
    assert "ResolutionError" in names and "WriteOutcomeUnknown" in names
    assert not names & set(dir(builtins))
    assert not names & set(dir(pydantic))
    assert all(issubclass(getattr(client, n), ZohoDeskError) for n in names)


# -- the same mapping, from the sandbox's real answers -------------------------------------------------------


async def test_an_unknown_ticket_id_is_a_not_found_error(desk: DeskClient, org_id: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        await desk.org(org_id).tickets.get("1892999999999999")
    assert caught.value.error_code == "URL_NOT_FOUND"


async def test_a_ticket_without_subject_and_department_is_invalid_data_naming_both_fields(
    desk: DeskClient, org_id: str
) -> None:
    with pytest.raises(InvalidDataError) as caught:
        await desk.org(org_id).tickets.create({"contactId": "1892000000000038"})
    assert caught.value.error_code == "INVALID_DATA"
    assert {"subject", "departmentId"} <= set(caught.value.fields)


async def test_an_unknown_query_parameter_and_an_empty_body_are_invalid_data(desk: DeskClient, org_id: str) -> None:
    with pytest.raises(InvalidDataError) as caught:
        await desk.get("/tickets", org_id=org_id, params={"sortOrder": "asc"})
    assert caught.value.error_code == "UNPROCESSABLE_ENTITY"
    with pytest.raises(InvalidDataError) as empty:
        await desk.post("/tickets", org_id=org_id, content=b"")
    assert empty.value.error_code == "EMPTY_PAYLOAD"


async def test_an_organization_the_token_does_not_reach_is_an_org_mismatch(desk: DeskClient) -> None:
    with pytest.raises(OrgMismatchError):
        await desk.get("/departments", org_id="123456")


async def test_a_token_without_the_scope_is_a_scope_error(
    sandbox: Sandbox, http: httpx.AsyncClient, org_id: str
) -> None:
    code = (await http.post("/_sandbox/grant-codes", json={"scopes": ["Desk.basic.READ"]})).json()["code"]
    token = (
        await http.post(
            "/oauth/v2/token",
            data={
                "grant_type": "authorization_code",
                "client_id": "sandbox-client",
                "client_secret": "sandbox-secret",
                "code": code,
            },
        )
    ).json()["access_token"]

    class Static(httpx.Auth):
        def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
            request.headers["Authorization"] = f"Zoho-oauthtoken {token}"
            yield request

    async with DeskClient(f"{BASE_URL}/api/v1", Static(), transport=SandboxTransport(sandbox.app)) as client:
        with pytest.raises(ScopeError) as caught:
            await client.org(org_id).tickets.page(limit=1)
    assert caught.value.status == 401


async def test_a_missing_token_is_an_authentication_error(sandbox: Sandbox, org_id: str) -> None:
    async with DeskClient(
        f"{BASE_URL}/api/v1", httpx.BasicAuth("u", "p"), transport=SandboxTransport(sandbox.app)
    ) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.org(org_id).departments.all()
    assert caught.value.error_code == "UNAUTHORIZED"


async def test_a_file_over_20_mb_is_payload_too_large(desk: DeskClient, org_id: str) -> None:
    with pytest.raises(PayloadTooLargeError) as caught:
        await desk.org(org_id).uploads.upload("big.bin", b"\0" * (20 * 1024 * 1024 + 1))
    assert caught.value.error_code == "RESOURCE_SIZE_EXCEEDED"


async def test_used_up_credits_are_threshold_exceeded_with_retry_after(
    desk: DeskClient, http: httpx.AsyncClient, org_id: str
) -> None:
    await set_faults(http, creditsRemaining=0)
    with pytest.raises(ThresholdExceededError) as caught:
        await desk.org(org_id).departments.get("1892000000000001")
    assert caught.value.retry_after is not None and caught.value.retry_after > 0
