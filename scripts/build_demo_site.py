"""Builds the bundled demo site (policywatch/demo/site/) from the seed policy texts.

The demo is a small TRS-style government policy column in two states. "before" has six
documents on two listing pages; "after" has real edits in some of them (an amount changed, a
clause inserted with its later siblings renumbered, a clause deleted with later ones
renumbered, a validity date extended, a document marked 失效), a new document, and nothing but
cosmetic noise (visit counters, print dates, whitespace) in the others. One document is only a
stub pointing at a PDF attachment; one page is GBK-encoded and, like every page here, served
without a charset in its Content-Type.

Run from the repository root with the test extras installed (reportlab writes the PDF):
    .venv/bin/python scripts/build_demo_site.py
The output is committed, so neither the demo nor the tests need this script.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import replace
from pathlib import Path

from policywatch.demo.sitegen import Doc, write_site

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
OUT = ROOT / "policywatch" / "demo" / "site"
PAGE_SIZE = 4


def seed(prefix: str) -> list[str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()


def lines_between(lines: list[str], start: int, end: int) -> tuple[str, ...]:
    """Lines start..end-1 (1-based, like the line numbers in docs/clauses.md)."""
    return tuple(lines[start - 1 : end - 1])


def body_lines(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    cleaned = []
    for line in lines:
        line = re.sub(r"^#{1,6}\s+", "", line).strip()
        if line:
            cleaned.append(line)
    return tuple(cleaned)


def replace_once(lines: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    hits = [i for i, line in enumerate(lines) if old in line]
    assert len(hits) == 1, f"expected one line containing {old!r}, found {len(hits)}"
    out = list(lines)
    out[hits[0]] = out[hits[0]].replace(old, new, 1)
    return tuple(out)


def insert_after(lines: tuple[str, ...], anchor: str, new_line: str) -> tuple[str, ...]:
    hits = [i for i, line in enumerate(lines) if line.startswith(anchor)]
    assert len(hits) == 1, f"expected one line starting {anchor!r}"
    out = list(lines)
    out.insert(hits[0] + 1, new_line)
    return tuple(out)


def delete_lines(lines: tuple[str, ...], *starts: str) -> tuple[str, ...]:
    out = [line for line in lines if not any(line.startswith(s) for s in starts)]
    assert len(out) == len(lines) - len(starts), "a line to delete was not found exactly once"
    return tuple(out)


# --------------------------------------------------------------------------- documents


def documents() -> tuple[list[Doc], list[Doc]]:
    s000, s001, s002, s003, s004 = (seed(p) for p in ("000", "001", "002", "003", "004"))

    nanjing_2022 = Doc(
        id="3001", date="2022-12-13", written="2022-12-12",
        title="市政府关于印发南京国家人工智能创新应用先导区建设实施方案的通知",
        issuer="南京市人民政府", doc_number="宁政发〔2022〕208号", index_no="11320100MB1234567X/2022-01208",
        lines=body_lines(s002), visits=2210,
    )
    yixing = Doc(
        id="3002", date="2023-07-05", written="2023-07-03",
        title="市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知",
        issuer="宜兴市人民政府办公室", doc_number="宜政办发〔2023〕22号", index_no="014052365/2023-00022",
        lines=body_lines(s004), visits=870,
    )
    nanjing_2019 = Doc(
        id="2001", date="2019-07-01", written="2019-06-29",
        title="南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知",
        issuer="南京市人民政府办公厅", doc_number="宁政办发〔2019〕37号", index_no="11320100MB1234567X/2019-00037",
        lines=body_lines(s003[3:]), encoding="gbk", visits=5120,
    )
    jiangsu = Doc(
        id="1001", date="2018-05-14", written="2018-05-11",
        title="关于印发江苏省新一代人工智能产业发展实施意见的通知",
        issuer="江苏省经济和信息化委员会", doc_number="苏经信科技〔2018〕329号", index_no="014000319/2018-00329",
        lines=tuple(s000), pdf=True, visits=9310,
    )
    guangzhou = Doc(
        id="1002", date="2020-01-15", written="2020-01-13",
        title="广州人工智能与数字经济试验区产业导则",
        issuer="广州市工业和信息化局", doc_number="", index_no="007482856/2020-00113",
        lines=body_lines(lines_between(s001, 2625, 2747)), visits=1404,
    )
    wuhan = Doc(
        id="1003", date="2019-08-20", written="2019-08-16",
        title="武汉国家新一代人工智能创新发展试验区建设若干政策",
        issuer="武汉市人民政府", doc_number="", index_no="K28044908/2019-04277",
        lines=body_lines(lines_between(s001, 3115, 3141)), visits=3301,
    )
    hangzhou = Doc(
        id="3003", date="2022-11-20", written="2022-11-18",
        title="杭州市建设国家新一代人工智能创新发展试验区若干政策",
        issuer="杭州市人民政府", doc_number="", index_no="002489227/2022-01118",
        lines=body_lines(lines_between(s001, 987, 1053)), visits=12,
    )
    before = [nanjing_2022, yixing, guangzhou, wuhan, nanjing_2019, jiangsu]

    # -- the "after" state: real edits ---------------------------------------------------
    n22 = replace_once(nanjing_2022.lines, "培育100家人工智能重点企业", "培育150家人工智能重点企业")
    n22 = insert_after(
        n22, "2．打造政策探索策源高地",
        "3．打造数据要素流通高地。建设南京公共数据授权运营平台，推动100个以上高质量数据集向人工智能企业开放。",
    )
    n22 = replace_once(n22, "3．打造技术创新引领高地", "4．打造技术创新引领高地")
    n22 = replace_once(n22, "4．打造场景应用示范高地", "5．打造场景应用示范高地")
    n22 = replace_once(n22, "5．打造产业开放合作高地", "6．打造产业开放合作高地")

    yx = delete_lines(yixing.lines, "7. 提升智慧城市水平", "公共资源，提高交通运行效率")
    yx = replace_once(yx, "8. 拓展智慧生活应用", "7. 拓展智慧生活应用")
    yx = replace_once(yx, "9. 强化产业人才支撑", "8. 强化产业人才支撑")
    yx = replace_once(yx, "10. 夯实基础设施建设", "9. 夯实基础设施建设")

    gz = replace_once(guangzhou.lines, "有效期至2025年12月31日", "有效期至2027年12月31日")

    # -- cosmetic noise only: counters move, whitespace and spacing change -------------
    n19 = tuple(re.sub(r"(\d+)(年|亿元|%)", r" \1 \2", line, count=1) for line in nanjing_2019.lines)

    after = [
        hangzhou,
        replace(nanjing_2022, lines=n22, visits=2388),
        replace(yixing, lines=yx, visits=1002),
        replace(guangzhou, lines=gz, visits=1533),
        replace(wuhan, validity="失效", visits=3390),
        replace(nanjing_2019, lines=n19, visits=5207),
        replace(jiangsu, visits=9377),
    ]
    return before, after


def write_pdf(doc: Doc, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    paragraphs, current = [], ""
    # 000 is one PDF row per line; a trailing space ends a paragraph (docs/clauses.md §2.1).
    for row in doc.lines:
        if not row.strip():
            continue
        current += row.strip()
        if row.endswith(" "):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    story = [Paragraph(html.escape(p), style) for p in paragraphs if not p.startswith("http")]
    pdf = SimpleDocTemplate(str(path), pagesize=A4, title=doc.title, author=doc.issuer, invariant=1)
    pdf.build(story)


def build_state(state: str, docs: list[Doc]) -> None:
    root = OUT / state
    write_site(root, docs, page_size=PAGE_SIZE, state=state, cosmetic=("2001",) if state == "after" else (),
               listing_visits=1000 if state == "before" else 1211)
    for doc in docs:
        if doc.pdf:
            write_pdf(doc, (root / doc.path).parent / "P020180514_1001.pdf")


def build_family() -> None:
    """The lineage family (policywatch/demo/family.py) as a second small site: before 2024, and
    after (the successor, the repeal list, the amendment decision, the interpretation, …)."""
    from policywatch.demo.family import EARLY, FAMILY

    write_site(OUT / "family" / "before", [d for d in FAMILY if d.id in EARLY], page_size=PAGE_SIZE)
    write_site(OUT / "family" / "after", list(FAMILY), page_size=PAGE_SIZE)


def main() -> None:
    before, after = documents()
    if OUT.exists():
        shutil.rmtree(OUT)
    build_state("before", before)
    build_state("after", after)
    build_family()
    print(f"demo site written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
