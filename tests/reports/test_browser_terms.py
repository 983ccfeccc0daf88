"""The 全文替换 box of a 新旧对照 page in Chromium, at desktop width and on a 390 px phone: each
term replaced throughout is shown once, and each of its links lands on its clause's row."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from policywatch.diffing import diff_texts
from policywatch.reports import render_diff_html
from tests.reports.test_browser import driver  # noqa: F401  (the shared Chromium fixture)
from tests.reports.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks]

DATA = Path(__file__).resolve().parents[1] / "data" / "terms"


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    cs = diff_texts((DATA / "social_assistance.old.md").read_text(encoding="utf-8"),
                    (DATA / "social_assistance.new.md").read_text(encoding="utf-8"),
                    old_label="2018", new_label="2024")
    path = tmp_path_factory.mktemp("terms") / "diff.html"
    path.write_text(render_diff_html(cs, title="上海市社会救助条例"), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [None, 390])
def test_each_renamed_term_is_shown_once_and_its_links_reach_their_rows(driver, page: Path, width) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    if width:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        driver.get(page.as_uri())
        box = driver.find_element(By.CSS_SELECTOR, ".replacements")
        assert box.is_displayed() and box.find_element(By.TAG_NAME, "h2").text == "全文替换"
        items = box.find_elements(By.TAG_NAME, "li")
        assert [(i.find_element(By.TAG_NAME, "del").text, i.find_element(By.TAG_NAME, "ins").text) for i in items] == [
            ("低收入困难家庭", "最低生活保障边缘家庭"), ("支出型贫困家庭", "刚性支出困难家庭")]
        # the box fits the page: a long list of clause links wraps instead of widening it
        assert box.rect["width"] <= driver.execute_script("return document.documentElement.clientWidth")
        link = items[0].find_elements(By.TAG_NAME, "a")[4]  # 第三章 › 第十七条第二款, below the fold
        target = unquote(link.get_attribute("href").split("#", 1)[1])
        link.click()
        row = driver.find_element(By.ID, target)
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top", row)
        assert driver.execute_script("return window.scrollY") > 0
        assert 0 <= top < 200, top  # the row the link names is brought to the top
        assert "最低生活保障边缘" in row.text
    finally:
        if width:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
