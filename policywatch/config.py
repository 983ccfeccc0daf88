"""Settings: the policywatch.toml schema, its defaults, validation and loading.

The schema is data (the SCHEMA tables below): each key has a type, a default and a help text.
The loader, `policywatch init` and docs/configuration.md are all derived from it, so an
unknown key, a wrong type or an undocumented key cannot slip through.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.utils import getaddresses
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from policywatch.charsets import normalize_charset
from policywatch.errors import ConfigError
from policywatch.redact import redact_url

# --------------------------------------------------------------------------- values


DEFAULT_USER_AGENT = "policywatch/0.1 (policy change monitor; set fetch.user_agent to include your contact)"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How the crawler talks to servers (one set for the whole run, sources may override delay)."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    min_delay: float = 2.0  # seconds between two requests to one host
    retries: int = 3
    backoff_base: float = 1.0
    max_backoff: float = 300.0
    host_wait_budget: float = 600.0  # Retry-After seconds honoured per host per run; then it rests (0: no limit)
    host_cooldown: float = 1800.0  # a host that keeps failing rests this long
    host_failure_limit: int = 5
    respect_robots: bool = True
    workers: int = 4  # hosts fetched in parallel
    total_timeout: float = 300.0  # one request, connect to last body byte (a slowloris is cut off)
    source_timeout: float = 3600.0  # one source in one run; then it is recorded failed


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Limits on turning one attachment's bytes into text (a hostile file costs at most these).

    PDF, DOCX and DOC files, and HTML document and listing pages over 1,000,000 characters,
    are read in a child process bounded by the first three; the rest are checked inside the
    readers, before or while inflating, and by the parent on the result.
    """

    timeout: float = 120.0  # wall-clock seconds per file
    cpu_seconds: int = 60
    memory_mb: int = 1024  # address space of the extraction child
    max_unzipped_bytes: int = 50_000_000  # DOCX, OFD, ZIP: total uncompressed size of the archive members
    max_zip_ratio: int = 100  # DOCX, OFD, ZIP: uncompressed/compressed size of any one member
    max_zip_members: int = 200  # ZIP bundle: files in one archive (each nested ZIP too)
    max_zip_depth: int = 2  # ZIP bundle: archive levels read (2: the bundle and one ZIP inside it)
    max_pdf_stream_bytes: int = 50_000_000  # PDF: one decompressed content/image stream
    max_pdf_pages: int = 2000
    max_text_bytes: int = 5_000_000  # extracted text (UTF-8) of one document
    max_text_lines: int = 100_000


@dataclass(frozen=True, slots=True)
class DistributedSettings:
    """Celery workers for the per-document work; the run that enqueues stays the store's only writer."""

    broker_url: str = "redis://127.0.0.1:6379/0"
    queue: str = "policywatch"
    concurrency: int = 0  # worker processes per `policywatch worker`; 0: one per CPU
    task_time_limit: float = 300.0
    result_timeout: float = 900.0
    visibility_timeout: float = 900.0
    host_lease: float = 120.0


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One watched site column: where its listing is, how to find documents and their body."""

    name: str
    listing_urls: tuple[str, ...]
    profile: str = "generic"  # generic, trs, hanweb, json
    link_selector: str = ""  # CSS selector for document links on listing pages
    link_pattern: str = ""  # regular expression a document URL must match
    next_selector: str = ""  # CSS selector of the "next page" link
    body_selector: str = ""  # CSS selector of the document body
    ignore_selectors: tuple[str, ...] = ()  # CSS selectors removed from the body
    ignore_patterns: tuple[str, ...] = ()  # regular expressions removed from the body text
    allowed_hosts: tuple[str, ...] = ()  # defaults to the hosts of listing_urls
    allow_private: bool = False  # loopback/private addresses (demo and tests only)
    ignore_robots: bool = False  # an explicit, logged override
    schedule: str = "every 1d"  # cron expression ("0 6 * * *") or interval ("every 6h")
    pages: int = 2  # listing pages read on runs after the first
    max_pages: int = 100  # listing pages read on the first run (backfill)
    min_delay: float | None = None  # overrides fetch.min_delay for this source's hosts
    confirm_runs: int = 1  # a change must be seen this many runs in a row before it is reported
    recheck: str = "always"  # "always" or "decay" (daily for a month, then weekly)
    encoding: str = ""  # force a charset when a site lies about it
    json_items: str = ""  # json profile: dotted path to the list of records
    json_url_field: str = "url"
    json_url_template: str = ""  # a record's URL built from its fields: "/art/{id}.html"
    json_title_field: str = "title"
    json_date_field: str = ""
    json_post: str = ""  # json profile: the form fields POSTed for each page: "pageNo={page}&pageSize=15"
    script_url_template: str = ""  # a script-opened link's URL from its call's arguments: "/detail.jsp?id={0}"
    attachments: bool = True  # download PDF/DOCX attachments
    ocr: bool = True  # recognise scanned PDFs and images when an OCR engine is installed
    render: str = "static"  # "browser": listing pages are rendered by headless Chromium
    render_wait: str = ""  # CSS selector the rendered listing must contain before links are read
    tls_legacy: bool = False  # accept servers that only speak old TLS (OpenSSL security level 1)
    renamed_from: tuple[str, ...] = ()  # names this source had before: its first run continues them

    def __post_init__(self) -> None:
        # one listing named twice (or with a #fragment or a trailing slash more) is walked once:
        # walked twice, every page of it was fetched twice in each run
        object.__setattr__(self, "listing_urls", tuple(distinct_listing_urls(self.listing_urls)[0]))

    @property
    def hosts(self) -> tuple[str, ...]:
        if self.allowed_hosts:
            return self.allowed_hosts
        return tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in self.listing_urls))


def listing_url_key(url: str) -> str:
    """What tells one listing URL from another: its scheme, host, path and query, without a
    #fragment (never sent to the server) or a path's trailing slash (/zcwj/ and /zcwj are one
    column's page)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}" + (f"?{parts.query}" if parts.query else "")


