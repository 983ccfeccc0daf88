"""Relations a document establishes with other documents, each with its evidence.

Pure: the pipeline passes the document and the catalogue of known documents (values only);
what comes back are Relation values to store. The rules follow docs/lineage (the study):
explicit phrases and links assert relations; edition marks on the same title assert a
succession; similarity alone only ever gives a `related` candidate.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from policywatch.grammar import CN_NUM
from policywatch.grammar.docnumber import (
    fold_issuer,
    is_order_number,
    number_key,
    numbers_agree,
    order_issuer,
    order_serial,
    parse_doc_number,
    unqualified_order,
)
from policywatch.grammar.numerals import WIDTH_FOLD
from policywatch.grammar.places import ABBREVIATIONS, places, read_places
from policywatch.lineage import reposts, titles
from policywatch.lineage.citations import (
    Reference,
    in_basis_clause,
    named_part,
    names_article,
    references,
    sentences,
)
from policywatch.lineage.extension import extended_in_title
from policywatch.model import DocKey, Link, Relation, RelationKind
from policywatch.model.validity import EXPIRED, PARTLY, REPEALED, ending_effect

# Kinds that say what happened to a policy; a target holding one of them gets no cites/related too.
STRONG = (RelationKind.SUPERSEDES, RelationKind.AMENDS, RelationKind.REPEALS, RelationKind.DRAFT_OF,
          RelationKind.INTERPRETS, RelationKind.IMPLEMENTS, RelationKind.DUPLICATE_OF)
RELATED_THRESHOLD = 0.4  # bigram Jaccard of the title keys, same issuer required
RELATED_LIMIT = 3  # candidates per document: the closest look-alikes, not every sibling of a big issuer

# `原《X》自本办法施行之日起废止` (an 附则 naming the day) and `同日废止` end X as `同时废止` does
_ENDS = re.compile(r"同时废止|停止执行|不再执行|同时失效|予以废止|起(?:同时)?废止|同日废止")
_REPEAL_TITLE = re.compile(r"关于(?:宣布)?废止|宣布失效|失效.{0,6}的(?:决定|通知)|清理(?:结果)?的?(?:决定|通知|公告)|清理结果")
_AMEND_TITLE = re.compile(r"关于修改(?!.*废止)|修正案")
_AMENDMENT_OF = re.compile(r"^(?P<title>.+?)(?:（[^）]*）)?修正案(?:（[^）]*）)?$")
_AMEND_BODY = re.compile(r"根据本决定作相应修改|作如下修改|修改如下")
_IMPLEMENT_TITLE = re.compile(r"实施细则|申报指南|实施办法|操作细则|操作规程")
# 制定本细则, and 制定如下实施细则 (淮安's 具体实施细则 of a province's 若干政策措施)
_IMPLEMENT_BODY = re.compile(r"制[定订](?:本|如下|以下)(?:具体)?(?:实施细则|细则|指南|实施办法|办法|规程)")
# a plan carrying out a named policy, said by its title: 贯彻落实《X》实施方案, 关于贯彻落实X的实施意见,
# 《X》实施方案 (X quoted; 〈X〉 inside a quoted title). A body's `为贯彻落实《X》` alone is a citation
# (lineage.md): only the title makes the document X's implementation
_CARRIES_OUT = re.compile(r"(?:(?:贯彻落实|贯彻|落实)[《〈]?(?P<named>[^《》〈〉]{4,120}?)[》〉]?|[《〈](?P<quoted>[^《》〈〉]{4,120})[》〉])"
                          r"的?(?:实施方案|实施意见|工作方案)$")
# 国务院决定对《X》作如下修改 in the body of a 修改决定 published without its title line (an order
# 国务院令第694号 that publishes it): the decision amends X whatever the page's title
_AMENDS_IN_BODY = re.compile(r"决定对《[^《》\n]+》[^。；\n《》]{0,10}?作(?:如下|以下)修改")
# a repeal list's lead-in (省政府决定废止以下规章：), whose items may name rules without 《》:
# 一、山东省信访规定（省政府令第114号）。
_ENDING_LEAD = re.compile(r"(?:予以废止|宣布失效|废止|失效)[^。；\n《》]{0,12}[:：]$")
# the kinds a document's name ends with, when it is named without 《》 (a list item, a plan's title
# 贯彻落实X的实施意见 — where X may also be 党的二十大精神, no document)
_DOC_KINDS = "规定|办法|条例|细则|规则|意见|通知|决定|方案|措施|政策|规划|计划|纲要|指南|制度"
_DOC_NAME_END = re.compile(rf"(?:{_DOC_KINDS})$")
_BARE_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])\s*"
                        rf"(?P<title>[^（()）《》。；;，,：:]{{4,80}}?(?:{_DOC_KINDS}))"
                        r"\s*(?:[（(](?P<note>[^（()）]*)[）)])?\s*[。；;]?$")
_CITE = re.compile(r"根据|依据|依照|按照|参照|遵照|为贯彻落实|贯彻落实|为落实|精神")
_SOURCE_LINK = re.compile(r"原文链接|相关文件|原文|政策原文|文件原文")
# a link written out in the text: 原文链接：https://…/t20240110_1.html (or a site path, or the file:// URL
# `policywatch import` stores a local file at)
# A URL may hold Chinese (…/zcwj/研发奖补办法.html) and any ASCII mark (show.aspx?id=1&col=45, a 文号's
# 〔〕 in a file's name): it ends at a space or a full-width sentence mark only
_SOURCE_LINK_TEXT = re.compile(r"(?:原文链接|相关文件|政策原文)[：:]\s*(?P<url>(?:https?://|file://|/)"
                               r"[^\s，。；：、！？）】》」』“”]+)")
_KEEP_ROW = re.compile(r"继续有效|修改")
# Decisions read whatever the title: an instruction of a 修改决定 names the document it changes
# (将《X》第七条中的…修改为… / 删去《X》第七条); a repeal stated in the body of a document whose title is
# no repeal notice (a newspaper's text of the decision, a 修改决定 that also repeals) names its
# documents (决定废止《X》, 决定对《X》予以废止) or announces a list, one item a line
# (决定对以下2件市政府规章予以废止：); the heading of one list of a clean-up decision (附件2：…宣布失效的
# 政策性文件目录) gives its rows its word when the table has no verdict column (修改 rows are amended by
# the decision, 继续有效 rows end nothing).
_INSTRUCTION_VERB = re.compile(r"(?:将|删去|删除|在|对)$")
_DECIDES_ENDING = re.compile(r"决定[^。；\n]{0,30}?(?:予以废止|宣布失效|废止)")
_ENDING_LIST = re.compile(r"决定[^。；\n《》]*?(?:予以废止|宣布失效|废止)[^。；\n《》]{0,8}[:：]$")
_AMENDING_VERDICTS = ("修改", "修订")
_LIST_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])")
_LIST_HEADING = re.compile(r"^(?:附件\s*\d*\s*[:：.．、]?)?[^。；《》\t]{0,40}?(?P<verdict>继续有效|宣布失效|失效|废止|修改|修订)"
                           r"[^。；《》\t]{0,24}?(?:目录|清单|名单|一览表)")
# a clean-up table's header: 序号 | 文件名称 | 文号 [| 清理意见]; without a verdict column the title's
# word (废止, 宣布失效) is every row's verdict
_TABLE_HEADER = re.compile(r"^(?:序号|编号)$|^(?:文件)?(?:名称|标题)$")
_VERDICT_COLUMN = re.compile(r"意见|结果|结论|处理|方式")


# the text offered for comment, said in its opening even when the page's title has no mark: 现向社会
# 公开征求意见 / 现将全文在网上公布，广泛征求意见 (not 经公开征求意见, a final's account of its making)
_CONSULTING = re.compile(r"现(?:将[^。；\n]{0,80}?)?(?:向(?:全)?社会|面向社会)?(?:公开|广泛)?征求(?:社会各界|公众|社会)?(?:的)?意见")
_OPENING = 300  # characters of the text read for it: the consultation notice's lead-in


@lru_cache(maxsize=65536)
def _consults(opening: str) -> bool:
    return bool(_CONSULTING.search(opening))


def is_draft(doc: LineageDoc) -> bool:
    """Whether the document is a consultation draft: marked in its title (（征求意见稿）, 关于公开征求《X》
    意见的通知), or offered for comment in its opening words."""
    return titles.marks(doc.title).draft or _consults(doc.text[:_OPENING])


def _title_key(doc: LineageDoc) -> str:
    """The document's title key; for a consultation page without a title line (现将…《X（修订草案征求
    意见稿）》…全文公布，征求社会各界意见), the key of the draft its opening names."""
    key = titles.title_key(doc.title)
    if key or not is_draft(doc):
        return key
    return next((titles.title_key(r.title) for s in sentences(doc.text[:_OPENING]) for r in references(s)
                 if r.title and titles.marks(r.title).draft), "")


@dataclass(frozen=True, slots=True)
class LineageDoc:
    """What lineage needs to know of a document: identity, issuer, date, text and links."""

    key: DocKey
    issuer: str = ""
    date: str = ""  # ISO published (or written) date, for ordering editions
    text: str = ""
    links: tuple[Link, ...] = ()
    site: str = ""  # the source it was crawled or imported as ("": its URL's host), for reposts
    # the other URLs it was seen under (its former address before the site moved, a redirect's):
    # a link written before the move names it still
    addresses: tuple[str, ...] = ()
    # whether `date` is the document's own (published or written), not the day it was first seen:
    # only a stated date says the document did not exist yet when another one was written
    date_stated: bool = True

    @property
    def title(self) -> str:
        return self.key.title

    def later_than(self, other: LineageDoc) -> bool:
        """Whether this document is stated to be dated after `other` was."""
        return self.date_stated and other.date_stated and bool(self.date and other.date) and self.date > other.date


class Catalog:
    """The known documents, indexed by 文号, title key and URL."""

    def __init__(self, docs: Iterable[LineageDoc]):
        self.docs = list(docs)
        self.by_number: dict[str, list[LineageDoc]] = {}
        self.by_title: dict[str, list[LineageDoc]] = {}
        self.by_url: dict[str, LineageDoc] = {}
        self.by_issuer: dict[str, list[LineageDoc]] = {}
        self.by_id: dict[int, LineageDoc] = {}
        # whether each document is a draft, decided once: asked of both sides of every draft/final pair
        self._draft: dict[int, bool] = {}
        # drafts and the other documents by (issuer, subject): a draft's final renamed (规定 → 办法) is
        # its issuer's, on its subject; looked up, not searched among every document of the issuer
        self.drafts_by_subject: dict[tuple[str, str], list[LineageDoc]] = {}
        self.finals_by_subject: dict[tuple[str, str], list[LineageDoc]] = {}
        # drafts and the other documents by the last two characters of their title key (the kind of
        # document, which an edited title keeps, titles.slightly_edited): a draft's final under an
        # edited title, and a final's draft, are looked up here, whoever issued them
        self.drafts_by_key_end: dict[str, list[LineageDoc]] = {}
        self.by_key_end: dict[str, list[LineageDoc]] = {}
        for doc in self.docs:
            if doc.key.id is not None:
                self.by_id[doc.key.id] = doc
            draft = self._draft[id(doc)] = is_draft(doc)
            if doc.issuer:
                self.by_issuer.setdefault(doc.issuer, []).append(doc)
                if subject := titles.subject(doc.title):
                    by_subject = self.drafts_by_subject if draft else self.finals_by_subject
                    by_subject.setdefault((doc.issuer, subject), []).append(doc)
            if number := number_key(doc.key.doc_number, doc.issuer):
                self.by_number.setdefault(number, []).append(doc)
            key = _title_key(doc)
            if key:
                self.by_title.setdefault(key, []).append(doc)
                (self.drafts_by_key_end if draft else self.by_key_end).setdefault(key[-2:], []).append(doc)
            if doc.key.url:
                self.by_url[doc.key.url] = doc
        for doc in self.docs:  # a document's own URL before another's former one
            for url in doc.addresses:
                self.by_url.setdefault(url, doc)
        self.places = reposts.place_counts(self.docs)
        self.abbreviations = reposts.learned_abbreviations(self.docs)
        # by issuer, built when first asked: its policies and their titles' index
        self._lookalikes: dict[str, tuple[list[LineageDoc], titles.LookalikeIndex]] = {}

    def is_draft(self, doc: LineageDoc) -> bool:
        """is_draft, decided once for a catalogued document."""
        found = self._draft.get(id(doc))
        return is_draft(doc) if found is None else found

    def lookalikes(self, doc: LineageDoc) -> list[tuple[LineageDoc, float]]:
        """(document, title similarity) of the policies of doc's issuer whose titles are at least
        RELATED_THRESHOLD alike doc's, in catalogue order. Drafts and interpretations are no
        look-alikes (_not_a_policy): they are tied to their policy by other rules."""
        found = self._lookalikes.get(doc.issuer)
        if found is None:
            policies = [other for other in self.by_issuer.get(doc.issuer, []) if not _not_a_policy(other)]
            index = titles.LookalikeIndex([titles.similarity_key(other.title) for other in policies], RELATED_THRESHOLD)
            found = self._lookalikes[doc.issuer] = (policies, index)
        policies, index = found
        return [(policies[position], score) for position, score in index.alike(titles.similarity_key(doc.title))]

    def original(self, copies: Sequence[LineageDoc]) -> LineageDoc:
        """Of documents sharing one 文号, the original (the others repost it): by evidence, not by
        which was stored first (reposts.original)."""
        return reposts.original(copies, self.places, self.abbreviations)

    def wrapper(self, page: LineageDoc) -> LineageDoc | None:
        """The notice `关于印发X的通知` that publishes `page` (X, bare, no 文号) as its policy, if stored."""
        return next((n for n in self.by_title.get(titles.title_key(page.title), [])
                     if _wraps(n, page) and n.issuer == page.issuer and not _same(n, page)
                     and titles.marks(n.title) == titles.marks(page.title)), None)

    def forwarding(self, page: LineageDoc) -> LineageDoc | None:
        """The 转发 notice of `page`'s issuer whose attachment `page` is (another issuer's document
        published bare on the forwarding site), if stored."""
        return next((n for n in self.by_title.get(titles.title_key(page.title), [])
                     if _forwards(n, page) and not _same(n, page)), None)

    def canonical(self, doc: LineageDoc) -> LineageDoc:
        """The document that stands for `doc` when something names it: the notice a bare attached
        page belongs to, the original a forwarded attachment copies (when stored), else `doc`."""
        notice = self.wrapper(doc)
        if notice is not None:
            return notice
        notice = self.forwarding(doc)
        if notice is not None:
            hit, _ = self.resolve(forwarded_reference(notice), exclude=doc.key.id, citing=notice)
            return hit if hit is not None and not _same(hit, notice) else doc
        return doc

    def resolve(self, ref: Reference | DocKey, *, exclude: int | None = None,
                citing: LineageDoc | None = None) -> tuple[LineageDoc | None, str]:
        """The known document a reference names, and how it was found ("doc_number", "title", "link").

        A title alone (no 文号) may be the title of several issuers' documents (two cities'
        `科技创新券管理办法`): `citing`, the document that names it, decides (reposts.closest); a
        title still naming documents of several issuers resolves to none (kept as a reference)."""
        url = getattr(ref, "url", "")
        if url and url in self.by_url and self.by_url[url].key.id != exclude:
            return self.canonical(self.by_url[url]), "link"
        number = number_key(ref.doc_number, citing.issuer if citing is not None else "") if ref.doc_number else ""
        candidates = [d for d in self.by_number.get(number, []) if d.key.id != exclude] if number else []
        if not candidates and unqualified_order(number):
            # 省政府令第114号 cited by a document of no known place: one of that level's orders, when
            # exactly one place has it (山东's and 江苏's 第114号 are two documents: neither is named)
            agreeing = {key: docs for key, docs in self.by_number.items() if numbers_agree(number, key)}
            if len(agreeing) == 1:
                candidates = [d for docs in agreeing.values() for d in docs if d.key.id != exclude]
        if candidates:
            return self.original(candidates), "doc_number"  # a repost's 文号 names its original
        key = titles.title_key(ref.title) if ref.title else ""
        wanted = titles.marks(ref.title) if ref.title else None
        # a title cited with its 文号 names that edition: another 文号 under the title is another
        # edition (the trial, the 2018 text), and the one cited may be stored later
        # a 转发 notice is not the document it forwards, nor is its attachment published bare
        candidates = [d for d in self.by_title.get(key, []) if d.key.id != exclude
                      and not is_draft(d) and not titles.is_interpretation_title(d.title)
                      and not titles.forwards(d.title) and self.forwarding(d) is None
                      and not (citing is not None and _forwards(citing, d))
                      and not (number and d.key.doc_number and not numbers_agree(number, _number(d)))]
        if citing is not None:
            # a title names an edition that existed when the citing document was written: never a
            # revised edition dated after it (a 2019 `原《X》同时废止` ends the 2015 X, not `X（2024年修订）`
            # stored first; a 修改决定 amends the text before it, not its republication `X（2024年修正）`)
            # — the older edition, stored later, is the one it names, in any order
            candidates = [d for d in candidates if not (_republication(d, citing) and titles.marks(d.title).revised_year is not None)]
        candidates = reposts.closest(self._originals(candidates), citing)
        if citing is not None:
            # of several editions, one that existed then (a page's date may be off by the days
            # between writing and publishing, so a lone later one still answers)
            candidates = [d for d in candidates if not d.later_than(citing)] or candidates
        if candidates and wanted is not None:
            # a citation naming an edition ((试行), a year range) prefers that edition
            exact = [d for d in candidates if titles.marks(d.title) == wanted]
            if not exact and not wanted.trial and all(titles.marks(d.title).trial for d in candidates):
                return None, ""  # the final edition named, only its trial stored: the final may come later
            if not exact and wanted.edition_year is not None:
                return None, ""  # a year's edition named (（2019年本）), not stored: it may come later
            if not exact and wanted.years is not None and all(titles.marks(d.title).years for d in candidates):
                return None, ""  # a plan's round named (2024—2026年), only other rounds stored: it may come later
            return _latest(exact or candidates), "title"
        return None, ""

    def _originals(self, docs: list[LineageDoc]) -> list[LineageDoc]:
        """The documents without their reposts (a copy under the same 文号 is not another candidate)."""
        by_number: dict[str, list[LineageDoc]] = {}
        out = []
        for doc in docs:
            number = _number(doc)
            if number:
                by_number.setdefault(number, []).append(doc)
            else:
                out.append(doc)
        originals = [self.original(copies) for copies in by_number.values()]
        # the policy attached to a notice, published bare, is the notice's: no other candidate
        return [d for d in out if not any(_wraps(n, d) and n.issuer == d.issuer for n in originals)] + originals


def _republication(doc: LineageDoc, citing: LineageDoc) -> bool:
    """Whether `doc` is stated to be dated after `citing`, or on its day when `citing` is a 修改决定: the
    full text republished the day the decision is (`X（2022年修正）`) is its outcome, not what it amends.
    (Another document of that day naming X bare — a 解读 of the revision — may name the revision.)"""
    return doc.later_than(citing) or (
        doc.date_stated and citing.date_stated and bool(doc.date) and doc.date == citing.date
        and bool(_AMEND_TITLE.search(_own_words(citing.title))))


def _forwards(notice: LineageDoc, page: LineageDoc) -> bool:
    """`notice` is a 转发 notice (with a 文号) of `page`'s issuer, `page` the forwarded document
    published bare on the same site: another issuer's document, not the notice's policy."""
    return (bool(notice.key.doc_number) and not page.key.doc_number and titles.forwards(notice.title)
            and bool(page.issuer) and notice.issuer == page.issuer and titles.unwrap(page.title) == page.title
            and titles.title_key(notice.title) == titles.title_key(page.title))


def forwarded_reference(notice: LineageDoc) -> Reference:
    """What a 转发 notice forwards: the title its own title wraps. Not the 文号 its body may give: a
    catalogue holds no bodies, and the reference must read the same from either side, in any order."""
    return Reference(title=titles.unwrap(notice.title))


def speaks_for_itself(copy: LineageDoc, original: LineageDoc) -> bool:
    """Whether what `copy` says is its own though it is `original`'s copy: a policy page attached
    to its 印发 notice — the notice's text does not carry the policy's, so the page's 同时废止 or
    basis is the policy's, and is not said again by the notice."""
    return _wraps(original, copy) and copy.issuer == original.issuer and not titles.forwards(original.title)


