"""Politeness against the loopback site: spacing, Retry-After, backoff, cool-down, robots.txt.

Spacing is asserted as a lower bound, from the server's request log (real time) or from the
fake clock read by the server while it answers; no test bounds how long anything takes.
"""

from __future__ import annotations

import email.utils
import itertools
import logging
import threading
from datetime import timedelta

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler import FakeClock, Fetcher, FetchJob, RealClock
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.model import FetchOutcome
from tests.crawler.pages import policy_html

OK_PAGE = Response(body=policy_html().encode(), headers={"Content-Type": "text/html"})


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


def test_min_delay_spaces_requests_to_one_host(site: LoopbackSite, make_fetcher) -> None:
    site.route("/robots.txt", Response(body=b"User-agent: *\nAllow: /\n"))
    for n in range(3):
        site.route(f"/d{n}.html", OK_PAGE)
    source = SourceConfig(name="s", listing_urls=(site.url("/"),), allow_private=True, min_delay=0.15)
    fetcher = make_fetcher(clock=RealClock(), min_delay=5.0)  # the source's delay overrides this
    for n in range(3):
        assert fetcher.fetch(site.url(f"/d{n}.html"), source=source).ok
    arrivals = [r.received_at for r in site.requests]
    assert [r.route for r in site.requests] == ["/robots.txt", "/d0.html", "/d1.html", "/d2.html"]
    assert all(gap >= 0.15 for gap in gaps(arrivals)), gaps(arrivals)


def test_settings_min_delay_applies_on_the_fake_clock(site: LoopbackSite, source: SourceConfig, make_fetcher,
                                                     clock: FakeClock) -> None:
    seen: list[float] = []

    def timed(request: RecordedRequest) -> Response:
        seen.append(clock.monotonic())
        return OK_PAGE

    site.route("/t.html", timed)
    fetcher = make_fetcher(min_delay=2.0)
    for _ in range(4):
        fetcher.fetch(site.url("/t.html"), source=source)
    assert all(gap >= 2.0 for gap in gaps(seen)), seen


