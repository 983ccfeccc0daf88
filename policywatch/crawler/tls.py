"""Legacy TLS for the sources that need it (`tls_legacy = true`): old ciphers, small keys.

Many government servers still offer only RSA key exchange, CBC-SHA1 ciphers or 1024-bit
keys, which OpenSSL's default security level 2 refuses. A source may opt in: its hosts get a
transport adapter whose SSL context uses security level 1 (RSA key exchange, SHA-1 MACs,
1024-bit DH and RSA keys) and legacy renegotiation. Certificates are still verified, and connections stay pinned to the addresses
the network guard approved. TLS 1.0/1.1
stay off: OpenSSL 3 allows them only at security level 0, which is no security at all. Only the hosts of an opted-in source are
relaxed (requests picks the adapter with the longest matching URL prefix), and each host is
logged once per run when it is relaxed.
"""

from __future__ import annotations

import logging
import ssl
import threading
from urllib.parse import urlsplit

import requests

from policywatch.net import NetGuard, pinned_adapter

__all__ = ["LEGACY_CIPHERS", "legacy_context", "use_legacy_tls"]

logger = logging.getLogger(__name__)

LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=1"
_MOUNT_LOCK = threading.Lock()


def legacy_context() -> ssl.SSLContext:
    """A verifying client context that still speaks to servers stuck on old TLS configurations."""
    context = ssl.create_default_context()
    context.set_ciphers(LEGACY_CIPHERS)
    context.options |= getattr(ssl, "OP_LEGACY_SERVER_CONNECT", 0x4)  # servers without RFC 5746
    return context


def use_legacy_tls(session: requests.Session, url: str, *, source: str, guard: NetGuard) -> None:
    """Relax TLS for the scheme://host:port of `url` in this session (once; logged).

    The adapter is the same guard-pinned kind as the session's others (policywatch.net): only
    the SSL context differs, so connections still go only to addresses the guard approved."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return
    prefix = f"https://{parts.netloc.lower()}/"
    with _MOUNT_LOCK:
        if prefix in session.adapters:
            return
        pool = getattr(session.get_adapter(url), "_pool_maxsize", 10)
        session.mount(prefix, pinned_adapter(guard, pool=pool, ssl_context=legacy_context()))
    logger.warning("source %s: legacy TLS (OpenSSL security level 1, old ciphers and key sizes) for %s",
                   source, parts.netloc)