def _latest(docs: Sequence[LineageDoc]) -> LineageDoc:
    return max(docs, key=lambda d: (d.date, d.key.id or 0))


def resolves(target: DocKey, doc: LineageDoc) -> str:
    """How an unresolved reference names `doc` ("doc_number", "title", "link"), or "" when it does not."""
    found, method = Catalog([doc]).resolve(target)
    return method if found is not None else ""


def detect(doc: LineageDoc, known: Sequence[LineageDoc] | Catalog) -> list[Relation]:
    """Every relation `doc` establishes with the known documents (or with ones not known yet).

    `known` may be a Catalog built once for many documents (a linking pass); `doc` itself in it
    is ignored.
    """
    catalog = known if isinstance(known, Catalog) else Catalog(known)
    found: list[Relation] = []
    copies = _copies(doc, catalog)
    if copies:
        original = catalog.original([doc, *copies])
        if original is not doc:
            # a repost says nothing new about the family; its original does
            return [duplicate(doc, original)]
        # the original stored after its reposts: they repost it, and it speaks for the family
        found += [duplicate(copy, doc) for copy in copies]
    forwarded = _forwarded(doc, catalog)
    if any(r.subject == doc.key for r in forwarded):
        return forwarded  # another issuer's document on the forwarding site: a copy, as a repost is
    found += forwarded
    found += _attached(doc, catalog)
    found += _by_title(doc, catalog)
    found += _by_phrases(doc, catalog)
    found += _extended(doc, catalog)
    found += _editions(doc, catalog)
    found += _drafts(doc, catalog)
    found += _interpretation(doc, catalog)
    found += _related(doc, catalog, found)
    return _dedupe(found)


