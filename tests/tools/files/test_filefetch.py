"""fileData as an http(s) URL: fetched from public addresses only, pinned, capped, bounded in time.

The outside internet is a `httpx.MockTransport` routed by Host header, and DNS is a fake resolver: the sandbox
cannot serve arbitrary hosts, and no test may reach the real internet.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from zoho_desk_mcp.tools.files.data import MAX_FILE_BYTES, FileDataError, FileDataOptions, FileInput, load_file_data

PUBLIC = "93.184.216.34"
PUBLIC_2 = "93.184.216.35"
BODY = b"%PDF-1.7 public bytes"
Site = Callable[[httpx.Request], httpx.Response]


class FakeDNS:
    """Names to addresses; unknown names do not resolve. Remembers every lookup."""

    def __init__(self, records: dict[str, list[str]]) -> None:
        self.records = records
        self.lookups: list[str] = []

    async def __call__(self, host: str) -> list[str]:
        self.lookups.append(host)
        if host not in self.records:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.records[host]


class FakeInternet:
    """Sites by Host header (the request itself goes to the pinned IP). Remembers every request."""

    def __init__(self) -> None:
        self.sites: dict[str, Site] = {}
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        site = self.sites.get(request.headers["host"])
        return site(request) if site else httpx.Response(404)


@pytest.fixture
def dns() -> FakeDNS:
    return FakeDNS(
        {
            "files.example.com": [PUBLIC],
            "cdn.example.net": [PUBLIC_2, "2606:2800:220:1:248:1893:25c8:1946"],
            "mapped.example.com": [f"::ffff:{PUBLIC}"],
            "intranet.example.com": ["10.1.2.3"],
            "loopback6.example.com": ["::1"],
            "zoned.example.com": ["fe80::1%eth0"],
            "metadata-alias.example.com": ["169.254.169.254"],
            "split.example.com": [PUBLIC, "192.168.0.10"],
            "split6.example.com": ["2606:2800:220:1::1", "fd00::1"],
        }
    )


@pytest.fixture
def internet() -> FakeInternet:
    web = FakeInternet()
    web.sites["files.example.com"] = lambda r: httpx.Response(
        200, content=BODY, headers={"content-type": "application/pdf"}
    )
    return web


def options(dns: FakeDNS, internet: FakeInternet, **overrides: object) -> FileDataOptions:
    settings: dict[str, object] = {"transport": httpx.MockTransport(internet), "resolver": dns, "timeout": 5.0}
    return FileDataOptions(**{**settings, **overrides})  # type: ignore[arg-type]


async def fetch(
    url: str, dns: FakeDNS, internet: FakeInternet, name: str = "doc.bin", **overrides: object
) -> FileInput:
    return await load_file_data(url, name, options(dns, internet, **overrides))


def redirect(location: str, status: int = 302) -> Site:
    return lambda r: httpx.Response(status, headers={"location": location})


async def test_a_public_https_url_is_fetched_from_the_checked_address_with_the_original_name(dns, internet) -> None:
    with await fetch("https://files.example.com/reports/q1.pdf?v=2", dns, internet) as file:
        assert (file.open().read(), file.size, file.content_type) == (BODY, len(BODY), "application/pdf")
    (sent,) = internet.requests
    assert str(sent.url) == f"https://{PUBLIC}/reports/q1.pdf?v=2"  # pinned: nothing can resolve the name again
    assert sent.headers["host"] == "files.example.com"
    assert sent.extensions["sni_hostname"] == "files.example.com"  # TLS checks the certificate for the name
    assert sent.headers["accept-encoding"] == "identity"
    assert "authorization" not in sent.headers and "cookie" not in sent.headers
    assert dns.lookups == ["files.example.com"]


async def test_a_non_default_port_stays_in_the_url_and_the_host_header(dns, internet) -> None:
    internet.sites["files.example.com:8080"] = lambda r: httpx.Response(200, content=b"x")
    (await fetch("http://files.example.com:8080/f", dns, internet)).close()
    (sent,) = internet.requests
    assert (str(sent.url), "sni_hostname" in sent.extensions) == (f"http://{PUBLIC}:8080/f", False)


async def test_a_public_ipv4_mapped_answer_is_fetched_over_plain_ipv4(dns, internet) -> None:
    internet.sites["mapped.example.com"] = lambda r: httpx.Response(200, content=b"x")
    (await fetch("http://mapped.example.com/f", dns, internet)).close()
    assert internet.requests[0].url.host == PUBLIC


async def test_an_ipv6_only_name_is_fetched_from_its_bracketed_address(dns, internet) -> None:
    dns.records["v6.example.com"] = ["2606:2800:220:1::7"]
    internet.sites["v6.example.com"] = lambda r: httpx.Response(200, content=b"x")
    (await fetch("https://v6.example.com/f", dns, internet)).close()
    assert str(internet.requests[0].url) == "https://[2606:2800:220:1::7]/f"


async def test_a_name_that_changes_its_answer_after_the_check_is_still_fetched_from_the_checked_address(
    dns, internet
) -> None:
    answers = iter([[PUBLIC], ["127.0.0.1"]])

    async def rebinding(host: str) -> list[str]:
        return next(answers)

    internet.sites["files.example.com"] = lambda r: httpx.Response(200, content=b"x")
    (await fetch("https://files.example.com/f", dns, internet, resolver=rebinding)).close()
    assert [r.url.host for r in internet.requests] == [PUBLIC]


async def test_a_generic_content_type_gives_way_to_the_file_name(dns, internet) -> None:
    internet.sites["files.example.com"] = lambda r: httpx.Response(
        200, content=b"x", headers={"content-type": "application/octet-stream"}
    )
    with await fetch("https://files.example.com/x", dns, internet, name="a.png") as file:
        assert file.content_type == "image/png"


async def test_redirects_to_public_hosts_are_followed_and_each_hop_is_resolved(dns, internet) -> None:
    internet.sites["short.example.com"] = redirect("https://cdn.example.net/blob", 301)
    dns.records["short.example.com"] = [PUBLIC]
    internet.sites["cdn.example.net"] = lambda r: (
        httpx.Response(200, content=b"final")
        if r.url.path == "/final"
        else httpx.Response(308, headers={"location": "/final"})
    )
    with await fetch("http://short.example.com/s", dns, internet) as file:
        assert file.open().read() == b"final"
    assert [str(r.url) for r in internet.requests] == [
        f"http://{PUBLIC}/s",
        f"https://{PUBLIC_2}/blob",
        f"https://{PUBLIC_2}/final",
    ]
    assert dns.lookups == ["short.example.com", "cdn.example.net", "cdn.example.net"]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://intranet.example.com/secrets", "a private address (10.1.2.3)"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local (cloud metadata) address (169.254.169.254)"),
        ("http://[::1]:8000/admin", "a loopback address (::1)"),
        ("http://2130706433/", "a loopback address (127.0.0.1)"),
        ("//metadata-alias.example.com/x", "a link-local (cloud metadata) address (169.254.169.254)"),
        ("http://metadata.google.internal/computeMetadata/v1/", "is a local or cloud-metadata host name"),
    ],
)
async def test_a_redirect_to_a_private_address_is_refused_before_connecting(dns, internet, location, reason) -> None:
    internet.sites["files.example.com"] = redirect(location)
    with pytest.raises(FileDataError, match=r"^refused to follow the redirect to ") as caught:
        await fetch("https://files.example.com/x", dns, internet)
    assert reason in str(caught.value)
    assert str(caught.value).endswith("only public internet addresses are fetched")
    assert len(internet.requests) == 1


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://files.example.com/x", "gopher://files.example.com/"])
async def test_a_redirect_to_another_scheme_is_refused(dns, internet, location) -> None:
    internet.sites["files.example.com"] = redirect(location)
    with pytest.raises(
        FileDataError, match=r"refused to follow the redirect to .* only http and https URLs are fetched"
    ):
        await fetch("https://files.example.com/x", dns, internet)


async def test_more_than_five_redirects_are_refused(dns, internet) -> None:
    internet.sites["files.example.com"] = lambda r: httpx.Response(
        302, headers={"location": f"/hop{len(internet.requests)}"}
    )
    with pytest.raises(FileDataError, match="redirects more than 5 times"):
        await fetch("https://files.example.com/x", dns, internet)
    assert len(internet.requests) == 6


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("127.0.0.1", "a loopback address (127.0.0.1)"),
        ("127.255.255.254", "a loopback address"),
        ("10.0.0.5", "a private address (10.0.0.5)"),
        ("172.16.0.1", "a private address"),
        ("172.31.255.255", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local (cloud metadata) address (169.254.169.254)"),
        ("100.64.0.1", "a shared (carrier-grade NAT) address"),
        ("0.0.0.0", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a private address"),  # reserved 240/4; Python files it under is_private too
        ("192.0.2.10", "a private address"),  # documentation range
        ("[::1]", "a loopback address (::1)"),
        ("[::]", "an unspecified address"),
        ("[fe80::1]", "a link-local (cloud metadata) address"),
        ("[fc00::1]", "a private address"),
        ("[fd12:3456::1]", "a private address"),
        ("[ff02::1]", "a multicast address"),
        ("[fec0::1]", "a site-local address"),
        ("[::ffff:127.0.0.1]", "a loopback address in an IPv6 form"),
        ("[::ffff:10.0.0.1]", "a private address in an IPv6 form"),
        ("[::ffff:169.254.169.254]", "a link-local (cloud metadata) address in an IPv6 form"),
        ("[::127.0.0.1]", "a loopback address in an IPv6 form"),  # IPv4-compatible
        ("[2002:7f00:1::]", "a loopback address in an IPv6 form"),  # 6to4
        ("[2002:a00:1::1]", "a private address in an IPv6 form"),
        ("[2001:0:4136:e378:8000:63bf:80ff:fffe]", "a loopback address in an IPv6 form"),  # Teredo
        ("[64:ff9b::a00:1]", "a private address in an IPv6 form"),  # NAT64
        ("2130706433", "a loopback address (127.0.0.1)"),
        ("0x7f000001", "a loopback address (127.0.0.1)"),
        ("0X7F000001", "a loopback address (127.0.0.1)"),
        ("0177.0.0.1", "a loopback address (127.0.0.1)"),
        ("0x7f.0.0.1", "a loopback address (127.0.0.1)"),
        ("017700000001", "a loopback address (127.0.0.1)"),
        ("127.1", "a loopback address (127.0.0.1)"),
        ("0", "an unspecified address (0.0.0.0)"),
        ("3232235777", "a private address (192.168.1.1)"),
        ("0xa9fea9fe", "a link-local (cloud metadata) address (169.254.169.254)"),
        ("0251.0376.0251.0376", "a link-local (cloud metadata) address (169.254.169.254)"),
        ("169.254.43518", "a link-local (cloud metadata) address (169.254.169.254)"),
        ("127.0.0.1.", "a loopback address (127.0.0.1)"),
    ],
)
async def test_every_non_public_address_form_is_refused_before_any_connection(dns, internet, host, reason) -> None:
    url = f"http://{host}/x"
    with pytest.raises(FileDataError) as caught:
        await fetch(url, dns, internet)
    assert str(caught.value).startswith(f"refused to fetch {url}: it resolves to {reason}")
    assert str(caught.value).endswith("; only public internet addresses are fetched")
    assert internet.requests == [] and dns.lookups == []


@pytest.mark.parametrize(
    "host", ["256.0.0.1", "1.2.3.4.5", "0x1.0x2.0x3.0x4.0x5", "08.0.0.1", "1.2.65536", "99999999999"]
)
async def test_numbers_that_are_no_ip_address_are_refused(dns, internet, host) -> None:
    with pytest.raises(FileDataError, match=r"not a valid IP address|not a valid URL"):
        await fetch(f"http://{host}/", dns, internet)
    assert internet.requests == [] and dns.lookups == []


@pytest.mark.parametrize(
    "host",
    ["localhost", "LOCALHOST.", "api.localhost", "metadata.google.internal", "metadata", "instance-data",
     "intranet", "printer.local", "db.corp.internal", "router.home.arpa"],
)  # fmt: skip
async def test_local_and_metadata_host_names_are_refused_by_name(dns, internet, host) -> None:
    with pytest.raises(FileDataError, match=r"refused to fetch .*host name"):
        await fetch(f"http://{host}/computeMetadata/v1/", dns, internet)
    assert internet.requests == [] and dns.lookups == []


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("intranet.example.com", "a private address (10.1.2.3)"),
        ("loopback6.example.com", "a loopback address (::1)"),
        ("zoned.example.com", "a link-local (cloud metadata) address (fe80::1)"),
        ("metadata-alias.example.com", "a link-local (cloud metadata) address (169.254.169.254)"),
        ("split.example.com", "a private address (192.168.0.10)"),  # one public, one private: refused
        ("split6.example.com", "a private address (fd00::1)"),
    ],
)
async def test_a_name_with_any_private_address_is_refused(dns, internet, host, reason) -> None:
    with pytest.raises(FileDataError) as caught:
        await fetch(f"https://{host}/f", dns, internet)
    assert str(caught.value) == (
        f"refused to fetch https://{host}/f: it resolves to {reason}; only public internet addresses are fetched"
    )
    assert internet.requests == []


async def test_a_name_that_does_not_resolve_says_so_and_not_that_it_was_refused(dns, internet) -> None:
    with pytest.raises(FileDataError) as caught:
        await fetch("https://nowhere.example.com/f", dns, internet)
    text = str(caught.value)
    assert "nowhere.example.com does not resolve" in text and "check the URL" in text
    assert "refused" not in text and "public internet" not in text


@pytest.mark.parametrize(
    "url", ["http://user:hunter2@files.example.com/f", "http://user@files.example.com/", "https://:hunter2@files.example.com/",
            "http://files.example.com@10.0.0.1/"],
)  # fmt: skip
async def test_urls_with_credentials_are_refused_without_echoing_them(dns, internet, url) -> None:
    with pytest.raises(FileDataError, match="with a user name or password") as caught:
        await fetch(url, dns, internet)
    assert "hunter2" not in str(caught.value) and "user" not in str(caught.value).split("with a")[0]
    assert internet.requests == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://files.example.com/f", "gopher://files.example.com/_x"])
async def test_other_schemes_are_refused(dns, internet, url) -> None:
    with pytest.raises(FileDataError, match="scheme"):
        await fetch(url, dns, internet)
    assert internet.requests == [] and dns.lookups == []


@pytest.mark.parametrize("url", ["http://files.example.com:99999/", "http:///nohost", "http://files.example.com:x/"])
async def test_urls_that_do_not_parse_are_refused(dns, internet, url) -> None:
    with pytest.raises(FileDataError, match=r"not a valid URL|has no host"):
        await fetch(url, dns, internet)


async def test_a_long_url_is_clipped_in_the_message(dns, internet) -> None:
    url = "http://10.0.0.5/" + "a" * 3000
    with pytest.raises(FileDataError) as caught:
        await fetch(url, dns, internet)
    assert "a" * 61 not in str(caught.value)
    with pytest.raises(FileDataError, match="longer than 8192 characters"):
        await fetch("https://files.example.com/" + "a" * 9000, dns, internet)


async def test_an_honest_content_length_over_the_limit_is_refused_before_the_body(dns, internet) -> None:
    read: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        read.append(1)
        yield b"x"

    internet.sites["files.example.com"] = lambda r: httpx.Response(
        200, content=body(), headers={"content-length": str(25 * 1024 * 1024)}
    )
    with pytest.raises(FileDataError) as caught:
        await fetch("https://files.example.com/big.iso", dns, internet)
    assert str(caught.value) == (
        "the file at https://files.example.com/big.iso is 25 MB (as the server announced); "
        "Zoho accepts at most 20 MB per file"
    )
    assert read == []


@pytest.mark.parametrize("announced", ["100", None])
async def test_a_body_over_the_limit_is_stopped_whatever_content_length_says(dns, internet, announced) -> None:
    headers = {} if announced is None else {"content-length": announced}
    internet.sites["files.example.com"] = lambda r: httpx.Response(200, content=_chunks(2000), headers=headers)
    with pytest.raises(FileDataError, match="is larger than 1,000 bytes, so the download was stopped there"):
        await fetch("https://files.example.com/f", dns, internet, max_bytes=1000)


async def _chunks(total: int, size: int = 300) -> AsyncIterator[bytes]:
    for start in range(0, total, size):
        yield b"y" * min(size, total - start)


async def test_an_endless_body_is_stopped_just_past_twenty_megabytes(dns, internet) -> None:
    sent = [0]
    chunk = b"z" * 65536

    async def endless() -> AsyncIterator[bytes]:
        while True:
            sent[0] += len(chunk)
            yield chunk

    internet.sites["files.example.com"] = lambda r: httpx.Response(200, content=endless())
    with pytest.raises(FileDataError, match="larger than 20 MB, so the download was stopped there"):
        await fetch("https://files.example.com/stream", dns, internet)
    assert MAX_FILE_BYTES < sent[0] <= MAX_FILE_BYTES + len(chunk)


async def test_a_server_that_never_answers_is_cut_off_at_the_timeout(dns, internet) -> None:
    never = asyncio.Event()

    async def silent(request: httpx.Request) -> httpx.Response:
        await never.wait()
        return httpx.Response(200)

    with pytest.raises(FileDataError, match=r"took longer than 0.05 s and was stopped"):
        await load_file_data(
            "https://files.example.com/f",
            "f",
            options(dns, internet, transport=httpx.MockTransport(silent), timeout=0.05),
        )


async def test_a_body_that_stalls_is_cut_off_at_the_timeout(dns, internet) -> None:
    never = asyncio.Event()

    async def stalls() -> AsyncIterator[bytes]:
        yield b"first bytes"
        await never.wait()
        yield b"never"

    internet.sites["files.example.com"] = lambda r: httpx.Response(200, content=stalls())
    with pytest.raises(FileDataError, match=r"took longer than 0.05 s"):
        await fetch("https://files.example.com/f", dns, internet, timeout=0.05)


@pytest.mark.parametrize(
    ("status", "phrase"), [(404, "404 Not Found"), (500, "500 Internal Server Error"), (304, "304")]
)
async def test_a_failed_status_is_reported(dns, internet, status, phrase) -> None:
    internet.sites["files.example.com"] = lambda r: httpx.Response(status)
    with pytest.raises(FileDataError, match=f"the server answered {phrase}"):
        await fetch("https://files.example.com/f", dns, internet)


async def test_a_connection_failure_is_reported(dns, internet) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    internet.sites["files.example.com"] = refuse
    with pytest.raises(FileDataError, match=r"the connection failed \(ConnectError\)"):
        await fetch("https://files.example.com/f", dns, internet)


async def test_an_empty_download_is_refused(dns, internet) -> None:
    internet.sites["files.example.com"] = lambda r: httpx.Response(200, content=b"")
    with pytest.raises(FileDataError, match="is empty"):
        await fetch("https://files.example.com/f", dns, internet)


@pytest.mark.parametrize("announced", [True, False])
async def test_progress_is_reported_from_zero_to_the_full_size(dns, internet, announced) -> None:
    total = 3 * 1024 * 1024 + 5
    headers = {"content-length": str(total)} if announced else {}
    internet.sites["files.example.com"] = lambda r: httpx.Response(200, content=_chunks(total, 65536), headers=headers)
    calls: list[tuple[int, int | None]] = []

    async def progress(done: int, of: int | None) -> None:
        calls.append((done, of))

    file = await fetch("https://files.example.com/f", dns, internet, progress=progress)
    expected_total = total if announced else None
    assert calls[0] == (0, expected_total) and calls[-1] == (total, expected_total)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert 3 <= len(calls) <= 10  # throttled, not one call per chunk
    assert file.size == total and len(file.open().read()) == total
    file.close()
