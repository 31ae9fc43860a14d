"""Settings: environment variables (or `.env` in the working directory), overridden by command-line flags.

Read by cli.py and server/ only; lower layers receive plain values. Secrets are `SecretStr`, so `repr(settings)`
never shows them. Every value is checked here, at start-up, with a message that says what is allowed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from dotenv import dotenv_values
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from .auth.datacenters import DATA_CENTERS, datacenter, is_loopback_url
from .auth.errors import UnknownDataCenterError
from .auth.oauth import DEFAULT_SCOPES as OAUTH_DEFAULT_SCOPES

DYNAMIC = "dynamic"  # `--toolsets dynamic`: start with `tickets`, the model enables the rest (server/surface.py)
DEFAULT_SCOPES = ",".join(OAUTH_DEFAULT_SCOPES)
Transport = Literal["stdio", "sse", "http"]
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
MIN_AUTH_TOKEN_LENGTH = 32  # beyond loopback the bearer token is all that stands between the network and Desk

ENV_KEYS: dict[str, str] = {
    "ZOHO_CLIENT_ID": "client_id",
    "ZOHO_CLIENT_SECRET": "client_secret",
    "ZOHO_REFRESH_TOKEN": "refresh_token",
    "ZOHO_DATA_CENTER": "data_center",
    "ZOHO_DESK_ORG": "organization",
    "ZOHO_REDIRECT_URI": "redirect_uri",
    "ZOHO_SCOPES": "scopes",
    "ZOHO_DESK_API_VERSION": "api_version",
    "ZOHO_DESK_READ_ONLY": "read_only",
    "ZOHO_DESK_TOOLSETS": "toolsets",
    "ZOHO_DESK_SANDBOX": "sandbox",
    "MCP_TRANSPORT": "transport",
    "MCP_HOST": "host",
    "MCP_PORT": "port",
    "MCP_AUTH_TOKEN": "auth_token",
    "ZOHO_DESK_AUDIT_LOG": "audit_log",
    "ZOHO_DESK_CALL_DEADLINE": "call_deadline",
    "ZOHO_DESK_STATE_URL": "state_url",
    "ZOHO_DESK_STATE_KEY": "state_key",
    "ZOHO_DESK_PUBLIC_URL": "public_url",
    "MCP_JSON_RESPONSE": "json_response",
}


BOOLEAN_FIELDS = ("read_only", "sandbox", "stateless", "json_response")


class ConfigError(ValueError):
    """A setting is wrong; the message names it (by its environment variable) and what is allowed."""


class Settings(BaseModel):
    """Everything the server needs to start, validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    client_id: str | None = None
    client_secret: SecretStr | None = None
    refresh_token: SecretStr | None = None
    data_center: str = "us"
    organization: str | None = None
    redirect_uri: str = "http://127.0.0.1:8765/callback"
    scopes: str = DEFAULT_SCOPES
    api_version: Literal["v1"] = "v1"
    read_only: bool = False
    toolsets: tuple[str, ...] | None = None  # None: the tool registry's defaults (tickets, triage)
    sandbox: bool = False
    sandbox_url: str | None = None
    sandbox_data: Path | None = None
    transport: Transport = "stdio"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65_535)
    auth_token: SecretStr | None = None
    token_dir: Path | None = None
    audit_log: Path | None = None
    call_deadline: float = Field(default=60.0, gt=0, le=3600)  # seconds for one tool call, all retries included
    users: Literal["zoho"] | None = None  # `--users zoho`: each user signs in to Zoho (server/users/)
    stateless: bool = False  # `--stateless`: streamable HTTP without sessions, so any replica answers any request
    json_response: bool | None = None  # http: plain JSON answers, no SSE stream per call (None: with --stateless)
    state_url: str | None = None  # redis://…: shared state for several replicas (None: in the process)
    state_key: SecretStr | None = None  # encrypts users' Zoho tokens at rest
    public_url: str | None = None  # the deployment's one external base URL (OAuth metadata, redirects, audience)

    @field_validator("data_center")
    @classmethod
    def _known_data_center(cls, value: str) -> str:
        try:
            return datacenter(value).code
        except UnknownDataCenterError:
            raise ValueError(f"unknown data centre {value!r}; use one of {', '.join(DATA_CENTERS)}") from None

    @field_validator("api_version", mode="before")
    @classmethod
    def _known_api_version(cls, value: Any) -> Any:
        if value != "v1":
            raise ValueError(f"{value!r} is not a Zoho Desk API version this server speaks; use v1 (or leave it unset)")
        return value

    @field_validator("toolsets", mode="before")
    @classmethod
    def _known_toolsets(cls, value: Any) -> tuple[str, ...]:
        names = [n.strip() for n in value.split(",")] if isinstance(value, str) else list(value)
        names = [n.lower() for n in names if n]  # the names themselves are checked against the tool registry
        if not names:
            raise ValueError(f"name at least one toolset (default tickets,triage), or {DYNAMIC}")
        if DYNAMIC in names and len(names) > 1:
            raise ValueError(f"{DYNAMIC} stands alone: it starts with the tickets toolset and enables others on demand")
        return tuple(dict.fromkeys(names))

    @field_validator("sandbox_url")
    @classmethod
    def _loopback_sandbox(cls, value: str | None) -> str | None:
        if value is not None and not is_loopback_url(value):
            raise ValueError("a sandbox URL must be a loopback address such as http://127.0.0.1:8001")
        return value.rstrip("/") if value else value

    @model_validator(mode="after")
    def _team_mode(self) -> Settings:
        if (self.users or self.stateless) and self.transport != "http":
            raise ValueError("--users zoho and --stateless need --transport http")
        needs_key = "--users zoho" if self.users is not None else "ZOHO_DESK_STATE_URL" if self.state_url else None
        if self.state_key is not None and len(self.state_key.get_secret_value()) < MIN_AUTH_TOKEN_LENGTH:
            raise ValueError(f"ZOHO_DESK_STATE_KEY must have at least {MIN_AUTH_TOKEN_LENGTH} characters")
        if needs_key and self.state_key is None:
            raise ValueError(
                f"{needs_key} needs ZOHO_DESK_STATE_KEY (at least {MIN_AUTH_TOKEN_LENGTH} characters, the same on "
                "every replica; make one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        if (self.users or self.stateless) and self.toolsets == (DYNAMIC,):
            raise ValueError(
                f"--toolsets {DYNAMIC} keeps its choice in one server process, which --users zoho and --stateless "
                "share between users and requests; name the toolsets instead (e.g. tickets,triage,reply)"
            )
        if self.users is not None:
            if self.auth_token is not None:
                raise ValueError("MCP_AUTH_TOKEN and --users zoho exclude each other: users sign in with OAuth")
            if self.public_url is None and self.host not in LOOPBACK_HOSTS:
                raise ValueError("--users zoho beyond loopback needs ZOHO_DESK_PUBLIC_URL (the https URL users reach)")
        if self.state_url is not None and not self.state_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("ZOHO_DESK_STATE_URL must be a redis://, rediss:// or unix:// URL")
        return self

    @model_validator(mode="after")
    def _safe_binding(self) -> Settings:
        if self.users is not None:  # every MCP request carries a user's OAuth token instead
            return self
        if self.transport != "stdio" and self.host not in LOOPBACK_HOSTS and self.auth_token is None:
            raise ValueError(
                f"binding {self.host} exposes the server beyond this machine; set MCP_AUTH_TOKEN so every request "
                "needs `Authorization: Bearer <token>`, or bind 127.0.0.1"
            )
        exposed = self.transport != "stdio" and self.host not in LOOPBACK_HOSTS
        if exposed and self.auth_token is not None and len(self.auth_token.get_secret_value()) < MIN_AUTH_TOKEN_LENGTH:
            raise ValueError(
                f"MCP_AUTH_TOKEN is too short: binding {self.host} needs at least {MIN_AUTH_TOKEN_LENGTH} characters "
                "so the token cannot be guessed; make one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        return self

    @property
    def base_url(self) -> str:
        """Where users and MCP clients reach this server: ZOHO_DESK_PUBLIC_URL, else the loopback bind."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (self.public_url or f"http://{host}:{self.port}").rstrip("/")

    @property
    def uses_sandbox(self) -> bool:
        return self.sandbox or self.sandbox_url is not None

    @property
    def scope_list(self) -> tuple[str, ...]:
        return tuple(s.strip() for s in self.scopes.split(",") if s.strip())


def _parse_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def from_environment(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = Path(".env"),
) -> Settings:
    """Settings from `.env`, then the environment (which wins over `.env`), then `overrides` (flags)."""
    values: dict[str, Any] = {}
    file_values = dotenv_values(dotenv_path) if dotenv_path is not None and dotenv_path.is_file() else {}
    merged = {
        **{k: v for k, v in file_values.items() if v is not None},
        **(environ if environ is not None else os.environ),
    }
    for env_name, field in ENV_KEYS.items():
        raw = merged.get(env_name)
        if raw is None or raw == "":
            continue
        values[field] = _parse_bool(env_name, raw) if field in BOOLEAN_FIELDS else raw
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None


def _describe(error: ValidationError) -> str:
    """One line per problem, naming the environment variable a user would set."""
    names = {field: env for env, field in ENV_KEYS.items()}
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "settings"
        message = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{names.get(field, field)}: {message}")
    return "; ".join(lines)
