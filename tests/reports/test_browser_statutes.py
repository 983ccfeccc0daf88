"""`diff --format html` of two real statute pairs in Chromium: the 新旧对照 page of 畜牧法 (2015 →
2022, its 第六章 renamed and made 第八章 with its articles) and 立法法 (2015 → 2023, 第七十二条's
款 moved out to a new 第八十一条 and edited). Each column must read as its own text does: the old
one with the old number, or none where the old 款 had none, the change marked in both."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import cli
from tests.reports.test_browser import driver  # noqa: F401  (the shared Chromium fixture)
from tests.reports.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks]

STATUTES = Path(__file__).resolve().parents[1] / "data" / "statutes"


def _page(tmp_path: Path, name: str) -> Path:
    result = CliRunner().invoke(cli, ["diff", "--format", "html", str(STATUTES / f"{name}.old.txt"),
                                      str(STATUTES / f"{name}.new.txt")])
    assert result.exit_code == 1, result.output
    path = tmp_path / f"{name}.html"
    path.write_text(result.output, encoding="utf-8")
    return path


def _cells(driver, anchor: str) -> dict[str, object]:  # noqa: F811
    from selenium.webdriver.common.by import By

    row = driver.find_element(By.ID, anchor)
    old, new = row.find_element(By.CSS_SELECTOR, ".cell.old"), row.find_element(By.CSS_SELECTOR, ".cell.new")
    assert old.is_displayed() and new.is_displayed()
    # side by side: the two columns share a line on a desktop screen
    assert old.rect["x"] + old.rect["width"] <= new.rect["x"] and abs(old.rect["y"] - new.rect["y"]) < 5
    return {"note": row.find_element(By.CSS_SELECTOR, ".note").text, "old": old.text, "new": new.text,
            "del": [e.text for e in old.find_elements(By.TAG_NAME, "del")],
            "ins": [e.text for e in new.find_elements(By.TAG_NAME, "ins")]}


def test_a_renamed_chapter_shows_both_headings_with_their_own_numbers(driver, tmp_path: Path) -> None:  # noqa: F811
    driver.get(_page(tmp_path, "livestock").as_uri())
    chapter = _cells(driver, "第八章")
    assert chapter == {"note": "编号 第六章 → 第八章", "old": "第六章 质量安全保障", "new": "第八章 保障与监督",
                       "del": ["质量安全保障"], "ins": ["保障与监督"]}
    # its articles, renumbered with it, read in the old column under their old numbers
    article = _cells(driver, "第八章-第七十一条")
    assert article["old"].startswith("第五十四条 县级以上") and article["new"].startswith("第七十一条 县级以上")
    assert "畜牧兽医行政" in article["del"] and "农业农村" in article["ins"]


def test_a_moved_and_extended_paragraph_reads_at_its_old_place_without_the_new_number(driver,  # noqa: F811
                                                                                      tmp_path: Path) -> None:
    driver.get(_page(tmp_path, "legislation").as_uri())
    moved = _cells(driver, "第四章-第一节-第八十一条")
    assert moved["note"] == "由 第四章 › 第一节 › 第七十二条第二款 移至 第四章 › 第一节 › 第八十一条"
    # the old 款 was 第七十二条's second paragraph: it carried no article number of its own
    assert moved["old"].startswith("设区的市的人民代表大会") and moved["new"].startswith("第八十一条 设区的市")
    assert moved["del"] == ["环境保护"] and moved["ins"] == ["生态文明建设", "、基层治理", "认为"]
