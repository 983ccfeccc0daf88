"""Fetcher: one polite, guarded HTTP session per run; every attempt becomes a FetchResult.

For each URL: the host must be one the source allows and resolve to a public address (unless
the source allows private ones), robots.txt must allow it, the host must not be cooling down;
then one request at a time per host, spaced by the minimum delay. Redirects are followed by
hand so every hop gets the same checks. Bodies are read as a capped stream, their format is
sniffed from magic bytes, text formats are decoded, and the response is classified
(`classify.py`). 5xx, 429, timeouts and resets are retried with backoff (Retry-After wins);
a 412-style challenge that sets a cookie is retried once with that cookie.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.utils import requote_uri

from policywatch.config import FetchSettings, SourceConfig
from policywatch.crawler.body import CHUNK, PAGE_END, BodyTooLarge, BodyTruncated, read_limited
from policywatch.crawler.classify import Evidence, classify, page_title
from policywatch.crawler.clock import Clock, RealClock
from policywatch.crawler.parallel import FetchJob, run_by_host
from policywatch.crawler.politeness import Politeness, backoff_delay, host_key, parse_retry_after
from policywatch.crawler.refresh import refresh_target
from policywatch.crawler.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsFile, robots_text
from policywatch.crawler.session import (
    PERMANENT_ERRORS,
    TRANSIENT_ERRORS,
    charset_of,
    describe,
    new_session,
    release,
)
from policywatch.crawler.tls import use_legacy_tls
from policywatch.crawler.urls import canonicalize
from policywatch.extract.decode import decode_body
from policywatch.extract.sniff import TEXT_FORMATS, sniff_format
from policywatch.model import FetchAttempt, FetchOutcome, FetchResult, Validators
from policywatch.net import Deadline, DeadlineExceeded, NetGuard

__all__ = ["FetchJob", "Fetcher", "fetch_many"]

logger = logging.getLogger(__name__)

# Failures that say something about the host (not the document) and count towards cool-down.
_HOST_FAILURES = frozenset({FetchOutcome.NETWORK_ERROR, FetchOutcome.THROTTLED, FetchOutcome.CHALLENGE,
                            FetchOutcome.MAINTENANCE})
_RETRY_OUTCOMES = frozenset({FetchOutcome.THROTTLED, FetchOutcome.HTTP_ERROR})
# outcomes of a page that may be a redirect written into it (meta refresh, location.href)
_WRITTEN_REDIRECT = frozenset({FetchOutcome.OK, FetchOutcome.STUB})
# the resting reason of a host whose Retry-After is longer than fetch.max_backoff
_ASKED_TO_WAIT = "retry_after"
# how long such a host rests when its wait budget is spent: longer than any run (a finite number,
# as the cluster's politeness keeps it as a Redis expiry)
_FOR_THE_RUN = 7 * 86400.0
_ROOT_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php",
                         "/default.htm", "/default.html", "/default.aspx"})


class _SourceOutOfTime(Exception):
    """robots.txt could not be read because the source's time ran out (not cached as the host's answer)."""


@dataclass
class _Call:
    """The state of one `fetch` call across redirects and retries."""

    url: str
    source: SourceConfig
    started: datetime
    t0: float
    validators: Validators | None
    expected_size: int | None
    data: Mapping[str, str] | None
    current: str = ""
    chain: list[str] = field(default_factory=list)  # URLs visited before `current`
    # each hop's URL in the one spelling listings use (crawler.urls.canonicalize), `current` last:
    # what the result records, while the request goes where the server said, as it spelled it
    spelled: list[str] = field(default_factory=list)
    retries: int = 0
    cookie_retry_used: bool = False
    failed: list[FetchAttempt] = field(default_factory=list)  # attempts retried, for the fetch log
    # time.monotonic() by which the source must be done (fetch.source_timeout), or None
    source_ends: float | None = None

    @property
    def method(self) -> str:
        return "POST" if self.data is not None else "GET"


class Fetcher:
    """Fetches URLs for one run. Thread-safe; use as a context manager or call `close()`.

    >>> with Fetcher(FetchSettings()) as fetcher:
    ...     result = fetcher.fetch(url, source=source)
    """

    def __init__(self, settings: FetchSettings, *, clock: Clock | None = None, guard: NetGuard | None = None,
                 politeness: Politeness | None = None) -> None:
        """`politeness`: host spacing shared with other processes (distributed workers); default this run's own."""
        self.settings = settings
        self.clock: Clock = clock or RealClock()
        self.guard = guard or NetGuard()
        self.session = new_session(settings, self.guard)
        self.politeness = politeness or Politeness(self.clock, failure_limit=settings.host_failure_limit,
                                                   cooldown=settings.host_cooldown)
        self.robots = RobotsCache(settings.user_agent)
        self._home_titles: dict[str, str] = {}
        self._rng = random.Random()
        self._source_ends: dict[str, float] = {}
        self._source_lock = threading.Lock()
        if not settings.respect_robots:
            logger.warning("fetch.respect_robots is false: robots.txt is ignored for every host")

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    # -- public ---------------------------------------------------------------------------

    @contextmanager
    def source_deadline(self, source: str, until: float) -> Iterator[None]:
        """Inside the block, `source`'s requests end by `until` (a time.monotonic() value).

        Each request then gets min(fetch.total_timeout, time left for the source), so a
        request in flight cannot carry the source past fetch.source_timeout; once the time is
        up, its fetches return network_error without touching the network.
        """
        with self._source_lock:
            self._source_ends[source] = until
        try:
            yield
        finally:
            with self._source_lock:
                self._source_ends.pop(source, None)

    def fetch(self, url: str, *, source: SourceConfig, validators: Validators | None = None,
              expected_size: int | None = None, data: Mapping[str, str] | None = None) -> FetchResult:
        """Fetch `url` for `source`; never raises for anything the network or server does.

        `validators` make the GET conditional; `expected_size` (this document's usual body
        size) lets a far smaller body be called a stub; `data` makes it a form POST.
        """
        with self._source_lock:
            source_ends = self._source_ends.get(source.name)
        call = _Call(url=url, source=source, started=self.clock.now(), t0=self.clock.monotonic(),
                     validators=validators, expected_size=expected_size, data=data, current=url,
                     source_ends=source_ends)
        try:
            return self._fetch(call)
        except ValueError as exc:  # a malformed URL or Location header (bad port, broken IPv6 literal)
            return self._result(call, FetchOutcome.REFUSED, f"malformed URL {call.current!r}: {exc}")

    def _fetch(self, call: _Call) -> FetchResult:
        url = call.url
        key = host_key(url)
        resting = self._resting(call, key)
        if resting is not None:
            return resting
        refused = self._check_target(call, url)
        if refused is not None:
            if refused.outcome is FetchOutcome.NETWORK_ERROR:  # DNS failure: the host's health
                self.politeness.failed(key, refused.outcome.value)
            return refused
        with self.politeness.slot(key):
            # Checked again: the host may have started resting while this call waited its turn.
            return self._resting(call, key) or self._run(call)

    def fetch_many(self, jobs: Iterable[FetchJob]) -> Iterator[tuple[FetchJob, FetchResult]]:
        """Fetch jobs, hosts in parallel (settings.workers), one host's jobs one at a time.

        Yields ``(job, result)`` as results complete; closing the iterator early stops the
        remaining jobs after the requests in flight.
        """
        return run_by_host(jobs, self._fetch_job, workers=self.settings.workers)

    def _fetch_job(self, job: FetchJob) -> FetchResult:
        return self.fetch(job.url, source=job.source, validators=job.validators,
                          expected_size=job.expected_size, data=job.data)

    # -- one call -------------------------------------------------------------------------

    def _run(self, call: _Call) -> FetchResult:
        """Requests until a final answer: redirects and retries loop back here."""
        while True:
            if call.source.tls_legacy:  # every hop: a redirect may lead to another of its hosts
                use_legacy_tls(self.session, call.current, source=call.source.name, guard=self.guard)
            blocked = self._check_robots(call)
            if blocked is not None:
                return blocked
            key, delay = host_key(call.current), self._min_delay(call.source)
            self.politeness.wait_turn(key, delay)
            # One request (connect, TLS handshake, headers, body) gets fetch.total_timeout, however
            # it trickles, and never more than its source has left.
            budget = self._budget(call)
            if budget <= 0:
                self.politeness.finished(key, 0.0)
                return self._out_of_time(call)
            with Deadline(budget) as deadline:
                try:
                    response = self._send(call)
                except PERMANENT_ERRORS as exc:
                    self.politeness.finished(key, delay)
                    final = self._result(call, FetchOutcome.NETWORK_ERROR, describe(exc))
                    # a handshake cut off by the deadline surfaces as an SSLError
                    return self._deadline_hit(call, final) if deadline.expired else final
                except TRANSIENT_ERRORS as exc:
                    self.politeness.finished(key, delay)
                    final = self._result(call, FetchOutcome.NETWORK_ERROR, describe(exc))
                    if deadline.expired:
                        return self._deadline_hit(call, final)
                    outcome = self._retry_or_finish(call, final, retry_after=None)
                    if outcome is None:
                        continue
                    return outcome
                try:
                    answer = self._handle(call, response, deadline)
                finally:
                    release(response)
                    self.politeness.finished(key, delay)
            if answer is not None:
                return answer

    def _send(self, call: _Call) -> requests.Response:
        headers: dict[str, str] = {}
        if call.data is None and call.validators is not None:
            if call.validators.etag:
                headers["If-None-Match"] = call.validators.etag
            if call.validators.last_modified:
                headers["If-Modified-Since"] = call.validators.last_modified
        logger.debug("%s %s", call.method, call.current)
        return self.session.request(
            call.method, call.current, data=dict(call.data) if call.data is not None else None, headers=headers,
            stream=True, allow_redirects=False,
            timeout=(self.settings.connect_timeout, self.settings.read_timeout),
        )

    def _handle(self, call: _Call, response: requests.Response, deadline: Deadline) -> FetchResult | None:
        """The final result for this response, or None to send another request."""
        key = host_key(call.current)
        if response.is_redirect:
            return self._redirect(call, response)
        if response.status_code == 304:
            self.politeness.succeeded(key)
            if not _conditional(call):
                # nothing was sent to compare against: a document answering so is never stored,
                # and calling it "not modified" would hide that on every run
                return self._result(call, FetchOutcome.HTTP_ERROR, "HTTP 304 to a request that was not conditional",
                                    response=response)
            return self._result(call, FetchOutcome.NOT_MODIFIED, "", response=response)
        if 200 <= response.status_code < 300 and (unread := _unread_encodings(response.headers.get("Content-Encoding", ""))):
            # a page in br, zstd or compress: not asked for (session.py's Accept-Encoding) and not
            # inflated here, so never a bomb, but its bytes are no page either: said as such, unread.
            # Only a body that would be read: any other status is handled as it always is (a 503 in
            # br is retried, a 429 cools the host down, a 404 is not_found), after this check would
            # have hidden each of them as unsupported
            return self._result(call, FetchOutcome.UNSUPPORTED, f"Content-Encoding {', '.join(unread)} was not asked for "
                                                                "(Accept-Encoding: gzip, deflate) and is not read",
                                response=response)
        try:
            body = read_limited(_until(deadline, response.raw.stream(CHUNK, decode_content=False)),
                                limit=self.settings.max_bytes,
                                content_encoding=response.headers.get("Content-Encoding", ""),
                                content_type=response.headers.get("Content-Type", ""))
        except DeadlineExceeded:
            return self._deadline_hit(call, self._result(call, FetchOutcome.NETWORK_ERROR, "body read stopped",
                                                         response=response))
        except BodyTooLarge as exc:
            return self._result(call, FetchOutcome.TOO_LARGE, f"{call.current}: {exc}", response=response)
        except BodyTruncated as exc:
            # not retried: a server whose Content-Length is short says the same the next time
            return self._result(call, FetchOutcome.NETWORK_ERROR, f"{exc}{_declared_length(response)}: cut off, "
                                                                  "not read", response=response)
        except zlib.error as exc:
            return self._result(call, FetchOutcome.DECODE_ERROR, f"corrupt compressed body: {exc}", response=response)
        except TRANSIENT_ERRORS as exc:
            final = self._result(call, FetchOutcome.NETWORK_ERROR, f"body read failed: {describe(exc)}",
                                 response=response)
            if deadline.expired:
                return self._deadline_hit(call, final)
            return self._retry_or_finish(call, final, retry_after=None)
        result = self._evaluate(call, response, body)
        if result.outcome in _WRITTEN_REDIRECT and result.text is not None and (written := refresh_target(result.text)):
            # a page whose only content is a meta refresh or location.href: followed as a redirect
            # would be, or the notice is stored in place of the document it points to. A known
            # document's redirect page is far below its usual size: a stub by size, followed all the same
            return self._hop(call, requote_uri(urljoin(call.current, written)).split("#", 1)[0], response)
        if result.outcome is FetchOutcome.CHALLENGE and response.cookies and not call.cookie_retry_used:
            call.cookie_retry_used = True  # the cookie is in the session's jar for the retry
            call.failed.append(_attempt(result))
            logger.info("%s: challenge set a cookie; retrying once with it", call.current)
            return None
        wait = parse_retry_after(response.headers.get("Retry-After"), now=self.clock.now())
        refused_now = response.status_code == 429 or response.status_code >= 500
        if wait is not None and refused_now and wait > self.settings.max_backoff:
            # "come back in an hour" (a maintenance window): waiting fetch.max_backoff and asking
            # again is neither what the server asked nor useful, and a run would sleep that long
            # for every document of the host. The host rests for the rest of the run instead.
            # no longer than _FOR_THE_RUN: a Retry-After of 10^23 s (or the year 9999) is past
            # any run, and the cluster's politeness keeps the rest as a Redis expiry, which Redis
            # refuses past 2^63 ms (the fetch raised instead of answering throttled)
            rest = min(wait, _FOR_THE_RUN)
            self.politeness.rest(key, rest, _ASKED_TO_WAIT)
            asked = f"{wait:g} s" if wait <= _FOR_THE_RUN else f"more than {rest:g} s"
            return _amend(result, f"the server asked for {asked} (Retry-After), more than fetch.max_backoff "
                                  f"({self.settings.max_backoff:g} s): {key} is not asked again this run")
        if wait is not None and refused_now and wait > 0:
            # Each wait within max_backoff is reasonable; a host answering every document so is not
            # (300 s per document, retries included, is hours for a column). The waits add up
            # against fetch.host_wait_budget; past it the host rests for the rest of the run.
            budget = self.settings.host_wait_budget
            spent = self.politeness.spend_wait(key, wait, budget)
            if spent is None:
                self.politeness.rest(key, _FOR_THE_RUN, _ASKED_TO_WAIT)
                return _amend(result, f"the server asked for {wait:g} s more (Retry-After) after {key} had been "
                                      f"waited for up to fetch.host_wait_budget ({budget:g} s) this run: "
                                      f"{key} is not asked again this run")
        if wait is not None:
            # Honoured even when this call will not retry: the next request to the host waits too.
            self.politeness.defer(key, min(wait, self.settings.max_backoff))
        if result.outcome in _RETRY_OUTCOMES and (response.status_code == 429 or response.status_code >= 500):
            return self._retry_or_finish(call, result, retry_after=wait)
        if result.outcome in _HOST_FAILURES:
            self.politeness.failed(key, result.outcome.value)
        else:
            self.politeness.succeeded(key)
        return result

    def _deadline_hit(self, call: _Call, final: FetchResult) -> FetchResult:
        """A request cut off by its deadline: final (a retry would be just as slow).

        Cut by fetch.total_timeout it counts against the host; cut because its source ran out
        of time (fetch.source_timeout) it says nothing about the host.
        """
        if self._source_out_of_time(call):
            return _amend(final, f"stopped by fetch.source_timeout ({self.settings.source_timeout:g} s) "
                                 f"of source {call.source.name}")
        self.politeness.failed(host_key(call.current), final.outcome.value)
        return _amend(final, f"stopped by fetch.total_timeout ({self.settings.total_timeout:g} s)")

    @staticmethod
    def _source_out_of_time(call: _Call) -> bool:
        """Whether `call`'s source deadline (rather than fetch.total_timeout) is what ran out."""
        return call.source_ends is not None and time.monotonic() >= call.source_ends - 0.05

    def _budget(self, call: _Call) -> float:
        """Seconds the next request of `call` may take: fetch.total_timeout or what its source has left."""
        if call.source_ends is None:
            return self.settings.total_timeout
        return min(self.settings.total_timeout, call.source_ends - time.monotonic())

    def _out_of_time(self, call: _Call) -> FetchResult:
        final = self._result(call, FetchOutcome.NETWORK_ERROR,
                             f"not requested: source {call.source.name} used up its fetch.source_timeout "
                             f"({self.settings.source_timeout:g} s)")
        return _amend(final, f"after {call.retries + 1} attempts") if call.retries else final

    def _retry_or_finish(self, call: _Call, final: FetchResult, *, retry_after: float | None) -> FetchResult | None:
        """After a failed attempt: None to retry (after backoff or Retry-After), else `final`."""
        key = host_key(call.current)
        if self.politeness.failed(key, final.outcome.value):
            return _amend(final, "host now cooling down")
        if call.retries >= self.settings.retries:
            return _amend(final, f"after {call.retries + 1} attempts") if call.retries else final
        if retry_after is not None:
            wait = min(retry_after, self.settings.max_backoff)
        else:
            wait = backoff_delay(call.retries, base=self.settings.backoff_base, cap=self.settings.max_backoff,
                                 rng=self._rng)
        if call.source_ends is not None and time.monotonic() + wait >= call.source_ends:
            return _amend(final, "no time left for a retry within fetch.source_timeout")
        call.retries += 1
        call.failed.append(_attempt(final))
        logger.info("%s: %s; retry %d in %.1f s", call.current, final.detail or final.outcome.value, call.retries, wait)
        self.politeness.defer(key, wait)
        return None

    def _redirect(self, call: _Call, response: requests.Response) -> FetchResult | None:
        location = self.session.get_redirect_target(response) or ""
        return self._hop(call, requote_uri(urljoin(call.current, location)).split("#", 1)[0], response)

    def _hop(self, call: _Call, target: str, response: requests.Response) -> FetchResult | None:
        """Move the call on to `target` (None), or the result that refuses to (a loop, too many
        hops, a host the source may not fetch)."""
        visited = [*call.chain, call.current]
        if target in visited:
            if response.cookies and not call.cookie_retry_used:
                call.cookie_retry_used = True  # openresty-style: 302 to itself with a cookie
            else:
                loop = " → ".join([*visited[visited.index(target):], target])
                return self._result(call, FetchOutcome.REFUSED, f"redirect loop: {loop}", response=response)
        if len(call.chain) >= self.settings.max_redirects:
            return self._result(call, FetchOutcome.REFUSED,
                                f"more than {self.settings.max_redirects} redirects (next: {target})", response=response)
        refused = self._check_target(call, target, hop=True)
        if refused is not None:
            return refused
        spelled = canonicalize(target) or target
        if _is_root(spelled) and not _is_root(call.url):
            return self._result(call, FetchOutcome.SOFT_404, f"document URL redirected to the home page {target}",
                                response=response)
        if response.status_code in (200, 303) or (response.status_code in (301, 302) and call.data is not None):
            call.data = None  # as browsers do: the form is not re-posted to the new location (nor after a refresh)
        self.politeness.succeeded(host_key(call.current))
        call.chain.append(call.current)
        call.current = target
        call.spelled.append(spelled)
        return None

    def _evaluate(self, call: _Call, response: requests.Response, body: bytes) -> FetchResult:
        """Sniff, decode and classify a complete body."""
        content_type = response.headers.get("Content-Type", "")
        fmt = sniff_format(body, content_type, call.current)
        text = encoding = rule = None
        decode_ok, reason = True, ""
        if fmt in TEXT_FORMATS and body:
            decoded = decode_body(body, http_charset=charset_of(content_type), forced=call.source.encoding)
            text, encoding, rule, decode_ok, reason = decoded.text, decoded.encoding, decoded.rule, decoded.ok, decoded.reason
        home = None if _is_root(call.current) else self._home_titles.get(host_key(call.current))
        evidence = Evidence(status=response.status_code, body=body, text=text, format=fmt, decode_ok=decode_ok,
                            decode_reason=reason, expected_size=call.expected_size, home_title=home,
                            cookie_names=tuple(response.cookies.keys()))
        outcome, detail = classify(evidence)
        if outcome is FetchOutcome.OK and fmt == "html" and text and _cut_at_declared_length(response, body, text):
            outcome, detail = FetchOutcome.NETWORK_ERROR, (
                f"page cut off at its Content-Length ({len(body)} bytes), mid-text and before its </html>: "
                "the server's length is shorter than the page")
        if outcome is FetchOutcome.OK and fmt == "unknown":
            outcome, detail = FetchOutcome.UNSUPPORTED, f"unrecognised format (Content-Type {content_type!r})"
        if outcome is FetchOutcome.OK and fmt == "html" and text and _is_root(call.current):
            self._home_titles[host_key(call.current)] = page_title(text)
        return self._result(call, outcome, detail, response=response, body=body, text=text,
                            encoding=encoding, rule=rule)

    # -- checks ---------------------------------------------------------------------------

    def _check_target(self, call: _Call, url: str, *, hop: bool = False) -> FetchResult | None:
        """Refuse a URL off the source's hosts or on a private address, before connecting."""
        what = f"redirect to {url}" if hop else url
        host = (urlsplit(url).hostname or "").lower()
        allowed = [h.lower() for h in call.source.hosts if h]
        if allowed and not any(host == h or host.endswith("." + h) for h in allowed):
            return self._result(call, FetchOutcome.REFUSED,
                                f"{what} refused: host {host!r} is not one of {', '.join(allowed)}")
        verdict = self.guard.check(url, allow_private=call.source.allow_private)
        if verdict.allowed:
            return None
        outcome = FetchOutcome.NETWORK_ERROR if verdict.network else FetchOutcome.REFUSED
        return self._result(call, outcome, f"{what} refused: {verdict.reason}" if hop else verdict.reason)

    def _check_robots(self, call: _Call) -> FetchResult | None:
        if not self.settings.respect_robots:
            return None
        try:
            verdict = self.robots.verdict(call.current, lambda robots_url: self._fetch_robots(robots_url, call))
        except _SourceOutOfTime:
            return self._out_of_time(call)
        if verdict.allowed:
            return None
        if call.source.ignore_robots:
            logger.warning("source %s ignores robots.txt: fetching %s anyway (%s)",
                           call.source.name, call.current, verdict.reason)
            return None
        outcome = FetchOutcome.NETWORK_ERROR if verdict.unreachable else FetchOutcome.ROBOTS_DISALLOWED
        return self._result(call, outcome, verdict.reason)

    def _fetch_robots(self, robots_url: str, call: _Call) -> RobotsFile:
        """GET a robots.txt politely, following same-host redirects (http → https)."""
        url = robots_url
        host = urlsplit(url).hostname
        for _ in range(5):
            key, delay = host_key(url), self._min_delay(call.source)
            if urlsplit(url).hostname != host or not self.guard.check(url, allow_private=call.source.allow_private).allowed:
                return RobotsFile(404, error=f"redirected off-host to {url}")
            self.politeness.wait_turn(key, delay)
            response = None
            budget = self._budget(call)
            if budget <= 0:
                self.politeness.finished(key, 0.0)
                raise _SourceOutOfTime
            deadline = Deadline(budget)
            try:
                with deadline:
                    response = self.session.get(url, stream=True, allow_redirects=False,
                                                timeout=(self.settings.connect_timeout, self.settings.read_timeout))
                    if response.is_redirect:
                        url = urljoin(url, self.session.get_redirect_target(response) or "")
                        continue
                    if response.status_code != 200:
                        return RobotsFile(response.status_code)
                    if unread := _unread_encodings(response.headers.get("Content-Encoding", "")):
                        # its rules cannot be read (read as bytes, a Disallow in br was junk and
                        # went unheeded): unreachable, as a robots.txt that did not answer is
                        # (RFC 9309 §2.3.1.4, docs/operations.md), asked again next run
                        return RobotsFile(None, error=f"robots.txt in Content-Encoding {', '.join(unread)}, "
                                                      "which was not asked for and is not read")
                    body = read_limited(_until(deadline, response.raw.stream(CHUNK, decode_content=False)),
                                        limit=ROBOTS_MAX_BYTES,
                                        content_encoding=response.headers.get("Content-Encoding", ""))
                    return RobotsFile(200, robots_text(body, cut=False))
            except BodyTooLarge as exc:
                # RFC 9309 §2.5: its first 500 KiB are read (taking it as absent let a huge file's
                # Disallow lines go unheeded)
                logger.warning("%s is over %d bytes: only its rules up to there are read", url, ROBOTS_MAX_BYTES)
                return RobotsFile(200, robots_text(exc.head, cut=True))
            except BodyTruncated as exc:  # before zlib.error: its rules up to the cut are the host's
                logger.warning("%s: %s; only its rules up to there are read", url, exc)
                return RobotsFile(200, robots_text(exc.head, cut=True))
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, zlib.error) as exc:
                if deadline.expired and self._source_out_of_time(call):
                    raise _SourceOutOfTime from exc  # not the host's answer: nothing to cache for it
                # DeadlineExceeded is an OSError (TimeoutError): the robots file was unreachable in time
                return RobotsFile(None, error=describe(exc))
            finally:
                if response is not None:
                    release(response)
                self.politeness.finished(key, delay)
        return RobotsFile(404, error="too many redirects")

    def _resting(self, call: _Call, key: str) -> FetchResult | None:
        """A quick answer for a host that is cooling down, without touching it."""
        resting = self.politeness.cooling_down(key)
        if not resting:
            return None
        if resting == _ASKED_TO_WAIT:
            return self._result(call, FetchOutcome.THROTTLED, "not requested: the host asked (Retry-After) to be left "
                                                              "alone for longer than fetch.max_backoff, or for "
                                                              "more than fetch.host_wait_budget in all this run")
        outcome = FetchOutcome.THROTTLED if resting in ("throttled", "challenge") else FetchOutcome.NETWORK_ERROR
        return self._result(call, outcome, f"host cooling down after repeated {resting}")

    def _min_delay(self, source: SourceConfig) -> float:
        return source.min_delay if source.min_delay is not None else self.settings.min_delay

    # -- results --------------------------------------------------------------------------

    def _result(self, call: _Call, outcome: FetchOutcome, detail: str, *, response: requests.Response | None = None,
                body: bytes = b"", text: str | None = None, encoding: str | None = None,
                rule: str | None = None) -> FetchResult:
        headers = response.headers if response is not None else {}
        validators = Validators(etag=headers.get("ETag"), last_modified=headers.get("Last-Modified"))
        if outcome is FetchOutcome.NOT_MODIFIED and call.validators is not None:
            # A 304 may repeat only some validators; the ones we sent are still good.
            validators = Validators(etag=validators.etag or call.validators.etag,
                                    last_modified=validators.last_modified or call.validators.last_modified)
        # A failure after redirects happened at final_url (said beside the document by the run):
        # the detail stays the reason alone, so a site-wide failure is one line of the warnings
        if outcome is not FetchOutcome.OK:
            logger.debug("%s: %s %s%s", call.url, outcome.value, detail, f" (at {call.current})" if call.chain else "")
        # A redirect target is recorded in the listings' spelling: reached directly or through
        # a redirect spelled otherwise (`//`, `;jsessionid=`, raw UTF-8, share parameters), a
        # document has one address, and the store finds it by that address (state.versions).
        hops = call.spelled if call.spelled else [call.current]
        return FetchResult(
            url=call.url, outcome=outcome, fetched_at=call.started, final_url=hops[-1],
            status=response.status_code if response is not None else None,
            content_type=headers.get("Content-Type", ""), body=body, text=text, encoding=encoding,
            encoding_rule=rule, validators=validators, headers=tuple(headers.items()),
            redirects=(*call.chain[:1], *hops[:-1]), elapsed_ms=int((self.clock.monotonic() - call.t0) * 1000), detail=detail,
            retried=tuple(call.failed),
        )


