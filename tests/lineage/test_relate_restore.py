"""`policywatch relate` after `relate --remove`: a person re-adding a relation restores it, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.demo.family import FAMILY
from policywatch.model import EventKind
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.lineage.helpers import store_docs


def _family(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    config = tmp_path / "pw.toml"
    config.write_text(f'database = "{tmp_path / "pw.db"}"\noutput_dir = "{tmp_path / "site"}"\n', encoding="utf-8")
    with Store.open(tmp_path / "pw.db") as store:
        ids = store_docs(store, sorted(FAMILY, key=lambda d: d.date))
        LineageLinker(store, run_id=None).run()
    return config, ids


def _relate(config: Path, *args: str) -> str:
    out = CliRunner().invoke(cli, ["relate", *args, "--config", str(config)])
    assert out.exit_code == 0, out.output
    return out.output


def _live(db: Path, subject: int, kind: str, target: int) -> bool:
    with Store.open(db) as store:
        return any(r.subject.id == subject and r.kind.value == kind and r.target.id == target
                   for r in store.relations(subject))


def test_a_relation_removed_and_added_again_by_hand_is_restored_not_announced_twice(tmp_path: Path) -> None:
    config, ids = _family(tmp_path)
    db = tmp_path / "pw.db"
    notice, plan = ids["7006"], ids["7007"]  # the clean-up notice declares the 2018 plan expired (失效)
    with Store.open(db) as store:
        [found] = [e for e in store.events() if e.kind is EventKind.REPEALS and (e.other or {}).get("id") == plan]
        assert found.effect == "失效" and store.document(plan).metadata.validity == "失效"  # type: ignore[union-attr]
        changes = len([e for e in store.events() if e.kind is EventKind.CHANGED and e.document_id == plan])

    assert "removed" in _relate(config, str(notice), "repeals", str(plan), "--remove")
    assert not _live(db, notice, "repeals", plan)
    out = _relate(config, str(notice), "repeals", str(plan))
    assert out.startswith("restored:"), out
    assert _live(db, notice, "repeals", plan)
    with Store.open(db) as store:
        # announced before its removal: not a second time; found as it was (失效, its evidence), not a
        # manual 废止 that would end the plan again
        assert [e.id for e in store.events() if e.kind is EventKind.REPEALS
                and (e.other or {}).get("id") == plan] == [found.id]
        ending = store.ending(plan)
        assert ending is not None and ending.subject.id == notice and ending.effect == "失效"
        assert ending.evidence == found.evidence
        assert store.document(plan).metadata.validity == "失效"  # type: ignore[union-attr]
        assert len([e for e in store.events() if e.kind is EventKind.CHANGED and e.document_id == plan]) == changes
        # detection reading the notice again finds it live: nothing more
        store.mark_unlinked(notice)
        assert [e for e in LineageLinker(store, run_id=None).run() if e.is_relation] == []
    assert "already there" in _relate(config, str(notice), "repeals", str(plan))


def test_a_relation_refused_before_it_was_found_then_added_by_hand_is_announced(tmp_path: Path) -> None:
    config, ids = _family(tmp_path)
    db = tmp_path / "pw.db"
    rules, plan = ids["7011"], ids["7001"]
    # removing what was never found remembers it (detection must not add it) ...
    assert "no such relation" in _relate(config, str(rules), "cites", str(plan), "--remove")
    # ... and the person changing their mind adds it: live, and announced once (it never was)
    out = _relate(config, str(rules), "cites", str(plan), "--evidence", "依据原文第三条")
    assert out.startswith("restored:") and "1 event(s)" in out, out
    assert _live(db, rules, "cites", plan)
    with Store.open(db) as store:
        [event] = [e for e in store.events() if e.kind is EventKind.CITES and e.document_id == rules
                   and (e.other or {}).get("id") == plan]
        assert event.evidence == "依据原文第三条"
        [relation] = [r for r in store.relations(rules) if r.kind.value == "cites" and r.target.id == plan]
        assert relation.method == "manual" and relation.confidence == 1.0
    assert "already there" in _relate(config, str(rules), "cites", str(plan))


def test_a_manual_repeal_removed_and_restored_ends_its_target_once(tmp_path: Path) -> None:
    config, ids = _family(tmp_path)
    db = tmp_path / "pw.db"
    rules, plan = ids["7011"], ids["7008"]  # a repeal no document states: a person's
    assert "added" in _relate(config, str(rules), "repeals", str(plan))
    assert "removed" in _relate(config, str(rules), "repeals", str(plan), "--remove")
    assert "restored" in _relate(config, str(rules), "repeals", str(plan))
    with Store.open(db) as store:
        assert len([e for e in store.events() if e.kind is EventKind.REPEALS and e.document_id == rules]) == 1
        ended = [e for e in store.events() if e.kind is EventKind.CHANGED and e.document_id == plan]
        assert len(ended) == 1 and "废止" in ended[0].message
        assert store.document(plan).metadata.validity == "废止"  # type: ignore[union-attr]
        assert store.ending(plan) is not None


@pytest.mark.parametrize("same_side", [True, False])
def test_a_look_alike_removed_is_restored_from_either_side_once(tmp_path: Path, same_side: bool) -> None:
    config, ids = _family(tmp_path)
    db = tmp_path / "pw.db"
    plan, policy = ids["7008"], ids["7001"]
    with Store.open(db) as store:
        before = [r for r in store.relations(plan) if r.kind.value == "related" and policy in (r.subject.id, r.target.id)]
    assert len(before) == 1
    assert "removed" in _relate(config, str(plan), "related", str(policy), "--remove")
    # `related` is symmetric: named either way round, the one found is live again (not the row the
    # removal remembered for the other side)
    found = before[0]
    named = (found.subject.id, found.target.id) if same_side else (found.target.id, found.subject.id)
    assert "restored" in _relate(config, str(named[0]), "related", str(named[1]))
    with Store.open(db) as store:
        after = [r for r in store.relations(plan) if r.kind.value == "related" and policy in (r.subject.id, r.target.id)]
        assert [(r.id, r.evidence) for r in after] == [(before[0].id, before[0].evidence)]
        assert len([e for e in store.events() if e.kind is EventKind.RELATED and {e.document_id, (e.other or {}).get("id")}
                    == {plan, policy}]) == 1
    assert "already there" in _relate(config, str(plan), "related", str(policy))
