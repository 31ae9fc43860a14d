"""Agents: list with Zoho's filters, get, `GET /myinfo`, add (licence-capped), deactivate and activate.

Agent status changes touch only the agent: a deactivated agent keeps its tickets, as in Zoho.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import records
from ..errors import FieldError, forbidden, invalid_data, license_limited
from ..routing import Call, Endpoint, Param, boolean, csv_of, one_of, page, paging, record_id, scopes, text
from ..store import OrgData, Record
from ..validation import BodyCheck
from .departments import search_matches
from .ticket_views import public

READ = scopes(("Desk.basic.READ", "Desk.settings.READ", "Desk.agents.READ"))
CREATE = scopes(("Desk.basic.CREATE", "Desk.settings.CREATE", "Desk.agents.CREATE"))
UPDATE = scopes(("Desk.basic.UPDATE", "Desk.settings.UPDATE", "Desk.agents.UPDATE"))

PERMISSION_TYPES = ("Admin", "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Light", "Custom")
LIST_STATUSES = ("ACTIVE", "DISABLED", "DELETED", "IMPORTED")
SEARCH_FIELDS = ("firstName", "lastName", "name", "emailId")
DEFAULT_SEARCH_FIELDS = ("firstName", "lastName", "emailId")
PROFILE_NAMES = {"Admin": "Administrator", "Light": "Light Agent", "Custom": "Custom Profile"}
GET_INCLUDES = ("profile", "role", "associatedDepartments", "associatedChatDepartments", "verifiedEmails")
EMAIL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_+\-.'&]*@([A-Za-z0-9-]+\.)+[A-Za-z]{2,22}$")
ADD_FIELDS = (
    "emailId", "lastName", "firstName", "associatedDepartmentIds", "associatedChatDepartmentIds",
    "rolePermissionType", "roleId", "profileId", "status", "phone", "mobile", "extn", "langCode",
    "countryCode", "aboutInfo",
)
OPTIONAL_TEXT = {
    "phone": 100, "mobile": 100, "extn": 100, "langCode": 100, "countryCode": 100, "aboutInfo": 65535,
}


# --- serving ------------------------------------------------------------------------------------------------
def profile_of(agent: Record) -> Record:
    kind = str(agent.get("rolePermissionType"))
    return {"id": agent.get("profileId"), "name": PROFILE_NAMES.get(kind, "Agent")}


def role_of(agent: Record) -> Record | None:
    return None if agent.get("roleId") is None else {"id": agent["roleId"], "name": "Role"}


def departments_of(org: OrgData, ids: list[str], *, sanitized: bool) -> list[Record]:
    rows = []
    for dept_id in ids:
        dept = org.departments.get(dept_id)
        if dept is not None:
            row = {"id": dept["id"], "name": dept["name"]}
            rows.append({**row, "sanitizedName": dept["sanitizedName"]} if sanitized else row)
    return rows


def agent_view(org: OrgData, agent: Record, wanted: list[str], *, sanitized: bool = False) -> Record:
    """The agent with the secondary objects each `include` value adds (absent unless asked for)."""
    view = public(agent)
    if "profile" in wanted:
        view["profile"] = profile_of(agent)
    if "role" in wanted:
        view["role"] = role_of(agent)
    if "associatedDepartments" in wanted:
        ids = agent["associatedDepartmentIds"]
        view["associatedDepartments"] = departments_of(org, ids, sanitized=sanitized)
    if "associatedChatDepartments" in wanted:
        chat_ids = agent["associatedChatDepartmentIds"]
        view["associatedChatDepartments"] = departments_of(org, chat_ids, sanitized=True)
    if "verifiedEmails" in wanted:
        view["verifiedEmails"] = [agent["emailId"]]
    return view


# --- listing ------------------------------------------------------------------------------------------------
def _filters(query: dict[str, Any]) -> list[Callable[[Record], bool]]:
    checks: list[Callable[[Record], bool]] = []
    if "status" in query:
        checks.append(lambda a: a.get("status") == query["status"])
    if "departmentIds" in query:
        wanted = set(query["departmentIds"])
        checks.append(lambda a: bool(wanted & set(a.get("associatedDepartmentIds", []))))
    if "roleIds" in query:
        checks.append(lambda a: a.get("roleId") in query["roleIds"])
    if "profileIds" in query:
        checks.append(lambda a: a.get("profileId") in query["profileIds"])
    if "rolePermissionType" in query:
        kind = query["rolePermissionType"]
        checks.append(lambda a: a.get("rolePermissionType") != "Light" if kind == "${NON_LIGHT}"
                      else a.get("rolePermissionType") == kind)
    if "isLightAgent" in query:
        checks.append(lambda a: (a.get("rolePermissionType") == "Light") == query["isLightAgent"])
    if "isConfirmed" in query:
        checks.append(lambda a: bool(a.get("isConfirmed")) == query["isConfirmed"])
    if "searchStr" in query:
        fields = (query["fieldName"],) if "fieldName" in query else DEFAULT_SEARCH_FIELDS
        checks.append(lambda a: search_matches(query["searchStr"], *(a.get(f) for f in fields)))
    return checks


def list_agents(call: Call) -> dict[str, Any] | None:
    checks = _filters(call.query)
    rows = [a for a in call.org.agents.values() if all(check(a) for check in checks)]
    if "sortOrder" in call.query:
        descending = call.query["sortOrder"] == "desc"
        rows.sort(key=lambda a: (str(a.get("name") or "").lower(), a["id"]), reverse=descending)
    wanted = call.query.get("include", [])
    return page([agent_view(call.org, a, wanted) for a in rows], call, 10)


def get_agent(call: Call) -> Record:
    agent = call.org.agent(call.path["agentId"])
    return agent_view(call.org, agent, call.query.get("include", []))


def my_info(call: Call) -> Record:
    return agent_view(call.org, call.caller(), call.query.get("include", []), sanitized=True)


# --- adding -------------------------------------------------------------------------------------------------
def _check_email(check: BodyCheck, org: OrgData) -> str | None:
    email = check.string("emailId", required=True, max_len=100)
    if email is None:
        return None
    if not EMAIL.match(email.strip()):
        check.fail("emailId", "invalid", "'emailId' is not a valid e-mail address.")
        return None
    taken = any(str(a.get("emailId", "")).lower() == email.strip().lower() and a.get("status") != "DELETED"
                for a in org.agents.values())
    if taken:
        check.fail("emailId", "duplicate", "An agent with this e-mail address already exists.")
        return None
    return email.strip()


def _check_role(check: BodyCheck, kind: str | None) -> dict[str, str | None]:
    """`roleId`/`profileId`: record IDs, both required for a Custom agent (the sandbox has no role table)."""
    ids: dict[str, str | None] = {}
    for name in ("roleId", "profileId"):
        ids[name] = check.reference(name, lambda _id: True, required=kind == "Custom")
    return ids


def _check_licence(org: OrgData, kind: str, adding: int = 1) -> None:
    """Light agents have their own cap (feature LIGHT_AGENTS); both use the org's licence count here.

    Only active agents hold a licence: deactivating one frees it, and adding or activating `adding` more
    must fit in what is left (Zoho Desk's licensing; design §2.5).
    """
    light = kind == "Light"
    used = sum(1 for a in org.agents.values()
               if a.get("status") == "ACTIVE" and (a.get("rolePermissionType") == "Light") == light)
    if adding and used + adding > org.agent_licenses:
        raise license_limited("LIGHT_AGENTS" if light else "AGENTS", org.agent_licenses, org.edition)


def add_agent(call: Call) -> Record:
    org = call.org
    check = BodyCheck(call.body, ADD_FIELDS)
    email = _check_email(check, org)
    last_name = check.string("lastName", required=True, max_len=50)
    first_name = check.string("firstName", max_len=50)
    dept_ids = check.references("associatedDepartmentIds", org.departments.__contains__, required=True)
    chat_ids = check.references("associatedChatDepartmentIds", org.departments.__contains__)
    if chat_ids and dept_ids is not None and not set(chat_ids) <= set(dept_ids):
        check.fail("associatedChatDepartmentIds", "invalid", "Must be among the departments.")
    kind = check.choice("rolePermissionType", PERMISSION_TYPES, required=True)
    role_ids = _check_role(check, kind)
    status = check.choice("status", ("ACTIVE", "DISABLED"))
    extras = {name: check.string(name, max_len=limit) for name, limit in OPTIONAL_TEXT.items()}
    check.done()
    assert email is not None and last_name is not None and dept_ids is not None and kind is not None
    _check_licence(org, kind)
    agent = records.agent(
        call.store, email=email, last_name=last_name, first_name=first_name,
        department_ids=list(dict.fromkeys(dept_ids)), role_permission_type=kind, status=status or "ACTIVE",
        phone=extras.pop("phone"), confirmed=False,
    )
    agent.update({k: v for k, v in extras.items() if v is not None})
    agent.update({k: v for k, v in role_ids.items() if v is not None})
    agent["associatedChatDepartmentIds"] = list(dict.fromkeys(chat_ids or []))
    org.agents[agent["id"]] = agent
    return public(agent)


# --- activation ---------------------------------------------------------------------------------------------
def deactivate_agent(call: Call) -> None:
    """Zoho keeps a portal from losing the agent calling it: deactivating yourself is refused (403)."""
    agent = call.org.agent(call.path["agentId"])
    if agent["id"] == call.caller()["id"]:
        raise forbidden("You cannot deactivate yourself.")
    if agent.get("status") == "DELETED":
        raise invalid_data([FieldError("/agentId", "invalid", "A deleted agent cannot be deactivated.")])
    agent["status"] = "DISABLED"


def activate_agents(call: Call) -> None:
    """All or nothing: one unknown or deleted ID, or more agents than free licences, and no agent changes."""
    org = call.org
    check = BodyCheck(call.body, ("agentIds",))
    ids = check.references(
        "agentIds", lambda i: i in org.agents and org.agents[i].get("status") != "DELETED", required=True
    )
    check.done()
    waking = [org.agents[i] for i in dict.fromkeys(ids or []) if org.agents[i].get("status") != "ACTIVE"]
    light = sum(1 for a in waking if a.get("rolePermissionType") == "Light")
    _check_licence(org, "AgentPublic", len(waking) - light)
    _check_licence(org, "Light", light)
    for agent in waking:
        agent["status"] = "ACTIVE"


ID_LIST = csv_of(record_id, 50)
ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/agents",
        list_agents,
        READ,
        query={
            "include": Param(csv_of(one_of("profile", "role"), 2)),
            **paging(200),
            "status": Param(one_of(*LIST_STATUSES)),
            "departmentIds": Param(ID_LIST),
            "roleIds": Param(ID_LIST),
            "profileIds": Param(ID_LIST),
            "rolePermissionType": Param(one_of(*PERMISSION_TYPES, "${NON_LIGHT}")),
            "isLightAgent": Param(boolean),
            "isConfirmed": Param(boolean),
            "searchStr": Param(text(1, 100)),
            "fieldName": Param(one_of(*SEARCH_FIELDS)),
            "sortOrder": Param(one_of("asc", "desc")),
        },
        weight="list",
    ),
    Endpoint("GET", "/api/v1/agents/{agentId}", get_agent, READ,
             query={"include": Param(csv_of(one_of(*GET_INCLUDES), 5))}),
    Endpoint("GET", "/api/v1/myinfo", my_info, READ,
             query={"include": Param(csv_of(one_of(*GET_INCLUDES[:4]), 4))}),
    Endpoint("POST", "/api/v1/agents", add_agent, CREATE, body="json"),
    Endpoint("POST", "/api/v1/agents/{agentId}/deactivate", deactivate_agent, UPDATE),
    Endpoint("POST", "/api/v1/agents/activate", activate_agents, UPDATE, body="json"),
]
