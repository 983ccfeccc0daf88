"""What DocumentProcessor reads from the store for one fetched document: the latest version's
text only, however many versions the document has (a server that ignores conditional GET answers
200 on every run, and each answer is compared with the stored text)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from policywatch import crawler
from policywatch.config import SourceConfig
from policywatch.pipeline.documents import DocumentProcessor
from policywatch.state import Store
from tests.state.helpers import at, make_doc, make_fetch

URL = "http://gov.test/art/2026/1.html"


@pytest.mark.parametrize("compare", [True, False])
def test_known_reads_only_the_latest_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compare: bool) -> None:
    with Store.open(tmp_path / "pw.db") as store:
        store.ensure_source("gov")
        texts = [f"第一条 最高资助{100 * n}万元。\n第二条 自2026年1月{n}日起施行。" for n in range(1, 7)]
        for day, text in enumerate(texts):
            store.record_version("gov", make_doc(URL, text), raw=make_fetch(URL, f"<html>{text}</html>", when=at(day)),
                                 run_id=store.start_run(["gov"]), now=at(day))
        read: list[str] = []
        real = store.texts.get
        monkeypatch.setattr(store.texts, "get", lambda db, digest: read.append(digest) or real(db, digest))
        source = SourceConfig(name="gov", listing_urls=("http://gov.test/",))
        processor = DocumentProcessor(source, store=store, fetcher=None, run_id=store.start_run(["gov"]),  # type: ignore[arg-type]
                                      first_run=False)
        job = crawler.FetchJob(url=URL, source=source)
        # a page naming its own file (as share links do) is checked against the stored length
        html = "<html><a href='1.html'>本页</a></html>"
        page = replace(make_fetch(URL, html, when=at(9)), text=html)
        known = processor.known(job, compare=True) if compare else processor.known(job, page)
        assert len(read) == 1
        assert known.latest_length == len(texts[-1])
        if compare:
            assert known.latest is not None and known.latest.display_text == texts[-1]
