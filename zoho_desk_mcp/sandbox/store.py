"""The sandbox's state: organizations with their records, and the OAuth grants. No HTTP in here.

Records are kept as Zoho-shaped JSON dicts (camelCase keys, string IDs, ISO times), so handlers serialise by
copying; the helpers here find records or raise Zoho's not-found error. Handlers validate everything before they
change anything, and never await in between, so every write is atomic.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .errors import url_not_found

Record = dict[str, Any]

DEFAULT_CLIENT_ID = "sandbox-client"
DEFAULT_CLIENT_SECRET = "sandbox-secret"  # noqa: S105 - the sandbox's published default, not a secret
DEFAULT_REFRESH_TOKEN = "sandbox-refresh-token"  # noqa: S105
MAX_FILE_BYTES = 20 * 1024 * 1024

EDITION_CREDITS = {  # base credits per day and credits per agent (docs/zoho-api.md §3.2)
    "FREE": (5_000, 0),
    "EXPRESS": (25_000, 100),
    "STANDARD": (50_000, 250),
    "PROFESSIONAL": (75_000, 500),
    "ENTERPRISE": (100_000, 1_000),
}
EDITION_CONCURRENCY = {"FREE": 5, "EXPRESS": 10, "STANDARD": 10, "PROFESSIONAL": 15, "ENTERPRISE": 25}


def iso(epoch_seconds: float) -> str:
    """Zoho's time format: ISO-8601 UTC with milliseconds and a `Z`."""
    moment = datetime.fromtimestamp(epoch_seconds, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> float:
    """Parse Zoho's `yyyy-MM-ddTHH:mm:ss.SSSZ` (the only form Zoho accepts); ValueError otherwise."""
    if not value.endswith("Z") or "T" not in value:
        raise ValueError(value)
    moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return moment.timestamp()


def new_token() -> str:
    """A token in Zoho's seen format `1000.<32hex>.<32hex>`."""
    return f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"


@dataclass
class Clock:
    """Wall time plus an offset that tests move forward instead of sleeping."""

    offset: float = 0.0

    def now(self) -> float:
        return time.time() + self.offset


@dataclass(frozen=True)
class StoredFile:
    """The bytes of an upload or attachment and the type it was sent with (what a download serves)."""

    data: bytes
    content_type: str


@dataclass
class OrgData:
    """One Desk portal (organization) and every record in it."""

    org: Record
    departments: dict[str, Record] = field(default_factory=dict)
    agents: dict[str, Record] = field(default_factory=dict)
    teams: dict[str, Record] = field(default_factory=dict)
    products: dict[str, Record] = field(default_factory=dict)
    contacts: dict[str, Record] = field(default_factory=dict)
    tickets: dict[str, Record] = field(default_factory=dict)
    threads: dict[str, list[Record]] = field(default_factory=dict)  # ticketId -> threads (full, with content)
    comments: dict[str, list[Record]] = field(default_factory=dict)  # ticketId -> comments
    attachments: dict[str, list[Record]] = field(default_factory=dict)  # ticketId -> attachments
    uploads: dict[str, Record] = field(default_factory=dict)
    accounts: dict[str, Record] = field(default_factory=dict)
    articles: dict[str, Record] = field(default_factory=dict)  # help-centre articles, with `answer`
    categories: dict[str, Record] = field(default_factory=dict)  # help-centre categories
    reply_addresses: dict[str, Record] = field(default_factory=dict)  # mailReplyAddress id -> record
    templates: dict[str, Record] = field(default_factory=dict)  # templateId -> record
    blobs: dict[str, StoredFile] = field(default_factory=dict)  # upload/attachment ID -> its bytes (files.py)
    tags: dict[str, Record] = field(default_factory=dict)  # tagId -> tag (tags.py)
    ticket_tags: dict[str, list[str]] = field(default_factory=dict)  # ticketId -> tagIds, oldest first
    history: dict[str, list[Record]] = field(default_factory=dict)  # ticketId -> events, oldest first
    custom_fields: list[Record] = field(default_factory=list)  # the Tickets module's cf_… fields (custom_fields.py)
    agent_licenses: int = 0
    next_ticket_number: int = 101
    credits_remaining: int = 0
    concurrency_limit: int = 25
    in_flight: int = 0

    @property
    def id(self) -> str:
        return str(self.org["id"])

    @property
    def edition(self) -> str:
        return str(self.org.get("edition") or "ENTERPRISE")

    def daily_credits(self) -> int:
        base, per_agent = EDITION_CREDITS.get(self.edition, EDITION_CREDITS["ENTERPRISE"])
        licensed = sum(1 for a in self.agents.values() if a.get("rolePermissionType") != "Light")
        return base + per_agent * licensed

    def _get(self, table: dict[str, Record], record_id: str) -> Record:
        record = table.get(record_id)
        if record is None:
            raise url_not_found()
        return record

    def department(self, department_id: str) -> Record:
        return self._get(self.departments, department_id)

    def agent(self, agent_id: str) -> Record:
        return self._get(self.agents, agent_id)

    def team(self, team_id: str) -> Record:
        return self._get(self.teams, team_id)

    def product(self, product_id: str) -> Record:
        return self._get(self.products, product_id)

    def contact(self, contact_id: str) -> Record:
        return self._get(self.contacts, contact_id)

    def ticket(self, ticket_id: str) -> Record:
        """A ticket that is not in the trash; trashed tickets answer like unknown ones."""
        record = self._get(self.tickets, ticket_id)
        if record.get("isTrashed"):
            raise url_not_found()
        return record

    def contact_by_email(self, email: str) -> Record | None:
        wanted = email.strip().lower()
        for contact in self.contacts.values():
            if (contact.get("email") or "").lower() == wanted:
                return contact
        return None

    def portal_url(self) -> str:
        return str(self.org.get("portalURL") or f"https://desk.zoho.com/support/{self.org['portalName']}")


@dataclass
class Code:
    """A grant code: single use, short-lived, bound to the redirect URI it was issued for."""

    client_id: str
    scopes: tuple[str, ...]
    redirect_uri: str | None
    expires_at: float
    org_ids: tuple[str, ...]
    offline: bool = True
    used: bool = False
    owner_email: str | None = None  # who signed in (`login_hint`); None: the default credentials' owner


@dataclass
class RefreshGrant:
    """A refresh token's grant: who, which scopes, which organizations. Lives until revoked."""

    client_id: str
    scopes: tuple[str, ...]
    org_ids: tuple[str, ...]
    owner_email: str
    revoked: bool = False
    token_requests: list[float] = field(default_factory=list)


@dataclass
class AccessGrant:
    """A live access token: it expires, and dies with its refresh token."""

    refresh_token: str
    expires_at: float
    issued_at: float


@dataclass
class OAuthClient:
    client_id: str
    client_secret: str


@dataclass
class Faults:
    """What the sandbox breaks on purpose (set through POST /_sandbox/faults)."""

    latency_ms: int = 0
    fail_next: int = 0
    fail_rate: float = 0.0
    fail_status: int = 503
    retry_after: int | None = None
    fail_match: str | None = None  # "METHOD /path/template" prefix; None = every Desk call
    drop_next_writes: int = 0
    drop_mode: str = "timeout"  # timeout | reset
    drop_match: str | None = None
    access_token_lifetime: int = 3600
    token_errors: list[str] = field(default_factory=list)
    token_request_limit: int = 10  # per refresh token per 10 minutes; 0 = unlimited
    max_live_access_tokens: int = 10  # per refresh token; the oldest dies first


ALL_SCOPES = (
    "Desk.tickets.ALL",
    "Desk.contacts.ALL",
    "Desk.basic.ALL",
    "Desk.settings.ALL",
    "Desk.products.ALL",
    "Desk.search.READ",
    "Desk.articles.READ",
)


class Store:
    """Everything the sandbox knows. Built from a data set (see `dataset.py`); reset rebuilds it."""

    def __init__(self) -> None:
        self.clock = Clock()
        self.orgs: dict[str, OrgData] = {}
        self.clients: dict[str, OAuthClient] = {
            DEFAULT_CLIENT_ID: OAuthClient(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        }
        self.codes: dict[str, Code] = {}
        self.refresh_grants: dict[str, RefreshGrant] = {}
        self.access_grants: dict[str, AccessGrant] = {}
        self.faults = Faults()
        self.requests: Counter[str] = Counter()
        self.tokens: Counter[str] = Counter({"accessIssued": 0, "refreshIssued": 0, "revoked": 0})
        self._ids = itertools.count(1)
        self.location = "us"
        self.outbox: list[Record] = []  # e-mails "sent" through sendReply, for GET /_sandbox/outbox

    # --- identifiers -------------------------------------------------------------------------------------
    def new_id(self) -> str:
        """A Zoho-style string ID: 16 digits, unique across the store, deterministic for a data set."""
        return str(1_892_000_000_000_000 + next(self._ids))

    def now_iso(self) -> str:
        return iso(self.clock.now())

    # --- organizations -----------------------------------------------------------------------------------
    def org(self, org_id: str) -> OrgData:
        data = self.orgs.get(org_id)
        if data is None:
            raise url_not_found()
        return data

    def first_org(self) -> OrgData:
        return next(iter(self.orgs.values()))

    def default_owner_email(self) -> str:
        """The default credentials belong to the first agent of the first organization (an administrator)."""
        first = self.first_org()
        return str(next(iter(first.agents.values()))["emailId"])

    def grant_default_credentials(self) -> None:
        """The published default refresh token: every scope, every organization of the data set."""
        self.refresh_grants[DEFAULT_REFRESH_TOKEN] = RefreshGrant(
            client_id=DEFAULT_CLIENT_ID,
            scopes=ALL_SCOPES,
            org_ids=tuple(self.orgs),
            owner_email=self.default_owner_email(),
        )
