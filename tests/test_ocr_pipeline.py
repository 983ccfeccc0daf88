"""A scanned PDF policy is watched like a text one: real runs against a loopback site, OCR in between."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.demo import LoopbackSite
from policywatch.extract import ocr_engine
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.scangen import font_available, image_pdf, rasterise, scanner_damage, text_band, text_pdf
from tests.test_attachments_pipeline import RULES, make_site, settings

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr_engine() or not font_available(), reason="no OCR engine or no CJK font"),
]
STUB = "<p>现将有关办法印发给你们。</p><p>详见附件。</p>"
DPI = 150


def scan(lines: list[str], *, seed: int, angle: float) -> bytes:
    """The printed page through a scanner: a different seed and skew give different bytes."""
    page = text_band(rasterise(text_pdf(lines), DPI)[0], len(lines))  # a half-sheet: less to recognise
    return image_pdf([scanner_damage(page, seed=seed, angle=angle)], DPI)


def test_a_scanned_policy_rescanned_reports_nothing_and_its_edit_is_reported(tmp_path: Path) -> None:
    old = [*RULES, "（三）单个项目最高给予100万元资助。"]
    new = [*RULES, "（三）单个项目最高给予500万元资助。"]
    root = tmp_path / "www"
    make_site(root, body=STUB, attachment="fj.pdf", data=scan(old, seed=1, angle=0.8))
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            first = run_once(config, store, build_report_site=False, deliver=False)
            # a stored attachment's reader's word reaches the run too, once
            assert first.warnings.count(f"{site.url('/zcwj/202401/fj.pdf')}: text recognised by OCR ({ocr_engine()})") == 1
            # the same paper scanned again: other grain, other skew, other bytes, same words
            make_site(root, body=STUB, attachment="fj.pdf", data=scan(old, seed=2, angle=-0.5))
            run_once(config, store, build_report_site=False, deliver=False)
            assert [e for e in store.events() if e.kind is EventKind.CHANGED] == []
            make_site(root, body=STUB, attachment="fj.pdf", data=scan(new, seed=3, angle=0.3))
            run_once(config, store, build_report_site=False, deliver=False)
            changed = [e for e in store.events() if e.kind is EventKind.CHANGED]
            document = store.document(changed[0].url) if changed else None
            versions = store.versions(document.id) if document else []
    assert len(changed) == 1
    facts = [f for c in changed[0].changeset.changes for f in c.facts]
    assert any("100万元" in f.old and "500万元" in f.new for f in facts), facts
    assert [v.metadata.text_source for v in versions] == [f"ocr:{ocr_engine()}"] * 2


def test_a_pdf_page_whose_fonts_map_no_characters_is_read_by_ocr_in_its_place() -> None:
    # a text PDF whose page 2 is printed through a font without ToUnicode (its glyphs are drawn
    # by a picture of the words here, as a renderer draws them): the text layer leaves the page
    # out, OCR reads only that page, and the readable pages keep their text layer around it
    import io

    import pypdfium2

    from policywatch.extract import extract
    from tests.extract.test_formats import _cid_pdf

    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(True, "第二条 补贴标准为每人每月800元。")]]
    printed = [[(False, "附件：就业补贴申请表填写说明及有关要求")]] * 6
    pdf = pypdfium2.PdfDocument(_cid_pdf(readable, printed, readable))
    band = text_band(rasterise(text_pdf(["附件：就业补贴申请表"]), DPI)[0], 1)
    image = pypdfium2.PdfImage.new(pdf)
    image.set_bitmap(pypdfium2.PdfBitmap.from_pil(band))
    width, height = band.size[0] * 72 / DPI, band.size[1] * 72 / DPI
    image.set_matrix(pypdfium2.PdfMatrix().scale(width, height).translate(0, 500))
    page = pdf[1]  # one handle: a page's new objects are written by its own gen_content
    page.insert_obj(image)
    page.gen_content()
    body = io.BytesIO()
    pdf.save(body)
    doc = extract(body.getvalue(), url="http://x.gov.cn/mixed.pdf", ocr=True)
    lines = ["第一条 为了规范就业补贴资金管理，制定本办法。", "第二条 补贴标准为每人每月800元。"]
    assert not doc.needs_ocr
    assert doc.text.splitlines() == [*lines, "附件：就业补贴申请表", *lines]
    assert doc.warnings[1:] == (f"page 2: text recognised by OCR ({ocr_engine()})",)
    assert doc.metadata.text_source == ""  # the file's text is its text layer; the warning names the page OCR read


def test_the_scanned_pages_of_a_text_pdf_are_read_by_one_ocr_call_each_in_its_place(monkeypatch) -> None:
    # a printed policy with two scanned pages (a stamped page, an appendix): both read by OCR in
    # one call into the OCR child, not one call (and one file transfer) a page
    from policywatch.extract import extract, sandbox
    from tests.extract.test_formats import _cid_pdf, _with_scanned_pages

    calls: list[tuple] = []
    real = sandbox.read_bounded

    def counted(body: bytes, **kwargs: object) -> object:
        calls.append((kwargs["reader"], kwargs.get("options")))
        return real(body, **kwargs)

    monkeypatch.setattr(sandbox, "read_bounded", counted)
    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(True, "第二条 补贴标准为每人每月800元。")]]
    scans = [text_band(rasterise(text_pdf([line]), DPI)[0], 1) for line in ("附件一：就业补贴申请表", "附件二：承诺书")]
    body = _with_scanned_pages(_cid_pdf(readable, readable), at=(1, 3), scans=scans)
    doc = extract(body, url="http://x.gov.cn/stamped.pdf", ocr=True)
    lines = ["第一条 为了规范就业补贴资金管理，制定本办法。", "第二条 补贴标准为每人每月800元。"]
    assert doc.text.splitlines() == [*lines, "附件一：就业补贴申请表", *lines, "附件二：承诺书"]
    assert doc.warnings[1:] == (f"page 2: text recognised by OCR ({ocr_engine()})",
                                f"page 4: text recognised by OCR ({ocr_engine()})")
    ocr_calls = [call for call in calls if "ocr" in call[0]]
    assert ocr_calls == [("policywatch.extract.ocr:ocr_pdf_pages", {"pages": (2, 4)})]


def test_the_scans_and_scanned_pages_of_pdfs_in_a_zip_bundle_are_read_by_ocr_as_standalone_ones() -> None:
    # a 申报材料.zip made on Chinese Windows: a text PDF with a scanned appendix page, and inside
    # a nested ZIP a scanned form; each scan is read by OCR in its member's place
    from policywatch.extract import extract
    from tests.extract.test_formats import _cid_pdf, _with_scanned_pages
    from tests.govsite import make_zip

    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(True, "第二条 补贴标准为每人每月800元。")]]
    appendix = text_band(rasterise(text_pdf(["附件一：就业补贴申请表"]), DPI)[0], 1)
    form = text_band(rasterise(text_pdf(["附件二：承诺书"]), DPI)[0], 1)
    nested = make_zip({"承诺书.pdf": image_pdf([form], DPI), "说明.txt": "请于8月底前报送。".encode("gbk")}, gbk_names=True)
    bundle = make_zip({"办法.pdf": _with_scanned_pages(_cid_pdf(readable, readable), at=(1,), scans=[appendix]),
                       "附件.zip": nested}, gbk_names=True)
    doc = extract(bundle, url="http://x.gov.cn/cl.zip", ocr=True)
    lines = ["第一条 为了规范就业补贴资金管理，制定本办法。", "第二条 补贴标准为每人每月800元。"]
    assert doc.text.splitlines() == ["【cl.zip/办法.pdf】", *lines, "附件一：就业补贴申请表", *lines,
                                     "【cl.zip/附件.zip/承诺书.pdf】", "附件二：承诺书",
                                     "【cl.zip/附件.zip/说明.txt】", "请于8月底前报送。"]
    assert f"cl.zip/办法.pdf: page 2: text recognised by OCR ({ocr_engine()})" in doc.warnings
    assert f"cl.zip/附件.zip/承诺书.pdf: text recognised by OCR ({ocr_engine()})" in doc.warnings
