"""The sandbox's default data set: three organizations generated deterministically from a fixed seed.

The output is in the data-file format (names, not IDs, between entities), so the same loader reads it and
user files. Times are relative (`ageHours`, `minutesAfter`), never the wall clock, so every run yields equal
data; each organization has its own random stream, so editing one leaves the others unchanged.
"""

from __future__ import annotations

import copy
import html
import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from .seed_customers import add_customers
from .seed_fields import add_custom_fields
from .seed_orgs import ORG_SPECS, OrgSpec
from .seed_words import (
    AGENT_REPLIES,
    ATTACHMENT_NAMES,
    COMMENTS,
    CUSTOMER_FOLLOW_UPS,
    RESOLUTIONS,
    TOPICS,
    WEEKDAYS,
    Topic,
)

SEED = 20_240_611
CONTACT_DOMAINS = ("example.com", "example.org", "example.net")
# (share of tickets, youngest, oldest) in hours: 7, 15, 30 and 90-day windows each select a different subset.
AGE_BANDS = (
    (15, 0.5, 167.0),
    (15, 170.0, 355.0),
    (20, 365.0, 715.0),
    (35, 725.0, 2150.0),
    (15, 2165.0, 2200.0),
)
PRIORITIES: tuple[tuple[str | None, int], ...] = (("High", 20), ("Medium", 40), ("Low", 25), (None, 15))
CHANNELS = (
    ("Email", 40),
    ("Web", 20),
    ("Phone", 14),
    ("Chat", 12),
    ("Forums", 5),
    ("Twitter", 5),
    ("Facebook", 4),
)

Json = dict[str, Any]


def default_data() -> dict[str, Any]:
    """The default data set, equal on every call."""
    return {"organizations": [add_custom_fields(add_customers(OrgBuilder(spec).build()), SEED) for spec in ORG_SPECS]}


