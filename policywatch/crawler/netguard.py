"""Refuses URLs whose host resolves to a private, loopback, link-local or reserved address.

Checked on the first URL and on every redirect hop, after DNS resolution, before any
connection is made, unless the source sets ``allow_private`` (the demo and the tests).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["GuardVerdict", "NetGuard", "is_public_address"]

Resolver = Callable[[str, int], list[str]]


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True, slots=True)
class GuardVerdict:
    """Whether a URL may be fetched; `network` marks a DNS failure rather than a refusal."""

    allowed: bool
    reason: str = ""
    network: bool = False


@dataclass
class NetGuard:
    """Resolves a URL's host and judges every address it resolves to.

    `exempt` lists addresses treated as public anyway; tests use it to let a loopback test
    site stand in for a public server while private redirect targets are still refused.
    """

    resolver: Resolver = _resolve
    exempt: Iterable[str] = field(default_factory=tuple)
    # One lookup per host and run: a guard lives as long as its Fetcher (one run).
    _cache: dict[tuple[str, int], list[str]] = field(default_factory=dict, repr=False)

    def check(self, url: str, *, allow_private: bool) -> GuardVerdict:
        parts = urlsplit(url)
        host = parts.hostname
        if parts.scheme not in ("http", "https") or not host:
            return GuardVerdict(False, f"{url}: only http(s) URLs with a host are fetched")
        if allow_private:
            return GuardVerdict(True)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = self._cache.get((host, port)) or self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            return GuardVerdict(False, f"{url}: cannot resolve {host}: {exc}", network=True)
        self._cache[(host, port)] = addresses
        exempt = set(self.exempt)
        private = [a for a in addresses if a not in exempt and not is_public_address(a)]
        if private or not addresses:
            return GuardVerdict(False, f"{url}: {host} resolves to non-public address {', '.join(private) or 'none'}")
        return GuardVerdict(True)
