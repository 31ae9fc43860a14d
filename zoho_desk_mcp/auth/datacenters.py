"""The one table of Zoho data centres: where a DC's accounts server and Desk API live (docs/zoho-api.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

from .errors import UnknownDataCenterError

SANDBOX_CODE = "sandbox"
# The sandbox's published OAuth client and refresh token, equal to sandbox/store.py's (tests/test_startup.py keeps
# them so): here, because `--sandbox-url` must not import the whole emulator (~250 ms) for three strings.
SANDBOX_CLIENT_ID = "sandbox-client"
SANDBOX_CLIENT_SECRET = "sandbox-secret"  # noqa: S105 - published, not a secret
SANDBOX_REFRESH_TOKEN = "sandbox-refresh-token"  # noqa: S105


@dataclass(frozen=True)
class DataCenter:
    """A data centre: tokens, codes and clients work only against their own DC's hosts."""

    code: str
    accounts_url: str
    desk_url: str
    api_domain: str

    @property
    def is_sandbox(self) -> bool:
        return self.code == SANDBOX_CODE

    @property
    def token_url(self) -> str:
        return f"{self.accounts_url}/oauth/v2/token"

    @property
    def authorize_endpoint(self) -> str:
        return f"{self.accounts_url}/oauth/v2/auth"

    @property
    def revoke_url(self) -> str:
        return f"{self.accounts_url}/oauth/v2/token/revoke"


def _dc(code: str, tld: str, *, accounts_domain: str = "zoho", api_tld: str | None = None) -> DataCenter:
    return DataCenter(
        code=code,
        accounts_url=f"https://accounts.{accounts_domain}.{tld}",
        desk_url=f"https://desk.{accounts_domain}.{tld}",
        api_domain=f"https://www.zohoapis.{api_tld or tld}",
    )


# Canada lives on zohocloud.ca, not zoho.ca (docs/zoho-api.md §1).
DATA_CENTERS: dict[str, DataCenter] = {
    dc.code: dc
    for dc in (
        _dc("us", "com"),
        _dc("eu", "eu"),
        _dc("in", "in"),
        _dc("au", "com.au"),
        _dc("jp", "jp"),
        _dc("ca", "ca", accounts_domain="zohocloud", api_tld="ca"),
        _dc("cn", "com.cn"),
        _dc("sa", "sa"),
        _dc("sg", "sg"),
        _dc("ae", "ae"),
    )
}

# Domain forms users copy from URLs: `com`, `com.au`, `zohocloud.ca`, `zoho.eu` ...
_ALIASES: dict[str, str] = {
    "com": "us",
    "com.au": "au",
    "com.cn": "cn",
    "zohocloud.ca": "ca",
    **{dc.accounts_url.removeprefix("https://accounts."): dc.code for dc in DATA_CENTERS.values()},
}


def datacenter(code_or_domain: str) -> DataCenter:
    """A DC by its code (`eu`) or a domain form (`com.au`, `zoho.eu`); unknown values list the choices."""
    key = code_or_domain.strip().lower().lstrip(".")
    if key in DATA_CENTERS:
        return DATA_CENTERS[key]
    if key in _ALIASES:
        return DATA_CENTERS[_ALIASES[key]]
    raise UnknownDataCenterError(code_or_domain, sorted(DATA_CENTERS))


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs on 127.0.0.0/8, ::1 or localhost: the only places a sandbox may live."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def sandbox_datacenter(base_url: str) -> DataCenter:
    """The sandbox serves accounts and Desk from one base URL; loopback only: no token leaves the host."""
    base = base_url.rstrip("/")
    if not is_loopback_url(base):
        raise UnknownDataCenterError(base_url, sorted(DATA_CENTERS), reason="a sandbox URL must be loopback")
    return DataCenter(code=SANDBOX_CODE, accounts_url=base, desk_url=base, api_domain=base)


def from_accounts_server(url: str, *, allow_sandbox: bool = False) -> DataCenter:
    """The DC named by a redirect's `accounts-server`; only hosts in the table (or loopback when allowed)."""
    base = url.strip().rstrip("/")
    for dc in DATA_CENTERS.values():
        if base.lower() == dc.accounts_url:
            return dc
    if allow_sandbox and is_loopback_url(base):
        return sandbox_datacenter(base)
    raise UnknownDataCenterError(url, sorted(DATA_CENTERS), reason="not a known Zoho accounts server")