# ------------------------------------------------------------------------------------ rules


def _relation(kind: RelationKind, subject: DocKey, target: DocKey, method: str, evidence: str,
              confidence: float, effect: str = "") -> Relation:
    return Relation(kind=kind, subject=subject, target=target, method=method, evidence=evidence[:500],
                    confidence=confidence, effect=effect)


def _target(ref: Reference, catalog: Catalog, doc: LineageDoc) -> tuple[DocKey, str] | None:
    """The stored document a reference names, or the reference itself kept unresolved; None when it
    keys nothing (no title, and a number no key reads): a DocKey("", "") would name no document and
    every such reference alike."""
    hit, method = catalog.resolve(ref, exclude=doc.key.id, citing=doc)
    if hit is not None:
        return hit.key, method
    number = number_key(ref.doc_number, doc.issuer) if ref.doc_number else ""
    title = titles.unwrap(ref.title) if ref.title else ""
    if not number and not title:
        return None
    return DocKey(title=title, doc_number=number), "doc_number" if number else "title"


def _confidence(method: str) -> float:
    return {"link": 1.0, "doc_number": 0.95, "title": 0.9}.get(method, 0.8)


def _number(doc: LineageDoc) -> str:
    """The document's own number as a key (number_key): its 文号, else its order's number."""
    return number_key(doc.key.doc_number, doc.issuer) if doc.key.doc_number else ""


def _is_self(ref: Reference, doc: LineageDoc) -> bool:
    if ref.doc_number and doc.key.doc_number and numbers_agree(number_key(ref.doc_number, doc.issuer), _number(doc)):
        return True
    # a 转发 notice names the document it forwards, never itself
    if not ref.title or ref.doc_number or titles.forwards(doc.title):
        return False
    key, own = titles.title_key(ref.title), titles.title_key(doc.title)
    # …关于印发X (a page's title without its 的通知): X is the notice's own policy
    return key == own or (bool(key) and own.endswith(key) and own[: -len(key)].endswith("印发"))


def _copies(doc: LineageDoc, catalog: Catalog) -> list[LineageDoc]:
    """The other stored documents under doc's 文号 (at other URLs): its reposts or its original.
    A number that is no 文号 (an order's `南湖市人民政府令第3号`: no year) names one document only
    with its title: the same number under the same title is a copy."""
    number = _number(doc)
    if number and not is_order_number(number):
        return [d for d in catalog.by_number.get(number, []) if d.key.url != doc.key.url and not _same(d, doc)]
    if number:  # an order's number, under the same title
        return [d for d in catalog.by_number.get(number, []) if d.key.url != doc.key.url and not _same(d, doc)
                and _title_key(d) == _title_key(doc)]
    written, key = _written_number(doc.key.doc_number), _title_key(doc)
    if not written or not key:
        return []
    return [d for d in catalog.by_title.get(key, []) if d.key.url != doc.key.url and not _same(d, doc)
            and _written_number(d.key.doc_number) == written]


def _written_number(doc_number: str) -> str:
    """A document number as written, widths folded and spaces dropped ("" for none)."""
    return "".join(doc_number.translate(WIDTH_FOLD).split())


