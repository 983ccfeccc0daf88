"""The demo family through real runs on a loopback site: relations, comparisons, repeal, expiry, events once."""

from __future__ import annotations

from pathlib import Path

from policywatch.config import FetchSettings, Settings, SourceConfig, Subscription
from policywatch.demo import LoopbackSite
from policywatch.demo.family import EARLY, EXPECTED, FAMILY, NEVER_CRAWLED, score
from policywatch.demo.sitegen import write_site
from policywatch.pipeline import build_site, run_once
from policywatch.reports import build_digest
from policywatch.state import Store


def settings(base_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database=tmp_path / "pw.db", output_dir=tmp_path / "site",
        fetch=FetchSettings(min_delay=0.0, retries=0),
        sources=(SourceConfig(name="s", listing_urls=(f"{base_url}/zcwj/index.html",), profile="trs",
                              allow_private=True, min_delay=0.0, max_pages=10, pages=10),),
    )


def family_ids(store: Store) -> dict[int, str]:
    return {d.id: d.url.rsplit("_", 1)[-1].removesuffix(".html") for d in store.documents()}


def found_relations(store: Store) -> set[tuple[str, str, str]]:
    ids = family_ids(store)
    return {(ids[r.subject.id], r.kind.value, ids[r.target.id] if r.target.id is not None else r.target.doc_number)
            for r in store.relations()}