def distinct_listing_urls(urls: tuple[str, ...] | list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(the distinct listing URLs in order, each in its first spelling; (repeat, the URL it
    repeats) for each other spelling of one)."""
    first: dict[str, str] = {}
    repeats = []
    for url in urls:
        key = listing_url_key(url)
        if key in first:
            repeats.append((url, first[key]))
        else:
            first[key] = url
    return list(first.values()), repeats


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"  # none, starttls, ssl
    username: str = ""
    password_env: str = "POLICYWATCH_SMTP_PASSWORD"
    sender: str = "policywatch@localhost"
    timeout: float = 30.0

    @property
    def password(self) -> str:
        return os.environ.get(self.password_env, "")


@dataclass(frozen=True, slots=True)
class Subscription:
    name: str
    recipients: tuple[str, ...]
    sources: tuple[str, ...] = ()  # empty: all sources
    issuers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    frequency: str = "daily"  # immediate, daily, weekly
    label: str = ""  # what readers see ("人工智能政策"); the name when empty

    @property
    def title(self) -> str:
        return self.label or self.name


@dataclass(frozen=True, slots=True)
class Webhook:
    name: str
    url: str
    format: str = "json"  # json, wecom, dingtalk, feishu
    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    """The whole configuration, loaded once at the edge and passed down as a value."""

    path: Path | None = None
    database: Path = Path("policywatch.db")
    output_dir: Path = Path("policywatch-site")
    site_base_url: str = ""
    lang: str = "zh"
    templates_dir: Path | None = None
    log_format: str = "text"
    lock_file: Path | None = None
    digest_schedule: str = "0 8 * * *"
    timezone: str = "Asia/Shanghai"
    health_alert_after: float = 86400.0  # seconds a source may fail before it is reported
    fetch: FetchSettings = field(default_factory=FetchSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    distributed: DistributedSettings | None = None  # None: everything runs in this one process
    sources: tuple[SourceConfig, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    webhooks: tuple[Webhook, ...] = ()

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(
            f"no source named {name!r}; configured: {', '.join(s.name for s in self.sources) or 'none'}"
        )


# --------------------------------------------------------------------------- schema
#
# Each entry: key -> (type, default, help). Types: str, int, float, bool, "path", "list",
# "url-list". A default of None means optional. The order here is the order of the docs.


@dataclass(frozen=True, slots=True)
class Key:
    type: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    required: bool = False
    maximum: int | None = None  # an int's largest value (a port); MAX_INT when None
    minimum: int = 0  # an int's smallest value (1 for a limit that 0 would turn into "read nothing")
    positive: bool = False  # a float of seconds that 0 would turn into "wait for nothing" (a timeout)


# Every float key is a number of seconds, and none means anything past a year; far larger ones
# (1e300 is valid TOML) overflowed time.sleep and the deadlines' clocks mid-run, a traceback
# that failed the source.
MAX_SECONDS = 365 * 86400
# An int key's largest value unless it names its own: byte and count limits this large are "no
# limit" in practice, and past 2**63 they no longer fit the C integers zlib and setrlimit take
# (extract.max_pdf_stream_bytes = 2**63 - 1 made every PDF unreadable).
MAX_INT = 2**40
# fetch.workers sizes a connection pool that is filled up front, and distributed.concurrency
# starts that many processes: 10**8 of either hung the command instead of saying no.
MAX_PARALLEL = 1024


TOP_KEYS: dict[str, Key] = {
    "database": Key("path", "policywatch.db", "SQLite file holding every document, version and change (relative to the config file)."),
    "output_dir": Key("path", "policywatch-site", "Directory the static report site is written to."),
    "site_base_url": Key("str", "", "Public URL of the report site, used for links in emails and feeds (e.g. https://policy.example.org/)."),
    "lang": Key("str", "zh", "Interface language of the site, the digests and webhook posts, and `status`'s text.",
                choices=("zh", "en")),
    "templates_dir": Key("path", None, "Directory with jinja2 templates overriding the bundled ones (same file names)."),
    "log_format": Key("str", "text", "Log line format on stderr.", choices=("text", "json")),
    "lock_file": Key("path", None, "Lock file that keeps two runs from overlapping (default: next to the database)."),
    "digest_schedule": Key("str", "0 8 * * *", "When the daemon sends daily/weekly digests (cron expression)."),
    "timezone": Key("str", "Asia/Shanghai", "Time zone of the daemon's cron schedules (an IANA name such as Asia/Shanghai or UTC)."),
    "health_alert_after": Key("float", 86400.0, "Seconds a source may stay blocked or failing before a health alert is reported."),
}

FETCH_KEYS: dict[str, Key] = {
    "user_agent": Key("str", DEFAULT_USER_AGENT, "User-Agent sent with every request (printable ASCII: an HTTP header); include a way to contact you."),
    "connect_timeout": Key("float", 10.0, "Seconds to wait for a connection.", positive=True),
    "read_timeout": Key("float", 30.0, "Seconds to wait between bytes of a response.", positive=True),
    "max_bytes": Key("int", 20_000_000, "Largest response body read; larger ones are cut off and recorded as too_large."),
    "max_redirects": Key("int", 5, "Redirects followed before giving up."),
    "min_delay": Key("float", 2.0, "Minimum seconds between two requests to the same host."),
    "retries": Key("int", 3, "Retries after 5xx, timeouts and connection resets (exponential backoff with jitter)."),
    "backoff_base": Key("float", 1.0, "First backoff delay in seconds; doubles on each retry."),
    "max_backoff": Key("float", 300.0, "Longest single wait. A Retry-After up to it is waited for; a longer one (a maintenance "
                                             "window) leaves the host alone for the rest of the run, its documents named in the "
                                             "warnings (more than three as one line) and in `run --json`'s `unread`."),
    "host_wait_budget": Key("float", 600.0, "Seconds of Retry-After (each within max_backoff) one host may make a run "
                            "wait in all; past it the host is left alone for the rest of the run, its unread documents "
                            "counted in the warnings (the first three named) and each named in `run --json`'s `unread`. "
                            "0: no limit."),
    "host_cooldown": Key("float", 1800.0, "Seconds a host that keeps failing is left alone."),
    "host_failure_limit": Key("int", 5, "Consecutive failures after which a host cools down."),
    "respect_robots": Key("bool", True, "Honour robots.txt (a source can override with ignore_robots, which is logged)."),
    "workers": Key("int", 4, "Hosts fetched in parallel (one request in flight per host).", maximum=MAX_PARALLEL),
    "total_timeout": Key("float", 300.0, "Seconds one request may take from connecting (TLS handshake included) to "
                         "its last body byte (a server trickling bytes is cut off and recorded as network_error).",
                         positive=True),
    "source_timeout": Key("float", 3600.0, "Seconds one source may take in one run; a request or attachment "
                          "extraction in flight then is cut off too, the source is recorded as failed and the run "
                          "moves on to the next source.", positive=True),
}

EXTRACT_KEYS: dict[str, Key] = {
    "timeout": Key("float", 120.0, "Wall-clock seconds to extract one PDF/DOCX/DOC file (read in a child process); "
                   "longer is recorded as too_large.", positive=True),
    "cpu_seconds": Key("int", 60, "CPU seconds the extraction child may spend on one file.", maximum=MAX_SECONDS),
    # at most 1 TiB: the limit is set in bytes, and 2**63 MiB of them overflowed the child's setrlimit
    "memory_mb": Key("int", 1024, "Address space (MiB) of the extraction child process.", maximum=2**20),
    "max_unzipped_bytes": Key("int", 50_000_000, "DOCX, OFD, ZIP bundles (each nested ZIP too): largest total "
                              "uncompressed size of the archive's members "
                              "(checked in the ZIP directory before inflating).", minimum=1),
    "max_zip_ratio": Key("int", 100, "DOCX, OFD, ZIP bundles: largest uncompressed/compressed ratio of one archive "
                         "member (zip bombs).", minimum=1),
    "max_zip_members": Key("int", 200, "ZIP bundles (each nested ZIP too): most files in one archive; more makes the "
                           "bundle too_large (checked in the ZIP directory before inflating).", minimum=1),
    "max_zip_depth": Key("int", 2, "ZIP bundles: archive levels read: 1 reads the bundle only, 2 also a ZIP inside it "
                         "(a ZIP deeper than this is named in the run's warnings, not read).", minimum=1, maximum=8),
    "max_pdf_stream_bytes": Key("int", 50_000_000, "PDF: largest decompressed size of one stream."),
    "max_pdf_pages": Key("int", 2000, "PDF: most pages read from one file."),
    "max_text_bytes": Key("int", 5_000_000, "Largest extracted text (UTF-8 bytes) of one document; larger is too_large."),
    "max_text_lines": Key("int", 100_000, "Most lines of extracted text of one document; more is too_large."),
}

DISTRIBUTED_KEYS: dict[str, Key] = {
    "broker_url": Key("str", "redis://127.0.0.1:6379/0", "Redis URL of the Celery broker and result store shared by the run and its workers."),
    "queue": Key("str", "policywatch", "Celery queue the run puts document tasks on and `policywatch worker` takes them from."),
    "concurrency": Key("int", 0, "Worker processes started by one `policywatch worker` (0: one per CPU).",
                       maximum=MAX_PARALLEL),
    "task_time_limit": Key("float", 300.0, "Seconds one document task may run before its worker process is killed (the document is retried next run)."),
    "result_timeout": Key("float", 900.0, "Seconds the run waits without any result arriving before it gives up the documents still out (they are retried next run).", positive=True),
    "visibility_timeout": Key("float", 900.0, "Seconds before a task taken by a worker that died is handed to another worker; must exceed task_time_limit.", positive=True),
    "host_lease": Key("float", 120.0, "Seconds a worker's per-host request lease lives unless renewed (how long a killed worker can block a host)."),
}

SOURCE_KEYS: dict[str, Key] = {
    "name": Key("str", None, "Unique short name of the source (used in reports and --source).", required=True),
    "listing_urls": Key("url-list", None, "Listing page URL(s) of the policy column (one given again, or with a "
                        "#fragment or a trailing slash more, is walked once, with a warning).", required=True),
    "profile": Key("str", "generic", "Site platform profile with ready-made defaults.", choices=("generic", "trs", "hanweb", "json")),
    "link_selector": Key("str", "", "CSS selector for document links on listing pages (profile default if empty)."),
    "link_pattern": Key("str", "", "Regular expression a document URL must match (profile default if empty)."),
    "next_selector": Key("str", "", "CSS selector of the next-page link on a listing page."),
    "body_selector": Key("str", "", "CSS selector of the document body (else the usual containers, else text density)."),
    "ignore_selectors": Key("list", [], "CSS selectors removed from the body before extraction (counters, share bars)."),
    "ignore_patterns": Key("list", [], "Regular expressions removed from the extracted body text (volatile text)."),
    "allowed_hosts": Key("list", [], "Hosts the crawler may fetch for this source (default: the listing URLs' hosts)."),
    "allow_private": Key("bool", False, "Allow loopback/private addresses (only for local test sites)."),
    "ignore_robots": Key("bool", False, "Fetch even where robots.txt disallows it; every such fetch is logged."),
    "schedule": Key("str", "every 1d", "When the daemon runs this source: a cron expression or 'every N[smhd]'."),
    "pages": Key("int", 2, "Listing pages read on runs after the first."),
    "max_pages": Key("int", 100, "Listing pages read on the first run (backfill)."),
    "min_delay": Key("float", None, "Per-source override of fetch.min_delay."),
    "confirm_runs": Key("int", 1, "Runs in a row a change must be seen before it is reported (flapping protection)."),
    "recheck": Key("str", "always", "Re-check known documents every run, or on a decaying schedule.", choices=("always", "decay")),
    "encoding": Key("str", "", "Force this charset for the source's pages (when a site declares the wrong one)."),
    "json_items": Key("str", "", "json profile: dotted path to the list of records in the response. Unset, the "
                      "list whose records hold a URL is found, dated records before titled ones before the rest, "
                      "then the longest: a site menu ({\"name\": \"首页\", \"url\": \"/index.html\"}) is passed over."),
    "json_url_field": Key("str", "url", "json profile: record field holding the document URL. A record "
                          "whose field is empty or holds no URL (or lacks it) is read from another field whose name "
                          "says URL, link or href: a page's (docUrl, linkUrl, detailHref …) before a file's "
                          "(fileUrl, downloadUrl), that before another site's (sourceUrl, originUrl), one naming the "
                          "record's column or site (columnUrl, siteUrl, channelUrl) only when it has no other, and "
                          "never a picture's (picUrl). Such a field's URL that other records give too (a template's "
                          "detail.html, the column's page) is none: the listing then says which field to set."),
    "json_url_template": Key("str", "", "json profile: the document URL built from record fields, for APIs whose "
                             "records carry only an id: `/art/{id}.html` or `detail.jsp?id={id}&cat={category.code}` "
                             "(dotted names reach nested fields; relative to the listing URL). Used instead of "
                             "json_url_field when set."),
    "json_title_field": Key("str", "title", "json profile: record field holding the title."),
    "json_date_field": Key("str", "", "json profile: record field holding the date."),
    "json_post": Key("str", "", "json profile: for an API paged by POST (a 政府信息公开目录's list, a GET "
                     "answering 405), the form fields sent for each page, with {page} for its number: "
                     "`pageNo={page}&pageSize=15&channelId=1261`. Each listing URL is then POSTed these fields, "
                     "page 1, 2 … until a page names no new document."),
    "script_url_template": Key("str", "", "html profiles: the document URL of a list link or row that opens only "
                               "through a script call with no URL in it (`onclick=\"openDetail('602','zcwj')\"`): "
                               "the call's arguments fill {0}, {1} … as in `/zcwj/detail.jsp?id={0}` or "
                               "`/art/{1}/{0}.html` (relative to the listing page). Only the functions the list's titled "
                               "links and rows call, or that two or more rows call with different id-like arguments "
                               "(`detail(601)` on rows titled 通知1, 通知2), fill it (not a toolbar's doZoom(16) nor a "
                               "pager's goPage(2)), and never with an array or object argument. Without it such links "
                               "are named in the warnings, unfollowed; a first page holding only such links says to "
                               "set it."),
    "attachments": Key("bool", True, "Download and extract PDF/DOCX/DOC/WPS/OFD/ET and image attachments linked from documents."),
    "ocr": Key("bool", True, "Recognise scanned PDFs and image attachments by OCR when an engine is installed "
               "(pip install policywatch[ocr]); the version records that its text came from OCR."),
    "render": Key("str", "static", "How listing pages are read: as served, or rendered by headless Chromium for "
                  "lists built by JavaScript (every browser request passes the same host, address and politeness "
                  "rules as the crawler).", choices=("static", "browser")),
    "render_wait": Key("str", "", "render = browser: CSS selector the rendered page must contain before its links are "
                       "read (default: any link matching the source's link rules)."),
    "tls_legacy": Key("bool", False, "Accept servers that only offer old TLS ciphers or keys (OpenSSL security level 1) "
                      "for this source only; every such connection is logged."),
    "renamed_from": Key("list", [], "Names this source had before it was renamed (`[\"old-name\"]`): its first run under "
                        "the new name continues the old source (its documents, their history, URLs, queue and "
                        "health) and reports what changed meanwhile instead of making a silent baseline. A name "
                        "here must not also be a configured source. Without it a renamed source starts afresh "
                        "(its first run is a baseline) and takes over only the old source's pages its listing lists; "
                        "declared later, after the new name ran, its next run merges the old source in (its "
                        "other documents and their history; the new name's health and baseline stand), said once. "
                        "A merge is recorded in the store and made once: the declaration left in place does "
                        "nothing more, and an old name run again afterwards (by another config sharing the store) "
                        "is a separate source from then on (its first run under that name again is a baseline; it "
                        "is not merged again). A merge made by a version that recorded none is recorded at the next "
                        "run of the source declaring it (its declaration is what says which source continued the "
                        "old name: the store alone cannot tell, the old documents may have moved on since). A name "
                        "no source was stored under (misspelt) is warned about on every run until fixed."),
}

SMTP_KEYS: dict[str, Key] = {
    "host": Key("str", "", "SMTP server; empty disables email delivery (digests stay in the outbox)."),
    "port": Key("int", 587, "SMTP port.", maximum=65535),
    "security": Key("str", "starttls", "Transport security.", choices=("none", "starttls", "ssl")),
    "username": Key("str", "", "Login name; empty for no login."),
    "password_env": Key("str", "POLICYWATCH_SMTP_PASSWORD", "Environment variable holding the password (never put it in the file)."),
    "sender": Key("str", "policywatch@localhost", "From address of digests (one address, `pw@example.org` or `Name <pw@example.org>`)."),
    "timeout": Key("float", 30.0, "Seconds before an SMTP connection attempt is abandoned.", positive=True),
}

SUBSCRIPTION_KEYS: dict[str, Key] = {
    "name": Key("str", None, "Unique name of the subscription.", required=True),
    "label": Key("str", "", "What readers see in the digest's intro and footer (e.g. \"人工智能政策\"); the name when empty."),
    "recipients": Key("list", None, "Email addresses receiving this digest, each a string of its own "
                      "(`a@example.org` or `Name <a@example.org>`); one listed twice gets one copy.", required=True),
    "sources": Key("list", [], "Only these sources (empty: all)."),
    "issuers": Key("list", [], "Only documents whose issuer contains one of these."),
    "keywords": Key("list", [], "Only changes whose text or title contains one of these (e.g. 补贴)."),
    "frequency": Key("str", "daily", "How often the digest goes out.", choices=("immediate", "daily", "weekly")),
}

WEBHOOK_KEYS: dict[str, Key] = {
    "name": Key("str", None, "Unique name of the webhook.", required=True),
    "url": Key("str", None, "URL the run's JSON (or a robot message) is POSTed to.", required=True),
    "format": Key("str", "json", "Payload format.", choices=("json", "wecom", "dingtalk", "feishu")),
    "allow_private": Key("bool", False, "Allow a loopback/private target (tests only)."),
}

SECTIONS: dict[str, dict[str, Key]] = {
    "": TOP_KEYS,
    "fetch": FETCH_KEYS,
    "extract": EXTRACT_KEYS,
    "smtp": SMTP_KEYS,
    "distributed": DISTRIBUTED_KEYS,
    "sources": SOURCE_KEYS,
    "subscriptions": SUBSCRIPTION_KEYS,
    "webhooks": WEBHOOK_KEYS,
}
TABLE_SECTIONS = ("fetch", "extract", "smtp", "distributed")
ARRAY_SECTIONS = ("sources", "subscriptions", "webhooks")


# --------------------------------------------------------------------------- loading


# A config of a few hundred sources is some tens of KB: past this it is not a config (a log or a
# disk image named by mistake), and reading it whole would cost its size in memory first.
MAX_CONFIG_BYTES = 10_000_000
# How long a config given as a pipe (`--config <(envsubst < tmpl.toml)`) may take to be written.
CONFIG_PIPE_SECONDS = 10.0


# UTF-8, and a byte-order mark before it ignored: Windows Notepad saves one, and tomllib read
# it as an "Invalid statement (at line 1, column 1)" the user cannot see.
_CONFIG_ENCODING = "utf-8-sig"


def _read_config(path: Path) -> str:
    """The config file's text. A device is refused (/dev/zero never ends: it filled memory and
    `run --json` printed nothing) and so is a file far too large to be a config; a pipe is read
    without blocking on a writer that never comes (a FIFO nobody writes to hung the command)."""
    try:
        info = path.stat()
    except OSError:
        return path.read_text(encoding=_CONFIG_ENCODING)  # missing or unreadable: the read says which
    if stat.S_ISFIFO(info.st_mode):
        return _read_pipe(path).decode(_CONFIG_ENCODING)
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):  # a directory: the read names it
        raise ConfigError(f"{path}: cannot read config file: not a regular file (a device or socket)")
    if info.st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: cannot read config file: {info.st_size:,} bytes, more than a config "
                          f"holds ({MAX_CONFIG_BYTES:,} at most)")
    return path.read_text(encoding=_CONFIG_ENCODING)


def _read_pipe(path: Path) -> bytes:
    """A pipe's bytes up to its end, at most MAX_CONFIG_BYTES and CONFIG_PIPE_SECONDS: opened
    without blocking, so a pipe no one writes to is a ConfigError when that time is out, not a hang."""
    import select
    import time

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    chunks: list[bytes] = []
    size, deadline = 0, time.monotonic() + CONFIG_PIPE_SECONDS
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise ConfigError(f"{path}: cannot read config file: the pipe was not closed within "
                                  f"{CONFIG_PIPE_SECONDS:g} s")
            chunk = os.read(fd, 65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_CONFIG_BYTES:
                raise ConfigError(f"{path}: cannot read config file: more than a config holds "
                                  f"({MAX_CONFIG_BYTES:,} bytes at most)")
    finally:
        os.close(fd)


def _not_utf8(exc: UnicodeDecodeError) -> str:
    """What is wrong with a config that is not UTF-8, and where: the codec's "can't decode byte 0xc5
    in position 2" named neither the line nor the fix (a config saved as GBK or as UTF-16)."""
    data = exc.object if isinstance(exc.object, bytes) else b""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it is UTF-16 (a byte-order mark FF FE or FE FF); save it as UTF-8"
    line = data[:exc.start].count(b"\n") + 1
    return f"line {line} is not UTF-8 (saved as GBK or GB18030?); save the file as UTF-8"


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read and validate a policywatch.toml; errors name the file, the key and what was expected."""
    import tomllib  # here, not at import: `policywatch diff` reads no config

    path = Path(path)
    try:
        raw = tomllib.loads(_read_config(path))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file (create one with `policywatch init {path}`)") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config file: {_not_utf8(exc)}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables by recursion
        raise ConfigError(f"{path}: not valid TOML for policywatch: arrays or tables nested thousands deep") from None
    return settings_from_dict(raw, origin=str(path), base_dir=path.parent)


def settings_from_dict(raw: Mapping[str, Any], *, origin: str = "<config>", base_dir: Path | None = None) -> Settings:
    """Validate a parsed config mapping and build Settings from it."""
    base_dir = base_dir or Path.cwd()
    allowed_top = set(TOP_KEYS) | set(TABLE_SECTIONS) | set(ARRAY_SECTIONS)
    # Every key's name and type is checked before anything stops: a config with three typos was
    # refused three times over, each load naming the next one only.
    problems: list[str] = []
    _reject_unknown(raw, allowed_top, origin, "", "", problems)
    # the sections are checked below, and an unknown top-level key was named just now
    top = _validate_table(raw, "", origin, "", problems, skip=set(raw) - set(TOP_KEYS))
    fetch = _validate_table(_table(raw, "fetch", origin, problems), "fetch", origin, "fetch.", problems)
    extract = _validate_table(_table(raw, "extract", origin, problems), "extract", origin, "extract.", problems)
    smtp = _validate_table(_table(raw, "smtp", origin, problems), "smtp", origin, "smtp.", problems)
    distributed_values = (_validate_table(_table(raw, "distributed", origin, problems), "distributed", origin,
                                          "distributed.", problems) if "distributed" in raw else None)
    items = _array(raw, "sources", origin, problems)
    subscription_items = _array(raw, "subscriptions", origin, problems)
    webhook_items = _array(raw, "webhooks", origin, problems)
    # The values' own checks (a schedule, a URL, a name used twice …) are collected too, on the
    # values the first pass kept (a wrong one replaced by its default): stopping at the first of
    # them named one problem per load again.
    _check_headers(fetch, smtp, origin, problems)
    distributed = _distributed(distributed_values, origin, problems)
    complete = [(_where(item, "sources", index), item) for index, item in enumerate(items)
                if _complete(item, SOURCE_KEYS)]
    for where, item in complete:
        _warn_repeated_listings(item["listing_urls"], origin, where)
    sources = tuple(SourceConfig(**_tuples(item)) for _, item in complete)
    source_wheres = [where for where, _ in complete]
    _check_unique([s.name for s in sources], origin, "sources", problems)
    _check_renames(sources, source_wheres, origin, problems)
    for where, source in zip(source_wheres, sources, strict=True):
        for url in source.listing_urls:
            if not _is_http_url(url):
                problems.append(f"{origin}: {where}listing_urls: {url!r} is not an http(s) URL")
        _check_source(source, origin, where, problems)
    _check_schedule(top["digest_schedule"], origin, "digest_schedule", problems)
    subscriptions = tuple(
        _check_recipients(Subscription(**_tuples(item)), origin, _where(item, "subscriptions", index), problems)
        for index, item in enumerate(subscription_items) if _complete(item, SUBSCRIPTION_KEYS)
    )
    webhook_wheres = [_where(item, "webhooks", index) for index, item in enumerate(webhook_items)
                      if _complete(item, WEBHOOK_KEYS)]
    webhooks = tuple(Webhook(**item) for item in webhook_items if _complete(item, WEBHOOK_KEYS))
    # a channel's outbox is `email:NAME` / `webhook:NAME`: a second of one name was never sent
    _check_unique([s.name for s in subscriptions], origin, "subscriptions", problems)
    _check_unique([h.name for h in webhooks], origin, "webhooks", problems)
    for where, hook in zip(webhook_wheres, webhooks, strict=True):
        if not _is_http_url(hook.url):
            # said without the secret a robot URL carries (policywatch.redact)
            problems.append(f"{origin}: {where}url: {redact_url(hook.url)!r} is not an http(s) URL")

    def resolve(value: str | None) -> Path | None:
        if value is None:
            return None
        p = Path(value).expanduser()
        return p if p.is_absolute() else base_dir / p

    templates_dir = resolve(top["templates_dir"])
    if templates_dir is not None and not (templates_dir.is_dir() and os.access(templates_dir, os.R_OK | os.X_OK)):
        problems.append(
            f"{origin}: templates_dir: {templates_dir} is not a readable directory "
            "(create it, fix its permissions, or remove the key to use the bundled templates)"
        )
    _check_timezone(top["timezone"], origin, problems)
    if problems:
        raise ConfigError(_said_together(problems))
    return Settings(
        path=Path(origin) if origin != "<config>" else None,
        database=resolve(top["database"]) or Path("policywatch.db"),
        output_dir=resolve(top["output_dir"]) or Path("policywatch-site"),
        site_base_url=top["site_base_url"],
        lang=top["lang"],
        templates_dir=templates_dir,
        log_format=top["log_format"],
        lock_file=resolve(top["lock_file"]),
        digest_schedule=top["digest_schedule"],
        timezone=top["timezone"],
        health_alert_after=top["health_alert_after"],
        fetch=FetchSettings(**fetch),
        extract=ExtractSettings(**extract),
        smtp=SmtpSettings(**smtp),
        distributed=distributed,
        sources=sources,
        subscriptions=subscriptions,
        webhooks=webhooks,
    )


def _distributed(values: dict[str, Any] | None, origin: str, problems: list[str]) -> DistributedSettings | None:
    """The [distributed] table's checked values as settings, or None when absent (the
    single-process default); each value that cannot work added to `problems`."""
    if values is None:
        return None
    if not values["broker_url"].startswith(("redis://", "rediss://", "unix://")):
        problems.append(f"{origin}: distributed.broker_url: expected a redis:// URL, got {values['broker_url']!r}")
    if values["visibility_timeout"] <= values["task_time_limit"]:
        # else a task still running would be handed to a second worker and done twice
        problems.append(f"{origin}: distributed.visibility_timeout ({values['visibility_timeout']:g}) must exceed "
                        f"distributed.task_time_limit ({values['task_time_limit']:g})")
    if values["task_time_limit"] <= 0 or values["host_lease"] <= 0:
        problems.append(f"{origin}: distributed.task_time_limit and host_lease must be positive")
    return DistributedSettings(**values)


def _warn_repeated_listings(urls: list[str], origin: str, prefix: str) -> None:
    """Warn of a listing URL given twice (or again with a #fragment or a trailing slash): it is
    walked once, and the config should say so."""
    for repeat, of in distinct_listing_urls(urls)[1]:
        import logging  # here: a config without repeats costs no logging import

        same = "given twice" if repeat == of else f"the same listing as {of!r}"
        logging.getLogger(__name__).warning("%s: %slisting_urls: %r is %s; it is walked once",
                                            origin, prefix, repeat, same)


def _check_source(source: SourceConfig, origin: str, prefix: str, problems: list[str]) -> None:
    """Compile every selector and pattern and look up the forced charset, before any work; each
    that fails added to `problems`.

    A typo here used to surface as one traceback per document at run time, with exit 0.
    """
    for key in ("link_selector", "next_selector", "body_selector", "ignore_selectors"):
        for where, selector in _values(source, key, prefix):
            _check_selector(selector, origin, where, problems)
    for key in ("link_pattern", "ignore_patterns"):
        for where, pattern in _values(source, key, prefix):
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"{origin}: {where}: {pattern!r} is not a valid regular expression: {exc}")
    if source.encoding and normalize_charset(source.encoding) is None:
        problems.append(f"{origin}: {prefix}encoding: {source.encoding!r} is not a known charset "
                        "(e.g. gb18030, utf-8, big5)")
    _check_schedule(source.schedule, origin, f"{prefix}schedule", problems)
    for key in ("json_url_template", "script_url_template"):
        try:
            fields = url_template_fields(getattr(source, key)) if getattr(source, key) else []
        except ValueError as exc:
            problems.append(f"{origin}: {prefix}{key}: {getattr(source, key)!r}: {exc}")
            continue
        if key == "script_url_template" and not all(field.isdigit() for field in fields):
            problems.append(f"{origin}: {prefix}{key}: {getattr(source, key)!r}: name the call's arguments by "
                            "number, {0} for the first")
    if source.json_post:
        # read only by the json profile's walk, and paged only by {page}: without it every page
        # would POST page 1's fields, or another profile would GET its pages and ignore them
        if source.profile != "json":
            problems.append(f"{origin}: {prefix}json_post: set for profile {source.profile!r}; it pages a JSON API "
                            "by POST and is read only with profile = \"json\"")
        if not any("{page}" in value for _, value in parse_qsl(source.json_post, keep_blank_values=True)):
            problems.append(f"{origin}: {prefix}json_post: {source.json_post!r} names no page: put {{page}} where "
                            "the page number goes (pageNo={page}&pageSize=15)")


def url_template_fields(template: str) -> list[str]:
    """The record fields a json_url_template names, in order ("/art/{id}.html" -> ["id"]);
    ValueError when it names none or is no template (an unclosed brace, a format spec)."""
    import string

    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"not a URL template ({exc}); write fields as {{id}}, a literal brace as {{{{") from None
    fields = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name or spec or conversion:
            raise ValueError(f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} is no "
                             "record field: write a field's name, {id} or {data.id}")
        fields.append(name)
    if not fields:
        raise ValueError("names no record field: write the field that tells documents apart, as {id}")
    return fields


def _values(source: SourceConfig, key: str, prefix: str) -> list[tuple[str, str]]:
    value = getattr(source, key)
    if isinstance(value, tuple):
        return [(f"{prefix}{key}[{i}]", v) for i, v in enumerate(value)]
    return [(f"{prefix}{key}", value)] if value else []


def _check_selector(selector: str, origin: str, where: str, problems: list[str]) -> None:
    import soupsieve  # what BeautifulSoup.select compiles with; imported only when a selector is set

    try:
        soupsieve.compile(selector)
    except (soupsieve.SelectorSyntaxError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0]
        problems.append(f"{origin}: {where}: {selector!r} is not a valid CSS selector: {reason}")


def _check_schedule(schedule: str, origin: str, where: str, problems: list[str]) -> None:
    from policywatch.schedules import parse_schedule

    try:
        parse_schedule(schedule)
    except ValueError as exc:
        problems.append(f"{origin}: {where}: {exc}")


def _is_http_url(url: str) -> bool:
    """An absolute http(s) URL with a host and a valid port."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _check_timezone(name: str, origin: str, problems: list[str]) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{origin}: timezone: {name!r} is not a known time zone (e.g. Asia/Shanghai, UTC)")


