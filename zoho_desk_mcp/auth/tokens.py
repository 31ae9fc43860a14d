"""Token sets and the on-disk token store: one 0600 file per (accounts server, client id), written atomically.

The store keeps the current access token and its expiry next to the refresh token, so a restarted server
reuses a live access token instead of spending one of Zoho's ten token requests per ten minutes. A lock file
beside each token file (fcntl.flock) lets processes sharing the store refresh one at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr

from .errors import TokenStoreError

# Some legacy Zoho products report `expires_in` in milliseconds; no access token lives a day.
_MS_THRESHOLD = 86_400
_FORMAT_VERSION = 1
APP_DIR_NAME = "zoho-desk-mcp"


class TokenResponse(BaseModel):
    """A successful token answer; `refresh_token` only comes with a code grant and access_type=offline."""

    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    refresh_token: SecretStr | None = None
    expires_in: float = 3600.0
    scope: str | None = None
    api_domain: str | None = None

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> TokenResponse:
        expires = body.get("expires_in_sec", body.get("expires_in", 3600))
        seconds = float(expires) if isinstance(expires, (int, float, str)) else 3600.0
        if seconds > _MS_THRESHOLD:
            seconds /= 1000
        refresh = body.get("refresh_token")
        return cls(
            access_token=SecretStr(str(body["access_token"])),
            refresh_token=SecretStr(refresh) if isinstance(refresh, str) and refresh else None,
            expires_in=seconds,
            scope=body.get("scope") if isinstance(body.get("scope"), str) else None,
            api_domain=body.get("api_domain") if isinstance(body.get("api_domain"), str) else None,
        )


class TokenSet(BaseModel):
    """What we keep for one client in one DC; repr/str mask every token."""

    model_config = ConfigDict(frozen=True)

    refresh_token: SecretStr | None = None
    access_token: SecretStr | None = None
    expires_at: float | None = None
    scope: str | None = None
    api_domain: str | None = None

    def updated_with(self, response: TokenResponse, now: float) -> TokenSet:
        """Merge a token response; a response without `refresh_token` never erases the one we hold."""
        return TokenSet(
            refresh_token=response.refresh_token or self.refresh_token,
            access_token=response.access_token,
            expires_at=now + response.expires_in,
            scope=response.scope or self.scope,
            api_domain=response.api_domain or self.api_domain,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "refreshToken": _reveal(self.refresh_token),
            "accessToken": _reveal(self.access_token),
            "expiresAt": self.expires_at,
            "scope": self.scope,
            "apiDomain": self.api_domain,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TokenSet:
        refresh, access = data.get("refreshToken"), data.get("accessToken")
        expires = data.get("expiresAt")
        return cls(
            refresh_token=SecretStr(refresh) if isinstance(refresh, str) and refresh else None,
            access_token=SecretStr(access) if isinstance(access, str) and access else None,
            expires_at=float(expires) if isinstance(expires, (int, float)) else None,
            scope=data.get("scope") if isinstance(data.get("scope"), str) else None,
            api_domain=data.get("apiDomain") if isinstance(data.get("apiDomain"), str) else None,
        )


def _reveal(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


def default_store_dir() -> Path:
    """`$XDG_CONFIG_HOME/zoho-desk-mcp/tokens`, or `~/.config/zoho-desk-mcp/tokens`."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_DIR_NAME / "tokens"


class TokenStore:
    """Token files in one directory (0700), one per (accounts server, client id), each 0600."""

    def __init__(self, directory: Path | str | None = None, *, lock_timeout: float = 30.0) -> None:
        self.directory = Path(directory) if directory is not None else default_store_dir()
        self.lock_timeout = lock_timeout

    def __repr__(self) -> str:
        return f"TokenStore({str(self.directory)!r})"

    def path_for(self, accounts_url: str, client_id: str) -> Path:
        """A readable host prefix plus a hash of the full key, so no two clients or DCs share a file."""
        host = re.sub(r"[^A-Za-z0-9.-]", "_", urlsplit(accounts_url).netloc or "unknown")
        digest = hashlib.sha256(f"{accounts_url.rstrip('/')}\n{client_id}".encode()).hexdigest()[:24]
        return self.directory / f"{host}-{digest}.json"

    def load(self, accounts_url: str, client_id: str) -> TokenSet | None:
        path = self.path_for(accounts_url, client_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise TokenStoreError(f"cannot read the token file {path}: {type(exc).__name__}") from None
        if not isinstance(data, dict) or not isinstance(data.get("tokens"), dict):
            raise TokenStoreError(f"the token file {path} is malformed; delete it and log in again")
        return TokenSet.from_json(data["tokens"])

    def save(self, accounts_url: str, client_id: str, tokens: TokenSet) -> None:
        """Write to a temp file in the same directory, then os.replace: readers never see half a file."""
        self._ensure_dir()
        path = self.path_for(accounts_url, client_id)
        document = {
            "version": _FORMAT_VERSION,
            "accountsUrl": accounts_url.rstrip("/"),
            "clientId": client_id,
            "tokens": tokens.to_json(),
        }
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def delete(self, accounts_url: str, client_id: str) -> bool:
        path = self.path_for(accounts_url, client_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    @contextlib.asynccontextmanager
    async def lock(self, accounts_url: str, client_id: str) -> AsyncIterator[None]:
        """Exclusive across processes; polls with LOCK_NB so a cancelled waiter never ends up holding it."""
        self._ensure_dir()
        path = self.path_for(accounts_url, client_id).with_suffix(".lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + self.lock_timeout
            delay = 0.005
            while not _try_flock(fd):
                if time.monotonic() >= deadline:
                    raise TokenStoreError(
                        f"timed out after {self.lock_timeout:g}s waiting for the token lock {path}; "
                        "another zoho-desk-mcp process may be stuck"
                    )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.1)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _ensure_dir(self) -> None:
        """The store directory 0700, and every directory made for it too (mkdir's mode bows to the umask).

        Our own `zoho-desk-mcp` directory above it (which may also hold the audit log) is tightened as well.
        """
        try:
            missing = [d for d in (self.directory, *self.directory.parents) if not d.exists()]
            for directory in reversed(missing):
                directory.mkdir(mode=0o700, exist_ok=True)
                os.chmod(directory, 0o700)
            os.chmod(self.directory, 0o700)
            app_dir = self.directory.parent
            if app_dir.name == APP_DIR_NAME and app_dir.stat().st_uid == os.getuid():
                os.chmod(app_dir, 0o700)
        except OSError as exc:
            message = f"cannot create the token directory {self.directory}: {exc.strerror}"
            raise TokenStoreError(message) from None


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
