"""Crawler stage: polite HTTP fetching, discovery of documents on listing pages, and probing."""

from policywatch.crawler.classify import (
    STUB_RATIO,
    error_page_for_file,
    login_page,
    login_url,
    not_found_notice,
    office_html,
    page_title,
)
from policywatch.crawler.clock import Clock, FakeClock, RealClock
from policywatch.crawler.discover import Discovery, discover
from policywatch.crawler.fetcher import Fetcher, FetchJob, fetch_many
from policywatch.crawler.listing import lists_document, lists_documents, may_list
from policywatch.crawler.probe import ProbeReport, probe
from policywatch.crawler.profiles import PROFILES, Profile, profile_for
from policywatch.crawler.render import BrowserRenderer, RenderUnavailable, browser_available
from policywatch.crawler.session import disposition_filename
from policywatch.crawler.urls import SPELLING_RULES, canonicalize

__all__ = [
    "PROFILES",
    "SPELLING_RULES",
    "STUB_RATIO",
    "BrowserRenderer",
    "Clock",
    "Discovery",
    "FakeClock",
    "FetchJob",
    "Fetcher",
    "ProbeReport",
    "Profile",
    "RealClock",
    "RenderUnavailable",
    "browser_available",
    "canonicalize",
    "discover",
    "disposition_filename",
    "error_page_for_file",
    "fetch_many",
    "lists_document",
    "lists_documents",
    "login_page",
    "login_url",
    "may_list",
    "not_found_notice",
    "office_html",
    "page_title",
    "probe",
    "profile_for",
]
