"""Refuses URLs whose host resolves to a private, loopback, link-local or reserved address,
and remembers the address it approved so the connection goes exactly there.

Checked on the first URL and on every redirect hop, after DNS resolution, before any
connection is made, unless the caller allows private addresses (the demo and the tests).
Resolving once and connecting only to the approved addresses (`approved_addresses`, used by
`net.transport`, tried in the resolver's order) is what defeats DNS rebinding: a name that answers a public address to the
check and 127.0.0.1 to the connection never gets the second lookup.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["GuardVerdict", "NetGuard", "is_public_address"]

Resolver = Callable[[str, int], list[str]]


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # getaddrinfo's order is the system's preference (RFC 6724); keep it, drop repeats
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


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
    addresses: tuple[str, ...] = ()  # the only addresses a connection for this URL may use


@dataclass
class NetGuard:
    """Resolves a URL's host once and judges every address it resolves to.

    `exempt` lists addresses treated as public anyway; tests use it to let a loopback test
    site stand in for a public server while private redirect targets are still refused.
    """

    resolver: Resolver = _resolve
    exempt: Iterable[str] = field(default_factory=tuple)
    # One lookup per host and run: a guard lives as long as its Fetcher (one run).
    _cache: dict[tuple[str, int], list[str]] = field(default_factory=dict, repr=False)
    _approved: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check(self, url: str, *, allow_private: bool) -> GuardVerdict:
        parts = urlsplit(url)
        host = parts.hostname
        if parts.scheme not in ("http", "https") or not host:
            return GuardVerdict(False, f"{url}: only http(s) URLs with a host are fetched")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = self._addresses(host, port)
        except (OSError, UnicodeError) as exc:
            return GuardVerdict(False, f"{url}: cannot resolve {host}: {exc}", network=True)
        if not allow_private:
            exempt = set(self.exempt)
            private = [a for a in addresses if a not in exempt and not is_public_address(a)]
            if private or not addresses:
                return GuardVerdict(False, f"{url}: {host} resolves to non-public address {', '.join(private) or 'none'}")
        with self._lock:
            approved = self._approved.setdefault((host.lower(), port), tuple(addresses))
        return GuardVerdict(True, addresses=approved)

    def approved_addresses(self, host: str, port: int) -> tuple[str, ...]:
        """The addresses `check` approved for this host and port (empty: none, do not connect)."""
        with self._lock:
            return self._approved.get((host.lower().strip("[]"), port), ())

    def _addresses(self, host: str, port: int) -> list[str]:
        with self._lock:
            cached = self._cache.get((host, port))
        if cached:
            return cached
        addresses = self.resolver(host, port)
        if not addresses:
            raise OSError(f"{host} has no address")
        with self._lock:
            return self._cache.setdefault((host, port), addresses)
