"""Issuers and their places: which copy of a document is the original, and which of several
issuers' documents under one title a citation names.

A district reposting the city's document carries the city's 文号, and either copy may be stored first.

The original is decided from evidence, never from the order the copies were stored in:

1. the issuer field matches the 文号's issuer code (`南府办〔2022〕11号` is 南湖市人民政府办公室's, not
   南湖市清河区人民政府's: a code opens with its issuer's place, 南 for 南湖市, 粤 for 广东省, or with
   another character of the place's name that the place's own documents open their codes with —
   禾 for a 青禾省 whose documents are 禾政发…, learned from the issuers seen), or the issuer an
   order number names (`南湖市人民政府令第3号` is 南湖市's, not its 清河区's that reposts it);
2. the earlier date (a repost is published after its original);
3. the site that is the issuer's own: the copy whose site (its source, else its host) holds more
   other documents under codes of the same place;
4. only then the first stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from policywatch.grammar.docnumber import fold_issuer, order_issuer, parse_doc_number
from policywatch.grammar.places import ABBREVIATIONS, places
from policywatch.lineage.titles import unwrap

if TYPE_CHECKING:
    from policywatch.lineage.detect import LineageDoc

def issuer_matches(issuer: str, doc_number: str, learned: Mapping[str, set[str]] | None = None) -> bool | None:
    """Whether the 文号 is the issuer's own: its code opens with the issuer's place (the most
    specific one named: its first character, its 简称, or a character of its name `learned` from
    the place's own documents), or spells the issuer (国办发: 国务院办公厅); an order number, whether
    it names the issuer (_orders_issuer). None when either is missing."""
    number = parse_doc_number(doc_number)
    issuer = issuer.strip()
    if not issuer:
        return None
    if number is None:
        return _orders_issuer(issuer, doc_number)
    code = number.code
    named = places(issuer)
    if named:
        place = named[-1]
        return (code[0] in (place[0], ABBREVIATIONS.get(place, ""), ABBREVIATIONS.get(place[:3], ""))
                or code[0] in (learned or {}).get(place, ()))
    return _spelled(code, issuer)


def _orders_issuer(issuer: str, doc_number: str) -> bool | None:
    """Whether an order number (`南湖市人民政府令第3号`) is the issuer's own: the order names the same
    most specific place (its office publishing it too; a district reposting it not), or, an organ of
    no place (国务院令, 商务部令), the issuer is that organ. None when it names no issuer of its own."""
    ordered = order_issuer(doc_number)
    if not ordered:
        return None
    own, named = places(ordered), places(issuer)
    if own or named:
        return own[-1:] == named[-1:]
    return fold_issuer(issuer).startswith(ordered)


def learned_abbreviations(docs: Iterable[LineageDoc]) -> dict[str, set[str]]:
    """place → the characters of its name other than the first that its own issuers' 文号 open
    with (青禾省人民政府 issuing 禾政发〔2021〕5号: 禾). Only a character of the name counts, so a
    city page reprinting the province's notice teaches the city nothing."""
    out: dict[str, set[str]] = {}
    for doc in docs:
        number = parse_doc_number(doc.key.doc_number) if doc.key.doc_number else None
        named = places(doc.issuer.strip())
        if number is not None and named and number.code[0] in named[-1][1:]:
            out.setdefault(named[-1], set()).add(number.code[0])
    return out


def _spelled(code: str, issuer: str) -> bool:
    """A national organ's code is its name's characters in order (国办发 ⊂ 国务院办公厅 + 发)."""
    at = 0
    for ch in code.rstrip("发函字令规电")[:2]:  # the organ, not the office inside it (工信部科: 工信)
        at = issuer.find(ch, at) + 1
        if at == 0:
            return False
    return True


def site(doc: LineageDoc) -> str:
    """Where a copy lives: its source (the site crawled or imported as), else its URL's host."""
    return doc.site or urlsplit(doc.key.url).netloc


def place_counts(docs: Iterable[LineageDoc]) -> dict[str, Counter[str]]:
    """site → how many of its documents carry a 文号 of each place (the code's first character)."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        number = parse_doc_number(doc.key.doc_number) if doc.key.doc_number else None
        if number is not None:
            counts.setdefault(site(doc), Counter())[number.code[0]] += 1
    return counts


def original(copies: Sequence[LineageDoc], counts: Mapping[str, Counter[str]],
             learned: Mapping[str, set[str]] | None = None) -> LineageDoc:
    """The copy that is the original among documents sharing one 文号 (see the module docstring)."""

    def evidence(doc: LineageDoc) -> tuple[int, str, int, int]:
        own = issuer_matches(doc.issuer, doc.key.doc_number, learned)
        number = parse_doc_number(doc.key.doc_number)
        at_home = counts.get(site(doc), Counter())[number.code[0]] if number is not None else 0
        return ({True: 0, None: 1, False: 2}[own], doc.date or "9999", -at_home, doc.key.id or 0)

    return min(copies, key=evidence)


def region(doc: LineageDoc) -> list[str]:
    """The places a document's issuer belongs to, outermost first (from its title's opening words
    when the issuer field is empty: `南湖市科学技术局关于印发…`)."""
    return places(doc.issuer) or places(doc.title)


def closest(candidates: list[LineageDoc], citing: LineageDoc | None) -> list[LineageDoc]:
    """Of documents under one title, those a citation by that title alone can name.

    One place's documents (editions of one policy): all of them, when the title says whose they are
    (`南湖市…办法`), they have no place (a national organ's), or the place is the citing document's
    own or one it lies in (a district citing its city's `关于加快发展夜间经济的若干措施`); a title
    without a place, stored only as another place's, is no evidence that the citing document means
    that place's (another province naming the same title stays a reference). Several places' (two
    cities' `科技创新券管理办法`): the citing document's own issuer's, else those of the place nearest to
    it (the most places in common: the same city before the same province); none when that
    leaves several places, or the citing document shares no place with any — the title is
    ambiguous, and a guess would tie one city's document to another's policy."""
    if len({_home(doc) for doc in candidates}) <= 1:
        # one place's documents (a city government's and its office's editions)
        if citing is not None and not all(_within_reach(doc, citing) for doc in candidates):
            return []
        # of them, the citing organ's own when it has one: two bureaus of one city may issue one title
        # (乙市专项资金管理办法, the 科技局's and the 财政局's), and a bureau's 原《X》同时废止 ends its own X,
        # never its peer's later one (a government and its office are one organ: their editions one set).
        # A peer bureau's is never the one named, even as the only one stored: the bureau's own may be
        # stored after (then it answers the reference), and the outcome may not depend on that order
        if citing is None or not citing.issuer:
            return candidates
        own = [doc for doc in candidates if _organ(doc.issuer) == _organ(citing.issuer)]
        return own or [doc for doc in candidates if not _peers(doc.issuer, citing.issuer)]
    if citing is None:
        return []
    own = [doc for doc in candidates if citing.issuer and doc.issuer == citing.issuer]
    if own:
        return own
    home = region(citing)
    shared = {id(doc): _common(home, region(doc)) for doc in candidates}
    best = max(shared.values(), default=0)
    nearest = [doc for doc in candidates if best and shared[id(doc)] == best]
    return nearest if len({_home(doc) for doc in nearest}) == 1 else []


def _organ(issuer: str) -> str:
    """An issuer as the organ it speaks for: a government's 办公室/办公厅 speaks for the government."""
    suffix = next((s for s in ("办公室", "办公厅") if issuer.endswith(s)), "")
    return issuer.removesuffix(suffix) if suffix else issuer


def _peers(a: str, b: str) -> bool:
    """Whether two issuers are two departments of one place's government (南湖市科学技术局 and
    南湖市财政局): different organs, neither the government (or its office) that both answer to."""
    return _organ(a) != _organ(b) and not _is_government(a) and not _is_government(b) and places(a) == places(b)


def _is_government(issuer: str) -> bool:
    """Whether an issuer is a place's government or its office (南湖市人民政府办公室), not a department."""
    organ = fold_issuer(_organ(issuer))
    return organ.endswith("政府") or organ == "国务院"


def _within_reach(doc: LineageDoc, citing: LineageDoc) -> bool:
    """Whether a bare title can name `doc` from `citing`: the same issuer, a title naming its place,
    a document of no place, or a place the citing document is in (its own city, its province)."""
    home = region(doc)
    if not home or (citing.issuer and doc.issuer == citing.issuer):
        return True
    if any(place in unwrap(doc.title)[:12] for place in home):
        return True  # the policy's own title opens with its place (past a wrapper's issuer)
    return _common(home, region(citing)) == len(home)


def _home(doc: LineageDoc) -> tuple[str, ...]:
    """Whose a document is, for telling issuers apart: its places, else its issuer's name."""
    return tuple(region(doc)) or (doc.issuer,)


def _common(a: list[str], b: list[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
