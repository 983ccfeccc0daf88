"""A run meeting hostile attachments on a loopback site finishes and records honest outcomes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policywatch.config import ExtractSettings
from policywatch.demo import LoopbackSite
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.hostile.bombs import MIB, docx_bomb, pdf_stream_bomb
from tests.test_attachments_pipeline import FILLER, RULES, make_site, settings


def test_a_docx_bomb_attachment_is_too_large_and_its_page_is_still_stored(tmp_path: Path) -> None:
    root = tmp_path / "www"
    make_site(root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj.docx",
              data=docx_bomb(100 * MIB))
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            summary = run_once(config, store, build_report_site=False, deliver=False)
            attempts = store.fetch_history(f"{site.base_url}/zcwj/202401/fj.docx")
            stored = [d.url for d in store.known_documents("s")]
        page = f"{site.base_url}/zcwj/202401/t20240105_1.html"
    assert summary.outcomes.get("too_large") == 1, summary.outcomes
    assert attempts and attempts[0]["outcome"] == "too_large" and "max_zip_ratio" in attempts[0]["detail"]
    assert any("max_zip_ratio" in e for e in summary.errors)
    assert stored == [page], "the page itself is kept, the bomb is not"


def test_a_pdf_document_hitting_the_stream_limit_is_recorded_too_large(tmp_path: Path) -> None:
    root = tmp_path / "www"
    make_site(root, body="<p>详见附件。</p>", attachment="fj.pdf", data=pdf_stream_bomb(64 * MIB))
    with LoopbackSite(root) as site:
        config = replace(settings(site.base_url, tmp_path), extract=ExtractSettings(max_pdf_stream_bytes=8 * MIB))
        with Store.open(config.database) as store:
            summary = run_once(config, store, build_report_site=False, deliver=False)
            attempts = store.fetch_history(f"{site.base_url}/zcwj/202401/fj.pdf")
    assert attempts[0]["outcome"] == "too_large" and "max_pdf_stream_bytes" in attempts[0]["detail"]
    assert summary.outcomes.get("too_large") == 1
