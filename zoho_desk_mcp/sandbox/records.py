"""Builders for Zoho-shaped records, shared by the data-set loader and the API handlers.

One builder per entity, so a ticket made by `POST /tickets` and one loaded from a data file look the same.
Values follow docs/zoho-api.md §3: string IDs, counts as strings, ISO times with milliseconds, nulls present.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .store import OrgData, Record, Store, iso

STATUS_TYPES = {"Open": "Open", "On Hold": "On Hold", "Escalated": "Open", "Closed": "Closed"}
PRIORITIES = ("High", "Medium", "Low")
CHANNELS = (
    "Email",
    "Phone",
    "Web",
    "Chat",
    "Forums",
    "Twitter",
    "Facebook",
    "Feedback Widget",
    "Customer Portal",
)
CLASSIFICATIONS = ("Question", "Problem", "Request", "Others")
LANGUAGES = (
    "English",
    "French",
    "German",
    "Spanish",
    "Italian",
    "Portuguese",
    "Dutch",
    "Japanese",
    "Chinese",
)
ROLE_PERMISSION_TYPES = ("Admin", "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Light")
AGENT_STATUSES = ("ACTIVE", "DISABLED")
BLOCK_TAGS = re.compile(r"</?(?:p|br|div|li|ul|ol|tr|td|table|h[1-6]|blockquote|hr)\b[^>]*>", re.IGNORECASE)
DESK_HOSTS = {
    "us": "https://desk.zoho.com",
    "eu": "https://desk.zoho.eu",
    "in": "https://desk.zoho.in",
    "au": "https://desk.zoho.com.au",
    "jp": "https://desk.zoho.jp",
    "ca": "https://desk.zohocloud.ca",
    "cn": "https://desk.zoho.com.cn",
    "sa": "https://desk.zoho.sa",
    "sg": "https://desk.zoho.sg",
    "ae": "https://desk.zoho.ae",
}


def desk_host(store: Store) -> str:
    return DESK_HOSTS.get(store.location, DESK_HOSTS["us"])


def text_summary(content: str | None, limit: int = 100) -> str:
    """Zoho's thread `summary`: the body as plain text, cut short (block tags become spaces, inline ones vanish)."""
    spaced = BLOCK_TAGS.sub(" ", content or "")
    plain = html.unescape(re.sub(r"<[^>]+>", "", spaced))
    return " ".join(plain.split())[:limit]


def organization(store: Store, company_name: str, portal_name: str, edition: str = "ENTERPRISE") -> Record:
    return {
        "id": str(700_000_000 + len(store.orgs) + 1),
        "companyName": company_name,
        "portalName": portal_name,
        "portalURL": f"{desk_host(store)}/support/{portal_name}",
        "alias": None,
        "edition": edition,
        "isDefault": not store.orgs,
        "isAdminInOrg": True,
        "isSandboxPortal": False,
        "isPayloadEncryptionEnabled": False,
        "country": "United States",
        "timeZone": "UTC",
        "currencyCode": "USD",
        "currencySymbol": "$",
        "currencyLocale": "en_US",
        "employeeCount": None,
        "industry": None,
        "description": None,
        "logoURL": None,
        "faviconURL": None,
        "website": None,
        "phoneNumber": None,
    }


def department(store: Store, name: str, description: str | None = None, is_enabled: bool = True) -> Record:
    return {
        "id": store.new_id(),
        "name": name,
        "description": description,
        "isEnabled": is_enabled,
        "isDefault": False,
        "isAssignToTeamEnabled": True,
        "chatStatus": "NOT_CREATED",
        "hasLogo": False,
        "isVisibleInCustomerPortal": True,
        "nameInCustomerPortal": name,
        "sanitizedName": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        "creatorId": None,
        "createdTime": store.now_iso(),
    }


def agent(
    store: Store,
    *,
    email: str,
    last_name: str,
    first_name: str | None = None,
    department_ids: list[str],
    role_permission_type: str = "AgentPublic",
    status: str = "ACTIVE",
    phone: str | None = None,
    confirmed: bool = True,
) -> Record:
    agent_id = store.new_id()
    return {
        "id": agent_id,
        "firstName": first_name,
        "lastName": last_name,
        "name": " ".join(p for p in (first_name, last_name) if p),
        "emailId": email,
        "phone": phone,
        "mobile": None,
        "extn": None,
        "status": status,
        "isConfirmed": confirmed,
        "roleId": None,
        "profileId": None,
        "rolePermissionType": role_permission_type,
        "isLightAgent": role_permission_type == "Light",
        "langCode": "en_US",
        "countryCode": "en",
        "timeZone": "UTC",
        "zuid": str(60_000_000 + int(agent_id) % 10_000_000),
        "photoURL": None,
        "aboutInfo": None,
        "channelExpert": [],
        "associatedDepartmentIds": list(department_ids),
        "associatedChatDepartmentIds": [],
        "isZiaAgent": False,
    }