def test_the_family_is_linked_reported_once_and_the_uncrawled_repeal_resolves_later(tmp_path: Path) -> None:
    root = tmp_path / "www"
    write_site(root, [d for d in FAMILY if d.id in EARLY])
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            first = run_once(config, store, build_report_site=False, deliver=False)
            baseline_relations = len(store.relations())
            write_site(root, FAMILY)
            second = run_once(config, store, build_report_site=False, deliver=False)
            found = found_relations(store)
            ids = {v: k for k, v in family_ids(store).items()}
            f01, f07 = store.versions(ids["7001"])[-1], store.versions(ids["7007"])[-1]
            write_site(root, [*FAMILY, NEVER_CRAWLED])
            third = run_once(config, store, build_report_site=False, deliver=False)
            fourth = run_once(config, store, build_report_site=False, deliver=False)
            resolved = found_relations(store)
            f12 = store.versions(store.document(site.url("/" + NEVER_CRAWLED.path)).id)[-1]
            all_events = store.events()
            index = build_site(config, store)
            relation_count = len(store.relations()) - baseline_relations
            draft_changeset = store.relation_changeset(store.relations(kinds=["draft_of"])[0].id)

    # the first crawl is a baseline: its relations are stored, not announced
    assert [e.kind.value for e in first.events] == ["baseline"]
    assert found - EXPECTED == set() and EXPECTED - found == set(), (found - EXPECTED, EXPECTED - found)
    assert {k: (p, r) for k, (p, r, _, _) in score(found).items()} == {
        k: (1.0, 1.0) for k in {k for _, k, _ in EXPECTED}}
    kinds = [e.kind.value for e in second.events]
    supersedes = next(e for e in second.events if e.kind.value == "supersedes" and e.document_id == ids["7002"])
    assert supersedes.changeset is not None and supersedes.changeset.counts()["modified"] >= 3
    assert "1000万元 → 500万元" in supersedes.message and "取代" in supersedes.message
    assert "处；最高资助 1000万元 → 500万元；" in supersedes.message  # Chinese separators in a Chinese line
    assert supersedes.other["title"] == "示范市促进人工智能产业发展若干政策" and "同时废止" in supersedes.evidence
    assert supersedes.to_dict()["other"]["id"] == ids["7001"]
    # run --json keeps the successor's new_document event (it says what the document says); the
    # digest announces the successor once, as the replacement
    new_successor = next(e for e in second.events if e.kind.value == "new_document" and e.document_id == ids["7002"])
    assert new_successor.message and "（2024年修订）" not in new_successor.message[:30]
    mail = build_digest(second.events, Subscription("all", ("a@example.org",)), base_url="", sender="pw@example.org")
    text = mail.get_body(("plain",)).get_content()
    successor_entry = text.split(f"《{supersedes.metadata.title}》", 1)[1].split("\n\n", 1)[0]
    assert "【新版取代】" in successor_entry and "【新文件】" not in successor_entry
    assert new_successor.message[:40] not in text
    assert not [e for e in all_events if e.kind.value == "draft_of"], "found by the baseline crawl: not news"
    assert draft_changeset is not None and draft_changeset.counts()["modified"] == 1  # 10万元 → 20万元
    assert "repeals" in kinds and "interprets" in kinds and "implements" in kinds and "amends" in kinds
    # 废止 and 失效 stay apart: the successor repealed f01, the clean-up declared f07 expired
    assert f01.metadata.validity == "废止" and f07.metadata.validity == "失效"
    repeal_event = next(e for e in second.events if e.kind.value == "changed" and e.document_id == ids["7001"])
    # the clean-up's two rows: one repeal (废止), one declaration of expiry (失效), told apart in
    # run --json by the event's effect and in what people read by its label
    cleanup_events = {e.other["title"]: e for e in second.events if e.kind.value == "repeals" and e.document_id == ids["7006"]}
    declared = next(e for title, e in cleanup_events.items() if "数字经济行动计划" in title)
    assert declared.effect == "失效" and declared.to_dict()["effect"] == "失效"
    assert {e.effect for e in cleanup_events.values()} == {"废止", "失效"}
    assert next(e for e in all_events if e.id == declared.id).effect == "失效"  # as stored, read back
    digest = build_digest(second.events, Subscription("all", ("a@example.org",)), base_url="", sender="pw@example.org")
    assert "【宣布失效】" in digest.get_body(("plain",)).get_content()
    assert "同时废止" in repeal_event.message and repeal_event.changeset.metadata_changes[0].new == "废止"
    # the never-crawled document: kept by 文号, resolved when it appears, then repealed
    assert ("7006", "repeals", "示政发〔2015〕8号") in found and ("7006", "repeals", "7012") in resolved
    assert f12.metadata.validity == "废止"
    assert any(e.kind.value == "repeals" and e.other.get("id") for e in third.events)
    # nothing twice: one event per relation, plus one when the unresolved repeal resolved
    assert fourth.events == ()
    relation_events = [e for e in all_events if e.is_relation]
    assert len(relation_events) == relation_count + 1
    assert len({(e.kind, e.document_id, e.evidence, bool((e.other or {}).get("id"))) for e in relation_events}) == len(
        relation_events)

    # the site: the repealed policy's family names its successor and shows 废止 with the evidence,
    # and the successor's 新旧对照 page shows the clause changes and the key fact
    site = index.parent
    repealed = (site / "documents" / f"{ids['7001']}.html").read_text(encoding="utf-8")
    assert "文件谱系" in repealed and "被取代" in repealed and "同时废止" in repealed and "废止" in repealed
    assert f"documents/{ids['7002']}.html" in repealed
    # the clean-up declared f07 expired: its family says so, never 被废止; the clean-up's own page
    # names what it declared expired and what it repealed, each with its word
    expired_page = (site / "documents" / f"{ids['7007']}.html").read_text(encoding="utf-8")
    assert "<strong>被宣布失效</strong>" in expired_page and "<strong>被废止</strong>" not in expired_page
    cleanup = (site / "documents" / f"{ids['7006']}.html").read_text(encoding="utf-8")
    assert "<strong>宣布失效</strong>" in cleanup and "<strong>废止</strong>" in cleanup
    # the page of the change a repeal made says why: the repealing document and its sentence
    repeal_page = (site / "changes" / f"{repeal_event.id}.html").read_text(encoding="utf-8")
    assert "<dt>说明</dt>" in repeal_page and "同时废止" in repeal_page.split("<dt>说明</dt>", 1)[1].split("</dd>", 1)[0]
    comparison = (site / "changes" / f"{supersedes.id}.html").read_text(encoding="utf-8")
    assert "1000万元" in comparison and "500万元" in comparison and "大模型应用示范" in comparison
