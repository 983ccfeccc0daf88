"""tls_legacy: a source whose server speaks only an old cipher is fetched, logged; others stay strict."""

from __future__ import annotations

import http.server
import logging
import ssl
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests.adapters
import trustme

from policywatch.config import SourceConfig
from policywatch.model import FetchOutcome


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = "<html><head><meta charset='utf-8'><title>旧服务器</title></head><body><p>通知正文</p></body></html>".encode()
        self.send_response(404 if self.path == "/robots.txt" else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def old_tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """HTTPS on 127.0.0.1 offering only AES128-SHA (RSA key exchange, SHA-1 MAC) over TLS 1.2."""
    ca = trustme.CA(key_type=trustme.KeyType.RSA)
    cert = ca.issue_cert("127.0.0.1", key_type=trustme.KeyType.RSA)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("AES128-SHA:@SECLEVEL=1")
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    # The sessions ignore the environment (a proxy would bypass the guard): trust the test CA
    # where requests finds its default bundle. Certificates are still verified.
    monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", str(tmp_path / "ca.pem"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_an_old_cipher_server_needs_tls_legacy_and_it_is_logged(old_tls_server, make_fetcher, caplog) -> None:
    strict = SourceConfig(name="strict", listing_urls=(old_tls_server,), allow_private=True)
    legacy = replace(strict, name="legacy", tls_legacy=True)
    refused = make_fetcher(retries=0).fetch(old_tls_server, source=strict)
    assert refused.outcome is FetchOutcome.NETWORK_ERROR and "SSL" in refused.detail
    with caplog.at_level(logging.WARNING, logger="policywatch.crawler.tls"):
        fetched = make_fetcher(retries=0).fetch(old_tls_server, source=legacy)
    assert fetched.outcome is FetchOutcome.OK and "通知正文" in fetched.text
    assert any("legacy TLS" in r.message and "legacy" in r.message for r in caplog.records)


def test_tls_legacy_still_verifies_the_certificate(old_tls_server, make_fetcher, monkeypatch) -> None:
    monkeypatch.undo()  # the test CA is no longer trusted
    legacy = SourceConfig(name="legacy", listing_urls=(old_tls_server,), allow_private=True, tls_legacy=True)
    result = make_fetcher(retries=0).fetch(old_tls_server, source=legacy)
    assert result.outcome is FetchOutcome.NETWORK_ERROR and "CERTIFICATE_VERIFY_FAILED" in result.detail