def team(
    store: Store, name: str, department_id: str, agent_ids: list[str], description: str | None = None
) -> Record:
    return {
        "id": store.new_id(),
        "name": name,
        "description": description,
        "departmentId": department_id,
        "roles": [],
        "rolesWithSubordinates": [],
        "subTeams": [],
        "agents": list(agent_ids),
        "derivedAgents": list(agent_ids),
        "logoUrl": None,
    }


def product(
    store: Store, name: str, department_ids: list[str], code: str | None = None, unit_price: str | None = None
) -> Record:
    now = store.now_iso()
    return {
        "id": store.new_id(),
        "productName": name,
        "productCode": code,
        "unitPrice": unit_price,
        "description": None,
        "departmentIds": list(department_ids),
        "ownerId": None,
        "createdTime": now,
        "modifiedTime": now,
        "createdBy": None,
        "modifiedBy": None,
        "cf": {},
        "layoutId": None,
    }


def contact(store: Store, org: OrgData, fields: dict[str, Any]) -> Record:
    """A contact from Zoho's create fields (`lastName` required by then); unknown optional fields stay null."""
    contact_id = store.new_id()
    now = store.now_iso()
    record: Record = {
        "id": contact_id,
        "firstName": None,
        "lastName": None,
        "email": None,
        "secondaryEmail": None,
        "phone": None,
        "mobile": None,
        "accountId": None,
        "ownerId": None,
        "type": None,
        "title": None,
        "description": None,
        "street": None,
        "city": None,
        "state": None,
        "zip": None,
        "country": None,
        "facebook": None,
        "twitter": None,
        "language": None,
        "photoURL": None,
        "webUrl": f"{org.portal_url()}/ShowHomePage.do#Contacts/dv/{contact_id}",
        "isSpam": False,
        "isDeleted": False,
        "isTrashed": False,
        "isAnonymous": False,
        "isEndUser": False,
        "isFollowing": False,
        "createdTime": now,
        "modifiedTime": now,
        "cf": {},
        "customFields": {},
        "customerHappiness": {"badPercentage": "0", "okPercentage": "0", "goodPercentage": "0"},
        "zohoCRMContact": None,
        "layoutId": None,
        "layoutDetails": None,
        "accountCount": "0",
    }
    record.update({k: v for k, v in fields.items() if k in record})
    return record


TICKET_WRITABLE = (
    "subject",
    "description",
    "status",
    "priority",
    "channel",
    "classification",
    "category",
    "subCategory",
    "language",
    "resolution",
    "departmentId",
    "contactId",
    "email",
    "phone",
    "assigneeId",
    "teamId",
    "productId",
    "dueDate",
    "responseDueDate",
    "webUrl",
    "accountId",
    "cf",
    "customFields",
    "secondaryContacts",
)


def ticket(
    store: Store, org: OrgData, fields: dict[str, Any], *, created: float, creator_id: str | None
) -> Record:
    """A ticket from already validated create fields; derived fields (statusType, times, URL) filled in."""
    ticket_id = store.new_id()
    number = org.next_ticket_number
    org.next_ticket_number += 1
    created_iso = iso(created)
    record: Record = {
        "id": ticket_id,
        "ticketNumber": str(number),
        "subject": None,
        "description": None,
        "status": "Open",
        "statusType": "Open",
        "priority": None,
        "channel": "Email",
        "channelCode": None,
        "classification": None,
        "category": None,
        "subCategory": None,
        "language": "English",
        "resolution": None,
        "departmentId": None,
        "contactId": None,
        "accountId": None,
        "email": None,
        "phone": None,
        "assigneeId": None,
        "teamId": None,
        "productId": None,
        "createdTime": created_iso,
        "modifiedTime": created_iso,
        "createdBy": creator_id,
        "modifiedBy": creator_id,
        "dueDate": None,
        "responseDueDate": None,
        "customerResponseTime": created_iso,
        "closedTime": None,
        "onholdTime": None,
        "lockedTime": None,
        "isOverDue": False,
        "isResponseOverdue": False,
        "isEscalated": False,
        "isSpam": False,
        "isArchived": False,
        "isTrashed": False,
        "isDeleted": False,
        "isFollowing": False,
        "secondaryContacts": [],
        "sharedDepartments": [],
        "entitySkills": [],
        "source": {"appName": None, "extId": None, "type": "SYSTEM", "permalink": None, "appPhotoURL": None},
        "channelRelatedInfo": None,
        "sentiment": None,
        "slaId": None,
        "layoutId": None,
        "layoutDetails": None,
        "webUrl": f"{org.portal_url()}/ShowHomePage.do#Cases/dv/{ticket_id}",
        "cf": {},
        "customFields": {},
    }
    record.update({k: v for k, v in fields.items() if k in TICKET_WRITABLE and v is not None})
    apply_status(record, created_iso)
    return record


def apply_status(record: Record, when: str) -> None:
    """Keep the read-only fields that follow `status` in step with it."""
    status = record.get("status") or "Open"
    record["statusType"] = STATUS_TYPES.get(status, "Open")
    record["isEscalated"] = status == "Escalated"
    record["closedTime"] = when if record["statusType"] == "Closed" else None
    record["onholdTime"] = when if record["statusType"] == "On Hold" else None
