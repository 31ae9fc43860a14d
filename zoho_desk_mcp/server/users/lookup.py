"""The resolver's lookup cache in the shared state, so a user's lists (organizations, departments, agents, teams,
products) loaded on one replica are reused on the others until they expire.

Entries are per user (a user may see fewer records than a colleague) and sealed like everything else. A list is
taken from the shared cache only when it was loaded after this replica last invalidated that organization (after
a change it made itself); a reload after a miss (`fresh`) always asks Zoho, and refreshes the shared entry.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

from ...client import Choice, DeskClient, Resolver
from ...client.resolve import Loader
from .store import UserStore, digest

_fresh: ContextVar[bool] = ContextVar("fresh", default=False)


def _dump(rows: list[Choice]) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "name": c.name, "email": c.email, "aliases": list(c.aliases), "record": dict(c.record)}
        for c in rows
    ]


def _load(rows: list[dict[str, Any]]) -> list[Choice]:
    return [
        Choice(r["id"], r["name"], r.get("email"), tuple(r.get("aliases") or ()), r.get("record") or {})
        for r in rows
    ]


class SharedResolver(Resolver):
    """A `Resolver` for one user whose list loader goes through the shared, sealed cache."""

    def __init__(self, client: DeskClient, store: UserStore, subject: str, **options: Any) -> None:
        super().__init__(client, **options)
        self._store = store
        self._user = digest(subject)
        self._invalidated: dict[str | None, float] = {}

    def invalidate(self, org_id: str | None = None) -> None:
        super().invalidate(org_id)
        self._invalidated[org_id] = time.time()

    async def choices(self, kind: str, org_id: str | None = None, *, fresh: bool = False) -> list[Choice]:
        reset = _fresh.set(fresh)
        try:
            return await super().choices(kind, org_id, fresh=fresh)
        finally:
            _fresh.reset(reset)

    def _loader(self, kind: str, org_id: str | None) -> Loader:
        load = super()._loader(kind, org_id)
        key = f"lookup:{self._user}:{org_id or '-'}:{kind}"
        since = max(self._invalidated.get(org_id, 0.0), self._invalidated.get(None, 0.0))

        async def shared() -> list[Choice]:
            if not _fresh.get():
                found = await self._store.get_json(key)
                if isinstance(found, dict) and found.get("at", 0) > since:
                    return _load(found["rows"])
            rows = await load()
            await self._store.put_json(key, {"at": time.time(), "rows": _dump(rows)}, self.ttl)
            return rows

        return shared
