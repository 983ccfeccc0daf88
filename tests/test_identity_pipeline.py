"""Document identity through real runs: redirects and shared 索引号 never merge live documents."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite, Response
from policywatch.demo.sitegen import Doc, write_site
from policywatch.pipeline import run_once
from policywatch.state import Store


def doc(doc_id: str, text: str, index_no: str) -> Doc:
    return Doc(id=doc_id, date="2024-03-01", title=f"关于印发人工智能扶持政策的通知（{doc_id}）", issuer="示范市工业和信息化局",
               doc_number="", written="2024-02-28", index_no=index_no,
               lines=("一、总体要求", f"（一）对符合条件的企业给予最高{text}万元资助。", "（二）加强组织保障。"))


def settings(base_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database=tmp_path / "pw.db", output_dir=tmp_path / "site",
        fetch=FetchSettings(min_delay=0.0, retries=0),
        sources=(SourceConfig(name="s", listing_urls=(f"{base_url}/zcwj/index.html",), profile="trs",
                              allow_private=True, min_delay=0.0),),
    )


def crawl(config: Settings, store: Store):
    return run_once(config, store, build_report_site=False, deliver=False)


@contextmanager
def crawled(tmp_path: Path, policy: Doc) -> Iterator[tuple[Path, LoopbackSite, Settings, Store]]:
    """A site of one document, crawled once: (its root, the site, the config, the open store)."""
    root = tmp_path / "www"
    write_site(root, [policy])
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            crawl(config, store)
            yield root, site, config, store


def test_pages_that_redirect_to_one_notice_stay_two_documents(tmp_path: Path) -> None:
    a, b = doc("1", "100", "A/2024-1"), doc("2", "200", "A/2024-2")
    root = tmp_path / "www"
    write_site(root, [a, b])
    (root / "notice.html").write_text("<html><body><div class='TRS_Editor'><p>系统升级，文件暂不提供。</p></div></body></html>",
                                      encoding="utf-8")
    with LoopbackSite(root) as site:
        for d in (a, b):
            site.route("/" + d.path, Response(status=302, headers={"Location": "/notice.html"}))
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            crawl(config, store)
            for d in (a, b):
                site.unroute("/" + d.path)
            site.requests.clear()
            crawl(config, store)
            crawl(config, store)
            urls = {record.url for record in store.documents("s")}
            requested = {r.route for r in site.requests}
            listed = {site.url("/" + a.path), site.url("/" + b.path)}
    assert listed <= urls, "the listed pages are the watched URLs, not the notice they redirected to"
    assert {"/" + a.path, "/" + b.path} <= requested
    assert "/notice.html" not in requested


def test_a_page_reusing_an_index_no_is_another_document_while_the_first_is_listed(tmp_path: Path) -> None:
    policy = doc("10", "100", "B/2024-7")
    with crawled(tmp_path, policy) as (root, site, config, store):
        interpretation = replace(doc("11", "100", "B/2024-7"), title="政策解读：人工智能扶持政策",
                                 lines=("近日，我市印发人工智能扶持政策。", "一、出台背景", "为加快产业发展……"))
        write_site(root, [policy, interpretation])
        for _ in range(3):
            summary = crawl(config, store)
        documents = store.documents("s")
        events = store.events()
        requests_to_policy = len(site.requests_to("/" + policy.path))
    assert len(documents) == 2
    assert {d.version_count for d in documents} == {1}
    assert not [e for e in events if e.kind.value in ("changed", "returned")], "no flapping between the two"
    assert requests_to_policy >= 4, "the policy keeps being checked under its own URL"
    assert summary.failed_sources == ()


def test_a_doc_number_read_where_none_was_is_kept_without_news_but_a_changed_one_is_news(tmp_path: Path) -> None:
    """A page whose table now gives its 文号 (or an upgraded extractor now reading it) makes a
    version that carries it, but no `changed` event: "发文字号 ∅ → …" alone says nothing of the
    document. A 文号 that then changes is reported."""
    policy = doc("20", "100", "C/2024-1")
    with crawled(tmp_path, policy) as (root, site, config, store):
        url = site.url("/" + policy.path)
        assert store.document(url).metadata.doc_number == ""
        write_site(root, [replace(policy, doc_number="示工信发〔2024〕3号")])
        crawl(config, store)
        named = store.document(url)
        quiet = [e for e in store.events() if e.kind.value == "changed"]
        write_site(root, [replace(policy, doc_number="示工信发〔2024〕4号")])
        crawl(config, store)
        renamed = [e for e in store.events() if e.kind.value == "changed"]
    assert named.metadata.doc_number == "示工信发〔2024〕3号" and named.version_count == 2  # kept in a version
    assert quiet == [], "a 文号 read where none was is no change of the document"
    assert len(renamed) == 1 and [(m.field, m.old, m.new) for m in renamed[0].changeset.metadata_changes] == [
        ("doc_number", "示工信发〔2024〕3号", "示工信发〔2024〕4号")]
