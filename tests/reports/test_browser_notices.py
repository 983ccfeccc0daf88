"""A source whose last run was fine but left documents unread (an error page answering for a
document, a host resting) is not shown as a bare ✓ on the site: its row links to what happened.
(A document the site refused, a WAF challenge, makes the source unhealthy: SourceHealth.blocked.)"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policywatch.demo.server import LoopbackSite
from policywatch.reports import build_site
from tests.reports.fakes import YIXING, make_source
from tests.reports.test_browser import driver  # noqa: F401  (the shared Chromium fixture)
from tests.reports.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks]

# what the pipeline's source health says of a run whose listing was read but one document was not
UNREAD = "1 document not read this run (1 soft_404; run --json: unread)"


def test_an_unread_document_is_flagged_on_the_index_and_told_on_the_problems_page(driver,  # noqa: F811
                                                                                      tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    source = make_source()
    # no source failing: what the page says of the one that left a document unread stands alone
    source.health = [replace(h, message=UNREAD) if h.name == YIXING
                     else replace(h, consecutive_failures=0, failing_since=None, last_outcome="ok", message="")
                     for h in source.health]
    build_site(source, tmp_path / "site", base_url="https://policy.example.org/")
    with LoopbackSite(tmp_path / "site") as site:
        driver.get(site.url("/index.html"))
        rows = {r.find_element(By.TAG_NAME, "th").text: r for r in
                driver.find_elements(By.CSS_SELECTOR, "#sources-h + table tbody tr")}
        assert rows["nanjing"].find_elements(By.CSS_SELECTOR, "a.warn") == []  # nothing to tell: a plain ✓
        (notice,) = rows[YIXING].find_elements(By.CSS_SELECTOR, "a.warn")
        assert notice.is_displayed() and notice.text == "需留意"
        notice.click()
        row = driver.find_element(By.ID, driver.current_url.split("#", 1)[1])
        assert row.is_displayed() and YIXING in row.text and "本次有 1 份文件未能读取：错误页面 1" in row.text
        # and the page does not open by saying all is well
        lede = driver.find_element(By.CSS_SELECTOR, "p.lede")
        assert "✓" not in lede.text and "需留意" in lede.text
