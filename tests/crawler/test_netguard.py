"""NetGuard: non-public addresses are refused after resolution, before any connection."""

from __future__ import annotations

import pytest

from policywatch.crawler.netguard import NetGuard, is_public_address


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254",
                                     "0.0.0.0", "100.64.0.1", "224.0.0.1", "::1", "fe80::1", "fc00::1",
                                     "::ffff:127.0.0.1", "::ffff:10.0.0.1"])
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["202.108.22.5", "8.8.8.8", "2400:3200::1"])
def test_public_addresses(address: str) -> None:
    assert is_public_address(address)


def test_a_name_resolving_to_any_private_address_is_refused() -> None:
    guard = NetGuard(resolver=lambda host, port: ["202.108.22.5", "10.0.0.7"])
    verdict = guard.check("http://www.example.gov.cn/a.html", allow_private=False)
    assert not verdict.allowed and "10.0.0.7" in verdict.reason


def test_public_name_allowed_resolved_once_and_pinned_even_when_private_is_allowed() -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["202.108.22.5"]

    guard = NetGuard(resolver=resolver)
    assert guard.check("https://www.gov.cn/", allow_private=False).allowed
    assert guard.check("https://www.gov.cn/zhengce/", allow_private=False).allowed  # resolved once per run
    # allow_private still resolves: the connection must go to the address that was judged
    assert guard.check("http://intranet/", allow_private=True).addresses == ("202.108.22.5",)
    assert calls == ["www.gov.cn", "intranet"]
    assert guard.approved_addresses("www.gov.cn", 443) == ("202.108.22.5",)
    assert guard.approved_addresses("www.gov.cn", 80) == (), "approved per host and port"


def test_resolution_failure_is_a_network_problem_not_a_refusal() -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    verdict = NetGuard(resolver=fail).check("http://nowhere.invalid/", allow_private=False)
    assert not verdict.allowed and verdict.network


def test_non_http_schemes_are_refused() -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://x/"):
        assert not NetGuard().check(url, allow_private=True).allowed
