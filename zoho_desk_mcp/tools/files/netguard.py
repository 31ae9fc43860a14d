"""Decide whether a URL's host is a public internet address before anything connects to it (the SSRF guard)."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import TypeAlias

from ..kit.fetching import HostResolver

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = HostResolver
"""Maps a host name to every address it resolves to (as text); raises OSError when it does not resolve."""

_BLOCKED_NAMES = frozenset(
    {
        "localhost",
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.com",
    }
)
_BLOCKED_SUFFIXES = (".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".lan")
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+")
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?")


class AddressRefused(ValueError):
    """The host is not a public internet address; the message is a clause such as 'it resolves to ...'."""


@dataclass(frozen=True)
class CheckedHost:
    """A host that passed the checks: the name to send as Host/SNI and the one address to connect to."""

    name: str
    address: IPAddress
    is_literal: bool


class HostNotFound(AddressRefused):
    """The host name does not resolve: a mistyped URL or a DNS failure, not a security refusal."""


async def system_resolver(host: str) -> list[str]:
    """Every address the system resolver returns for `host` (A and AAAA), via the running loop's getaddrinfo."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def refusal(address: IPAddress) -> str | None:
    """Why `address` is not a public internet address ("a loopback address"), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d is the IPv4 address itself on a dual-stack socket
            reason = refusal(address.ipv4_mapped)
            return None if reason is None else f"{reason} in an IPv6 form"
        embedded = _embedded_ipv4(address)
        inner = refusal(embedded) if embedded is not None else None
        if inner is not None:
            return f"{inner} in an IPv6 form"
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local (cloud metadata) address"),
        (address in _CGNAT, "a shared (carrier-grade NAT) address"),
        (address.is_private, "a private address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
        (isinstance(address, ipaddress.IPv6Address) and address.is_site_local, "a site-local address"),
        (not address.is_global, "a non-public address"),
    )
    return next((reason for failed, reason in checks if failed), None)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries: 6to4, Teredo client, IPv4-compatible or NAT64."""
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if (address in _IPV4_COMPATIBLE and int(address) > 1) or address in _NAT64:  # not :: or ::1
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a numeric host denotes, or None for a name.

    IPv4 hosts are read as browsers and curl read them (inet_aton): 2130706433, 0x7f000001, 0177.0.0.1 and
    127.1 all mean 127.0.0.1. Python's ipaddress rejects those forms, so without this they would slip past.
    """
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise AddressRefused("its host is not a valid IPv6 address") from None
    parts = host.split(".")
    if not _NUMBER.fullmatch(parts[-1]):
        return None
    values = [_inet_number(part) for part in parts]
    if len(parts) > 4 or any(v is None for v in values):
        raise AddressRefused("its host is not a valid IP address")
    numbers = [v for v in values if v is not None]
    if any(v > 255 for v in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise AddressRefused("its host is not a valid IP address")
    value = numbers[-1]
    for index, part in enumerate(numbers[:-1]):
        value += part << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _inet_number(part: str) -> int | None:
    """One dotted part in inet_aton notation: 0x hex, 0-prefixed octal or decimal (ASCII digits only)."""
    if not _NUMBER.fullmatch(part):
        return None
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8) if set(part) <= set("01234567") else None
    return int(part)


def _ascii_name(host: str) -> str:
    """The host name in its ASCII (IDNA) form, checked label by label; refuses local-only and metadata names."""
    try:
        name = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise AddressRefused("its host is not a valid host name") from None
    labels = name.split(".")
    if not all(len(label) <= 63 and _LABEL.fullmatch(label) for label in labels):
        raise AddressRefused("its host is not a valid host name")
    if name in _BLOCKED_NAMES or name.endswith(_BLOCKED_SUFFIXES):
        raise AddressRefused(f"{name} is a local or cloud-metadata host name")
    if len(labels) < 2:
        raise AddressRefused("a single-label host name only has meaning on a local network")
    return name


async def check_host(host: str, resolver: Resolver | None = None) -> CheckedHost:
    """Resolve `host` and return the address to connect to; refuse if ANY of its addresses is not public.

    Checking every address (not just the first) matters: a name with one public and one private address could
    otherwise be fetched from the private one on a later connect.
    """
    host = host.lower().rstrip(".")
    if not host or len(host) > 253:
        raise AddressRefused("its host is empty or too long")
    literal = parse_ip_literal(host)
    if literal is not None:
        address = _public(literal)
        return CheckedHost(name=str(address), address=address, is_literal=True)
    name = _ascii_name(host)
    try:
        found = list(await (resolver or system_resolver)(name))
    except OSError:
        found = []
    if not found:
        raise HostNotFound(f"its host name {name[:60]} does not resolve (no such host, or DNS is unreachable)")
    addresses = [_parse_resolved(text) for text in found]
    pinned = [_public(address) for address in addresses]
    return CheckedHost(name=name, address=pinned[0], is_literal=False)


def _parse_resolved(text: str) -> IPAddress:
    """An address from the resolver; an IPv6 zone suffix (fe80::1%eth0) is dropped before parsing."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        raise AddressRefused("it resolves to something that is not an IP address") from None


def _public(address: IPAddress) -> IPAddress:
    """`address` itself when public (an IPv4-mapped IPv6 form becomes plain IPv4); raises AddressRefused."""
    reason = refusal(address)
    if reason is not None:
        raise AddressRefused(f"it resolves to {reason} ({address})")
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
