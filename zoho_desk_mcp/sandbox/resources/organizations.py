"""Organizations: `GET /organizations` (no orgId header: every portal the token reaches) and get-by-id."""

from __future__ import annotations

from typing import Any

from ..errors import org_mismatch
from ..routing import Call, Endpoint, Param, boolean, scopes

READ = scopes(("Desk.basic.READ", "Desk.settings.READ", "Desk.organization.READ"))


def list_organizations(call: Call) -> dict[str, Any] | None:
    reachable = call.grant.org_ids if call.grant else ()
    rows = [dict(call.store.orgs[org_id].org) for org_id in reachable if org_id in call.store.orgs]
    return {"data": rows} if rows else None


def get_organization(call: Call) -> dict[str, Any]:
    org_id = call.path["organizationId"]
    if call.grant is None or org_id not in call.grant.org_ids:
        raise org_mismatch()
    record = dict(call.store.org(org_id).org)
    if call.query.get("includeCustomDomain"):
        record["customDomain"] = None
    return record


ENDPOINTS = [
    Endpoint("GET", "/api/v1/organizations", list_organizations, READ, needs_org=False, weight="list"),
    Endpoint(
        "GET",
        "/api/v1/organizations/{organizationId}",
        get_organization,
        READ,
        query={"includeCustomDomain": Param(boolean)},
        needs_org=False,
    ),
]
