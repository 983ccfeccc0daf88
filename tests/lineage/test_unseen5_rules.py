"""The rules the fifth unseen set (tests/data/lineage_unseen5, real texts) needed, and the repost
有效性 defect, each on the shape that was read wrongly before."""

from __future__ import annotations

import shutil
from pathlib import Path

from policywatch.lineage import LineageDoc, detect
from policywatch.model import DocKey
from policywatch.model.validity import validity_state
from tests.lineage import unseen_set

DOCS = unseen_set.DATA5 / "docs"




def _doc(n: int, title: str, text: str = "", number: str = "", issuer: str = "", date: str = "") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://t.test/{n}.html", title=title, doc_number=number),
                      issuer=issuer, date=date, text=text)


def _text(stem: str) -> str:
    return (DOCS / f"{stem}.txt").read_text(encoding="utf-8")


def _found(doc: LineageDoc, known: list[LineageDoc]) -> set[tuple[str, int | None]]:
    # unresolved citations (laws, documents never stored) are references by contract: left out
    return {(r.kind.value, r.target.id) for r in detect(doc, known)
            if r.kind.value != "related" and not (r.kind.value == "cites" and r.target.id is None)}


# ------------------------------------------------------------------ a repost's 有效性 is its original's

def _without(tmp: Path, left_out: tuple[str, ...]) -> Path:
    """The first unseen set without some documents (its own date and sources; no expectations)."""
    data = tmp / "data"
    (data / "docs").mkdir(parents=True)
    for path in (unseen_set.DATA / "docs").glob("*.txt"):
        if path.stem not in left_out:
            shutil.copy(path, data / "docs")
    spec = unseen_set._spec(unseen_set.DATA)
    sources = "".join(f'{k} = "{v}"\n' for k, v in spec["sources"].items())
    (data / "expected.toml").write_text(f'as_of = "{spec["as_of"]}"\nrelations = []\nallowed = []\n'
                                        f"[sources]\n{sources}[validity]\n", encoding="utf-8")
    return data


def test_a_repost_stored_before_its_original_takes_the_originals_有效性(tmp_path: Path) -> None:
    # c10 reposts c08 (same 文号, a district's site); without the notice extending it (c09), c08's
    # term (有效期至2023年12月31日) was over before either was seen: the original is 失效, and so is its
    # copy — whichever arrived first. Before, the copy stored first was set back to 现行有效 when its
    # original came (a status no page stated) and the original was left in force
    data = _without(tmp_path, ("c09_trade_extended",))
    for i, first in enumerate((("c10_trade_repost",), ("c08_trade_measures",))):
        run = tmp_path / str(i)
        run.mkdir()
        outcome = unseen_set.run(run, data=data, first=first)
        assert (outcome.validity["c08_trade_measures"], outcome.validity["c10_trade_repost"]) == ("失效", "失效"), first


def test_a_repost_of_an_original_in_force_states_what_its_original_states(tmp_path: Path) -> None:
    # with the notice extending the original's term (c09), the original is in force: its copy, ended by
    # its own term while it was the only one stored, says what the original says (nothing, or the
    # 现行有效 of an original the notice brought back in force), never a status of its own
    for i, first in enumerate((("c10_trade_repost", "c09_trade_extended"), ("c10_trade_repost",),
                               ("c08_trade_measures", "c10_trade_repost"))):
        run = tmp_path / str(i)
        run.mkdir()
        outcome = unseen_set.run(run, first=first)
        original, copy = outcome.validity["c08_trade_measures"], outcome.validity["c10_trade_repost"]
        assert copy == original and validity_state(copy) == "", first


# ------------------------------------------------------------------ implementation plans

def test_an_implementation_plan_named_by_its_title_implements_the_policy() -> None:
    # 关于贯彻落实《X》的实施意见 (东莞): X bare in the title; the body names X's 印发 notice and 文号
    plan = _doc(1, "东莞市人民政府关于贯彻落实《广东省进一步稳定和扩大就业若干政策措施》的实施意见",
                _text("b01_dg_employment_2021"), number="东府〔2021〕54号", issuer="东莞市人民政府")
    policy = _doc(2, "广东省人民政府关于印发广东省进一步稳定和扩大就业若干政策措施的通知", number="粤府〔2021〕13号")
    assert _found(plan, [policy]) == {("implements", 2)}
    # not stored yet: one reference, by the 文号 the body gives, so that it resolves as one relation
    (rel,) = [r for r in detect(plan, []) if r.target.doc_number == "粤府〔2021〕13号"]
    assert rel.kind.value == "implements"


def test_a_plan_that_only_cites_in_its_body_stays_a_citation() -> None:
    # 上海's own 实施意见: 贯彻落实《国务院…指导意见》要求 in the body, no X in the title
    opinion = _doc(1, "上海市人民政府印发《关于本市加强政务诚信建设的实施意见》的通知", _text("e01_sh_integrity_2017"),
                   number="沪府发〔2017〕92号", issuer="上海市人民政府")
    national = _doc(2, "国务院关于加强政务诚信建设的指导意见", number="国发〔2016〕76号", issuer="国务院")
    assert _found(opinion, [national]) == {("cites", 2)}
