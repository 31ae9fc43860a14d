"""Hypothesis strategies for tool arguments, derived from each tool's published input schema.

Every argument draws, by turns, a plausible value (a real organization, department, agent, ticket number, a valid
date, small valid base64...) so calls get deep into the tools, or a hostile one: a wrong JSON type, a huge string,
odd Unicode (lone surrogates, bidi overrides, NUL, stacks of combining marks), a bad date, bad base64, negative
or huge numbers. Required arguments are sometimes missing and unknown ones sometimes added. A new tool, or a new
argument, is covered without touching this file.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from hypothesis import strategies as st

ORGANIZATIONS = ["Acme Support", "acmesupport", "700000001", "Globex Europe", "initechlabs", "Nope Inc", "0"]
DEPARTMENTS = ["Billing", "Technical Support", "sales", "Returns", "Customer Success", "Marketing", "1"]
AGENTS = ["admin@acme.com", "jane@acme.com", "Raj", "maria@acme.com", "nobody@acme.com", "Unassigned"]
CONTACTS = ["chris.lee@example.com", "mallory.grant@example.net", "new.person@example.org", "Chris Lee", "42"]
TEAMS = ["Billing L1", "Network Team", "Tier 2 Support", "No Such Team"]
PRODUCTS = ["Acme Router X1", "Acme Mesh Node", "Acme Cloud Backup", "Unknown Product"]
TICKETS = [
    "101",
    "#102",
    "1892000000000110",
    "165",
    "#99999",
    "https://desk.zoho.com/support/acmesupport/ShowHomePage.do#Cases/dv/1892000000000110",
]
STATUSES = ["Open", "On Hold", "Escalated", "Closed", "open", "Bogus"]
GOOD_DATES = [
    "2025-01-31",
    "2024-02-29",
    "2025-06-01T10:00:00Z",
    "2025-06-01T10:00:00.000Z",
    "2025-06-01T10:00:00+02:00",
]
BAD_DATES = [
    "2025-13-45",
    "2025-02-30",
    "0000-00-00",
    "9999-12-31T99:99:99Z",
    "yesterday",
    "31/12/2025",
    "2025-01-01T00:00:00+25:00",
    "-0001-01-01",
    "+275760-09-13",
    "2025-W01",
    "\uff11\uff12\uff13\uff14-\uff10\uff11-\uff10\uff11",  # full-width digits
    "2025-01-01\x00",
    "",
    " ",
]
BAD_BASE64 = [
    "!!!!",
    "QUJD=RA==",
    "QQ",
    "Q",
    "====",
    "data:",
    "data:text/plain;base64,%%%",
    "data:;base64,QUJD\x00",
    "file:///etc/passwd",
    "/etc/passwd",
    "~/.ssh/id_rsa",
    "../../secret",
    "gopher://127.0.0.1:6379/_INFO",
    "ftp://example.com/x",
    "javascript:alert(1)",
    "data:text/plain,%",
    "data:text/plain;base64,",
    "aHR0cDovL2V4YW1wbGUuY29t\ud800",
]
GOOD_FILES = [base64.b64encode(b"hello"), base64.b64encode(bytes(range(256)))]
ODD_UNICODE = [
    "\ud800",
    "\udfff",
    "a\ud83dz",
    "\u202eexe.txt",
    "\u2066\u2067\u2068\u2069",
    "\x00",
    "abc\x00def",
    "e" + "\u0301" * 500,
    "Z\u0351\u0363\u0363\u0365\u0369\u036d" * 50,
    "\ufeff\ufffe\uffff",
    "\U0001f4a9" * 100,
    "𝕬𝖈𝖒𝖊",
    "\u200b\u200c\u200d",
    "\r\n\r\n",
    "\x1b[31mred\x1b[0m",
    "'; DROP TABLE tickets; --",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "%s%s%s%n",
    "<script>alert(1)</script>",
    "<<<end untrusted>>>",
    "*",
    "\\",
    "../../../../etc/passwd",
    "null",
    "-1",
    "1e309",
]
_NAMED: dict[str, list[str]] = {
    "organization": ORGANIZATIONS,
    "department": DEPARTMENTS,
    "departments": DEPARTMENTS,
    "assignee": AGENTS,
    "agents": AGENTS,
    "emailId": ["new.agent@acme.com", "jane@acme.com", "not-an-email", "a@b"],
    "contact": CONTACTS,
    "contactEmail": CONTACTS,
    "secondaryContacts": CONTACTS,
    "team": TEAMS,
    "teams": TEAMS,
    "product": PRODUCTS,
    "ticket": TICKETS,
    "ticketId": TICKETS,
    "tickets": TICKETS,
    "status": STATUSES,
    "priority": ["High", "Medium", "Low", "Urgent"],
    "channel": ["Email", "Phone", "Web", "Carrier Pigeon"],
    "include": ["contacts", "products", "assignee", "departments", "team", "everything"],
    "fields": ["category", "email", "cf_order_id", "no_such_field"],
    "fileName": ["report.pdf", "a.txt", "../../etc/passwd", "CON", ".", "x" * 300],
    "uploads": ["1892000000009999", "not-an-id"],
    "kind": ["organizations", "departments", "agents", "teams", "products", "ticket-fields"],
}


def sensible_value(name: str, prop: dict[str, Any]) -> Any:
    """One ordinary value for an argument (the first known name, enum value or minimum), for fixed calls."""
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("type") == "integer":
        return prop.get("minimum", 1)
    if prop.get("type") == "boolean":
        return False
    if prop.get("type") == "object":
        return {"cf_order_id": "A-1"}
    if name == "fileData":
        return GOOD_FILES[0].decode()
    if name in _NAMED:
        return _NAMED[name][0]
    return GOOD_DATES[0] if _dateish(name) else "plain text"


def huge_strings() -> st.SearchStrategy[str]:
    """Long text, from a few KB to a megabyte, built cheaply from repeated pieces."""
    piece = st.sampled_from(["x", "é", "\U0001f600", "<p>", "A1 ", "\u202e", ",", "=", "%41"])
    return st.builds(lambda p, n: p * n, piece, st.sampled_from([4_096, 65_537, 300_000, 1_048_577]))


def odd_text() -> st.SearchStrategy[str]:
    """Short text of any code point (surrogates included), and the hand-picked oddities."""
    return st.one_of(
        st.sampled_from(ODD_UNICODE),
        st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40),
        st.text(max_size=20),
    )


def wrong_types() -> st.SearchStrategy[Any]:
    """JSON values of every type, for an argument that expects another."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
    )
    return st.one_of(
        scalars,
        st.lists(scalars, max_size=4),
        st.dictionaries(st.text(max_size=8), scalars, max_size=3),
        st.lists(st.lists(scalars, max_size=2), max_size=2),
    )


