"""The data-centre table: codes, domain forms, accounts-server URLs and the loopback-only sandbox."""

from __future__ import annotations

import pytest

from zoho_desk_mcp.auth import (
    DATA_CENTERS,
    UnknownDataCenterError,
    datacenter,
    from_accounts_server,
    sandbox_datacenter,
)

HOSTS = {
    "us": ("https://accounts.zoho.com", "https://desk.zoho.com"),
    "eu": ("https://accounts.zoho.eu", "https://desk.zoho.eu"),
    "in": ("https://accounts.zoho.in", "https://desk.zoho.in"),
    "au": ("https://accounts.zoho.com.au", "https://desk.zoho.com.au"),
    "jp": ("https://accounts.zoho.jp", "https://desk.zoho.jp"),
    "ca": ("https://accounts.zohocloud.ca", "https://desk.zohocloud.ca"),
    "cn": ("https://accounts.zoho.com.cn", "https://desk.zoho.com.cn"),
    "sa": ("https://accounts.zoho.sa", "https://desk.zoho.sa"),
    "sg": ("https://accounts.zoho.sg", "https://desk.zoho.sg"),
    "ae": ("https://accounts.zoho.ae", "https://desk.zoho.ae"),
}


def test_the_table_holds_exactly_the_ten_documented_data_centres() -> None:
    assert set(DATA_CENTERS) == set(HOSTS)


@pytest.mark.parametrize(("code", "hosts"), HOSTS.items())
def test_each_code_maps_to_its_accounts_and_desk_hosts(code: str, hosts: tuple[str, str]) -> None:
    dc = datacenter(code)
    assert (dc.accounts_url, dc.desk_url) == hosts
    assert dc.token_url == f"{hosts[0]}/oauth/v2/token"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("com", "us"),
        ("com.au", "au"),
        ("com.cn", "cn"),
        ("zohocloud.ca", "ca"),
        ("zoho.eu", "eu"),
        ("EU", "eu"),
        (" in ", "in"),
        (".com.au", "au"),
    ],
)
def test_domain_forms_and_any_case_are_accepted(value: str, code: str) -> None:
    assert datacenter(value).code == code


def test_canada_is_zohocloud_not_zoho_ca() -> None:
    with pytest.raises(UnknownDataCenterError):
        datacenter("zoho.ca")


def test_an_unknown_data_centre_is_a_value_error_listing_the_choices() -> None:
    with pytest.raises(UnknownDataCenterError) as info:
        datacenter("mars")
    assert isinstance(info.value, ValueError)
    assert info.value.choices == sorted(HOSTS)
    assert "eu" in str(info.value) and "mars" in str(info.value)


@pytest.mark.parametrize("code", sorted(HOSTS))
def test_the_accounts_server_of_a_redirect_names_its_data_centre(code: str) -> None:
    assert from_accounts_server(HOSTS[code][0] + "/").code == code


@pytest.mark.parametrize(
    "url",
    ["https://accounts.evil.example", "http://accounts.zoho.com", "https://accounts.zoho.com.evil.example"],
)
def test_an_accounts_server_outside_the_table_is_refused(url: str) -> None:
    with pytest.raises(UnknownDataCenterError):
        from_accounts_server(url)


def test_a_loopback_accounts_server_is_only_accepted_for_the_sandbox() -> None:
    with pytest.raises(UnknownDataCenterError):
        from_accounts_server("http://127.0.0.1:8001")
    dc = from_accounts_server("http://127.0.0.1:8001", allow_sandbox=True)
    assert dc.is_sandbox and dc.accounts_url == "http://127.0.0.1:8001"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8001", "http://127.9.8.7:9", "http://localhost:8001/", "http://[::1]:8001"]
)
def test_the_sandbox_serves_accounts_and_desk_from_one_loopback_base_url(url: str) -> None:
    dc = sandbox_datacenter(url)
    assert dc.accounts_url == dc.desk_url == url.rstrip("/")
    assert dc.code == "sandbox"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1:8001",
        "https://desk.zoho.com",
        "http://127.0.0.1.evil.example",
        "ftp://127.0.0.1",
        "127.0.0.1",
    ],
)
def test_a_sandbox_url_that_is_not_loopback_is_refused(url: str) -> None:
    with pytest.raises(UnknownDataCenterError):
        sandbox_datacenter(url)
