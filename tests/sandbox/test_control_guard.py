"""The control endpoints (`/_sandbox/*`) check Host and Origin as the MCP endpoint does; bad input is a 400."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from zoho_desk_mcp.sandbox import Sandbox

from ..conftest import RunningSandbox

CONTROL = [
    ("GET", "/_sandbox/stats"),
    ("GET", "/_sandbox/faults"),
    ("POST", "/_sandbox/faults"),
    ("POST", "/_sandbox/reset"),
    ("POST", "/_sandbox/grant-codes"),
]
FOREIGN = [
    {"Host": "evil.example"},
    {"Host": "evil.example:8001"},
    {"Host": "127.0.0.1.evil.example"},
    {"Origin": "http://evil.example"},
    {"Origin": "https://localhost.evil.example:8001"},
    {"Origin": "null"},
]
MALFORMED = [
    {"Host": "[::1"},
    {"Host": "a b"},
    {"Host": "127.0.0.1:notaport"},
    {"Host": "127.0.0.1:99999"},
    {"Host": "user@127.0.0.1"},
    {"Host": ""},
    {"Origin": "\x7f"},
    {"Origin": "http://"},
    {"Origin": "127.0.0.1"},
    {"Origin": "http://127.0.0.1/path"},
]


def _grants_issued(sandbox: Sandbox) -> int:
    return len(sandbox.store.codes)


@pytest.mark.parametrize("headers", FOREIGN + MALFORMED, ids=repr)
async def test_a_foreign_or_malformed_host_or_origin_gets_400_and_changes_nothing(
    http: httpx.AsyncClient, sandbox: Sandbox, headers: dict[str, str]
) -> None:
    codes, faults = _grants_issued(sandbox), dict(vars(sandbox.store.faults))
    for method, path in CONTROL:
        body = b'{"failNext": 3}' if path.endswith("faults") else b"{}"
        response = await http.request(method, path, headers=headers, content=body)
        assert response.status_code == 400, (method, path, response.text)
        assert "error" in response.json()
    assert _grants_issued(sandbox) == codes and dict(vars(sandbox.store.faults)) == faults


@pytest.mark.parametrize(
    "headers",
    [{}, {"Host": "localhost:8001"}, {"Host": "[::1]:8001"}, {"Origin": "http://127.0.0.1:3000"}],
    ids=repr,
)
async def test_loopback_hosts_and_origins_are_served(http: httpx.AsyncClient, headers: dict[str, str]) -> None:
    for method, path in CONTROL:
        response = await http.request(method, path, headers=headers, content=b"{}")
        assert response.status_code == 200, (method, path, response.text)


@pytest.mark.parametrize("body", [b"not json", b"[1]", b'{"expiresIn": "soon"}', b'{"scopes": 5}', b"\xff"])
async def test_a_malformed_control_body_is_a_400_not_a_500(http: httpx.AsyncClient, body: bytes) -> None:
    response = await http.post("/_sandbox/grant-codes", content=body)
    assert response.status_code == 400, response.text
    assert "malformed" in response.json()["error"]


@pytest.fixture
def served(sandbox_server: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox_server.base_url, timeout=10.0) as client:
        yield client


def test_over_a_real_socket_a_rebinding_host_is_refused_and_the_bound_address_served(served: httpx.Client) -> None:
    assert served.get("/_sandbox/stats", headers={"Host": "evil.example"}).status_code == 400
    assert served.get("/_sandbox/stats", headers={"Origin": "http://evil.example"}).status_code == 400
    assert served.get("/_sandbox/stats").status_code == 200
