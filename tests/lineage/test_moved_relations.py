"""A relation already announced is not announced again when its subject or target moves: to its
original (a repost's original stored later), to the copy that turns out to be the original, or to
a new address of the same document — through the real store and linker."""

from __future__ import annotations

from policywatch.model import DocumentMetadata, EventKind
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

TODAY = "2024-06-01"


class Site:
    """A store fed page by page, each followed by a linking pass (what a run does)."""

    def __init__(self) -> None:
        self.store = Store.memory()
        self.run = self.store.start_run(["city", "district", "prov"])
        self.events: list = []  # type: ignore[type-arg]

    def put(self, source: str, url: str, text: str, **meta: str) -> int:
        doc = make_doc(url, text, **DocumentMetadata(**meta).to_dict())
        document_id = self.store.record_version(source, doc, raw=None, run_id=self.run).document.id
        self.events += LineageLinker(self.store, run_id=self.run, today=TODAY).run()
        return document_id

    def next_run(self) -> None:
        self.store.finish_run(self.run, {})
        self.run = self.store.start_run(["city", "district", "prov"])

    def announced(self, kind: EventKind) -> list[tuple[int | None, int | None]]:
        return [(e.document_id, (e.other or {}).get("id")) for e in self.events if e.kind is kind]


OLD = "南湖市促进人工智能产业发展若干政策"
NEW = "南湖市促进人工智能产业发展若干政策（2024年修订）"
OLD_BODY = f"{OLD}\n一、支持研发投入，最高资助1000万元。\n本政策有效期5年。"
NEW_BODY = f"{NEW}\n一、支持研发投入，最高资助500万元。\n本政策自2024年3月1日起施行，《{OLD}》（南府〔2019〕12号）同时废止。"


def test_a_succession_announced_of_a_repost_is_not_announced_again_of_its_original() -> None:
    site = Site()
    # the district's repost of the 2019 policy is stored first; the new edition repeals it by 文号
    repost = site.put("district", "http://qinghe.nanhu.test/2019/12.html", OLD_BODY, title=OLD,
                      doc_number="南府〔2019〕12号", issuer="南湖市清河区人民政府", published_date="2019-05-25")
    successor = site.put("city", "http://www.nanhu.test/2024/3.html", NEW_BODY, title=NEW, doc_number="南府〔2024〕3号",
                         issuer="南湖市人民政府", published_date="2024-03-01")
    assert site.announced(EventKind.SUPERSEDES) == [(successor, repost)]
    # the city's own page of it, stored later, is the original: the succession moves to it, said once
    original = site.put("city", "http://www.nanhu.test/2019/12.html", OLD_BODY, title=OLD, doc_number="南府〔2019〕12号",
                        issuer="南湖市人民政府", published_date="2019-05-20", validity="现行有效")
    kinds = {(r.subject.id, r.kind.value, r.target.id) for r in site.store.relations()}
    assert (successor, "supersedes", original) in kinds and (repost, "duplicate_of", original) in kinds
    assert site.announced(EventKind.SUPERSEDES) == [(successor, repost)]
    # the original is 废止 as its repost was, quietly: the repeal was the news once
    assert site.store.document(original).metadata.validity == "废止"  # type: ignore[union-attr]
    assert [e.document_id for e in site.events if e.kind is EventKind.CHANGED and "废止" in e.message] == [repost]
    # a genuinely new relation of the original is still announced
    notes = site.put("city", "http://www.nanhu.test/2024/4.html", f"《{NEW}》政策解读\n一、出台背景。",
                     title=f"《{NEW}》政策解读", issuer="南湖市科技局", published_date="2024-03-02")
    assert site.announced(EventKind.INTERPRETS) == [(notes, successor)]


def test_a_succession_said_by_the_copy_taken_for_the_original_is_not_announced_again() -> None:
    site = Site()
    prov = "东川省促进人工智能产业发展若干政策"
    repealed = site.put("prov", "http://dc.test/1.html", f"{prov}\n一、支持。", title=prov, doc_number="东政发〔2019〕1号",
                        issuer="东川省人民政府", published_date="2019-01-01", validity="现行有效")
    title = "南湖市人民政府办公室关于印发南湖市促进人工智能产业发展若干措施的通知"
    body = (f"{title}\n一、支持研发投入，最高资助500万元。\n本措施自2024年3月1日起施行，《{prov}》（东政发〔2019〕1号）同时废止。")
    meta = {"title": title, "doc_number": "南府办〔2024〕3号", "issuer": "南湖市人民政府办公室", "published_date": "2024-03-01"}
    # two identical copies, told apart only by the site holding the city's other documents: the
    # district's, read first, is taken for the original and announced as the successor
    first = site.put("district", "http://qinghe.test/3.html", body, **meta)
    second = site.put("city", "http://nanhu.test/3.html", body, **meta)
    assert site.announced(EventKind.SUPERSEDES) == [(first, repealed)]
    notes = site.put("district", "http://qinghe.test/4.html", "《南湖市促进人工智能产业发展若干措施》政策解读\n一、出台背景。",
                     title="《南湖市促进人工智能产业发展若干措施》政策解读", issuer="南湖市科技局", published_date="2024-03-02")
    assert site.announced(EventKind.INTERPRETS) == [(notes, first)]
    # the city's other documents arrive: the city's copy is the original, and says the succession —
    # already announced, not a second time
    for i in (1, 2):
        site.put("city", f"http://nanhu.test/n{i}.html", f"南湖市文件{i}\n一、其他。", title=f"南湖市文件{i}",
                 doc_number=f"南府〔2022〕{i}号", issuer="南湖市人民政府", published_date="2022-01-01")
    kinds = {(r.subject.id, r.kind.value, r.target.id) for r in site.store.relations()}
    assert (second, "supersedes", repealed) in kinds and (first, "duplicate_of", second) in kinds
    assert (first, "supersedes", repealed) not in kinds
    assert site.announced(EventKind.SUPERSEDES) == [(first, repealed)]
    # what named the copy names the original now: moved, not announced again
    assert (notes, "interprets", second) in kinds and (notes, "interprets", first) not in kinds
    assert site.announced(EventKind.INTERPRETS) == [(notes, first)]