def fetch_many(fetcher: Fetcher, jobs: Iterable[FetchJob]) -> Iterator[tuple[FetchJob, FetchResult]]:
    """`fetcher.fetch_many(jobs)` as a function."""
    return fetcher.fetch_many(jobs)


def _until(deadline: Deadline, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """`chunks`, raising DeadlineExceeded once the deadline has passed."""
    for chunk in chunks:
        deadline.check()
        yield chunk


# Compressions body.read_limited does not inflate (it inflates gzip and deflate, what session.py's
# Accept-Encoding asks for): a body in one of these is no text. Any other token is read as plain
# bytes: servers send Content-Encoding: utf-8, utf8, none, binary or identity for an uncompressed
# page, and refusing them left such a site's pages unread on every run.
_UNREAD_ENCODINGS = frozenset({"br", "zstd", "compress", "x-compress"})


def _unread_encodings(content_encoding: str) -> list[str]:
    """The known compressions in a Content-Encoding header that policywatch does not inflate."""
    return [coding for coding in (c.strip().lower() for c in content_encoding.split(",")) if coding in _UNREAD_ENCODINGS]


def _declared_length(response: requests.Response) -> str:
    length = response.headers.get("Content-Length", "")
    return f" (Content-Length {length})" if length.isdigit() else ""


def _cut_at_declared_length(response: requests.Response, body: bytes, text: str) -> bool:
    """An uncompressed HTML page that stops where its Content-Length said, inside its text and
    with no </html> anywhere: the server counted characters rather than UTF-8 bytes, or a proxy
    rewrote the page and kept its length, and sent the rest all the same, which the reader never
    sees. A whole page ends with a tag (or blanks after one) or carries its </html>."""
    length = response.headers.get("Content-Length", "")
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if not length.isdigit() or int(length) != len(body) or encoding not in ("", "identity"):
        return False
    return not text.rstrip().endswith(">") and PAGE_END.search(body) is None  # a cut page has no end tag


def _is_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path.lower() in _ROOT_PATHS and not parts.query


def _attempt(result: FetchResult) -> FetchAttempt:
    return FetchAttempt(outcome=result.outcome, status=result.status, detail=result.detail,
                        elapsed_ms=result.elapsed_ms)


def _amend(result: FetchResult, note: str) -> FetchResult:
    return replace(result, detail=f"{result.detail}; {note}" if result.detail else note)


def _conditional(call: _Call) -> bool:
    """True when the request carries a validator (If-None-Match / If-Modified-Since)."""
    return call.data is None and call.validators is not None and bool(
        call.validators.etag or call.validators.last_modified)