def _where(item: Mapping[str, Any], section: str, index: int) -> str:
    """The prefix naming an array table's entry in a message: `sources[1] ("gov").` when its name
    is known (a reader finds a source by its name, not by counting [[sources]] tables), else
    `sources[1].`."""
    import json  # a name's quote or newline escaped: each problem stays one line

    name = item.get("name")
    return (f"{section}[{index}] ({json.dumps(name, ensure_ascii=False)})." if isinstance(name, str) and name
            else f"{section}[{index}].")


def _complete(item: Mapping[str, Any], keys: dict[str, Key]) -> bool:
    """Whether an array table's entry has every required value (one missing or wrong is already a
    problem named; its entry is not checked further, it cannot be built)."""
    return all(item[name] is not None for name, key in keys.items() if key.required)


def _tuples(item: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}


def _table_name(section: str) -> str:
    """A section as a config writes it: [fetch], [[sources]], or the top level."""
    if not section:
        return "the top level"
    return f"[[{section}]]" if section in ARRAY_SECTIONS else f"[{section}]"


# Keys a reader reaches for that the schema has on purpose under another name: what to write instead.
_NOT_KEYS: dict[tuple[str, str], str] = {
    ("smtp", "password"): "the password is never written in the config: it is read from the environment "
                          "variable $POLICYWATCH_SMTP_PASSWORD (another variable's name: smtp.password_env)",
}