def test_one_request_in_flight_per_host_even_from_many_threads(site: LoopbackSite, source: SourceConfig,
                                                              fetcher: Fetcher) -> None:
    in_flight, peak = [0], [0]
    lock = threading.Lock()

    def slow(request: RecordedRequest) -> Response:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        threading.Event().wait(0.02)
        with lock:
            in_flight[0] -= 1
        return OK_PAGE

    site.route("/slow.html", slow)
    threads = [threading.Thread(target=fetcher.fetch, args=(site.url("/slow.html"),), kwargs={"source": source})
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(site.requests_to("/slow.html")) == 6
    assert peak[0] == 1


def test_429_retry_after_seconds_is_honoured(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher,
                                              clock: FakeClock) -> None:
    seen: list[float] = []

    def busy_once(request: RecordedRequest) -> Response:
        seen.append(clock.monotonic())
        if len(seen) == 1:
            return Response(status=429, body=b"slow down", headers={"Retry-After": "7"})
        return OK_PAGE

    site.route("/busy.html", busy_once)
    result = fetcher.fetch(site.url("/busy.html"), source=source)
    assert result.outcome is FetchOutcome.OK
    assert seen[1] - seen[0] >= 7.0


def test_retry_after_http_date_is_honoured_and_persistent_429_is_throttled(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher, clock: FakeClock
) -> None:
    seen: list[float] = []

    def busy(request: RecordedRequest) -> Response:
        seen.append(clock.monotonic())
        when = email.utils.format_datetime(clock.now() + timedelta(seconds=30), usegmt=True)
        return Response(status=429, body=b"busy", headers={"Retry-After": when})

    site.route("/busy.html", busy)
    result = fetcher.fetch(site.url("/busy.html"), source=source)
    assert result.outcome is FetchOutcome.THROTTLED
    assert len(seen) == 3
    assert all(gap >= 29.0 for gap in gaps(seen)), seen


def test_retry_after_within_max_backoff_is_waited_for(site: LoopbackSite, source: SourceConfig, make_fetcher,
                                                      clock: FakeClock) -> None:
    site.route("/busy.html", Response(status=503, body=b"busy", headers={"Retry-After": "60"}))
    result = make_fetcher(max_backoff=60.0, retries=1).fetch(site.url("/busy.html"), source=source)
    assert result.outcome is FetchOutcome.HTTP_ERROR and len(site.requests_to("/busy.html")) == 2
    assert max(clock.sleeps) == pytest.approx(60.0)


def test_retry_after_beyond_max_backoff_rests_the_host_for_the_run(site: LoopbackSite, source: SourceConfig,
                                                                   make_fetcher, clock: FakeClock) -> None:
    """"Come back tomorrow": neither waited for (a run would sleep fetch.max_backoff per document)
    nor asked again after max_backoff; the host is left alone and each of its URLs says why."""
    site.route("/busy.html", Response(status=503, body=b"busy", headers={"Retry-After": "86400"}))
    site.route("/other.html", OK_PAGE)
    fetcher = make_fetcher(max_backoff=60.0, retries=1)
    result = fetcher.fetch(site.url("/busy.html"), source=source)
    assert result.outcome is FetchOutcome.HTTP_ERROR and "86400 s (Retry-After)" in result.detail
    assert len(site.requests_to("/busy.html")) == 1 and not [s for s in clock.sleeps if s > 1]
    other = fetcher.fetch(site.url("/other.html"), source=source)
    assert other.outcome is FetchOutcome.THROTTLED and "Retry-After" in other.detail
    assert site.requests_to("/other.html") == []


def test_a_host_asking_again_and_again_to_wait_rests_once_its_wait_budget_is_spent(
    site: LoopbackSite, source: SourceConfig, make_fetcher, clock: FakeClock
) -> None:
    """503 and Retry-After: 300 (= max_backoff) on every document: each wait is reasonable, a run of
    them is hours. The waits add up against fetch.host_wait_budget; past it the host is left alone
    and each of its remaining documents says why, without a request."""
    for n in range(20):
        site.route(f"/d{n}.html", Response(status=503, body="服务器繁忙".encode(), headers={"Retry-After": "300"}))
    fetcher = make_fetcher(max_backoff=300.0, retries=3, host_wait_budget=700.0)
    results = [fetcher.fetch(site.url(f"/d{n}.html"), source=source) for n in range(20)]
    assert sum(clock.sleeps) <= 700.0 + 1
    assert len(site.requests) <= 4  # robots.txt, then 2 waits of 300 s and the answer that ran out of budget
    assert "fetch.host_wait_budget (700 s)" in results[0].detail + results[1].detail + results[2].detail
    rested = results[3:]
    assert all(r.outcome is FetchOutcome.THROTTLED and "host_wait_budget" in r.detail for r in rested)
    clock.advance(3600.0)  # for the rest of the run, not for one Retry-After
    assert fetcher.fetch(site.url("/d0.html"), source=source).outcome is FetchOutcome.THROTTLED
    assert len(site.requests) <= 4


def test_the_wait_budget_of_0_leaves_retry_after_unbounded(site: LoopbackSite, source: SourceConfig, make_fetcher,
                                                          clock: FakeClock) -> None:
    site.route("/busy.html", Response(status=503, body=b"busy", headers={"Retry-After": "300"}))
    fetcher = make_fetcher(max_backoff=300.0, retries=3, host_wait_budget=0.0)
    fetcher.fetch(site.url("/busy.html"), source=source)
    assert len(site.requests_to("/busy.html")) == 4 and sum(clock.sleeps) >= 900.0


def test_retry_after_on_a_final_answer_delays_the_next_request(site: LoopbackSite, source: SourceConfig,
                                                               make_fetcher, clock: FakeClock) -> None:
    seen: list[float] = []

    def closed(request: RecordedRequest) -> Response:
        seen.append(clock.monotonic())
        return Response(status=503, body="<title>系统维护中</title>".encode(), headers={"Retry-After": "50"})

    site.route("/a.html", closed)
    site.route("/b.html", closed)
    fetcher = make_fetcher(retries=0)
    assert fetcher.fetch(site.url("/a.html"), source=source).outcome is FetchOutcome.MAINTENANCE
    fetcher.fetch(site.url("/b.html"), source=source)
    assert seen[1] - seen[0] >= 50.0


def test_500_then_success_backs_off_first(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher,
                                          clock: FakeClock) -> None:
    seen: list[float] = []

    def flaky(request: RecordedRequest) -> Response:
        seen.append(clock.monotonic())
        return Response(status=500, body=b"err") if len(seen) < 3 else OK_PAGE

    site.route("/flaky.html", flaky)
    result = fetcher.fetch(site.url("/flaky.html"), source=source)
    assert result.outcome is FetchOutcome.OK
    assert gaps(seen)[0] >= 1.0 and gaps(seen)[1] >= 2.0  # backoff_base 1 s, doubling


def test_failing_host_cools_down_instead_of_being_hammered(site: LoopbackSite, source: SourceConfig, make_fetcher,
                                                           clock: FakeClock) -> None:
    site.route("/down.html", Response(status=502, body=b"bad gateway"))
    site.route("/ok.html", OK_PAGE)
    fetcher = make_fetcher(retries=0, host_failure_limit=3, host_cooldown=600.0)
    results = [fetcher.fetch(site.url("/down.html"), source=source) for _ in range(3)]
    assert "cooling down" in results[-1].detail
    before = len(site.requests)
    resting = [fetcher.fetch(site.url(p), source=source) for p in ("/down.html", "/ok.html")]
    assert all(r.outcome is FetchOutcome.NETWORK_ERROR and "host cooling down" in r.detail for r in resting)
    assert len(site.requests) == before
    clock.advance(601.0)
    assert fetcher.fetch(site.url("/ok.html"), source=source).outcome is FetchOutcome.OK


def test_throttled_host_cools_down_as_throttled(site: LoopbackSite, source: SourceConfig, make_fetcher) -> None:
    site.route("/busy.html", Response(status=429, body=b"busy"))
    fetcher = make_fetcher(retries=5, host_failure_limit=2)
    first = fetcher.fetch(site.url("/busy.html"), source=source)
    assert first.outcome is FetchOutcome.THROTTLED and "cooling down" in first.detail
    assert len(site.requests_to("/busy.html")) == 2  # stopped retrying once the host rests
    assert fetcher.fetch(site.url("/busy.html"), source=source).outcome is FetchOutcome.THROTTLED


def test_robots_disallow_is_honoured_and_fetched_once(site: LoopbackSite, source: SourceConfig,
                                                       fetcher: Fetcher) -> None:
    site.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /private/\n"))
    site.route("/private/doc.html", OK_PAGE)
    site.route("/public/doc.html", OK_PAGE)
    result = fetcher.fetch(site.url("/private/doc.html"), source=source)
    assert result.outcome is FetchOutcome.ROBOTS_DISALLOWED
    assert site.requests_to("/private/doc.html") == []
    assert fetcher.fetch(site.url("/public/doc.html"), source=source).ok
    assert fetcher.fetch(site.url("/private/doc.html"), source=source).outcome is FetchOutcome.ROBOTS_DISALLOWED
    assert len(site.requests_to("/robots.txt")) == 1


def test_robots_group_for_our_product_token(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/robots.txt", Response(body=b"User-agent: policywatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n"))
    site.route("/doc.html", OK_PAGE)
    assert fetcher.fetch(site.url("/doc.html"), source=source).outcome is FetchOutcome.ROBOTS_DISALLOWED


def test_ignore_robots_is_explicit_and_logged_every_time(site: LoopbackSite, fetcher: Fetcher,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    site.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /\n"))
    site.route("/doc.html", OK_PAGE)
    source = SourceConfig(name="override", listing_urls=(site.url("/"),), allow_private=True, ignore_robots=True)
    with caplog.at_level(logging.WARNING, logger="policywatch.crawler"):
        assert fetcher.fetch(site.url("/doc.html"), source=source).ok
        assert fetcher.fetch(site.url("/doc.html"), source=source).ok
    warnings = [r for r in caplog.records if "ignores robots.txt" in r.getMessage()]
    assert len(warnings) == 2
    assert "override" in warnings[0].getMessage()


def test_missing_robots_allows_and_unreachable_robots_blocks(site: LoopbackSite, source: SourceConfig,
                                                             fetcher: Fetcher) -> None:
    site.route("/doc.html", OK_PAGE)
    assert fetcher.fetch(site.url("/doc.html"), source=source).ok  # no robots.txt: 404
    with LoopbackSite() as broken:
        broken.route("/robots.txt", Response(status=503, body=b"down"))
        broken.route("/doc.html", OK_PAGE)
        other = SourceConfig(name="b", listing_urls=(broken.url("/"),), allow_private=True)
        result = fetcher.fetch(broken.url("/doc.html"), source=other)
        assert result.outcome is FetchOutcome.NETWORK_ERROR
        assert "robots.txt" in result.detail
        assert broken.requests_to("/doc.html") == []


def test_fetch_many_runs_hosts_in_parallel_and_pairs_jobs_with_results(make_fetcher) -> None:
    arrived = {"a": threading.Event(), "b": threading.Event()}
    met: list[bool] = []

    def meet(mine: str, other: str):
        def handler(request: RecordedRequest) -> Response:
            arrived[mine].set()
            # Answer only once the other host has a request in flight too: proves parallelism
            # without timing anything (the wait gives up after 10 s and the test then fails).
            met.append(arrived[other].wait(10))
            return OK_PAGE
        return handler

    with LoopbackSite() as a, LoopbackSite() as b:
        a.route("/doc.html", meet("a", "b"))
        b.route("/doc.html", meet("b", "a"))
        for n in range(3):
            a.route(f"/more{n}.html", OK_PAGE)
        sources = {s: SourceConfig(name=n, listing_urls=(s.url("/"),), allow_private=True) for s, n in ((a, "a"), (b, "b"))}
        jobs = [FetchJob(a.url("/doc.html"), sources[a], tag="a0"), FetchJob(b.url("/doc.html"), sources[b], tag="b0")]
        jobs += [FetchJob(a.url(f"/more{n}.html"), sources[a], tag=f"a{n + 1}") for n in range(3)]
        pairs = list(make_fetcher(workers=2).fetch_many(jobs))
    assert met == [True, True]
    assert sorted(job.tag for job, _ in pairs) == ["a0", "a1", "a2", "a3", "b0"]
    assert all(result.ok and result.url == job.url for job, result in pairs)


def test_fetch_many_with_no_jobs(fetcher: Fetcher) -> None:
    assert list(fetcher.fetch_many([])) == []
