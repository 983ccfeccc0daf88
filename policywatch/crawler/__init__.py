"""Crawler stage: polite HTTP fetching and discovery of documents on listing pages."""

from policywatch.crawler.clock import Clock, FakeClock, RealClock
from policywatch.crawler.fetcher import Fetcher, FetchJob, fetch_many

__all__ = ["Clock", "FakeClock", "FetchJob", "Fetcher", "RealClock", "fetch_many"]
