"""Listing pages rendered by headless Chromium (`render = "browser"`), for lists built by JavaScript.

    with BrowserRenderer(fetcher, source) as renderer:
        discovery = discover(source, renderer.fetch_page, max_pages=...)

`fetch_page(url)` loads the page in Chromium, waits for the list (the source's `render_wait`
selector, else until the page's links stop changing) and returns a FetchResult whose body is
the rendered DOM, so discovery reads links exactly as from a static page. Every request the
browser makes goes through `renderproxy.FilteringProxy`, i.e. through the run's own Fetcher:
the same allowed hosts, private-address guard, robots.txt and politeness as the crawler.
A POST (Hanweb dataproxy) is fetched directly by the Fetcher: it returns data, not a page.

Chromium (Debian chromium + chromium-driver) and selenium (`pip install policywatch[browser]`)
are needed only by sources that ask for rendering; without them the listing fails with a
clear error.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import replace
from typing import Any

from policywatch.config import SourceConfig
from policywatch.crawler.fetcher import Fetcher
from policywatch.crawler.renderproxy import FilteringProxy
from policywatch.model import FetchOutcome, FetchResult

__all__ = ["BrowserRenderer", "RenderUnavailable", "browser_available"]

logger = logging.getLogger(__name__)

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
PAGE_TIMEOUT = 60.0  # seconds for one page to load and its list to appear
SETTLE = 1.0  # seconds the page's links must stay unchanged to count as rendered


class RenderUnavailable(RuntimeError):
    """Chromium, chromedriver or selenium is missing."""


def browser_available() -> str:
    """'' when rendering can run here, else what is missing."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install policywatch[browser])"
    if not any(shutil.which(name) for name in CHROMIUM_NAMES):
        return "Chromium is not installed (apt-get install chromium chromium-driver)"
    if not shutil.which("chromedriver"):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return ""


class BrowserRenderer:
    """One headless Chromium and its filtering proxy for one source's listing pages."""

    def __init__(self, fetcher: Fetcher, source: SourceConfig) -> None:
        self.fetcher, self.source = fetcher, source
        self.proxy = FilteringProxy(fetcher, source)
        self._driver: Any = None
        self._profile = ""

    def __enter__(self) -> BrowserRenderer:
        missing = browser_available()
        if missing:
            raise RenderUnavailable(f"source {self.source.name}: render = \"browser\" needs {missing}")
        self.proxy.__enter__()
        try:
            self._driver = self._start()
        except Exception:
            self.proxy.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._driver is not None:
                self._driver.quit()
        finally:
            self.proxy.__exit__(None, None, None)
            shutil.rmtree(self._profile, ignore_errors=True)

    @property
    def refused(self) -> list[tuple[str, str]]:
        """(url, reason) of every browser request the proxy refused."""
        return list(self.proxy.log.refused)

    def fetch_page(self, url: str, data: dict[str, str] | None = None) -> FetchResult:
        """The rendered page as a FetchResult (the Fetcher's own result when it was not ok)."""
        if data is not None:
            return self.fetcher.fetch(url, source=self.source, data=data)
        from selenium.common.exceptions import WebDriverException

        logger.info("rendering %s in headless Chromium", url)
        with self.proxy.log.lock:
            self.proxy.log.results.clear()
        try:
            self._driver.get(url)
        except WebDriverException as exc:
            logger.info("%s: browser: %s", url, str(exc).splitlines()[0])
        with self.proxy.log.lock:
            # the page itself is the first request (Chromium may normalise the URL it asks for)
            fetched = self.proxy.log.results.get(url) or next(iter(self.proxy.log.results.values()), None)
        if fetched is None or not fetched.ok:
            refused = next((reason for u, reason in self.proxy.log.refused if u == url), "")
            return fetched or FetchResult(url=url, outcome=FetchOutcome.REFUSED if refused else FetchOutcome.NETWORK_ERROR,
                                          fetched_at=self.fetcher.clock.now(),
                                          detail=refused or "the browser could not load the page")
        html = self._rendered()
        return replace(fetched, body=html.encode("utf-8"), text=html, content_type="text/html; charset=utf-8",
                       encoding="utf-8", encoding_rule="browser")

    def _rendered(self) -> str:
        """The DOM once the list is there: render_wait matches, or the links stopped changing."""
        from selenium.webdriver.common.by import By

        deadline = time.monotonic() + PAGE_TIMEOUT
        last, stable_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            if self.source.render_wait:
                if self._driver.find_elements(By.CSS_SELECTOR, self.source.render_wait):
                    break
            else:
                links = len(self._driver.find_elements(By.CSS_SELECTOR, "a[href]"))
                if links != last:
                    last, stable_since = links, time.monotonic()
                elif time.monotonic() - stable_since >= SETTLE and self._ready():
                    break
            time.sleep(0.2)
        else:
            logger.warning("%s: the rendered list did not settle within %g s; reading it as it is",
                           self._driver.current_url, PAGE_TIMEOUT)
        return str(self._driver.page_source)

    def _ready(self) -> bool:
        return self._driver.execute_script("return document.readyState") == "complete"

    def _start(self) -> Any:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="policywatch-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = next(path for path in map(shutil.which, CHROMIUM_NAMES) if path)
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run",
                    "--dns-prefetch-disable", "--disable-features=NetworkPrediction",
                    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                    "--blink-settings=imagesEnabled=false", f"--user-data-dir={self._profile}",
                    # Every request, loopback included, through the filtering proxy.
                    f"--proxy-server={self.proxy.address}", "--proxy-bypass-list=<-loopback>",
                    f"--user-agent={self.fetcher.settings.user_agent}"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        driver.set_page_load_timeout(PAGE_TIMEOUT)
        return driver
