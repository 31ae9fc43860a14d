"""Builders for accounts, help-centre categories and articles, shared by the data-set loader and the handlers.

Shapes follow Account.json (`accountResponse`) and Article.json (`getArticleNewJson`): string IDs, counts as
strings, ISO times, nulls present. An article keeps its HTML `answer`; its `summary` is the answer as plain text.
"""

from __future__ import annotations

import re
from typing import Any

from .records import desk_host, text_summary
from .store import OrgData, Record, Store

ARTICLE_STATUSES = ("Draft", "Published", "Review", "Expired", "Unpublished")
SUMMARY_CHARS = 250
ACCOUNT_TEXT = ("accountName", "website", "phone", "email", "country", "code", "city", "street", "state",
                "annualrevenue", "description", "industry", "fax")


def account(store: Store, org: OrgData, fields: dict[str, Any], *, owner_id: str | None = None) -> Record:
    """An account from Zoho's create fields (`accountName` required by then); the rest stay null."""
    account_id = store.new_id()
    now = store.now_iso()
    record: Record = {name: None for name in ACCOUNT_TEXT}
    record.update({
        "id": account_id,
        "ownerId": owner_id,
        "cf": {},
        "customFields": {},
        "createdTime": now,
        "modifiedTime": now,
        "isFollowing": False,
        "isDeleted": False,
        "isTrashed": False,
        "associatedSLAIds": [],
        "webUrl": f"{org.portal_url()}/ShowHomePage.do#Accounts/dv/{account_id}",
        "zohoCRMAccount": None,
        "layoutId": None,
        "layoutDetails": None,
        "customerHappiness": {"badPercentage": "0", "okPercentage": "0", "goodPercentage": "0"},
    })
    record.update({k: v for k, v in fields.items() if k in record})
    return record


def account_ref(org: OrgData, account_id: str | None) -> Record | None:
    """`{id, accountName, website}`: how contacts and tickets show their account (Contact.json `account`)."""
    found = org.accounts.get(account_id or "")
    if found is None or found.get("isTrashed"):
        return None
    return {"id": found["id"], "accountName": found["accountName"], "website": found["website"]}


def category(store: Store, name: str) -> Record:
    category_id = store.new_id()
    return {"id": category_id, "name": name, "locale": "en", "rootCategoryId": category_id}


def permalink(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:100] or "article"


def agent_ref(agent: Record) -> Record:
    """The `author` / `owner` / `modifiedBy` object articles carry."""
    return {"id": agent["id"], "name": agent["name"], "photoURL": agent["photoURL"], "status": agent["status"],
            "zuid": agent["zuid"]}


def summary_of(answer: str) -> str:
    text = text_summary(answer, SUMMARY_CHARS + 1)
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rstrip() + " ..."


def article(
    store: Store, org: OrgData, *, title: str, answer: str, section: Record, status: str, author: Record,
    department_id: str | None,
) -> Record:
    """A help-centre article in the org's first department (the sandbox has one help centre per org)."""
    article_id = store.new_id()
    now = store.now_iso()
    person = agent_ref(author)
    link = permalink(title)
    published = "1.0" if status == "Published" else None
    record: Record = {
        "id": article_id, "title": title, "answer": answer, "summary": summary_of(answer), "status": status,
        "latestVersionStatus": status, "permission": "ALL", "departmentId": department_id,
        "categoryId": section["id"], "rootCategoryId": section["rootCategoryId"],
        "category": {"id": section["id"], "name": section["name"], "locale": "en"},
        "authorId": author["id"], "author": person, "ownerId": author["id"], "owner": person,
        "creatorId": author["id"], "createdBy": person, "modifierId": author["id"], "modifiedBy": person,
        "latestVersionModifierId": author["id"], "latestVersionModifiedBy": person,
        "createdTime": now, "modifiedTime": now, "locale": "en", "sourceLocale": "en",
        "translationId": store.new_id(), "translationState": "UP-TO-DATE", "translationSource": None,
        "isTrashed": False, "isTemplate": False, "isLocked": False, "isFollowing": False, "myVote": None,
        "likeCount": "0", "dislikeCount": "0", "viewCount": "0", "feedbackCount": "0", "usageCount": "0",
        "commentCount": "0", "attachmentCount": "0", "position": str(len(org.articles) + 1),
        "permalink": link, "webUrl": f"{org.portal_url()}/ShowHomePage.do#Solutions/dv/{article_id}/en",
        "portalUrl": f"{desk_host(store)}/portal/{org.org['portalName']}/en/kb/articles/{link}",
        "latestVersion": "1.0", "currentVersion": "1.0", "latestPublishedVersion": published,
        "expiryDate": None, "tags": [], "seo": None, "reviewedBy": None, "reviewedTime": None,
        "attachments": [], "availableLocaleTranslations": [], "secondaryTitles": [],
        "templateUsageCount": "0", "templateUsedUsersCount": "0", "templateLastUpdatedTime": None,
        "metrics": {"feedbackCount": "0", "templateUsageCount": "0", "unlikeCount": "0", "lastUsageTime": None,
                    "dislikeCount": "0", "likeCount": "0", "viewCount": "0", "lastActivityTime": None,
                    "usageCount": "0"},
    }
    return record