def _reject_unknown(data: Mapping[str, Any], allowed: set[str], origin: str, prefix: str, section: str,
                    problems: list[str]) -> set[str]:
    """Each key of `data` not in `allowed` added to `problems`: with the table it belongs in when
    another table of the schema has it (user_agent at the top level), else the valid key its name
    is closest to (a typo is one or two letters off; case aside: LANG is lang). The valid keys of
    the table are said once, with its first unknown key. Returns the valid keys pointed at (a
    misspelt required key is then not also "missing")."""
    import difflib  # here: a config without unknown keys costs no difflib import

    pointed: set[str] = set()
    where = f"{prefix[:-1]}: " if prefix else ""
    listing = f"valid keys of {_table_name(section)}:"
    for name in sorted(set(data) - allowed, key=str):
        owners = [_table_name(other) for other, keys in SECTIONS.items()
                  if other != section and name.lower() in keys]
        close = difflib.get_close_matches(name.lower(), allowed, n=1)
        if (section, name.lower()) in _NOT_KEYS:
            hint = f" ({_NOT_KEYS[section, name.lower()]})"
        elif name.lower() in allowed:
            hint = f" (did you mean '{name.lower()}'? keys are lower case)"
            pointed.add(name.lower())
        elif owners:
            hint = f" (it belongs in {' or '.join(owners)})"
        elif close:
            hint = f" (did you mean '{close[0]}'?)"
            pointed.add(close[0])
        else:
            hint = ""
        problem = f"{origin}: {where}unknown key '{name}'{hint}"
        if not any(listing in said for said in problems):  # once per table, not on every line
            problem += f"; {listing} {', '.join(sorted(allowed))}"
        problems.append(problem)
    return pointed


