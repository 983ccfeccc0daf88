"""ZIP bundles (申报材料.zip) as attachments of an unseen site, crawled from outside with `run --json`.

The page links a bundle made as Chinese Windows makes it (GBK member names, no UTF-8 flag)
holding a DOCX, a text file, a nested ZIP with a PDF, an encrypted member and a ../ name; a zip
bomb; a .rar and a .7z (no reader ships). What can be read is stored under the bundle's name,
everything else is reported, a bomb is refused by its directory before it is inflated.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from policywatch import extract
from policywatch.config import ExtractSettings
from policywatch.demo.server import LoopbackSite
from policywatch.extract import archive
from tests.govsite import make_docx, make_pdf, make_zip, seed_lines
from tests.unseen import documents, run_json, stored_text, write_config

# 南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知 (宁政办发〔2019〕37号), tests/data/seeds
NJ19 = seed_lines("003_388d20438c39147f.txt", 2, 15)
TASKS = ["重点任务分解表", "一、打造人工智能产业地标", "二、建设人工智能创新平台"]
TITLE = "南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知"
BOMB_BYTES = 30_000_000  # zeros: they deflate ~1000x, far over extract.max_zip_ratio (100)


def _bundle() -> bytes:
    nested = make_zip({"附件3分解表.pdf": make_pdf(TASKS)}, gbk_names=True)
    return make_zip({"附件1行动计划.docx": make_docx(NJ19, [["项目", "金额"], ["算力中心", "1亿元"]]),
                     "附件2填报说明.txt": "填报说明\n请于2019年8月底前报送。".encode("gbk"),
                     "附件3.zip": nested, "密码.docx": b"sealed", "../../etc/cron.d/x": b"* * * * * root true"},
                    gbk_names=True, encrypted=frozenset({"密码.docx"}))


def _bomb() -> bytes:
    return make_zip({"data.docx": b"\0" * BOMB_BYTES})


def _site(root: Path) -> None:
    (root / "zcwj").mkdir(parents=True)
    (root / "list.html").write_text(
        f'<html><body><ul class="list"><li><a href="zcwj/t20190702_1.html">{TITLE}</a><span>2019-07-02</span></li>'
        "</ul></body></html>", encoding="utf-8")
    links = "".join(f'<p>附件{n}：<a href="{href}">{name}</a></p>' for n, (href, name) in enumerate(
        [("P020190702501.zip", "申报材料.zip"), ("P020190702502.zip", "历年材料.zip"),
         ("P020190702503.rar", "附件.rar"), ("P020190702504.7z", "附件.7z")], 1))
    body = "".join(f"<p>{line}</p>" for line in NJ19)
    (root / "zcwj/t20190702_1.html").write_text(
        f"<html><head><title>{TITLE}</title></head><body><div class=\"article\"><h1>{TITLE}</h1>"
        f'<div class="content">{body}</div><div class="fujian">{links}</div></div></body></html>', encoding="utf-8")
    (root / "zcwj/P020190702501.zip").write_bytes(_bundle())
    (root / "zcwj/P020190702502.zip").write_bytes(_bomb())
    (root / "zcwj/P020190702503.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + bytes(64))
    (root / "zcwj/P020190702504.7z").write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(64))


def test_a_zip_bundle_is_read_member_by_member_and_what_is_not_read_is_reported(tmp_path: Path) -> None:
    _site(tmp_path / "www")
    with LoopbackSite(tmp_path / "www") as site:
        config = write_config(tmp_path, f'name = "zips"\nlisting_urls = ["{site.base_url}/list.html"]')
        report = run_json(config)
        docs = documents(config)
    page = docs["/zcwj/t20190702_1.html"]
    bundle = docs["/zcwj/P020190702501.zip"]
    assert bundle["parent_id"] == page["id"]
    text = stored_text(config, bundle)
    # GBK names come out as their maker wrote them; the nested ZIP's PDF is read under both names
    assert text[0] == "【P020190702501.zip/附件1行动计划.docx】"
    assert NJ19[0] in text and "【P020190702501.zip/附件2填报说明.txt】" in text and "请于2019年8月底前报送。" in text
    assert "【P020190702501.zip/附件3.zip/附件3分解表.pdf】" in text and TASKS[1] in text
    assert not any("sealed" in line or "cron" in line for line in text)
    warnings = "\n".join(report["warnings"])
    assert "P020190702501.zip/密码.docx: encrypted" in warnings
    assert "P020190702501.zip/../../etc/cron.d/x: unsafe path" in warnings
    errors = "\n".join(report["errors"])
    # the bomb, the RAR and the 7z are each the attachment's honest outcome, never dropped
    assert "P020190702502.zip: attachment too_large" in errors and "max_zip_ratio" in errors
    assert "P020190702503.rar: attachment unsupported" in errors and "no RAR reader" in errors
    assert "P020190702504.7z: attachment unsupported" in errors and "no 7Z reader" in errors
    assert not {"/zcwj/P020190702502.zip", "/zcwj/P020190702503.rar", "/zcwj/P020190702504.7z"} & set(docs)


def test_a_zip_name_without_the_utf8_flag_is_gbk_and_one_with_it_or_in_plain_ascii_is_kept() -> None:
    gbk = make_zip({"附件1.docx": b"x", "申报书（2024年）.pdf": b"y"}, gbk_names=True)
    flagged = make_zip({"附件1.docx": b"x"})  # zipfile writes non-ASCII names as UTF-8 and sets the flag
    ascii_only = make_zip({"fj1.docx": b"x"})
    names = [[archive.member_name(m) for m in zipfile.ZipFile(__import__("io").BytesIO(z)).infolist()]
             for z in (gbk, flagged, ascii_only)]
    assert names == [["附件1.docx", "申报书（2024年）.pdf"], ["附件1.docx"], ["fj1.docx"]]


def test_a_bundle_over_the_member_count_or_total_size_is_refused_before_inflating() -> None:
    many = make_zip({f"{n}.txt": b"x" for n in range(ExtractSettings().max_zip_members + 1)})
    with pytest.raises(extract.ExtractRefused, match=r"more than extract.max_zip_members \(200\)") as refused:
        extract.extract(many, url="http://h/many.zip")
    assert refused.value.outcome == "too_large"
    # the bound is the configured one: a bundle of six forms under max_zip_members = 5, and at 6
    six = make_zip({f"附件{n}.txt": f"第{n}份申报材料".encode() for n in range(6)})
    with pytest.raises(extract.ExtractRefused, match=r"6 files, more than extract.max_zip_members \(5\)"):
        extract.extract(six, url="http://h/six.zip", limits=replace(ExtractSettings(), max_zip_members=5))
    assert "第5份申报材料" in extract.extract(six, url="http://h/six.zip",
                                          limits=replace(ExtractSettings(), max_zip_members=6)).text
    # incompressible-looking but large: under the ratio limit, over max_unzipped_bytes
    small = replace(ExtractSettings(), max_unzipped_bytes=50_000)
    lines = [f"第{n}条 申报单位应当如实填写第{n * 7919 % 10007}项内容。" for n in range(3000)]
    big = make_zip({"附件1.txt": "\n".join(lines).encode("gbk")})
    with pytest.raises(extract.ExtractRefused, match="max_unzipped_bytes"):
        extract.extract(big, url="http://h/big.zip", limits=small)


def test_zips_nested_deeper_than_max_depth_are_named_not_read() -> None:
    inner = make_zip({"c.txt": "最内层说明".encode()})
    middle = make_zip({"b.zip": inner, "b.txt": "中间层说明".encode()})
    outer = make_zip({"a.zip": middle})
    document = extract.extract(outer, url="http://h/outer.zip")
    assert ExtractSettings().max_zip_depth == 2
    assert "中间层说明" in document.text and "最内层说明" not in document.text
    assert any("outer.zip/a.zip" in w and "b.zip" in w and "nested deeper" in w for w in document.warnings)
    # extract.max_zip_depth moves the bound both ways
    deeper = extract.extract(outer, url="http://h/outer.zip", limits=replace(ExtractSettings(), max_zip_depth=3))
    assert "最内层说明" in deeper.text and not any("nested deeper" in w for w in deeper.warnings)
    flat = extract.extract(outer, url="http://h/outer.zip", limits=replace(ExtractSettings(), max_zip_depth=1))
    assert "中间层说明" not in flat.text
    assert any("outer.zip/a.zip: a ZIP nested deeper than 1 levels (extract.max_zip_depth)" in w for w in flat.warnings)


@pytest.mark.parametrize(("magic", "kind"), [(b"Rar!\x1a\x07\x00", "rar"), (b"Rar!\x1a\x07\x01\x00", "rar"),
                                             (b"7z\xbc\xaf\x27\x1c\x00\x03", "7z")])
def test_rar_and_7z_are_named_by_their_magic_whatever_the_url_says(magic: bytes, kind: str) -> None:
    body = magic + bytes(100)
    assert extract.sniff(body, "application/octet-stream", "http://h/download.jsp?id=9") == kind
    with pytest.raises(extract.ExtractRefused, match=f"no {kind.upper()} reader") as refused:
        extract.extract(body, url="http://h/download.jsp?id=9")
    assert refused.value.outcome == "unsupported"


def test_archive_links_are_attachment_links() -> None:
    from policywatch.extract.html import is_attachment_url

    assert all(is_attachment_url(u) for u in ("http://h/a/P0201.zip", "http://h/a/附件.RAR", "http://h/x.7z",
                                               "http://h/down.do?file=/u/申报材料.zip"))
    assert extract.format_of_name("申报材料.ZIP") == "zip" and extract.format_of_name("fj.7z") == "7z"


def test_a_bomb_or_a_broken_zip_inside_a_bundle_is_named_and_the_rest_still_reads() -> None:
    bundle = make_zip({"附件1.txt": "第一条 申报单位应当如实填写。".encode("gbk"), "inner.zip": _bomb(),
                       "broken.zip": b"PK\x03\x04" + bytes(40)}, gbk_names=True)
    document = extract.extract(bundle, url="http://h/fj/申报材料.zip")
    assert document.text.splitlines() == ["【申报材料.zip/附件1.txt】", "第一条 申报单位应当如实填写。"]
    assert any("申报材料.zip/inner.zip" in w and "max_zip_ratio" in w for w in document.warnings)
    assert any("申报材料.zip/broken.zip" in w for w in document.warnings)


def test_the_scans_in_a_bundle_are_named_as_not_read_when_ocr_is_off() -> None:
    # a scanned member and a text PDF's scanned page: without OCR each is named, never dropped
    from PIL import Image

    from tests.extract.test_formats import _cid_pdf, _with_scanned_pages

    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")]]
    scan = io.BytesIO()
    Image.new("L", (600, 840), 200).convert("RGB").save(scan, format="PDF", resolution=150)
    bundle = make_zip({"办法.pdf": _with_scanned_pages(_cid_pdf(readable, readable), at=(1,)),
                       "承诺书.pdf": scan.getvalue()})
    doc = extract.extract(bundle, url="http://x.gov.cn/cl.zip", ocr=False)
    assert doc.text.splitlines() == ["【cl.zip/办法.pdf】", readable[0][0][1], readable[0][0][1]]
    assert doc.warnings == (
        "cl.zip/办法.pdf: page 2: only images, no text layer (scanned): left out, it needs OCR",
        "cl.zip/承诺书.pdf: no text layer on 1 page(s) (1 image(s)): needs OCR",
        "cl.zip/办法.pdf: page 2 not read: OCR is switched off for this source",
        "cl.zip/承诺书.pdf: not read: OCR is switched off for this source")


def test_ocr_of_one_bundle_stops_at_max_ocr_pages_in_all_and_names_the_rest() -> None:
    # 200 inner ZIPs of 150 blank scans each were 30,000 OCR calls: one document's OCR is held
    # to MAX_OCR_PAGES across its members and their nesting, the members beyond it named
    from PIL import Image

    from policywatch.extract.ocr import MAX_OCR_PAGES

    scan = io.BytesIO()
    Image.new("L", (60, 84), 200).convert("RGB").save(scan, format="PDF", resolution=15)
    inner = make_zip({f"s{n}.pdf": scan.getvalue() for n in range(MAX_OCR_PAGES // 2 + 10)})
    doc = extract.extract(make_zip({"z1.zip": inner, "z2.zip": inner}), url="http://x.gov.cn/b.zip", ocr=False)
    beyond = [f"b.zip/z2.zip/s{n}.pdf" for n in range(MAX_OCR_PAGES // 2 - 10, MAX_OCR_PAGES // 2 + 10)]
    assert f"not read: past the {MAX_OCR_PAGES} pages OCR reads of one document: " + "; ".join(beyond) in doc.warnings
    assert sum(warning.endswith("not read: OCR is switched off for this source") for warning in doc.warnings) == \
        MAX_OCR_PAGES
    # a batch of a file's left-out pages gets each page's OCR allowance, up to OCR_BUDGET pages'
    from policywatch.extract import OCR_BUDGET, _ocr_budget

    limits = ExtractSettings()
    assert _ocr_budget(limits, pages=2).timeout == 2 * _ocr_budget(limits).timeout
    assert _ocr_budget(limits, pages=299).cpu_seconds == OCR_BUDGET * _ocr_budget(limits).cpu_seconds