def test_a_link_to_the_former_address_of_a_moved_document_still_names_it() -> None:
    site = Site()
    title = "南湖市促进人工智能产业发展若干政策"
    policy_text = f"{title}\n一、支持研发投入，最高资助500万元。"
    meta = {"title": title, "doc_number": "南府〔2024〕3号", "issuer": "南湖市人民政府", "published_date": "2024-03-01"}
    policy = site.put("city", "http://www.nanhu.test/2024/3.html", policy_text, **meta)
    notes_meta = {"title": f"《{title}》政策解读", "issuer": "南湖市科技局", "published_date": "2024-03-02"}
    notes = site.put("city", "http://www.nanhu.test/2024/4.html",
                     f"《{title}》政策解读\n一、出台背景。\n原文链接：http://www.nanhu.test/2024/3.html", **notes_meta)
    assert site.announced(EventKind.INTERPRETS) == [(notes, policy)]
    # the site moves to https: the same documents at their new addresses; the 解读's new version
    # still links the policy's former address
    site.next_run()
    assert site.put("city", "https://www.nanhu.test/2024/3.html", policy_text, **meta) == policy
    assert site.put("city", "https://www.nanhu.test/2024/4.html",
                    f"《{title}》政策解读\n一、出台背景。\n二、主要内容。\n原文链接：http://www.nanhu.test/2024/3.html",
                    **notes_meta) == notes
    assert site.store.document(policy).url.startswith("https://")  # type: ignore[union-attr]
    assert [(r.kind.value, r.target.id) for r in site.store.relations(notes) if r.subject.id == notes] == [
        ("interprets", policy)]
    assert site.announced(EventKind.INTERPRETS) == [(notes, policy)]


def test_a_reference_announced_by_a_repost_is_announced_once_by_its_original_and_once_resolved() -> None:
    site = Site()
    # the district's repost of the new edition is stored first: its 同时废止 names a policy not stored yet
    repost = site.put("district", "http://qinghe.nanhu.test/2024/3.html", NEW_BODY, title=NEW,
                      doc_number="南府〔2024〕3号", issuer="南湖市清河区人民政府", published_date="2024-03-08")
    assert site.announced(EventKind.SUPERSEDES) == [(repost, None)]
    # the city's original says the same reference: announced already, not again
    original = site.put("city", "http://www.nanhu.test/2024/3.html", NEW_BODY, title=NEW, doc_number="南府〔2024〕3号",
                        issuer="南湖市人民政府", published_date="2024-03-01")
    assert site.announced(EventKind.SUPERSEDES) == [(repost, None)]
    # the policy it repeals is stored: the resolved succession is announced once, as the original's
    old = site.put("city", "http://www.nanhu.test/2019/12.html", OLD_BODY, title=OLD, doc_number="南府〔2019〕12号",
                   issuer="南湖市人民政府", published_date="2019-05-20", validity="现行有效")
    assert site.announced(EventKind.SUPERSEDES) == [(repost, None), (original, old)]


def test_a_reference_spelled_otherwise_by_a_new_version_is_not_announced_again() -> None:
    site = Site()
    successor = site.put("city", "http://www.nanhu.test/2024/3.html", NEW_BODY, title=NEW, doc_number="南府〔2024〕3号",
                         issuer="南湖市人民政府", published_date="2024-03-01")
    # a new version corrects a typo in the title it cites (same 文号): the same reference
    site.next_run()
    site.put("city", "http://www.nanhu.test/2024/3.html", NEW_BODY.replace("产业发展若干政策》", "产业发展的若干政策》")
             + "\n二、其他。", title=NEW, doc_number="南府〔2024〕3号", issuer="南湖市人民政府", published_date="2024-03-01")
    assert site.announced(EventKind.SUPERSEDES) == [(successor, None)]
    # a genuinely new reference (another 文号) is news
    site.next_run()
    site.put("city", "http://www.nanhu.test/2024/3.html", NEW_BODY.replace("同时废止。", "同时废止，《南湖市软件产业扶持办法》"
             "（南府〔2015〕8号）同时废止。") + "\n二、其他。", title=NEW, doc_number="南府〔2024〕3号", issuer="南湖市人民政府",
             published_date="2024-03-01")
    assert site.announced(EventKind.SUPERSEDES) == [(successor, None), (successor, None)]
    assert {e.other["doc_number"] for e in site.events if e.kind is EventKind.SUPERSEDES} == {  # type: ignore[index]
        "南府〔2019〕12号", "南府〔2015〕8号"}
    # both resolve once stored: the 2019 policy's succession is announced once more, resolved
    old = site.put("city", "http://www.nanhu.test/2019/12.html", OLD_BODY, title=OLD, doc_number="南府〔2019〕12号",
                   issuer="南湖市人民政府", published_date="2019-05-20", validity="现行有效")
    assert site.announced(EventKind.SUPERSEDES)[2:] == [(successor, old)]