def _said_together(problems: list[str]) -> str:
    """One ConfigError message naming every problem: one as it is, several one per line."""
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} problems in the config:\n" + "\n".join(f"  {problem}" for problem in problems)


def _table(raw: Mapping[str, Any], name: str, origin: str, problems: list[str]) -> Mapping[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, Mapping):
        problems.append(f"{origin}: {name}: expected a table ([{name}]), got {type(value).__name__}")
        return {}
    return value


def _array(raw: Mapping[str, Any], name: str, origin: str, problems: list[str]) -> list[dict[str, Any]]:
    value = raw.get(name, [])
    if not isinstance(value, list):
        problems.append(f"{origin}: {name}: expected an array of tables ([[{name}]]), got {type(value).__name__}")
        return []
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            problems.append(f"{origin}: {name}[{index}]: expected a table, got {type(item).__name__}")
            continue
        items.append(_validate_table(item, name, origin, _where(item, name, index), problems))
    return items


def _validate_table(
    data: Mapping[str, Any], section: str, origin: str, prefix: str, problems: list[str],
    skip: set[str] | None = None,
) -> dict[str, Any]:
    """The table's values by the schema, defaults filled in; each unknown key, missing required
    key and wrong value added to `problems` (the caller raises them together), its default kept
    in its place so the rest of the config is checked too."""
    skip = skip or set()
    keys = SECTIONS[section]
    misspelt = _reject_unknown({k: v for k, v in data.items() if k not in skip}, set(keys), origin, prefix,
                               section, problems)
    result: dict[str, Any] = {}
    for name, key in keys.items():
        default = list(key.default) if isinstance(key.default, list) else key.default
        if name not in data:
            if key.required and name not in misspelt:  # its misspelling was named just now
                problems.append(f"{origin}: {prefix}{name}: required key is missing ({key.help})")
            result[name] = default
            continue
        try:
            result[name] = _coerce(data[name], key, origin, f"{prefix}{name}")
        except ConfigError as exc:
            problems.append(str(exc))
            result[name] = default
    return result