def slug(name: str) -> str:
    """`Lucía de Vries` -> `luciadevries`: the ASCII letters of a name, for e-mail local parts."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalpha())


def weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


@dataclass
class Draft:
    """What one generated ticket is about, before it is written out."""

    ticket: Json
    topic: Topic
    fill: dict[str, str]
    contact: Json


class OrgBuilder:
    """Expands one `OrgSpec` into an organization: fixed entities plus generated contacts and tickets."""

    def __init__(self, spec: OrgSpec) -> None:
        self.spec = spec
        self.rng = random.Random(f"{SEED}:{spec.portal}")  # noqa: S311 - test data, not secrets
        self.themes = {dept["name"]: theme for dept, theme, _ in spec.departments}
        self.dept_weights = tuple((dept["name"], weight) for dept, _, weight in spec.departments)
        self.agents = {agent["emailId"]: agent for agent in spec.agents}
        self.workers = {name: self.agents_of(name, "ACTIVE") for name in self.themes}
        self.disabled = {name: self.agents_of(name, "DISABLED") for name in self.themes}
        self.products = {
            name: [p["productName"] for p in spec.products if name in p["departments"]] for name in self.themes
        }
        self.devices = {
            name: [p for p in products if p in spec.devices] or products for name, products in self.products.items()
        }
        self.contacts: list[Json] = []

    def agents_of(self, department: str, status: str) -> list[str]:
        """Agents who can work the department's tickets (light agents only view them)."""
        return [
            a["emailId"]
            for a in self.spec.agents
            if department in a["departments"] and a["status"] == status and a.get("rolePermissionType") != "Light"
        ]

    def build(self) -> Json:
        spec = self.spec
        self.contacts = self.make_contacts()
        tickets = [self.make_ticket() for _ in range(spec.ticket_count - len(spec.special_tickets))]
        tickets += [self.make_special(override) for override in spec.special_tickets]
        tickets.sort(key=lambda t: -t["ageHours"])  # ticket numbers then grow with creation time
        org: Json = {
            "companyName": spec.company,
            "portalName": spec.portal,
            "edition": spec.edition,
            # deep copies: a caller that edits its data set must not change the next call's
            "departments": copy.deepcopy([dept for dept, _, _ in spec.departments]),
            "agents": copy.deepcopy(list(spec.agents)),
            "teams": copy.deepcopy(list(spec.teams)),
            "products": copy.deepcopy(list(spec.products)),
            "contacts": self.contacts,
            "tickets": tickets,
        }
        if spec.licences_full:
            org["agentLicenses"] = sum(1 for agent in org["agents"] if agent.get("status", "ACTIVE") == "ACTIVE")
        return org

    def make_contacts(self) -> list[Json]:
        rng, spec = self.rng, self.spec
        contacts = [dict(contact) for contact in spec.fixed_contacts]
        seen = {contact["email"] for contact in contacts}
        firsts, lasts = spec.names
        while len(contacts) < spec.contact_count:
            first, last = rng.choice(firsts), rng.choice(lasts)
            email = f"{slug(first)}.{slug(last)}@{rng.choice(CONTACT_DOMAINS)}"
            if email in seen:
                continue
            seen.add(email)
            contact: Json = {"email": email, "firstName": first, "lastName": last}
            if rng.random() < 0.8:
                contact["phone"] = self.phone()
            if rng.random() < 0.3:
                contact["mobile"] = self.phone()
            contacts.append(contact)
        return contacts

    def phone(self) -> str:
        prefix, digits = self.spec.phone
        return prefix + str(self.rng.randrange(10**digits)).zfill(digits)

    def make_special(self, override: Json) -> Json:
        """A hand-written ticket (injection text, ambiguous contact) on top of a generated one."""
        ticket = self.make_ticket(override["department"])
        for key in ("classification", "category", "subCategory", "product", "cf", "resolution", "threads"):
            ticket.pop(key, None)  # they describe the generated topic, not this one
        if "assignee" in override:
            ticket.pop("team", None)
        ticket.update(copy.deepcopy(override))
        return ticket

    def make_ticket(self, department: str | None = None) -> Json:
        draft = self.draft(department or weighted(self.rng, self.dept_weights))
        self.add_links(draft)
        self.add_messages(draft)
        self.add_extras(draft)
        return draft.ticket

    def draft(self, department: str) -> Draft:
        rng = self.rng
        topic = rng.choice(TOPICS[self.themes[department]])
        amount = f"{self.spec.currency}{rng.randint(9, 499)}.{rng.choice(('00', '50', '99'))}"
        fill = {
            "order": str(rng.randint(1000, 99999)),
            "invoice": f"INV-{rng.randint(10000, 99999)}",
            "amount": amount,
            "product": rng.choice(self.products[department]),
        }
        if "{product}" in topic.subject + topic.detail:  # "... keeps rebooting" needs a device, not a plan
            fill["product"] = rng.choice(self.devices[department])
        contact = rng.choice(self.contacts)
        age = self.age()
        ticket: Json = {
            "subject": topic.subject.format(**fill),
            "department": department,
            "contact": contact["email"],
            "status": self.status(age),
            "priority": weighted(rng, PRIORITIES),
            "assignee": self.assignee(department),
            "channel": weighted(rng, CHANNELS),
            "classification": topic.classification,
            "category": topic.category,
            "language": topic.language,
            "ageHours": age,
        }
        if topic.sub_category:
            ticket["subCategory"] = topic.sub_category
        return Draft(ticket, topic, fill, contact)

    def age(self) -> float:
        _, youngest, oldest = weighted(self.rng, tuple((band, band[0]) for band in AGE_BANDS))
        return round(self.rng.uniform(youngest, oldest), 1)

    def status(self, age: float) -> str:
        closed = 0 if age < 24 else 8 if age < 168 else 30
        return str(weighted(self.rng, (("Open", 55), ("On Hold", 12), ("Escalated", 10), ("Closed", closed))))

    def assignee(self, department: str) -> str | None:
        roll = self.rng.random()
        if roll < 0.2:
            return None
        if roll < 0.22 and self.disabled[department]:
            return self.rng.choice(self.disabled[department])
        return self.rng.choice(self.workers[department])

    def add_links(self, draft: Draft) -> None:
        """Team, product, custom field and resolution, each consistent with the ticket's department."""
        rng, ticket, topic = self.rng, draft.ticket, draft.topic
        dept, assignee = ticket["department"], ticket["assignee"]
        teams = [
            t["name"]
            for t in self.spec.teams
            if t["department"] == dept and (assignee is None or assignee in t.get("agents", ()))
        ]
        if teams and rng.random() < (0.2 if assignee is None else 0.5):
            ticket["team"] = rng.choice(teams)
        if "{product}" in topic.subject + topic.detail or rng.random() < 0.25:
            ticket["product"] = draft.fill["product"]
        if "{order}" in topic.subject and rng.random() < 0.5:
            ticket["cf"] = {"cf_order_id": f"ORD-{draft.fill['order']}"}
        if ticket["status"] == "Closed" and rng.random() < 0.6:
            ticket["resolution"] = rng.choice(RESOLUTIONS)

    def add_messages(self, draft: Draft) -> None:
        """Description and threads; on an e-mailed ticket the first thread carries the customer's message."""
        rng, ticket = self.rng, draft.ticket
        message = self.customer_message(draft)
        email = ticket["channel"] == "Email"
        if rng.random() < (0.6 if email else 0.12):
            ticket["threads"] = self.conversation(draft, message if email else None)
            ticket["description"] = None if email and rng.random() < 0.75 else message
        else:
            ticket["description"] = message if rng.random() < 0.95 else None

    def customer_message(self, draft: Draft) -> str:
        detail = html.escape(draft.topic.detail.format(**draft.fill), quote=False)
        return f"<p>Hello,</p><p>{detail}</p><p>Thanks,<br>{html.escape(draft.contact['firstName'])}</p>"

    def conversation(self, draft: Draft, first_message: str | None) -> list[Json]:
        """1-6 messages alternating agent and customer; customer replies quote the agent's last message."""
        rng, ticket, contact = self.rng, draft.ticket, draft.contact
        agent = self.agents[ticket["assignee"] or rng.choice(self.workers[ticket["department"]])]
        threads: list[Json] = []
        if first_message is not None:
            threads.append(self.inbound(contact, first_message, 0, attach=rng.random() < 0.15))
        for minutes in self.reply_times(ticket["ageHours"], rng.randint(1, 6) - len(threads)):
            if threads and threads[-1]["direction"] == "out":
                follow_up = rng.choice(CUSTOMER_FOLLOW_UPS)
                content = self.reply_quoting(follow_up, threads[-1], agent)
                threads.append(self.inbound(contact, content, minutes, attach="screenshot" in follow_up))
            else:
                threads.append(self.outbound(agent, contact, minutes))
        self.maybe_duplicate(threads, contact)
        return threads

    def reply_times(self, age_hours: float, count: int) -> list[int]:
        """Minutes after creation: gaps of a quarter hour to a day or so, squeezed to fit the ticket's age."""
        times, now = [], 0
        for _ in range(count):
            now += self.rng.randint(15, 1800)
            times.append(now)
        limit = age_hours * 60 * 0.9
        return [max(1, round(t * limit / now)) for t in times] if times and now > limit else times

    def inbound(self, contact: Json, content: str, minutes: int, *, attach: bool) -> Json:
        thread: Json = {
            "direction": "in",
            "content": content,
            "author": contact["email"],
            "to": [self.spec.mailbox],
            "minutesAfter": minutes,
        }
        if attach or self.rng.random() < 0.1:
            name = "screenshot.png" if attach else self.rng.choice(ATTACHMENT_NAMES)
            thread["attachments"] = [{"name": name, "size": self.rng.randint(8_000, 2_500_000)}]
        return thread

    def outbound(self, agent: Json, contact: Json, minutes: int) -> Json:
        greeting = f"Hi {html.escape(contact['firstName'])},"
        signature = f"Best regards,<br>{agent['firstName']}<br>{self.spec.company}"
        body = f"<div>{greeting}<br><br>{self.rng.choice(AGENT_REPLIES)}<br><br>{signature}</div>"
        thread: Json = {
            "direction": "out",
            "content": body,
            "author": agent["emailId"],
            "to": [contact["email"]],
            "minutesAfter": minutes,
        }
        if self.rng.random() < 0.1:
            thread["cc"] = [self.colleague(contact)]
        return thread

    def colleague(self, contact: Json) -> str:
        """A shared mailbox at the customer's domain (not another customer: that would leak their ticket)."""
        return f"{self.rng.choice(('finance', 'it', 'office'))}@{contact['email'].split('@')[1]}"

    def reply_quoting(self, follow_up: str, previous: Json, agent: Json) -> str:
        header = (
            f"On {self.rng.choice(WEEKDAYS)}, {agent['firstName']} {agent['lastName']} "
            f"&lt;{agent['emailId']}&gt; wrote:"
        )
        return f"<div>{follow_up}</div><br><div>{header}</div><blockquote>{previous['content']}</blockquote>"

    def maybe_duplicate(self, threads: list[Json], contact: Json) -> None:
        """Some agents send one reply twice, to two recipients: identical content, different `to`."""
        outgoing = [i for i, t in enumerate(threads) if t["direction"] == "out"]
        if outgoing and len(threads) < 6 and self.rng.random() < 0.15:
            index = outgoing[0]
            copy = dict(threads[index], to=[self.colleague(contact)])
            copy.pop("cc", None)
            threads.insert(index + 1, copy)

    def add_extras(self, draft: Draft) -> None:
        """Agents' comments (private and public, plain text and HTML) and ticket-level attachments."""
        rng, ticket = self.rng, draft.ticket
        span = max(ticket["ageHours"] * 60 * 0.9, 2.0)
        if rng.random() < 0.2:
            ticket["comments"] = [self.comment(ticket, round(rng.uniform(1, span))) for _ in range(rng.randint(1, 3))]
            ticket["comments"].sort(key=lambda c: c["minutesAfter"])
        if rng.random() < 0.08:
            ticket["attachments"] = [
                {
                    "name": rng.choice(ATTACHMENT_NAMES),
                    "size": rng.randint(2_000, 4_000_000),
                    "isPublic": rng.random() < 0.5,
                }
                for _ in range(rng.randint(1, 2))
            ]

    def comment(self, ticket: Json, minutes: int) -> Json:
        rng = self.rng
        text = rng.choice(COMMENTS)
        as_html = rng.random() < 0.4
        return {
            "content": f"<p><b>Note:</b> {text}</p>" if as_html else text,
            "author": ticket["assignee"] or rng.choice(self.workers[ticket["department"]]),
            "isPublic": rng.random() < 0.3,
            "contentType": "html" if as_html else "plainText",
            "minutesAfter": minutes,
        }
