"""Extras for the default data set, added after everything else so existing IDs, counts and texts stay put.

Acme's newest ticket gets four small files with real bytes (a log, a CSV export, a PNG, a forwarded e-mail),
and tickets get tags by the words of their subjects ("refund", "firmware", ...), so downloads, `tag` searches
and tag lists have something to find in the default sandbox.
"""

from __future__ import annotations

from . import conversation_records, files, history, tagging
from .seed_orgs import ORG_SPECS
from .store import OrgData, Record, Store, parse_iso

TAG_WORDS = (("refund", "refund"), ("firmware", "firmware"), ("invoice", "billing"), ("rebooting", "hardware-fault"),
             ("customs", "customs"), ("login", "login"))
LOG = """2025-03-01T08:14:02Z router[412]: WAN link up (1000 Mbps, full duplex)
2025-03-01T08:14:09Z router[412]: DHCP lease acquired 203.0.113.24
2025-03-01T21:47:55Z router[412]: WARN 5 GHz radio: DFS event on channel 100, moving to channel 36
2025-03-01T21:48:01Z router[412]: ERROR watchdog: wifi driver hung, rebooting
2025-03-01T21:49:30Z router[412]: WAN link up (1000 Mbps, full duplex)
"""
CSV = """date,download_mbps,upload_mbps,latency_ms
2025-03-01,912.4,48.1,9
2025-03-02,88.0,41.7,63
2025-03-03,905.2,47.9,10
"""
EML = """From: Jordan Smith <jordan.smith@example.com>
To: support@acme.example
Subject: Fwd: Router keeps dropping in the evening
Date: Sat, 01 Mar 2025 22:05:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Forwarding what my ISP told me: the drops come from the router, not the line.
Can you look at the log I attached?
"""
SAMPLE_FILES = (
    ("router-debug.log", LOG.encode(), "text/plain"),
    ("speed-test.csv", CSV.encode(), "text/csv"),
    ("signal-strength.png", files.tiny_png(4, 3, (30, 120, 200)), "image/png"),
    ("isp-reply.eml", EML.encode(), "message/rfc822"),
)


def enrich(store: Store) -> None:
    first = store.first_org()
    add_sample_files(store, first, newest_ticket(first))
    for org in store.orgs.values():
        add_tags(store, org)


def newest_ticket(org: OrgData) -> Record:
    return max(org.tickets.values(), key=lambda t: int(t["ticketNumber"]))


def add_sample_files(store: Store, org: OrgData, ticket: Record) -> None:
    admin = next(iter(org.agents.values()))
    when = parse_iso(ticket["createdTime"])
    for name, data, content_type in SAMPLE_FILES:
        record = conversation_records.attachment(
            store, ticket["id"], name, len(data), is_public=False, creator_id=admin["id"], when=when
        )
        org.attachments.setdefault(ticket["id"], []).append(record)
        files.keep(org, record["id"], name, data, content_type)
        history.attachment_added(org, ticket["id"], record, history.actor(admin))


HAND_WRITTEN = frozenset(str(t.get("subject")) for spec in ORG_SPECS for t in spec.special_tickets)


def add_tags(store: Store, org: OrgData) -> None:
    """By subject words; the hand-written tickets that other tests read call by call are left untagged."""
    admin = history.actor(next(iter(org.agents.values())))
    for ticket in org.tickets.values():
        if ticket.get("subject") in HAND_WRITTEN:
            continue
        subject = str(ticket.get("subject") or "").lower()
        names = [tag for word, tag in TAG_WORDS if word in subject]
        if names:
            _, added = tagging.associate(store, org, ticket, names, ticket["createdTime"])
            history.tags_changed(org, ticket["id"], added, admin, ticket["createdTime"], added=True)