def _coerce(value: Any, key: Key, origin: str, where: str) -> Any:
    def fail(expected: str) -> ConfigError:
        return ConfigError(f"{origin}: {where}: expected {expected}, got {value!r}")

    if key.type in ("str", "path"):
        if not isinstance(value, str):
            raise fail("a string")
        if key.type == "path" and "\x00" in value:  # no file name holds one: os.open raised ValueError mid-run
            raise fail("a path without a NUL character")
        if key.choices and value not in key.choices:
            raise fail("one of " + ", ".join(key.choices))
        return value
    if key.type == "bool":
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    if key.type == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < key.minimum:
            raise fail(_int_range(key))
        if value > (MAX_INT if key.maximum is None else key.maximum):
            raise fail(_int_range(key) if key.maximum is not None else f"an integer from {key.minimum} to {MAX_INT:,}")
        return value
    if key.type == "float":
        # TOML has nan and inf: a nan timeout makes the socket refuse it, an inf one overflows
        # the clock of a deadline's wait; neither is a number of seconds
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise fail("a non-negative number")
        if value > MAX_SECONDS:
            raise fail(f"a number of seconds up to {MAX_SECONDS:,} (a year)")
        if key.positive and value == 0:
            # a 0 s timeout was taken: requests called it a malformed URL, a 0 s total_timeout
            # was reported as the source having used up its source_timeout
            raise fail("a positive number of seconds (a timeout of 0 s waits for nothing)")
        return float(value)
    if key.type in ("list", "url-list"):
        if isinstance(value, str) and key.type == "url-list":
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("a list of strings")
        if key.required and not value:
            raise fail("at least one entry")
        return list(value)
    raise AssertionError(f"unknown schema type {key.type}")  # pragma: no cover


