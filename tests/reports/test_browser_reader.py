"""What a reader sees in Chromium, at desktop width and on a 390 px phone: renumbered ranges,
失效 vs 废止, full-text search from file:// and from a server, and the digest's HTML part.

The demo's real pipeline output is used (crawl, segment, diff, site, digest), plus a small fake
store for a document whose 有效性 became 废止 (the demo only has 失效).
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import quote

import pytest

from policywatch.demo.server import LoopbackSite
from policywatch.model import DocumentMetadata
from policywatch.pipeline.demo import DemoResult, run_demo
from policywatch.reports import build_site
from tests.reports.fakes import YIXING, at, make_source, seed
from tests.reports.test_browser import driver  # noqa: F401  (the shared Chromium fixture)
from tests.reports.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks, pytest.mark.slow]

WIDTHS = {"desktop": None, "phone": 390}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("reader") / "demo")


@pytest.fixture(scope="module")
def demo_server(demo: DemoResult) -> Iterator[LoopbackSite]:
    with LoopbackSite(demo.index_html.parent) as site:
        yield site


@pytest.fixture(scope="module")
def repealed(tmp_path_factory) -> Iterator[tuple[LoopbackSite, int]]:
    fs = make_source()
    meta = DocumentMetadata(title="宜兴市促进人工智能产业发展若干政策", doc_number="宜政发〔2020〕9号",
                            issuer="宜兴市人民政府", published_date="2020-05-01", validity="现行有效")
    text = seed("004")
    fs.add_document(9, YIXING, "http://www.yixing.gov.cn/doc/2020/05/01/9.shtml", replace(meta, validity="废止"),
                    [text, text], seen=[at("2024-01-01"), at("2024-03-08")],
                    metas=[meta, replace(meta, validity="废止")])
    event = fs.change(9, at("2024-03-08"))
    root = tmp_path_factory.mktemp("repealed") / "site"
    build_site(fs, root)
    with LoopbackSite(root) as site:
        yield site, event.id


@pytest.fixture(params=list(WIDTHS))
def width(request, driver):  # noqa: F811
    """Each test runs at desktop width and again as a 390 px wide phone (device emulation)."""
    px = WIDTHS[request.param]
    if px:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": px, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        yield px
    finally:
        if px:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _event_id(demo: DemoResult, title_part: str) -> int:
    return next(e.id for e in demo.second.events if title_part in e.metadata.title and e.changeset is not None)


def _visible(driver, selector: str) -> list[str]:  # noqa: F811
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def test_renumbered_clauses_read_as_ranges_with_their_text(demo, demo_server, driver, width):  # noqa: F811
    from selenium.webdriver.common.by import By

    driver.get(demo_server.url(f"/changes/{_event_id(demo, '南京国家人工智能')}.html"))
    if width:
        assert driver.execute_script("return window.innerWidth") == width
    [row] = [r for r in driver.find_elements(By.CSS_SELECTOR, "section.kind-renumbered") if r.is_displayed()]
    assert "3—5 依次顺延为 4—6" in row.text and "二 › （一）" in row.text
    details = row.find_element(By.CSS_SELECTOR, "details.renumbered")
    assert details.get_attribute("open") is None, "collapsed by default"
    clause = details.find_element(By.CSS_SELECTOR, ".renum-text")
    assert not clause.is_displayed()
    details.find_element(By.TAG_NAME, "summary").click()
    assert clause.is_displayed() and clause.text.startswith("4．")
    labels = _visible(driver, "details.renumbered .renum-labels")
    assert labels == ["3 → 4", "4 → 5", "5 → 6"]

    # one renumbering record spanning （三） and （四） becomes one row per parent
    driver.get(demo_server.url(f"/changes/{_event_id(demo, '宜兴市')}.html"))
    notes = [(r.find_element(By.CSS_SELECTOR, ".path").text, r.find_element(By.CSS_SELECTOR, ".note").text)
             for r in driver.find_elements(By.CSS_SELECTOR, "section.kind-renumbered")]
    assert [path for path, _ in notes] == ["四 › （三）", "四 › （四）"]
    assert notes[0][1].startswith("8 ") and notes[0][1].endswith("→ 7"), "one clause: its heading words"
    assert notes[1][1] == "9—10 依次前移为 8—9"
    # the deleted clause is struck through in a muted colour, not bold red
    deleted = driver.find_element(By.CSS_SELECTOR, "section.kind-deleted .cell.old del, section.kind-deleted .cell.inline del")
    style = driver.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.textDecorationLine, s.fontWeight, s.color];", deleted)
    assert "line-through" in style[0] and int(style[1]) < 600 and style[2] == "rgb(107, 114, 128)"
    # the change page carries the document's metadata table
    meta = driver.find_element(By.CSS_SELECTOR, "dl.meta").text
    assert "发布日期" in meta and "2023-07-05" in meta and "宜政办发〔2023〕22号" in meta


def test_expired_and_repealed_look_different(demo, demo_server, repealed, driver, width):  # noqa: F811
    from selenium.webdriver.common.by import By

    def badge(selector: str) -> tuple[str, str]:
        [element] = [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
        return element.text, element.value_of_css_property("background-color")

    driver.get(demo_server.url("/index.html"))
    expired_event = badge(".event-validity.tone-expired .badge")
    wuhan = _event_id(demo, "武汉")
    driver.get(demo_server.url(f"/documents/{next(e.document_id for e in demo.second.events if e.id == wuhan)}.html"))
    expired_status = badge("h1 .status")

    site, event_id = repealed
    driver.get(site.url("/index.html"))
    repealed_event = badge(".event-validity.tone-repealed .badge")
    driver.get(site.url("/documents/9.html"))
    repealed_status = badge("h1 .status")

    assert (expired_event[0], expired_status[0]) == ("已失效", "失效")
    assert (repealed_event[0], repealed_status[0]) == ("已废止", "废止")
    assert expired_event[1] != repealed_event[1] and expired_status[1] != repealed_status[1]
    driver.get(site.url(f"/changes/{event_id}.html"))
    assert "有效性" in driver.find_element(By.CSS_SELECTOR, ".metadata-changes").text


@pytest.mark.parametrize("where", ["file", "server"])
def test_search_finds_a_phrase_from_a_clause_body(demo, demo_server, driver, width, where):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    root = demo.index_html.parent
    page = (root / "search.html").as_uri() if where == "file" else demo_server.url("/search.html")
    driver.get(page + "?q=" + quote("数据要素流通"))
    WebDriverWait(driver, 20).until(lambda d: _visible(d, "#search-results li"))
    hits = driver.find_elements(By.CSS_SELECTOR, "#search-results li")
    assert driver.find_element(By.ID, "search-status").text == "找到 2 项结果"
    assert {h.find_element(By.CSS_SELECTOR, ".badge").text for h in hits} == {"现行文本", "变更"}
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#search-results mark")]
    assert marks == ["数据要素流通", "数据要素流通"]
    assert all("南京国家人工智能创新应用先导区" in h.find_element(By.TAG_NAME, "a").text for h in hits)
    hits[0].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 10).until(lambda d: "打造数据要素流通高地" in d.find_element(By.TAG_NAME, "main").text)
    # a phrase whose characters all occur in the site but never together finds nothing
    driver.get(page + "?q=" + quote("要素数据"))
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "search-status").text not in ("", "正在检索……"))
    assert driver.find_element(By.ID, "search-status").text == "没有匹配的文件或变更。"


def test_digest_html_part_shows_the_clauses(demo, driver, width, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    message = email.message_from_bytes(demo.digest_eml.read_bytes(), policy=email.policy.default)
    html = tmp_path / "digest.html"
    html.write_text(message.get_body(("html",)).get_content(), encoding="utf-8")
    driver.get(html.as_uri())
    text = driver.find_element(By.TAG_NAME, "body").text
    assert "3．打造数据要素流通高地。建设南京公共数据授权运营平台" in text
    assert "7. 提升智慧城市水平。全面加强人工智能与政务" in text
    assert "已失效" in text and "3—5 依次顺延为 4—6" in text
    changed = driver.find_element(By.XPATH, "//del[contains(., '100家')]")
    assert "line-through" in changed.value_of_css_property("text-decoration-line")
    assert driver.find_element(By.XPATH, "//ins[contains(., '150家')]").is_displayed()
    links = [a.text for a in driver.find_elements(By.TAG_NAME, "a")]
    assert "查看全部" in links, "the cut deleted clause links to the full comparison"
    if width:  # nothing wider than the phone's screen
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
