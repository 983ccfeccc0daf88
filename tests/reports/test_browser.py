"""The built site in headless Chromium: pages render, permalinks land, search works, nothing leaks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from policywatch.demo.server import LoopbackSite
from policywatch.reports import build_site
from tests.reports.fakes import make_source

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                       reason="needs chromium and chromedriver"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[LoopbackSite, Path]]:
    root = tmp_path_factory.mktemp("site") / "site"
    build_site(make_source(), root, base_url="https://policy.example.org/")
    with LoopbackSite(root) as site:
        yield site, root


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1280,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def assert_clean(driver, site: LoopbackSite) -> None:
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    # chrome:// pages are the browser's own start-up tab, not something the site asked for
    pages = [u for u in requested_urls(driver) if not u.startswith(("chrome:", "chrome-extension:", "about:"))]
    assert pages, "the performance log recorded the site's requests"
    foreign = [u for u in pages if not u.startswith((site.base_url + "/", "data:"))]
    assert foreign == []


def test_pages_render_permalinks_land_and_search_finds_doc_number(served, driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    site, _ = served
    driver.get(site.url("/index.html"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "最新变更"
    assert len(driver.find_elements(By.CSS_SELECTOR, "ol.events > li")) == 9

    driver.get(site.url("/documents/1.html"))
    assert "打造人工智能产业地标行动计划" in driver.find_element(By.TAG_NAME, "h1").text
    assert driver.find_element(By.CSS_SELECTOR, "nav.outline").is_displayed()

    clause = "二-（四）-15"
    driver.get(site.url("/changes/6.html") + "#" + quote(clause))
    target = driver.execute_script(
        "const t = document.querySelector(':target'); if (!t) return null;"
        "const r = t.getBoundingClientRect();"
        "return {id: t.id, top: r.top, bottom: r.bottom, height: window.innerHeight};")
    assert target is not None and target["id"] == clause
    assert 0 <= target["top"] < target["height"], "the clause is scrolled into view"
    row = driver.find_element(By.ID, clause)
    assert row.find_element(By.CSS_SELECTOR, ".cell.old del").text == "5"
    assert row.find_element(By.CSS_SELECTOR, ".cell.new ins").text == "8"
    assert not row.find_element(By.CSS_SELECTOR, ".cell.inline").is_displayed()
    driver.save_screenshot(str(tmp_path / "change.png"))
    assert (tmp_path / "change.png").stat().st_size > 10_000

    driver.get(site.url("/search.html"))
    box = driver.find_element(By.ID, "q")
    box.send_keys("宁政办发[2019]37号")  # other brackets than the document's 〔〕
    results = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a"))
    assert [a.get_attribute("href") for a in results] == [site.url("/documents/1.html")]
    assert driver.find_element(By.ID, "search-status").text == "找到 1 项结果"
    results[0].click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/documents/1.html"))
    assert_clean(driver, site)


def test_markup_in_documents_stays_text_in_the_browser(served, driver):
    from selenium.webdriver.common.by import By

    site, _ = served
    driver.get(site.url("/changes/7.html"))
    assert driver.execute_script("return document.scripts.length") == 0
    folded = driver.find_element(By.ID, "一")  # unchanged, so inside a closed <details>
    assert "<script>alert(\"pwned\")</script>" in folded.get_attribute("textContent")
    assert "<img src=x onerror=alert(1)>" in driver.find_element(By.ID, "二").text
    assert driver.find_elements(By.TAG_NAME, "img") == []
    assert_clean(driver, site)


def test_narrow_screen_shows_the_inline_view(served, driver, tmp_path):
    from selenium.webdriver.common.by import By

    site, _ = served
    driver.set_window_size(420, 900)
    try:
        driver.get(site.url("/changes/6.html"))
        row = driver.find_element(By.ID, "二-（四）-15")
        assert row.find_element(By.CSS_SELECTOR, ".cell.inline").is_displayed()
        assert not row.find_element(By.CSS_SELECTOR, ".cell.old").is_displayed()
        driver.save_screenshot(str(tmp_path / "change-narrow.png"))
    finally:
        driver.set_window_size(1280, 1000)
    assert_clean(driver, site)


def test_search_finds_changes_of_every_segment(driver, tmp_path, monkeypatch):
    from dataclasses import replace

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from policywatch.reports import search
    from tests.reports.fakes import at

    monkeypatch.setattr(search, "CHANGE_SEGMENT", 8)  # change 6 in segment 0, the next one in segment 1
    fake = make_source()
    root = tmp_path / "site"
    build_site(fake, root)
    latest = fake.texts[1][-1]
    fake.texts[1].append(replace(latest, number=latest.number + 1,
                                 display_text=latest.display_text + "\n第九十九条 建设算力调度枢纽。"))
    fake.records[0] = replace(fake.records[0], version_count=latest.number + 1)
    new = fake.change(1, at("2024-06-01"), old=latest.number, new=latest.number + 1)
    build_site(fake, root)  # incremental: the new change's postings go to a new segment
    assert (root / "search/c/1").is_dir() and new.id // 8 == 1
    old_clause = next(c.new_text for c in fake.event_list[5].changeset.changes if c.new_text)
    with LoopbackSite(root) as site:
        for phrase, change in ((old_clause[:8], "changes/6.html"), ("算力调度枢纽", f"changes/{new.id}.html")):
            driver.get(site.url("/search.html") + "?q=" + quote(phrase))
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a"))
            hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results a")]
            assert site.url("/" + change) in hrefs, (phrase, hrefs)
        assert_clean(driver, site)