def _int_range(key: Key) -> str:
    """What an int key accepts, in the words of its error message."""
    if key.maximum is not None:
        return f"an integer from {key.minimum} to {key.maximum}"
    return "a positive integer" if key.minimum == 1 else "a non-negative integer"


def _check_recipients(sub: Subscription, origin: str, where: str, problems: list[str]) -> Subscription:
    """The subscription with each mailbox once (the first spelling kept: `A@x.org` and
    ` a@x.org` are one reader, who would otherwise get a copy per spelling); added to `problems`,
    each entry that is not exactly one address: "a@x.org, b@x.org" reached a@ only, and a CR/LF cut
    the rest of the entry off, with nothing said."""
    kept: dict[str, str] = {}
    for index, written in enumerate(sub.recipients):
        address = _mailbox(written)
        if not address:
            problems.append(f"{origin}: {where}recipients[{index}]: {written!r} is not one email address "
                            "(write each address as a string of its own)")
            continue
        kept.setdefault(address.casefold(), written.strip())
    return replace(sub, recipients=tuple(kept.values()))


def _mailbox(written: str) -> str:
    """The address of `written` (`a@x.org`, `Name <a@x.org>`), or "" unless it is exactly one address
    (a CR/LF, a second address or a blank inside it)."""
    parsed = getaddresses([written]) if written.isprintable() else []
    address = parsed[0][1] if len(parsed) == 1 else ""
    local, at, domain = address.rpartition("@")
    if not (local and at and domain) or "@" in local or any(ch.isspace() for ch in address):
        return ""
    return address


