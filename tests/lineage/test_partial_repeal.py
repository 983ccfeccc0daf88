"""A partial repeal (`废止《X》第十五条`) is an amendment the engine applies: the articles go, the
later ones keep their numbers; an `amends` relation whose decision yields no instruction says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.lineage.amend import NoInstructions
from policywatch.model import DocumentMetadata
from policywatch.pipeline.amendments import consolidate
from policywatch.pipeline.lineage import LineageLinker
from policywatch.reports.i18n import Translator
from policywatch.reports.views import event_kind
from policywatch.state import Store
from tests.state.helpers import make_doc

DATA = Path(__file__).parent.parent / "data"
UNSEEN = DATA / "lineage_unseen" / "docs"
RULES = DATA / "lineage_rules"
ROAD = "南湖市城市道路挖掘管理办法"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _articles(text: str) -> list[str]:
    return [line.split(" ", 1)[0] for line in text.splitlines() if line.startswith("第") and "条 " in line]


def test_the_unseen_partial_repeal_deletes_its_article_and_keeps_the_numbers() -> None:
    result = consolidate(_read(UNSEEN / "c13_partial_repeal.txt"), _read(UNSEEN / "c11_road_rules.txt"), target_title=ROAD)
    assert result.complete and result.document == ROAD
    assert [a.effects for a in result.applied] == [("deleted 第十五条",)]
    assert _articles(result.text) == ["第一条", "第三条", "第十六条", "第三十条"]  # 第十六条 keeps its number


@pytest.mark.parametrize(("decision", "gone"), [
    # a lead-in in the same sentence, two articles, the rest of the line is prose
    (f"经研究，市政府决定废止《{ROAD}》第三条、第十五条。本决定自公布之日起施行。", ["第三条", "第十五条"]),
    # the document's 文号 after its title, 予以废止 after the articles
    (f"现决定：《{ROAD}》（南湖市人民政府令第20号）第十五条予以废止。", ["第十五条"]),
    # a notice deleting an article by its document's name
    (f"一、删去《{ROAD}》第十六条。", ["第十六条"]),
    # one article of this document, the next document repealed whole in the same sentence
    (f"决定废止《{ROAD}》的第三十条和《南湖市排水管理办法》。", ["第三十条"]),
])
def test_partial_repeal_forms(decision: str, gone: list[str]) -> None:
    result = consolidate(decision, _read(UNSEEN / "c11_road_rules.txt"), target_title=ROAD)
    assert result.complete and len(result.applied) == 1
    assert result.applied[0].instruction.startswith(decision.split("。")[0][:12])
    kept = [a for a in ["第一条", "第三条", "第十五条", "第十六条", "第三十条"] if a not in gone]
    assert _articles(result.text) == kept


def test_a_whole_document_repealed_is_no_instruction() -> None:
    # real: 渝审发〔2023〕65号 ends a whole notice after the same lead-in
    with pytest.raises(NoInstructions):
        consolidate(_read(RULES / "chongqing_audit_repeal_2023.txt"), _read(UNSEEN / "c11_road_rules.txt"))
    # a decision's heading of a list of whole documents is no instruction either
    with pytest.raises(NoInstructions):
        consolidate("三、废止下列规章：\n1.《南湖市排水管理办法》", _read(UNSEEN / "c11_road_rules.txt"))


def _put(store: Store, run: int, path: Path, **meta: str) -> int:
    outcome = store.record_version("s", make_doc(f"http://nh.test/{path.stem}.html", _read(path),
                                                 **DocumentMetadata(**meta).to_dict()), raw=None, run_id=run)
    return outcome.document.id


@pytest.mark.parametrize("decision_first", [False, True])
def test_the_pipeline_derives_the_version_a_partial_repeal_makes(decision_first: bool) -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    LineageLinker(store, run_id=run).run()  # the source's baseline is behind us: what follows is news
    docs = [(UNSEEN / "c11_road_rules.txt", {"title": ROAD, "issuer": "南湖市人民政府", "published_date": "2015-08-20"}),
            (UNSEEN / "c13_partial_repeal.txt", {"title": "南湖市人民政府关于废止部分市政府规章条款的决定",
                                                 "issuer": "南湖市人民政府", "published_date": "2024-03-12"})]
    events = []
    for path, meta in (reversed(docs) if decision_first else docs):
        _put(store, run, path, **meta)
        events += LineageLinker(store, run_id=run).run()
    road = next(d for d in store.documents() if d.url.endswith("c11_road_rules.html"))
    versions = store.versions(road.id)
    assert len(versions) == 2 and store.derived_from(road.id, 2) is not None
    assert "第十五条" not in versions[-1].display_text and "第十六条" in versions[-1].display_text
    derived = next(e for e in events if e.kind.value == "changed")
    assert "适用 1 条" in derived.message and "未适用" not in derived.message
    amends = next(e for e in events if e.kind.value == "amends")
    assert "未推导" not in amends.message
    # a partial repeal, shown as one with the articles it repeals, not as a 修改决定
    assert amends.effect == "部分废止" and amends.message.endswith(f" 部分废止 《{ROAD}》：第十五条")
    assert event_kind(amends, Translator("zh"))[1] == "部分废止"
    assert store.ending(road.id) is None and versions[-1].metadata.validity not in ("废止", "失效")


def test_an_amendment_with_no_instruction_says_so() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    LineageLinker(store, run_id=run).run()
    policy = _put(store, run, RULES / "wuhu_gas_policy.txt", title="关于芜湖县天然气利用工程合资建设经营优惠政策的通知",
                  issuer="芜湖县人民政府", published_date="2010-05-01")
    LineageLinker(store, run_id=run).run()
    _put(store, run, RULES / "wuhu_gas_clauses_2021.txt", title="芜湖市湾沚区人民政府关于废止有关燃气安装市场限制竞争条款的决定",
         issuer="芜湖市湾沚区人民政府", published_date="2021-06-04")
    events = LineageLinker(store, run_id=run).run()
    (amends,) = [e for e in events if e.kind.value == "amends"]
    # a partial repeal naming the matter of its clauses, not their articles: said as such, with that matter
    assert amends.effect == "部分废止" and "》 部分废止 《关于芜湖县天然气利用工程合资建设经营优惠政策的通知》：" in amends.message
    assert amends.message.endswith("：有关燃气安装市场限制竞争行为的条款；未列出所废止的条文，未推导修改后的文本")
    assert event_kind(amends, Translator("zh"))[1] == "部分废止" and event_kind(amends, Translator("en"))[1] == "Partly repealed"
    assert not [e for e in events if e.kind.value == "repeals"]  # part of the policy goes, not all of it
    assert len(store.versions(policy)) == 1


def test_a_lead_in_before_any_edit_naming_its_document() -> None:
    decision = f"经研究，现决定：将《{ROAD}》第三条中的“市市政公用局”修改为“市城市管理局”。"
    result = consolidate(decision, _read(UNSEEN / "c11_road_rules.txt"), target_title=ROAD)
    assert result.complete and "第三条 市城市管理局是" in result.text
    # a preamble deciding something else is no instruction: the numbered line after it is the only one
    preamble = f"市人民政府决定在全市开展道路整治。\n市人民政府决定对《{ROAD}》作如下修改：\n一、删去第十六条。"
    result = consolidate(preamble, _read(UNSEEN / "c11_road_rules.txt"), target_title=ROAD)
    assert [a.instruction for a in result.applied] == ["一、删去第十六条。"] and result.complete


def test_an_amendment_none_of_whose_instructions_applies_says_so() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    LineageLinker(store, run_id=run).run()
    road = _put(store, run, UNSEEN / "c11_road_rules.txt", title=ROAD, issuer="南湖市人民政府", published_date="2015-08-20")
    LineageLinker(store, run_id=run).run()
    decision = RULES.parent / "lineage_unseen" / "docs" / "c12_road_amend.txt"
    text = _read(decision).replace("删去第十六条", "删去第九十条").replace("将第三条中的", "将第九十一条中的")
    store.record_version("s", make_doc("http://nh.test/amend.html", text, title=f"南湖市人民政府关于修改《{ROAD}》的决定",
                                       issuer="南湖市人民政府", published_date="2022-11-15"), raw=None, run_id=run)
    events = LineageLinker(store, run_id=run).run()
    (amends,) = [e for e in events if e.kind.value == "amends"]
    assert amends.message.endswith("；2 条指令均未适用，未推导修改后的文本")
    assert len(store.versions(road)) == 1


@pytest.mark.parametrize(("title", "gone"), [
    (ROAD, ["第十五条"]), ("南湖市排水管理办法", ["第三条", "第十六条"]), ("南湖市供水管理办法", ["第三十条"])])
def test_one_sentence_repealing_articles_of_several_documents(title: str, gone: list[str]) -> None:
    decision = (f"南湖市人民政府决定：废止《{ROAD}》第十五条、《南湖市排水管理办法》第三条和第十六条，"
                "删去《南湖市供水管理办法》第三十条。本决定自公布之日起施行。")
    target = _read(UNSEEN / "c11_road_rules.txt").replace(ROAD, title)
    result = consolidate(decision, target, target_title=title)
    assert result.complete and result.document == title and result.skipped == 2
    assert _articles(result.text) == [a for a in ["第一条", "第三条", "第十五条", "第十六条", "第三十条"] if a not in gone]


def test_a_partial_repeal_names_its_articles_whatever_form_it_takes() -> None:
    from policywatch.lineage import LineageDoc, detect, repealed_part
    from policywatch.model import DocKey

    road = LineageDoc(key=DocKey(1, "http://nh.test/road.html", ROAD), issuer="南湖市人民政府", date="2015-08-20")
    for sentence, part in [(f"经研究，市政府决定废止《{ROAD}》第三条、第十五条。", "第三条、第十五条"),
                           (f"现决定：《{ROAD}》（南湖市人民政府令第20号）第十五条予以废止。", "第十五条"),
                           (f"决定废止《南湖市排水管理办法》和《{ROAD}》的第三十条。", "第三十条")]:
        decision = LineageDoc(key=DocKey(2, "http://nh.test/d.html", "南湖市人民政府关于废止部分市政府规章条款的决定"),
                              issuer="南湖市人民政府", date="2024-03-12", text=sentence)
        (amends,) = [r for r in detect(decision, [road]) if r.kind.value == "amends"]
        assert (amends.target.id, amends.effect, repealed_part(amends)) == (1, "部分废止", part), sentence
