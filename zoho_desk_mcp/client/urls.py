"""Where the Desk client may send a token: a Desk host of the data-centre table, or a loopback sandbox."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from ..auth.datacenters import DATA_CENTERS, is_loopback_url
from .errors import DeskURLError

API_PATH = "/api/v1"


def desk_hosts() -> frozenset[str]:
    """The Desk API hosts of every data centre (desk.zoho.com, desk.zohocloud.ca, ...)."""
    return frozenset(urlsplit(dc.desk_url).hostname or "" for dc in DATA_CENTERS.values())


def api_base_url(base_url: str) -> str:
    """The validated base URL ending in `/api/v1` (added when missing); anything else is refused."""
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise DeskURLError(f"{_shown(parts)}: a Desk base URL takes no query, fragment or credentials")
    host = (parts.hostname or "").lower()
    official = parts.scheme == "https" and host in desk_hosts() and parts.port in (None, 443)
    if not official and not is_loopback_url(url):
        allowed = ", ".join(sorted(desk_hosts()))
        raise DeskURLError(
            f"{_shown(parts)} is not a Zoho Desk host; use https://<host>/api/v1 with one of {allowed}, "
            "or a loopback http URL (127.0.0.1, localhost, ::1) for the sandbox"
        )
    path = parts.path.rstrip("/")
    if path in ("", API_PATH.rstrip("/")):
        return f"{parts.scheme}://{parts.netloc}{API_PATH}"
    raise DeskURLError(f"{_shown(parts)}: the Desk API lives under {API_PATH}, not {path!r}")


def _shown(parts: SplitResult) -> str:
    """The URL's scheme and host only: whatever else was passed stays out of the error text."""
    return f"{parts.scheme}://{parts.hostname or ''}"
