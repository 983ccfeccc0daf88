"""`related`, `relate` and `diff` of two stored documents, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.demo.family import FAMILY, NEVER_CRAWLED
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.lineage.helpers import store_docs, url_of


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "pw.toml"
    config.write_text(f'database = "{tmp_path / "pw.db"}"\noutput_dir = "{tmp_path / "site"}"\n', encoding="utf-8")
    return config


def test_related_relate_and_stored_diff(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with Store.open(tmp_path / "pw.db") as store:
        ids = store_docs(store, sorted(FAMILY, key=lambda d: d.date))
        LineageLinker(store, run_id=None).run()
    runner = CliRunner()

    out = runner.invoke(cli, ["related", str(ids["7001"]), "--format", "json", "--config", str(config)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["document"] == {"id": ids["7001"], "url": url_of(FAMILY[0]), "title": FAMILY[0].title,
                                "doc_number": "示政发〔2019〕12号"}
    by_kind = {(r["kind"], r["direction"]): r for r in data["relations"]}
    successor = by_kind[("supersedes", "incoming")]
    assert successor["other"]["id"] == ids["7002"] and successor["method"] == "doc_number"
    assert "同时废止" in successor["evidence"] and 0 < successor["confidence"] <= 1
    assert by_kind[("cites", "outgoing")]["other"] == {"title": "新一代人工智能发展规划", "doc_number": "国发〔2017〕35号"}

    # the repeal list names a document never stored: unresolved in JSON, by 文号
    repeals = json.loads(runner.invoke(cli, ["related", url_of(FAMILY[5]), "--format", "json", "--config",
                                             str(config)]).output)["relations"]
    assert {"title": "示范市软件产业发展扶持办法", "doc_number": "示政发〔2015〕8号"} in [r["other"] for r in repeals]
    # the clean-up repeals one document and declares another expired: the effect tells them apart
    assert {(r["other"]["title"], r["effect"]) for r in repeals if r["kind"] == "repeals"} >= {
        ("示范市软件产业发展扶持办法", "废止"), ("示范市数字经济行动计划（2018—2020年）", "失效")}
    text = runner.invoke(cli, ["related", url_of(FAMILY[5]), "--config", str(config)]).output
    assert "repeals (失效)" in text and "repeals (废止)" in text
    assert successor["effect"] == "废止" and by_kind[("cites", "outgoing")]["effect"] == ""

    text = runner.invoke(cli, ["related", str(ids["7002"]), "--config", str(config)])
    assert "supersedes" in text.output and "interprets" in text.output

    # by hand: the plan is wrongly linked as related — remove it; it does not come back
    out = runner.invoke(cli, ["relate", str(ids["7008"]), "related", str(ids["7001"]), "--remove", "--config",
                              str(config)])
    assert out.exit_code == 0, out.output
    out = runner.invoke(cli, ["relate", str(ids["7010"]), "implements", str(ids["7009"]), "--evidence", "重新公布",
                              "--config", str(config)])
    assert out.exit_code == 0, out.output
    with Store.open(tmp_path / "pw.db") as store:
        store_docs(store, [NEVER_CRAWLED])
        LineageLinker(store, run_id=None).run()
        kinds = {(r.subject.id, r.kind.value, r.target.id) for r in store.relations()}
        manual = [e for e in store.events() if e.kind.value == "implements" and e.evidence == "重新公布"]
    assert (ids["7008"], "related", ids["7001"]) not in kinds and (ids["7001"], "related", ids["7008"]) not in kinds
    assert (ids["7010"], "implements", ids["7009"]) in kinds and len(manual) == 1

    diff = runner.invoke(cli, ["diff", str(ids["7001"]), url_of(FAMILY[1]), "--format", "json", "--config",
                               str(config)])
    assert diff.exit_code == 1, diff.output
    changes = json.loads(diff.output)
    assert changes["old"] == "《示范市促进人工智能产业发展若干政策》"
    assert changes["new"] == "《示范市促进人工智能产业发展若干政策（2024年修订）》"
    assert any(f["old"].startswith("1000") and f["new"].startswith("500") for c in changes["changes"] for f in c["facts"])
    missing = runner.invoke(cli, ["diff", "999", str(ids["7001"]), "--config", str(config)])
    assert missing.exit_code == 2


def test_related_lists_by_kind_then_the_other_documents_date_not_by_when_found(tmp_path: Path) -> None:
    from policywatch.model import DocKey, DocumentMetadata, Relation, RelationKind
    from tests.state.helpers import make_doc

    config = _config(tmp_path)
    with Store.open(tmp_path / "pw.db") as store:
        run = store.start_run(["s"])
        ids = {}
        for name, date in [("policy", "2019-01-01"), ("late", "2024-01-01"), ("early", "2020-01-01"), ("mid", "2022-01-01")]:
            meta = DocumentMetadata(title=f"乙市{name}办法", published_date=date)
            ids[name] = store.record_version("s", make_doc(f"http://yi.test/{name}.html", "第一条 ……", **meta.to_dict()),
                                             raw=None, run_id=run).document.id

        def key(name: str) -> DocKey:
            return DocKey(ids[name], f"http://yi.test/{name}.html", f"乙市{name}办法")

        # found in an order that is neither by kind nor by date
        for kind, subject, target in [(RelationKind.CITES, key("policy"), DocKey(title="某某条例")),
                                      (RelationKind.CITES, key("policy"), key("mid")),
                                      (RelationKind.AMENDS, key("late"), key("policy")),
                                      (RelationKind.SUPERSEDES, key("late"), key("policy")),
                                      (RelationKind.AMENDS, key("early"), key("policy")),
                                      (RelationKind.CITES, key("policy"), key("early"))]:
            store.add_relation(Relation(kind=kind, subject=subject, target=target, method="manual", evidence="e",
                                        confidence=1.0))
    runner = CliRunner()
    listed = [(r["kind"], r["other"].get("id", r["other"].get("title")))
              for r in json.loads(runner.invoke(cli, ["related", str(ids["policy"]), "--format", "json",
                                                      "--config", str(config)]).output)["relations"]]
    assert listed == [("supersedes", ids["late"]), ("amends", ids["early"]), ("amends", ids["late"]),
                      ("cites", ids["early"]), ("cites", ids["mid"]), ("cites", "某某条例")]
    text = runner.invoke(cli, ["related", str(ids["policy"]), "--config", str(config)]).output
    assert [line.split()[1] for line in text.splitlines() if line.startswith(("  →", "  ←"))] == [
        "supersedes", "amends", "amends", "cites", "cites", "cites"]