def _check_headers(fetch: Mapping[str, Any], smtp: Mapping[str, Any], origin: str, problems: list[str]) -> None:
    """Each header value no request or mail can carry added to `problems`. A user agent outside printable
    ASCII failed every fetch of every source ("refused: malformed URL …: 'latin-1' codec can't
    encode" for 研究 bot, InvalidHeader for one with a CR/LF); a sender with a CR/LF would have
    failed every digest at its sending."""
    agent = fetch["user_agent"]
    if not (agent.isascii() and agent.isprintable() and agent.strip()):
        problems.append(f"{origin}: fetch.user_agent: expected printable ASCII text (an HTTP header value), "
                        f"got {agent!r}")
    if not _mailbox(smtp["sender"]):
        problems.append(f"{origin}: smtp.sender: {smtp['sender']!r} is not one email address")


def _check_renames(sources: tuple[SourceConfig, ...], wheres: list[str], origin: str, problems: list[str]) -> None:
    """A source's `renamed_from` names a source no longer configured, continued by it alone: the
    rename hands over the old source whole, so a name still configured (two sources, not one
    renamed) or declared by two sources (only one of them can have its documents) is a problem.
    `wheres`: each source's place in the config ("sources[1] ("gov")."), in the same order."""
    configured = {s.name for s in sources}
    declared: dict[str, str] = {}
    for prefix, source in zip(wheres, sources, strict=True):
        for old in source.renamed_from:
            where = f"{origin}: {prefix}renamed_from: {old!r}"
            if not old.strip():
                problems.append(f"{where}: expected the name the source had before, got an empty name")
            elif old == source.name:
                problems.append(f"{where}: is this source's own name (a source renamed from itself)")
            elif old in configured:
                problems.append(f"{where}: is still a configured source; a renamed source's old name must be "
                                "removed from the config (or drop renamed_from: two sources are not a rename)")
            elif declared.get(old) == source.name:
                problems.append(f"{where}: is listed twice")
            elif old in declared:
                problems.append(f"{where}: is also declared by source {declared[old]!r}; one old source "
                                "continues as one new source")
            else:
                declared[old] = source.name


def _check_unique(names: list[str], origin: str, section: str, problems: list[str]) -> None:
    """Each name used more than once added to `problems`, once."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    for name, count in counts.items():
        if count > 1:
            problems.append(f"{origin}: {section}: name {name!r} is used {'twice' if count == 2 else f'{count} times'}")
