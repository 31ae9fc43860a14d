"""fileData URLs end to end: upload_file and create_ticket_attachment refuse every non-public target.

The MCP client calls the real tools; DeskServices.file_options gives the downloader a fake DNS and a fake internet
(an httpx.MockTransport routed by Host header), so no test reaches the network. For every refused URL: a clear
tool error, no request to a non-public address, and nothing sent to Zoho (no upload, no attachment).
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable

import anyio
import httpx
import pytest
from mcp import Client
from mcp.types import CallToolResult, TextContent

from zoho_desk_mcp.sandbox import Sandbox
from zoho_desk_mcp.server import BuiltServer
from zoho_desk_mcp.tools.files.inputs import MAX_FILE_BYTES, FileDataOptions

from .conftest import fingerprint

PUBLIC = "93.184.216.34"
CHUNK = b"\0" * 65_536
WRITES = ("POST /api/v1/uploads", "POST /api/v1/tickets/{ticketId}/attachments")
Site = Callable[[httpx.Request], httpx.Response]


class FakeDNS:
    """Names to addresses; unknown names do not resolve."""

    def __init__(self, records: dict[str, list[str]]) -> None:
        self.records = records

    async def __call__(self, host: str) -> list[str]:
        if host not in self.records:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.records[host]


class FakeInternet:
    """Paths of the one public site; remembers every request (its URL is the pinned address)."""

    def __init__(self) -> None:
        self.pages: dict[str, Site] = {}
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        page = self.pages.get(request.url.path)
        return page(request) if page else httpx.Response(404)


async def endless(pause: bool = False) -> AsyncIterator[bytes]:
    while True:
        yield CHUNK
        if pause:
            await anyio.sleep_forever()


def redirect(location: str, status: int = 302) -> Site:
    return lambda request: httpx.Response(status, headers={"location": location})


def streamed(body: AsyncIterator[bytes], **headers: str) -> Site:
    return lambda request: httpx.Response(200, headers=headers, content=body)


DNS = FakeDNS(
    {
        "files.example.com": [PUBLIC],
        "intranet.example.com": ["10.1.2.3"],
        "rebind.example.com": [PUBLIC, "127.0.0.1"],
        "private6.example.com": ["fd00::1"],
        "mapped.example.com": ["::ffff:169.254.169.254"],
        "nat64.example.com": ["64:ff9b::a9fe:a9fe"],
        "zoned.example.com": ["fe80::1%eth0"],
        "cgnat.example.com": ["100.64.0.7"],
    }
)

LITERAL_AND_NAMED = [
    "http://127.0.0.1/admin",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://0/",
    "http://0.0.0.0:8000/",
    "http://localhost:8001/_sandbox/stats",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/router",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://0xA9FEA9FE/",
    "http://2852039166/",
    "http://0251.0376.0251.0376/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://metadata/",
    "http://instance-data/latest/",
    "http://printer.local/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:a9fe:a9fe]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::10.0.0.1]/",
    "http://[2002:a00:1::]/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://[ff02::1]/",
    "https://user:pass@files.example.com/secret",
    "http://intranet.example.com/payroll.pdf",
    "http://rebind.example.com/x",
    "http://private6.example.com/",
    "http://mapped.example.com/",
    "http://nat64.example.com/",
    "http://zoned.example.com/",
    "http://cgnat.example.com/",
    "http://unresolvable.example.com/",
]

REDIRECTS: dict[str, Site] = {
    "/to-loopback": redirect("http://127.0.0.1:8001/_sandbox/stats"),
    "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/", 301),
    "/to-decimal-metadata": redirect("http://2852039166/", 303),
    "/to-intranet-name": redirect("http://intranet.example.com/", 307),
    "/to-ipv6-loopback": redirect("http://[::1]:8000/mcp", 308),
    "/to-mapped": redirect("http://[::ffff:10.0.0.1]/"),
    "/to-file": redirect("file:///etc/passwd"),
    "/to-gopher": redirect("gopher://127.0.0.1:6379/_INFO"),
    "/relative-loop": redirect("/relative-loop"),
}

OVERSIZE: dict[str, Callable[[], Site]] = {
    "/announced-too-big": lambda: streamed(endless(), **{"content-length": str(MAX_FILE_BYTES + 1)}),
    "/chunked-endless": lambda: streamed(endless()),
    "/lying-length": lambda: streamed(endless(), **{"content-length": "10"}),
    "/trickle-forever": lambda: streamed(endless(pause=True)),
}


TOOLS = ("upload_file", "create_ticket_attachment")


async def call_file_tools(
    server: Callable[..., BuiltServer], internet: FakeInternet, urls: list[str]
) -> list[tuple[str, str, CallToolResult, list[httpx.Request]]]:
    """Both file tools on each URL, over one server and one MCP session: (tool, url, result, requests seen)."""
    answers = []
    built = server()
    async with built.services.use() as services:
        services.file_options = FileDataOptions(transport=httpx.MockTransport(internet), resolver=DNS, timeout=1.0)
        async with Client(built.mcp) as client:
            for url in urls:
                for tool in TOOLS:
                    arguments = {"organization": "Acme Support", "fileName": "evidence.pdf", "fileData": url}
                    if tool == "create_ticket_attachment":
                        arguments["ticket"] = "101"
                    internet.requests.clear()
                    internet.pages.update({path: make() for path, make in OVERSIZE.items()})  # fresh bodies
                    with anyio.fail_after(30):
                        result = await client.call_tool(tool, arguments)
                    answers.append((tool, url, result, list(internet.requests)))
    return answers


def text(result: CallToolResult) -> str:
    return "\n".join(part.text for part in result.content if isinstance(part, TextContent))


def refusal_problem(result: CallToolResult, sandbox: Sandbox, before: dict[str, int]) -> str | None:
    """What is wrong with this answer to a URL that must be refused (None: refused cleanly, nothing sent)."""
    message = text(result)
    if not result.is_error:
        return f"accepted: {message[:200]}"
    if "fileData" not in message and "fetch" not in message and "file" not in message:
        return f"unclear refusal: {message[:200]}"
    if any(write in sandbox.store.requests for write in WRITES) or fingerprint(sandbox) != before:
        return "something reached Zoho"
    return None


@pytest.fixture
def internet() -> FakeInternet:
    web = FakeInternet()
    web.pages["/ok.pdf"] = lambda request: httpx.Response(200, content=b"%PDF-1.7 fine")
    web.pages.update(REDIRECTS)
    web.pages.update({path: make() for path, make in OVERSIZE.items()})
    return web


async def test_a_public_url_is_fetched_and_sent_to_zoho_which_shows_the_guard_is_what_refuses_the_rest(
    sandbox: Sandbox, server: Callable[..., BuiltServer], internet: FakeInternet
) -> None:
    for tool, _, result, seen in await call_file_tools(server, internet, ["https://files.example.com/ok.pdf"]):
        assert not result.is_error, (tool, text(result))
        assert [str(r.url) for r in seen] == [f"https://{PUBLIC}/ok.pdf"]
    assert all(write in sandbox.store.requests for write in WRITES)


async def test_a_url_to_a_local_private_or_metadata_address_is_refused_before_any_connection(
    sandbox: Sandbox, server: Callable[..., BuiltServer], internet: FakeInternet
) -> None:
    before, problems = fingerprint(sandbox), []
    for tool, url, result, seen in await call_file_tools(server, internet, LITERAL_AND_NAMED):
        problem = refusal_problem(result, sandbox, before)
        if seen:
            problem = f"connected to {[str(r.url) for r in seen]}"
        if "pass@" in text(result) or ":pass" in text(result):
            problem = "echoed the credentials in the URL"
        if problem:
            problems.append((tool, url, problem))
    assert problems == []


async def test_a_redirect_to_a_non_public_target_is_not_followed(
    sandbox: Sandbox, server: Callable[..., BuiltServer], internet: FakeInternet
) -> None:
    before, problems = fingerprint(sandbox), []
    urls = [f"http://files.example.com{path}" for path in sorted(REDIRECTS)]
    for tool, url, result, seen in await call_file_tools(server, internet, urls):
        problem = refusal_problem(result, sandbox, before)
        hosts = {r.url.host for r in seen}
        if hosts != {PUBLIC}:  # only the public first hop (or hops, for the loop) may be requested
            problem = f"requested {sorted(hosts)}"
        if problem:
            problems.append((tool, url, problem))
    assert problems == []


async def test_an_oversize_or_endless_response_is_cut_off_and_nothing_reaches_zoho(
    sandbox: Sandbox, server: Callable[..., BuiltServer], internet: FakeInternet
) -> None:
    before, problems = fingerprint(sandbox), []
    urls = [f"http://files.example.com{path}" for path in sorted(OVERSIZE)]
    for tool, url, result, _ in await call_file_tools(server, internet, urls):
        problem = refusal_problem(result, sandbox, before)
        if not problem and "20 MB" not in text(result) and "longer than" not in text(result):
            problem = f"refused for another reason: {text(result)[:200]}"
        if problem:
            problems.append((tool, url, problem))
    assert problems == []