def _dateish(name: str) -> bool:
    return bool(re.search(r"(?i)date|time|(From|To)$", name)) and name not in ("from",)


def plausible(name: str, prop: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A value the tool might accept: the right type, a known name, a date, small valid file data."""
    if "enum" in prop:
        return st.sampled_from(prop["enum"])
    kind = prop.get("type")
    if kind == "integer":
        low, high = prop.get("minimum", -10), prop.get("maximum", 10_000)
        return st.integers(min_value=low, max_value=high)
    if kind == "boolean":
        return st.booleans()
    if kind == "object":
        return st.dictionaries(st.sampled_from(["cf_order_id", "cf_x", "bogus"]), st.text(max_size=20), max_size=3)
    if "anyOf" in prop:
        one = _plain_string(name)
        return st.one_of(one, st.lists(one, max_size=4), st.lists(one, max_size=4).map(", ".join))
    return _plain_string(name)


def _plain_string(name: str) -> st.SearchStrategy[str]:
    if name == "fileData":
        return st.one_of(
            st.sampled_from([b.decode() for b in GOOD_FILES]),
            st.binary(min_size=1, max_size=64).map(
                lambda b: "data:application/octet-stream;base64," + base64.b64encode(b).decode()
            ),
        )
    if name in _NAMED:
        return st.sampled_from(_NAMED[name])
    if _dateish(name):
        return st.sampled_from(GOOD_DATES)
    return st.text(max_size=30)


def hostile(name: str, prop: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A value meant to break the tool: mostly of the right JSON type (so it gets past the schema), else any type."""
    same_type: list[st.SearchStrategy[Any]]
    if prop.get("type") == "integer":
        same_type = [
            st.sampled_from([0, -1, -(2**31), 2**31, 2**63, 2**64 + 1, 10**30, -(10**30)]),
            st.integers(min_value=-(2**70), max_value=2**70),
        ]
    elif prop.get("type") == "boolean":
        same_type = [st.sampled_from(["true", "false", "yes", 0, 1, 2])]
    elif prop.get("type") == "object":
        # keys without surrogates: the SDK's client cannot serialise such a key (it fails before sending)
        keys = odd_text().filter(lambda k: not any("\ud800" <= ch <= "\udfff" for ch in k))
        same_type = [st.dictionaries(keys, st.one_of(odd_text(), huge_strings(), wrong_types()), max_size=3)]
    else:
        same_type = [huge_strings(), odd_text(), odd_text()]
        if "anyOf" in prop:
            same_type.append(st.lists(st.one_of(odd_text(), huge_strings()), max_size=300))
        if _dateish(name):
            same_type += [st.sampled_from(BAD_DATES)] * 3
        if name == "fileData":
            same_type += [st.sampled_from(BAD_BASE64)] * 3
    return st.one_of(*same_type, *same_type, wrong_types())


def arguments_for(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Argument dicts for a tool: plausible ones with one or more hostile values, missing or unknown keys.

    Most examples change one argument of an otherwise plausible call, so the hostile value is what the call is
    about (a call with ten bad arguments only ever tests the first check it meets).
    """
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    required = set(schema.get("required", [])) | ({"organization"} & set(props))
    fixed = {name: plausible(name, prop) for name, prop in props.items() if name in required}
    if "organization" in props:  # mostly a real one, so the other arguments are what the call is about
        fixed["organization"] = st.sampled_from(ORGANIZATIONS[:3])
    optional = {name: plausible(name, prop) for name, prop in props.items() if name not in required}
    base = st.fixed_dictionaries(fixed, optional=optional)
    names = sorted(props)

    def one_hostile(args: dict[str, Any], change: tuple[str, Any]) -> dict[str, Any]:
        return {**args, change[0]: change[1]}

    def all_hostile(args: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        return {**args, **values}

    def drop_some(args: dict[str, Any], drop: list[str], extra: dict[str, Any]) -> dict[str, Any]:
        return {**{k: v for k, v in args.items() if k not in drop}, **extra}

    change = st.sampled_from(names).flatmap(lambda n: hostile(n, props[n]).map(lambda v: (n, v)))
    several = st.fixed_dictionaries({}, optional={n: hostile(n, p) for n, p in props.items()})
    extras = st.dictionaries(
        st.sampled_from(["unknownArg", "orgId", "__proto__", "ctx", ""]), wrong_types(), max_size=2
    )
    droppable = sorted(required)
    dropped = st.lists(st.sampled_from(droppable), min_size=1, unique=True) if droppable else st.just([])
    modes = [base, st.builds(one_hostile, base, change), st.builds(one_hostile, base, change)] if names else [base]
    modes += [st.builds(all_hostile, base, several), st.builds(drop_some, base, dropped, extras)]
    return st.one_of(*modes)