def _attached(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """A notice `关于印发X的通知` (under its 文号) and X published on a page of its own (no 文号, the
    same issuer): one policy, the attached page a copy of the notice's — in either order."""
    if _not_a_policy(doc) or not doc.issuer:
        return []
    found = []
    for other in catalog.by_title.get(titles.title_key(doc.title), []):
        if (_same(other, doc) or other.issuer != doc.issuer or titles.marks(other.title) != titles.marks(doc.title)
                or _not_a_policy(other)
                or titles.forwards(other.title) or titles.forwards(doc.title)):
            continue  # a 转发 notice's attachment is the forwarded document's copy (_forwarded)
        for notice, page in ((doc, other), (other, doc)):
            if _wraps(notice, page):
                found.append(_relation(RelationKind.DUPLICATE_OF, page.key, notice.key, "title",
                                       f"《{notice.title}》（{notice.key.doc_number}）所印发的《{page.title}》", 0.9))
    return found


def _forwarded(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """A 转发 notice and the document it forwards published bare on the same site (its issuer the
    site's): the page copies the forwarded original — stored, or kept as a reference by its title,
    resolved when it is stored — not the notice, in either order."""
    pairs = [(n, doc) for n in catalog.by_title.get(titles.title_key(doc.title), []) if _forwards(n, doc)]
    pairs += [(doc, p) for p in catalog.by_title.get(titles.title_key(doc.title), []) if _forwards(doc, p)]
    found = []
    for notice, page in pairs:
        ref = forwarded_reference(notice)
        hit, method = catalog.resolve(ref, exclude=page.key.id, citing=notice)
        target = hit.key if hit is not None else DocKey(title=ref.title)
        method = method or "title"
        found.append(_relation(RelationKind.DUPLICATE_OF, page.key, target, method,
                               f"《{notice.title}》（{notice.key.doc_number}）所转发的《{page.title}》", _confidence(method)))
    return found


def _wraps(notice: LineageDoc, page: LineageDoc) -> bool:
    """`notice` is the wrapper (with a 文号) of the policy `page` publishes bare (no 文号)."""
    return (bool(notice.key.doc_number) and not page.key.doc_number and titles.unwrap(notice.title) != notice.title
            and titles.unwrap(page.title) == page.title)


def duplicate(copy: LineageDoc, original: LineageDoc) -> Relation:
    """`copy` reposts `original` (the same 文号 at another URL)."""
    number = _number(original) or _written_number(original.key.doc_number)
    return _relation(RelationKind.DUPLICATE_OF, copy.key, original.key, "doc_number", f"同一文号 {number}", 1.0)


def _own_words(title: str) -> str:
    """What a title says of its own document: the wrapper and any title it quotes taken off.

    `《…宣布失效…的决定》政策解读` explains a repeal decision and is none; `关于修改《X》的决定`
    keeps 关于修改; `关于印发《X实施细则》的通知` is the 实施细则 it wraps.
    """
    return re.sub(r"《[^《》]*》", "", titles.unwrap(title))


def _is_repeal_decision(doc: LineageDoc) -> bool:
    return bool(_REPEAL_TITLE.search(_own_words(doc.title)))


def _by_title(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """A 修改决定, a repeal decision or clean-up notice, an implementing rule: said by the title."""
    title = doc.title
    own = _own_words(title)
    found: list[Relation] = []
    if _AMEND_TITLE.search(own) or (not _not_a_policy(doc) and _AMENDS_IN_BODY.search(doc.text)):
        refs = _amended(doc)
        if not refs and (amended := _AMENDMENT_OF.search(titles.unwrap(title))):
            refs = [Reference(title=amended["title"])]  # 某某条例修正案: the title names the target
        for ref in refs:
            if not _is_self(ref, doc) and (aimed := _target(ref, catalog, doc)) is not None:
                target, method = aimed
                found.append(_relation(RelationKind.AMENDS, doc.key, target, method, title, _confidence(method)))
    elif _REPEAL_TITLE.search(own):
        found += _repeals(doc, catalog)
    if is_draft(doc):
        return found
    refs: list[Reference] = []
    in_title = True
    if _IMPLEMENT_TITLE.search(own):
        refs = references(title)
        if not refs:
            in_title = False
            refs = [r for s in sentences(doc.text)[:12] if _IMPLEMENT_BODY.search(s) for r in references(s)[:1]]
    elif (plan := _CARRIES_OUT.search(unwrapped := titles.unwrap(title))) and (
            plan["quoted"] or unwrapped[plan.start("named") - 1] in "《〈" or _DOC_NAME_END.search(plan["named"])):
        # a bare X must name a document (…若干政策措施), not 党的二十大精神 or 决策部署
        refs = [Reference(title=plan["named"] or plan["quoted"])]
    for ref in refs:
        if not _is_self(ref, doc) and (aimed := _target(_numbered(ref, doc), catalog, doc)) is not None:
            target, method = aimed
            evidence = title if in_title else next(s for s in sentences(doc.text) if ref.title in s)
            found.append(_relation(RelationKind.IMPLEMENTS, doc.key, target, method, evidence, _confidence(method)))
    return found


def _numbered(ref: Reference, doc: LineageDoc) -> Reference:
    """A title named without its 文号 (in the document's own title), with the 文号 its body gives
    it (为贯彻落实《X》（某政发〔2023〕3号）): the stronger key, and the same reference the body's
    citation of X makes, so the two are one relation whether X is stored yet or not."""
    if ref.doc_number or not ref.title:
        return ref
    key = _loose_key(ref.title)
    for sentence in sentences(doc.text)[:12]:
        for named in references(sentence):
            if named.doc_number and named.title and _loose_key(named.title) == key:
                return Reference(title=ref.title, doc_number=named.doc_number, start=ref.start)
    return ref


def _loose_key(title: str) -> str:
    """A title key that a 的 more or less does not change: one document's title as its own title
    and as another's body cite it (…实现经济运行整体好转的若干政策措施 / …整体好转若干政策措施)."""
    return titles.title_key(title).replace("的", "")


def _edition_key(title: str) -> tuple[str, object]:
    """One edition of one policy: its loose key and its marks (a 暂行办法 is not the 办法)."""
    return _loose_key(title), titles.marks(title)


def _bare_item(sentence: str) -> Reference | None:
    """A list item naming a document without 《》 (一、山东省信访规定（省政府令第114号）。): its title, and
    the 文号 in its note when there is one; None for any other line."""
    m = _BARE_ITEM.match(sentence)
    if m is None:
        return None
    return Reference(title=m["title"].strip(), doc_number=number_key(m["note"] or ""))


def _amended(doc: LineageDoc) -> list[Reference]:
    """The documents a 修改决定 amends: the title's (`关于修改《A》等三部规章的决定` names only the
    first) and every one its body amends (`一、对《B》作如下修改`, `《A》《B》《C》根据本决定作相应修改`),
    not those it gives as its basis (`根据《上位法》，决定对《A》作如下修改`)."""
    refs = references(doc.title)
    for sentence in sentences(doc.text):
        if _AMEND_BODY.search(sentence):
            refs += [r for r in references(sentence) if not in_basis_clause(sentence, r)]
        else:  # 一、将《X》第七条中的…修改为… / 二、删去《Y》第七条: the instruction names its document
            refs += [r for r in references(sentence) if r.title and names_article(sentence, r)
                     and _INSTRUCTION_VERB.search(sentence[: r.start])]
    seen: set[str] = set()
    out = []
    for ref in refs:
        key = number_key(ref.doc_number, doc.issuer) if ref.doc_number else titles.title_key(ref.title)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def _repeals(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """Each document a repeal decision or clean-up result ends: table rows or sentences."""
    found: list[Relation] = []
    title_effect = ending_effect(doc.title)
    row_verdict = ""  # the verdict of rows in a table whose header has no verdict column
    section = ""  # the word of the list heading above the table (附件2：…宣布失效的…目录)
    bare_list = False  # in the items of a lead-in `…决定废止以下规章：`
    for line in _joined_rows(doc.text.splitlines()):
        cells = _cells(line)
        if len(cells) >= 3:
            if any(_TABLE_HEADER.search(c) for c in cells):
                row_verdict = "" if any(_VERDICT_COLUMN.search(c) for c in cells) else section or title_effect
                continue
            if row_verdict == "继续有效":
                continue
            row = _table_row(cells, row_verdict)
            if row is None:
                continue
            ref, verdict = row
            effect = ending_effect(verdict)
            if verdict in _AMENDING_VERDICTS or verdict == _PARTLY:
                # the decision's 修改 list, or a row ending some clauses: amended by it, still in force
                # (a partial repeal says so in its effect: 部分废止, not the target's end)
                if (aimed := _target(ref, catalog, doc)) is not None:
                    target, method = aimed
                    found.append(_relation(RelationKind.AMENDS, doc.key, target, method, " | ".join(cells),
                                           _confidence(method), _PARTLY if verdict == _PARTLY else ""))
                continue
        elif heading := _LIST_HEADING.match(line.strip(" \u3000")):
            section = heading["verdict"]
            continue
        else:
            lead = bool(_ENDING_LEAD.search(line.strip(" \u3000")))
            for sentence in sentences(line):
                if _KEEP_ROW.search(sentence) and not _ENDS.search(sentence):
                    continue
                named = references(sentence)
                # an item naming its rule without 《》 by its order's number too: the title and the number
                if bare_list and not any(r.title for r in named) and (bare := _bare_item(sentence)) is not None:
                    named = [bare]
                for ref in named:
                    # the documents it carries out (为贯彻落实《…》) are cited: _by_phrases reads them
                    if _is_self(ref, doc) or in_basis_clause(sentence, ref) or (aimed := _target(ref, catalog, doc)) is None:
                        continue
                    target, method = aimed
                    if names_article(sentence, ref):
                        # 废止《X》第十五条: X loses an article and stays in force, partly repealed
                        found.append(_partial_repeal(doc, target, method, sentence, title_effect))
                        continue
                    found.append(_relation(RelationKind.REPEALS, doc.key, target, method, sentence,
                                           _confidence(method), title_effect))
            # the items under a lead-in (决定废止以下规章：) may name their documents without 《》
            bare_list = lead or (bare_list and bool(_LIST_ITEM.match(line.strip(" \u3000"))))
            continue
        if (aimed := _target(ref, catalog, doc)) is not None:
            target, method = aimed
            found.append(_relation(RelationKind.REPEALS, doc.key, target, method, " | ".join(cells),
                                   _confidence(method), effect))
    return found


def _partial_repeal(doc: LineageDoc, target: DocKey, method: str, sentence: str, effect: str) -> Relation:
    """`doc` ending some articles of `target` (废止《X》第十五条, 《X》中有关…的规定同时废止): an amendment
    (X loses those clauses and stays in force, the engine deletes them), its effect 部分废止 (部分失效)."""
    return _relation(RelationKind.AMENDS, doc.key, target, method, sentence, _confidence(method), PARTLY + effect)


def repealed_part(relation: Relation) -> str:
    """For an `amends` relation repealing part of its target (effect 部分废止): the part its evidence
    names after the target (`第三条、第十五条`, `有关…的条款`), "" when it names none (a clean-up
    table's row) or the relation is no partial repeal."""
    if relation.kind is not RelationKind.AMENDS or not relation.effect.startswith(PARTLY):
        return ""
    named = [r for r in references(relation.evidence) if r.title]
    key = titles.title_key(relation.target.title)
    # the target's own reference when its title is the one cited, else the one naming a part
    ordered = sorted(named, key=lambda r: titles.title_key(r.title) != key)
    part = next((part for r in ordered if (part := named_part(relation.evidence, r))), "")
    # a clean-up table's row (cells joined by " | "): its verdict cell's articles (废止第五条、第六条)
    verdicts = (_VERDICT_CELL.fullmatch(cell) for cell in relation.evidence.split(" | "))
    return part or next((m["articles"] for m in verdicts if m is not None and m["articles"]), "")


def _cells(line: str) -> list[str]:
    return [c.strip(" \u3000") for c in line.split("\t") if c.strip(" \u3000")]


# A row's verdict cell, whichever it says (a row holding one is whole), with the remark a table may
# add (`废止（已被新办法替代）`, `宣布失效（有效期届满）`); part of the document (`部分条款废止`,
# `废止第五条`) ends only those clauses: the document is amended and stays in force.
_VERDICT_CELL = re.compile(r"(?P<part>部分(?:条款|内容)?)?(?:予以)?(?P<word>废止|宣布失效|失效|继续有效|修改|修订|保留)"
                           rf"(?P<articles>第(?:{CN_NUM}|\d+)条[^（）()]{{0,30}})?(?:[（(][^（）()]{{0,60}}[）)])?")
_PARTLY = PARTLY + REPEALED  # the verdict of a row ending part of its document, and its relation's effect


def _verdict(cell: str) -> str:
    """The verdict a table cell states ("" when it states none): 废止, 宣布失效, 失效, 继续有效, 修改,
    修订, 保留, or 部分废止 (part of the document)."""
    m = _VERDICT_CELL.fullmatch(cell)
    if m is None:
        return ""
    if m["word"] in ("废止", "失效", "宣布失效") and (m["part"] or m["articles"]):
        return _PARTLY
    return m["word"]


def _joined_rows(lines: list[str]) -> list[str]:
    """The lines, with a clean-up table row broken over several lines put back into one. A cell
    holding a line break (a `<br>` in a page's cell, a PDF's wrapped cell: `乙府发〔2011〕` ⏎ `2号 | 废止`,
    `乙市停车场` ⏎ `管理办法 | 乙府发` ⏎ `〔2015〕3号 | 废止`) leaves the row's first line without its verdict
    and the next ones without a serial: each goes on in the cell it broke in, then the row's next
    cells — or column by column when it has as many cells as the header (the extractor kept the empty
    ones). A row under a merged serial and verdict (rowspan: `乙市X办法实施细则 | 乙府发〔2013〕4号` under
    `4 | 乙市X办法 | 乙府发〔2013〕3号 | 废止`) shares the verdict of the row above. Only in a table whose
    header has a verdict column (so a row short of one is known to go on), and only short lines that
    are no sentence, heading or serial row of their own: the signature under the table is no row."""
    out: list[str] = []
    width = 0  # the header's fields, in a table with a verdict column; 0 outside one
    open_row = False  # the last line is such a table's row still short of its verdict
    verdict = ""  # the verdict cell of the row above, while rows follow one another
    for line in lines:
        cells = _cells(line)
        if len(cells) >= 3 and any(_TABLE_HEADER.search(c) for c in cells):
            width = len(line.split("\t")) if any(_VERDICT_COLUMN.search(c) for c in cells) else 0
            open_row, verdict = False, ""
            out.append(line)
            continue
        text = line.strip(" \u3000")
        part = (bool(width) and bool(cells) and not cells[0].isdigit() and "。" not in text
                and not _LIST_HEADING.match(text) and ("\t" in text or len(text) <= 30))
        shared = False
        if open_row and part:
            before, after = out[-1].split("\t"), line.split("\t")
            out[-1] = ("\t".join(a.strip(" \u3000") + b.strip(" \u3000") for a, b in zip(before, after, strict=True))
                       if len(before) == len(after) == width else out[-1].rstrip(" \u3000") + text)
        elif (verdict and part and "\t" in text and not any(_verdict(c) for c in cells)
              and any(number_key(c) for c in cells)):
            out.append(f"{line}\t{verdict}")
            shared = True
        else:
            out.append(line)
        row = _cells(out[-1])
        serial_row = bool(width) and len(row) >= 2 and row[0].isdigit()
        said = next((c for c in row if _verdict(c)), "")
        open_row = serial_row and not said
        if serial_row and said:
            verdict = said
        elif not (shared or open_row):
            verdict = ""
    return out


def _table_row(cells: list[str], default: str = "") -> tuple[Reference, str] | None:
    """(the document, the verdict) of a clean-up table row whose verdict ends it; None otherwise.

    `default` is the verdict of a table without a verdict column (a list under a 宣布失效 title).
    A 文号 split over two cells (`乙府发 | 〔2011〕2号`, or a wrapped cell's parts) is read joined.
    """
    said = next((c for c in cells if _verdict(c) in ("废止", "宣布失效", "失效", _PARTLY)), "")
    verdict = _verdict(said) or default
    if verdict == "继续有效":
        return None
    if not verdict:
        return None
    number, parts = next(((n, {c}) for c in cells if len(c) <= 30 and (n := number_key(c))), ("", set()))
    if not number:  # the code in one cell, the year and serial in the next
        number, parts = next(((n, {a, b}) for a, b in itertools.pairwise(cells)
                              if len(a + b) <= 30 and not number_key(a) and (n := number_key(a + b))), ("", set()))
    rest = [c for c in cells if c != said and not c.isdigit() and c not in parts
            and not (number and len(c) <= 30 and number_key(c) == number)]
    title_cell = max(rest, key=len, default="")
    title = title_cell.strip("《》") if len(title_cell) >= 4 else ""
    if not title and not number:
        return None
    return Reference(title=title, doc_number=number), verdict


def _by_phrases(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """Sentences of the body: `…同时废止` (a successor's repeal), `根据《…》` (a citation)."""
    found: list[Relation] = []
    repeal_decision = _is_repeal_decision(doc)
    # a draft's `…同时废止` is a proposal (the final text, once issued, is the successor) and a
    # 解读's is a quotation of the policy it explains: neither ends anything itself
    quoting = is_draft(doc) or titles.is_interpretation_title(doc.title)
    listing = ""  # the effect of the items under `决定对以下…予以废止：` (one a line)
    for sentence in sentences(doc.text):
        if repeal_decision and "\t" in sentence:
            continue  # a clean-up table row: _repeals read it (继续有效 rows end nothing)
        if not repeal_decision and not quoting and _ENDING_LIST.search(sentence):
            listing = ending_effect(sentence)
            continue
        if listing and not _LIST_ITEM.match(sentence):
            listing = ""
        if sentence == doc.title:
            continue  # the page's own title line: what it names, the title rules read (_by_title)
        refs = [r for r in references(sentence) if not _is_self(r, doc)]
        if listing and not any(r.title for r in refs) and (bare := _bare_item(sentence)) is not None:
            refs = [bare]  # 一、山东省信访规定（省政府令第114号）。 under `决定废止以下规章：`
        if not refs:
            continue
        decided = None if repeal_decision or quoting or listing else _DECIDES_ENDING.search(sentence)
        if listing or decided:
            # the document decides the repeal itself (its title aside): each document so named ends,
            # not those named as its basis (按照《清理工作方案》要求，…决定…宣布失效)
            effect = listing or ending_effect(sentence)
            basis = [r for r in refs if in_basis_clause(sentence, r) or (decided and r.start < decided.start())]
            for ref in refs:
                if ref not in basis and (aimed := _target(ref, catalog, doc)) is not None:
                    target, method = aimed
                    found.append(_partial_repeal(doc, target, method, sentence, effect) if names_article(sentence, ref)
                                 else _relation(RelationKind.REPEALS, doc.key, target, method, sentence,
                                                _confidence(method), effect))
            refs = basis  # what the decision rests on is cited, as below
            if not refs:
                continue
        ends = None if listing or decided else _ENDS.search(sentence)
        if ends and not repeal_decision and not quoting and not _in_quotation(sentence, ends.start()):
            effect = ending_effect(sentence)
            for ref in refs:
                if (aimed := _target(ref, catalog, doc)) is None:
                    continue
                target, method = aimed
                if names_article(sentence, ref):
                    # 《X》第五条同时废止, 《X》中有关收费的规定同时废止: X loses those clauses and stays
                    # in force, as under a decision's 废止《X》第十五条 — an amendment, not a successor
                    found.append(_partial_repeal(doc, target, method, sentence, effect))
                    continue
                found.append(_relation(RelationKind.SUPERSEDES, doc.key, target, method, sentence,
                                       _confidence(method), effect))
        elif _CITE.search(sentence):
            for ref in refs:
                if (aimed := _target(ref, catalog, doc)) is not None:
                    target, method = aimed
                    found.append(_relation(RelationKind.CITES, doc.key, target, method, sentence, _confidence(method)))
        else:
            # any other 文号 or title that names a stored document is a citation too, and so is any
            # 文号, with its title (《X》（某政发〔2019〕12号）) or alone (严格执行国家税务总局公告2024年第5号): a
            # document precise enough to resolve when it is stored later, kept as a reference so the
            # citation does not depend on which of the two was stored first. Laws named by title
            # alone (《中华人民共和国…法》) are not kept
            for ref in refs:
                hit, method = catalog.resolve(ref, exclude=doc.key.id, citing=doc)
                if hit is not None:
                    found.append(_relation(RelationKind.CITES, doc.key, hit.key, method, sentence, _confidence(method)))
                elif ref.doc_number and not _own_designation(sentence, ref) and (
                        aimed := _target(ref, catalog, doc)) is not None:
                    target, method = aimed
                    found.append(_relation(RelationKind.CITES, doc.key, target, method, sentence, _confidence(method)))
    return found


# a text naming its own number: 本办法（市政府令第45号）自…起施行, 本措施（甲政发〔2024〕8号）
_SELF_DESIGNATION = re.compile(rf"本(?:{_DOC_KINDS}|公告|通告)\s*[（(]\s*$")


def _own_designation(sentence: str, ref: Reference) -> bool:
    """Whether a number named alone may be the text's own, which its metadata may lack (no 文号 read, a
    decision published by order): an order's number (the note of its publication, `（2024年6月18日…令第58号
    公布）`, is a 规章's or a decision's own) or a number the text designates itself by (本办法（…号）). Such
    a number is a citation once it names another stored document, never a reference kept for later."""
    return not ref.title and (is_order_number(ref.doc_number) or bool(_SELF_DESIGNATION.search(sentence[:ref.start])))


def _in_quotation(sentence: str, at: int) -> bool:
    """True when `at` lies inside a “…” quotation: `《A》规定：“…《B》同时废止。”` is A's sentence
    quoted, and the quoting document ends nothing by it."""
    before = sentence[:at]
    return before.count("“") > before.count("”")


def _extended(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """A notice titled `关于延长《X》有效期的通知` cites X though its body may only say `该政策有效期延长
    至…`: kept as a reference until X is stored, so the extension is replayed then, in any order."""
    found = []
    for ref in extended_in_title(doc.title):
        if not _is_self(ref, doc) and (aimed := _target(ref, catalog, doc)) is not None:
            target, method = aimed
            found.append(_relation(RelationKind.CITES, doc.key, target, method, doc.title, _confidence(method)))
    return found


def _successor(a: LineageDoc, b: LineageDoc) -> str:
    """Why `a` is a later edition of `b` (same title key), or "" when it is not."""
    ma, mb = titles.marks(a.title), titles.marks(b.title)
    if is_draft(a) or is_draft(b):
        return ""
    if a.issuer and b.issuer and a.issuer != b.issuer:
        # an organ renamed or merged in a 机构改革 (食品药品监督管理局 → 市场监督管理局) reissues its
        # predecessor's rules under its own code: the same title, unmarked, of one place, under a later
        # 文号 of another organ's series, its text saying so (_reorganised). Two places' organs issuing
        # one title are not (a province's and another's 若干措施), nor one organ's text reposted by another
        # (the same 文号), nor two bureaus of one city each issuing rules of a common title (行政执法公示办法)
        if (ma == mb and titles.names_rules(a.title) and _place(a) and _place(a) == _place(b)
                and _later_number(a, b) and _code(a) != _code(b) and _reorganised(a, b)):
            return _REISSUED
        return ""
    if ma.years and mb.years:
        return "new round of the plan" if ma.years[0] > mb.years[0] else ""
    if ma.trial and not mb.trial:
        return ""  # a revised trial edition (暂行办法（2020年修订）) is still older than the final
    if ma.revised_year is not None and (mb.revised_year is None or ma.revised_year > mb.revised_year):
        return "revision mark"
    if ma.edition_year is not None and mb.edition_year is not None:
        # one title key, two years' editions (（2024年本） after （2019年本）): the next edition. What
        # becomes of the older one is for its text to say (a 同时废止), not for the year
        return "edition of a later year" if ma.edition_year > mb.edition_year else ""
    if mb.trial and not ma.trial and ma.revised_year is None:  # revised or not, the trial is made final
        return "trial edition made final"
    if (ma == mb and a.issuer and a.issuer == b.issuer and titles.names_rules(a.title)
            and _later_number(a, b)):
        return "same title under a new 文号"  # a new edition at a new URL, no repeal sentence
    return ""


def _later_number(a: LineageDoc, b: LineageDoc) -> bool:
    """Whether `a`'s number is a later one than `b`'s: a 文号 of a later year, or a later order of the
    same issuer's series (a 规章 revised and published again: 南湖市人民政府令第45号 after 第3号)."""
    if _number_year(a) > _number_year(b) > 0:
        return True
    order_a, order_b = order_serial(_number(a)), order_serial(_number(b))
    return order_a is not None and order_b is not None and order_a[0] == order_b[0] and order_a[1] > order_b[1]


# what a renamed organ's reissue says of the reorganisation behind it: a 机构改革, functions moved to it,
# a name changed. Said of the old organ or of the rules reissued, in one sentence: a 机构改革 or a 职责
# of its own alone (根据深化机构改革要求和本局职责，制定本办法) says nothing of another organ
_REORGANISATION = re.compile(r"机构改革|机构调整|职能调整|职责调整|职能划入|职责划入|职能划转|职责划转|职责整合|更名|名称变更|不再保留")
# a rename and a reissue in one sentence name no organ and need none (因机构名称变更，现将本办法重新印发)
_RENAMED = re.compile(r"更名|名称变更")
_REISSUED_WORDS = re.compile(r"重新印发|重新发布|重新公布")
_SENTENCE = re.compile(r"[^。；！？\n]+")
# the rules themselves said to be revised or reissued (我局对本办法进行了修订): not made anew (制定本办法)
_THESE_RULES_REVISED = re.compile(r"本(?:办法|规定|细则|条例|规则|措施).{0,12}?(?:修订|修改|重新印发|重新发布)"
                                  r"|(?:修订|修改|重新印发|重新发布).{0,12}?本(?:办法|规定|细则|条例|规则|措施)")
_LEVEL_WORDS = ("", "省", "市", "县", "区", "州", "盟", "旗")


def _reorganised(new: LineageDoc, old: LineageDoc) -> bool:
    """Whether `new`'s text gives the evidence that its issuer took over `old`'s: `old`'s issuer named
    as the former one (原桐川市文化广电新闻出版局, 原市…局: only its place or a level word between 原 and
    its organ — 原则上由市财政局… is no former organ), or a sentence naming a reorganisation (机构改革,
    职责划入, 更名) together with `old`'s organ, the rules' title or these rules revised (根据机构改革后的
    职责调整，我局对《X》/本办法进行了修订), or one saying the rules are reissued for a changed name. One title alone is none: two
    bureaus of a city may each issue 行政执法全过程记录办法."""
    named = read_places(old.issuer)
    # its whole place (云岭省岚江市) or its last (岚江市), as the text names the former organ
    places_named = (old.issuer[:named[-1].end], named[-1].name + named[-1].suffix) if named else ()
    organ = old.issuer[named[-1].end:] if named else old.issuer
    organ_named = len(organ) >= 2
    if organ_named:
        for m in re.finditer(rf"原([^，。；、：\s]{{0,8}}?){re.escape(organ)}", new.text):
            if m[1] in _LEVEL_WORDS or m[1] in places_named:
                return True
    subject = titles.unwrap(old.title)
    for sentence in _SENTENCE.findall(new.text):
        if _RENAMED.search(sentence) and _REISSUED_WORDS.search(sentence):
            return True
        if _REORGANISATION.search(sentence) and ((organ_named and organ in sentence) or _THESE_RULES_REVISED.search(sentence)
                                                 or (subject and f"《{subject}》" in sentence)):
            return True
    return False


def _code(doc: LineageDoc) -> str:
    """The issuer code of a document's 文号 ("" without one)."""
    number = parse_doc_number(doc.key.doc_number) if doc.key.doc_number else None
    return number.code if number is not None else ""


def _number_year(doc: LineageDoc) -> int:
    number = parse_doc_number(doc.key.doc_number) if doc.key.doc_number else None
    return number.year if number is not None else 0


def _editions(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """The same policy in a later edition: （2024年修订）, （试行） made final, the next round of a plan."""
    key = titles.title_key(doc.title)
    if not key or titles.is_interpretation_title(doc.title):
        return []
    same = [d for d in catalog.by_title.get(key, []) if not _same(d, doc) and not titles.is_interpretation_title(d.title)]
    older = [(d, why) for d in same if (why := _successor(doc, d))]
    newer = [(d, why) for d in same if (why := _successor(d, doc))]
    pairs = []
    if older:
        previous, why = max(older, key=lambda p: _edition_order(p[0]))
        pairs.append((doc, previous, why))
    if newer:
        following, why = min(newer, key=lambda p: _edition_order(p[0]))
        pairs.append((following, doc, why))
    return [_relation(RelationKind.SUPERSEDES, new.key, old.key, "revision_mark", f"{why}：《{new.title}》／《{old.title}》",
                      0.9, _edition_effect(new, old, why)) for new, old, why in pairs]


_REISSUED = "same title reissued by another organ of its place"
# the successions that replace the older text though no sentence says so (see _edition_effect)
_REPLACING = ("revision mark", "same title under a new 文号", _REISSUED)


def _edition_effect(new: LineageDoc, old: LineageDoc, why: str) -> str:
    """失效 when the issuer republished its policy under the same title, revised (`（2024年修订）`) or
    under a new 文号: the issuer replaced its own text, and the old one is not in force beside it.
    Not 废止: no act repealed it (model/validity.py keeps the two apart), as a 是否有效：否 says.
    Only for one known issuer (two cities' bureaus may issue one title), and not for a trial made
    final or a plan's next round: a trial or a plan period ends by its own term, not by the next."""
    issuer = _issuer_named(new)
    return EXPIRED if why in _REPLACING and issuer and (issuer == _issuer_named(old) or why == _REISSUED) else ""


def _issuer_named(doc: LineageDoc) -> str:
    """The issuer a document names, folded: its issuer field, else the one its order's number names (a
    规章 published by order signs with the mayor's title only: 南湖市人民政府令第31号 is 南湖市政府's)."""
    return fold_issuer(doc.issuer) if doc.issuer else order_issuer(doc.key.doc_number)


def _edition_order(doc: LineageDoc) -> tuple[int, int, int, str, int]:
    marks = titles.marks(doc.title)
    return (marks.years[0] if marks.years else 0, marks.edition_year or 0,
            marks.revised_year if marks.revised_year is not None else -1, doc.date, doc.key.id or 0)


def _drafts(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """A 征求意见稿 and its final text (same title key), whichever was seen first.

    The final is the first non-draft edition dated on or after the draft: a later 修订 edition
    of the same title supersedes that final, it is not the draft's final too.
    """
    key = _title_key(doc)
    if not key or titles.is_interpretation_title(doc.title):
        return []
    # a draft's own finals are searched for below; a final's drafts under another title here
    subjects = [] if catalog.is_draft(doc) else _same_subject(doc, catalog)
    family = _unique([d for d in [*catalog.by_title.get(key, []), *subjects, doc]
                      if (d is doc or not _same(d, doc)) and not titles.is_interpretation_title(d.title)])
    found = []
    for draft in (d for d in family if catalog.is_draft(d)):
        # the draft's finals: its own title's, else one of its issuer's renamed (规定 → 办法), else one
        # under its title edited (a word added), its issuer's or another organ's of its place; each
        # searched for only when the one before is missing (the catalogue's drafts by the thousand)
        draft_key = _title_key(draft)
        pool = _unique([*family, *catalog.by_title.get(draft_key, [])])
        finals = [d for d in pool if not catalog.is_draft(d) and not _same(d, draft)]
        # (the order final_rank says: a final found by a weaker test is withdrawn once a stronger one is
        # stored, LineageLinker)
        # (a final of another place is none, its title the same: one title issued by two provinces)
        finals = ([d for d in finals if titles.title_key(d.title) == draft_key and _places_agree(draft, d)]
                  or [d for d in _unique([*finals, *_finals_on_subject(draft, catalog)]) if _renamed(draft, d)]
                  or [d for d in _unique([*finals, *_finals_ending_alike(draft, catalog)]) if _edited(draft, d)])
        # a final dated before the draft is the edition the draft revises, not its outcome
        after = [f for f in finals if f.date >= draft.date or not draft.date]
        if not after:
            continue
        final = min(after, key=lambda d: (d.date, d.key.id or 0))
        if doc in (draft, final):
            found.append(_relation(RelationKind.DRAFT_OF, draft.key, final.key, "title",
                                   f"《{draft.title or key}》→《{final.title}》", 0.9))
    return found


def final_rank(draft: LineageDoc, final: LineageDoc) -> int:
    """How firmly `final` is `draft`'s final, as _drafts tries them: 0 under its own title, 1 its
    issuer's renamed (规定 → 办法), 2 under its title edited (a word added), 3 none of these. A draft
    with finals of two ranks has the firmer one only, whichever was stored first."""
    if titles.title_key(final.title) == _title_key(draft) and _places_agree(draft, final):
        return 0
    if _renamed(draft, final):
        return 1
    return 2 if _edited(draft, final) else 3


def _same_subject(final: LineageDoc, catalog: Catalog) -> list[LineageDoc]:
    """A final's drafts under another title: its issuer's on the same subject under another kind of
    title (规定 / 办法), and any organ's of its place under the title edited (a word added or dropped).
    (A draft's finals are looked for by _drafts, one test at a time.)"""
    key = titles.title_key(final.title)
    renamed = [d for d in catalog.drafts_by_subject.get((final.issuer, titles.subject(final.title)), [])
               if _renamed(d, final)] if final.issuer else []
    return renamed + [d for d in catalog.drafts_by_key_end.get(key[-2:], []) if _edited(d, final)] if key else renamed


def _finals_on_subject(draft: LineageDoc, catalog: Catalog) -> list[LineageDoc]:
    """The documents of the draft's issuer on its subject: where a renamed final (_renamed) is found."""
    if not draft.issuer:
        return []
    return catalog.finals_by_subject.get((draft.issuer, titles.subject(draft.title)), [])


def _finals_ending_alike(draft: LineageDoc, catalog: Catalog) -> list[LineageDoc]:
    """The documents whose title key ends as the draft's: where a final under its title edited (_edited) is found."""
    key = _title_key(draft)
    return catalog.by_key_end.get(key[-2:], []) if key else []


def _edited(draft: LineageDoc, final: LineageDoc) -> bool:
    """`final` may be `draft`'s text issued later under its title with a word added or dropped
    (促进低空经济发展 → 促进低空经济高质量发展), by its issuer or by another organ of its place: a bureau
    drafts, the government or its office issues. Only a word added or dropped (titles.slightly_edited):
    a look-alike of another subject is no final; and only a final stated to be dated after the draft."""
    # the cheap tests first: asked of every draft and final whose title keys end alike
    # (the keys' lengths within titles.slightly_edited's bound, the dates, the place) before the edit
    # itself; every title's key is cached (titles.title_key)
    if not final.later_than(draft):
        return False
    a, b = _title_key(draft), titles.title_key(final.title)
    return (titles.within_edit(a, b) and _one_place(draft, final) and not _same(draft, final)
            and titles.slightly_edited(a, b) and is_draft(draft) and not is_draft(final))


def _one_place(draft: LineageDoc, final: LineageDoc) -> bool:
    """Whether a draft and a final under an edited title are of one place: the places they name
    (_place_pair) are one, or neither names one and one organ issued both or one site holds both (a
    bureau drafts, the government's office issues, neither writing its city). A title edited is a weak
    key: one naming no place is no other place's final (a province's draft and a final of no stated place)."""
    pa, pb = _place_pair(draft, final)
    if pa or pb:
        return pa == pb
    site = reposts.site(draft)
    return (bool(draft.issuer) and draft.issuer == final.issuer) or (bool(site) and site == reposts.site(final))


def _places_agree(a: LineageDoc, b: LineageDoc) -> bool:
    """Whether two documents may be of one place: the places they name are one, or one names none."""
    pa, pb = _place_pair(a, b)
    return not pa or not pb or pa == pb


def _place_pair(a: LineageDoc, b: LineageDoc) -> tuple[str, str]:
    """The most specific places two documents name, read alike: an issuer's with the other's issuer's;
    where either issuer names none, a title's with the other's title's; a title's against an issuer's
    only where it is a known place (a province's or a city's of ABBREVIATIONS) or the issuer's own — a
    title's characters before 区 may name a region no place grammar knows (粤港澳大湾区…: no 粤港澳大湾)."""
    ia, ib = _last(places(a.issuer)), _last(places(b.issuer))
    if ia and ib:
        return ia, ib
    ta, tb = _title_place(a), _title_place(b)
    if ta and tb:
        return ta, tb
    return ia or (ta if ta in ABBREVIATIONS or ta == ib else ""), ib or (tb if tb in ABBREVIATIONS or tb == ia else "")


def _last(named: list[str]) -> str:
    return named[-1] if named else ""


def _title_place(doc: LineageDoc) -> str:
    """The most specific place a document's title opens with (after a 关于)."""
    return _last(places(_title_key(doc).removeprefix("关于")))


def _place(doc: LineageDoc) -> str:
    """The most specific place a document names: its issuer's, else the one its title opens with."""
    return _last(places(doc.issuer)) or _title_place(doc)


def _renamed(draft: LineageDoc, final: LineageDoc) -> bool:
    """`final` may be `draft`'s text issued under another kind of title: one issuer, one subject."""
    subject = titles.subject(draft.title)
    return (bool(subject) and bool(draft.issuer) and draft.issuer == final.issuer and is_draft(draft)
            and not is_draft(final) and titles.subject(final.title) == subject
            and titles.title_key(final.title) != titles.title_key(draft.title))


def _unique(docs: list[LineageDoc]) -> list[LineageDoc]:
    seen: set[int] = set()
    out = []
    for doc in docs:
        if id(doc) not in seen and not any(_same(doc, d) for d in out):
            seen.add(id(doc))
            out.append(doc)
    return out


def _may_link(doc: LineageDoc, url: str) -> bool:
    """Whether `doc` may name `url` as its source: a local file (file://, no remote host) only from a
    file imported locally itself (`policywatch import`) — a fetched page naming file:///etc/passwd or
    file://host/share names nothing the reader should be shown or followed to."""
    target = urlsplit(url)
    if target.scheme.lower() != "file":
        return True
    return urlsplit(doc.key.url).scheme.lower() == "file" and target.netloc.lower() in ("", "localhost")


_HAN_RUN = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]")
_RUN_ON = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,5}(?=[\u4e00-\u9fff])")


def _known_link(url: str, catalog: Catalog) -> str:
    """A link written out in a text as the catalog knows it: the whole, else the longest known part
    ending where Chinese begins (a page's lines joined into one paragraph run the next line on:
    …/i01.txt研发费用超过…); a path's own Chinese (…/zcwj/研发奖补办法.html) stays, found whole."""
    if url in catalog.by_url:
        return url
    for m in reversed(list(_HAN_RUN.finditer(url))):
        if url[:m.start()] in catalog.by_url:
            return url[:m.start()]
    # not stored yet (it may come later): a file's name ends with its extension, so Chinese right after
    # one (….txt研发…, ….html为…) is the run-on line's
    m = _RUN_ON.search(url)
    return url[:m.end()] if m else url


def _interpretation(doc: LineageDoc, catalog: Catalog) -> list[Relation]:
    """A 解读 / 答记者问 / 图解 page: its 原文链接 first, else the policy its title names."""
    if not titles.is_interpretation_title(doc.title):
        return []
    for link in doc.links:
        if _SOURCE_LINK.search(link.text) and link.url != doc.key.url and _may_link(doc, link.url):
            hit = catalog.by_url.get(link.url)
            target = catalog.canonical(hit).key if hit is not None else DocKey(url=link.url, title=link.text)
            return [_relation(RelationKind.INTERPRETS, doc.key, target, "link", f"{link.text} {link.url}", 1.0)]
    if (m := _SOURCE_LINK_TEXT.search(doc.text)) and _may_link(doc, url := urljoin(doc.key.url, m["url"])):
        url = _known_link(url, catalog)
        hit = catalog.by_url.get(url)
        target = catalog.canonical(hit).key if hit is not None else DocKey(url=url)
        return [_relation(RelationKind.INTERPRETS, doc.key, target, "link", m[0], 1.0)]
    named = titles.interpreted_title(doc.title)
    if not named:
        return []
    if (aimed := _target(Reference(title=named), catalog, doc)) is None:
        return []
    target, method = aimed
    return [_relation(RelationKind.INTERPRETS, doc.key, target, method, doc.title, _confidence(method))]


def _related(doc: LineageDoc, catalog: Catalog, found: list[Relation]) -> list[Relation]:
    """Candidates only: same issuer and a similar title, with no other relation between them."""
    if not doc.issuer or _not_a_policy(doc):
        return []
    linked = {r.target.id for r in found} | {r.subject.id for r in found}
    # a linked document's other editions and copies are family, not look-alikes (a notice extending
    # a policy it cites is no look-alike of the policy's repost)
    family = {titles.title_key(r.target.title) for r in found if r.target.title}
    key = titles.title_key(doc.title)
    quoted = _quoted_keys(doc.title)
    out: list[tuple[LineageDoc, float]] = []
    for other, score in catalog.lookalikes(doc):
        other_key = titles.title_key(other.title)
        # a title quoting the other's (关于修改《X》的决定 and X（2022年修正）) is of its family, from either
        # side: the decision's relation names X's older text, which the republication's own does too
        if (_same(other, doc) or other.key.id in linked
                or other_key in family or other_key == key or other_key in quoted
                or key in _quoted_keys(other.title)):
            continue
        out.append((other, score))
    # one candidate per policy: the latest edition of each look-alike title
    latest: dict[str, tuple[LineageDoc, float]] = {}
    for other, score in out:
        group = titles.title_key(other.title)
        if group not in latest or (other.date, other.key.id or 0) > (latest[group][0].date, latest[group][0].key.id or 0):
            latest[group] = (other, score)
    closest = sorted(latest.values(), key=lambda p: (-p[1], p[0].key.id or 0))[:RELATED_LIMIT]
    return [_relation(RelationKind.RELATED, doc.key, other.key, "similarity",
                      f"同一发文机关（{doc.issuer}），标题相似度 {score:.2f}", round(score, 2))
            for other, score in closest]


@lru_cache(maxsize=65536)  # asked of every sibling of an issuer, for each of its documents
def _quoted_keys(title: str) -> frozenset[str]:
    """The title keys of the titles a title quotes (关于修改《X》的决定: X's)."""
    return frozenset(titles.title_key(q) for q in re.findall(r"《([^《》]+)》", title)) - {""}


def _same(a: LineageDoc, b: LineageDoc) -> bool:
    return a is b or (a.key.id is not None and a.key.id == b.key.id)


def _not_a_policy(doc: LineageDoc) -> bool:
    """Drafts and interpretations are tied to their policy by other rules, never by look-alike titles."""
    return is_draft(doc) or titles.is_interpretation_title(doc.title)


def _identity(key: DocKey) -> tuple[object, ...]:
    # a reference by 文号 names one document whatever title it is cited under (《X》 in a plan's title,
    # 《关于印发X的通知》 in its body): one target, so an implements drops the cites of it
    if key.id is not None:
        return (key.id,)
    return ("doc_number", key.doc_number) if key.doc_number else (key.url, key.title)


def _dedupe(found: list[Relation]) -> list[Relation]:
    """One relation per (subject, target, kind); a strong kind between two documents drops cites."""
    strong = {(_identity(r.subject), _identity(r.target)) for r in found if r.kind in STRONG}
    strong |= {(b, a) for a, b in strong}
    # a reference by a title alone (a plan's title line) naming what a strong relation of the same
    # document already names, under that title or a variant of it: the same target, one relation
    named = {(_identity(r.subject), _edition_key(r.target.title)) for r in found if r.kind in STRONG and r.target.title}
    seen: set[tuple[object, ...]] = set()
    out = []
    for r in found:
        pair = (_identity(r.subject), _identity(r.target))
        if r.kind not in STRONG and (pair in strong or (
                r.target.id is None and r.target.title and not r.target.doc_number
                and (_identity(r.subject), _edition_key(r.target.title)) in named)):
            continue
        if r.subject == r.target or (pair, r.kind) in seen:
            continue
        seen.add((pair, r.kind))
        out.append(r)
    return out
