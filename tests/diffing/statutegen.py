"""Statute-style revisions with a known article-level truth (statutes.md), for the tests and
benchmarks/statute_quality.py.

A statute is generated from sentences of the seed documents: chapters of articles, each
article one or more 款, some 款 with a 项 list, annexes at the end. A revision applies known
operations to it — word edits in a 款 or 项, inserted 第X条之一 articles (amendment style, no
renumbering), inserted and deleted articles (mass renumbering), articles moved to another
chapter and edited, a 款 added after a 项 list, an article split in two, an annex edit — and
records, per article, what a reader must be told. Cosmetic variants re-lay out a text (wraps
inside numbers and 文号, mixed widths, paragraphs split after a full stop, page numbers) and
must be told nothing.
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from policywatch.grammar import format_chinese

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
_SENTENCE = re.compile(r"[^。；\n]{12,70}[。]")
_CLEAN = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff，、“”《》0-9]+。$")
_EDITS = (("应当", "必须"), ("县级以上", "设区的市级以上"), ("三十日", "十五日"), ("可以", "应当"))
_CHAPTERS = ("总则", "规划与建设", "监督管理", "扶持措施", "服务保障", "法律责任", "附则")


@cache
def sentences() -> tuple[str, ...]:
    """Distinct full sentences of the seeds, in a fixed order: the words articles are made of."""
    seen: dict[str, None] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for m in _SENTENCE.finditer(path.read_text(encoding="utf-8")):
            s = m.group().strip()
            if _CLEAN.match(s) and "第" not in s[:2]:
                seen.setdefault(s, None)
    return tuple(seen)


@dataclass
class Para:
    """One 款: its text and the 项 under it."""

    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class Article:
    ident: int
    paras: list[Para]
    sub: int = 0  # 1 for an inserted 第X条之一 (numbered after the article before it)


@dataclass
class Chapter:
    title: str
    articles: list[Article]


@dataclass
class Statute:
    title: str
    chapters: list[Chapter]
    annexes: list[tuple[str, list[str]]]  # (title, lines), written 附件一, 附件二…

    def render(self) -> tuple[str, dict[int, str]]:
        """The text and the path of every article (`第三章/第十二条`) by its identity."""
        lines = [self.title, "（2015年6月30日第十二届全国人民代表大会常务委员会第十五次会议通过）", "目　　录"]
        lines += [f"第{format_chinese(k)}章　{c.title}" for k, c in enumerate(self.chapters, 1)]
        paths: dict[int, str] = {}
        n = 0
        for k, chapter in enumerate(self.chapters, 1):
            chapter_label = f"第{format_chinese(k)}章"
            lines.append(f"{chapter_label}　{chapter.title}")
            for a in chapter.articles:
                if a.sub == 0:
                    n += 1
                label = f"第{format_chinese(n)}条" + (f"之{format_chinese(a.sub)}" if a.sub else "")
                paths[a.ident] = f"{chapter_label}/{label}"
                for p, para in enumerate(a.paras):
                    lines.append(f"{label}　{para.text}" if p == 0 else para.text)
                    for q, item in enumerate(para.items, 1):
                        end = "。" if q == len(para.items) else "；"
                        lines.append(f"（{format_chinese(q)}）{item.rstrip('。')}{end}")
        for k, (title, body) in enumerate(self.annexes, 1):
            lines.append(f"附件{format_chinese(k)}　{title}")
            lines += body
        return "\n".join(lines) + "\n", paths


class _Words:
    def __init__(self, rng: random.Random, used: str = "") -> None:
        pool = [x for x in sentences() if x[:20] not in used]  # new text is new: no collisions
        rng.shuffle(pool)
        self._pool = iter(pool * 50)

    def sentence(self) -> str:
        return next(self._pool)

    def item(self) -> str:
        return self.sentence().rstrip("。")[:24]


def make_statute(articles: int, rng: random.Random) -> Statute:
    """A statute of about `articles` articles in seven chapters, with 项 lists, several 款 and
    two annexes."""
    words = _Words(rng)
    per = max(1, articles // len(_CHAPTERS))
    ident = 0
    chapters = []
    for title in _CHAPTERS:
        arts = []
        for _ in range(per):
            ident += 1
            paras = [Para(words.sentence())]
            shape = rng.random()
            if shape < 0.3:
                paras[0].text = paras[0].text.rstrip("。") + "，有下列情形之一的，依照本条例处理："
                paras[0].items = [words.item() for _ in range(rng.randint(2, 5))]
                if rng.random() < 0.5:
                    paras.append(Para(words.sentence()))
            elif shape < 0.55:
                paras += [Para(words.sentence()) for _ in range(rng.randint(1, 2))]
            arts.append(Article(ident, paras))
        chapters.append(Chapter(title, arts))
    annexes = [("申报材料清单", [f"{k}. {words.item()}" for k in range(1, 5)]),
               ("评分标准", [words.sentence() for _ in range(3)])]
    return Statute("示范管理条例", chapters, annexes)


@dataclass
class Revision:
    """Two texts and the article-level truth of what changed between them."""

    name: str
    old: str
    new: str
    modified: set[tuple[str, str]] = field(default_factory=set)  # (old article path, new)
    added: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    renumbered: set[tuple[str, str]] = field(default_factory=set)  # unchanged, number changed
    split: set[str] = field(default_factory=set)  # old article paths split in two
    sub_articles: set[str] = field(default_factory=set)  # inserted 之一 articles (in added too)
    paragraph_paths: set[str] = field(default_factory=set)  # new paths of edited 款 ≥ 2
    annex_edits: int = 0


def _articles(s: Statute) -> list[tuple[Chapter, Article]]:
    return [(c, a) for c in s.chapters for a in c.articles]


def _edit(a: Article, rng: random.Random) -> int:
    """One word changed in one of the article's 款 (or its 项); returns that 款's number."""
    options = [(p, None) for p in range(len(a.paras))] + [
        (p, q) for p, para in enumerate(a.paras) for q in range(len(para.items))]
    rng.shuffle(options)
    for p, q in options:
        text = a.paras[p].text if q is None else a.paras[p].items[q]
        for old, new in _EDITS:
            if old in text:
                text = text.replace(old, new, 1)
                break
        else:
            cut = len(text) // 2
            text = text[:cut] + "依法" + text[cut:]
        if q is None:
            a.paras[p].text = text
        else:
            a.paras[p].items[q] = text
        return p + 1
    return 1


def revise(statute: Statute, rng: random.Random, *, name: str, amendment: bool) -> Revision:
    """A revision of `statute`: amendment style (之一 articles, no renumbering) or a full
    revision (mass renumbering, moved-and-edited articles, splits, 款 added after 项)."""
    old_text, old_paths = statute.render()
    new = copy.deepcopy(statute)
    words = _Words(random.Random(rng.random()), used=old_text)
    next_ident = 10_000
    edited: dict[int, int] = {}  # identity -> edited 款 number
    added: set[int] = set()
    subs: set[int] = set()
    deleted: set[int] = set()
    split_from: dict[int, int] = {}
    arts = _articles(new)
    picks = rng.sample(range(len(arts)), k=len(arts))

    def take() -> tuple[Chapter, Article]:
        return arts[picks.pop()]

    for _ in range(max(2, len(arts) // 10)):  # word edits in place
        _, a = take()
        edited[a.ident] = _edit(a, rng)
    if amendment:
        for _ in range(max(1, len(arts) // 25)):
            chapter, a = take()
            at = chapter.articles.index(a)
            if a.sub or (at + 1 < len(chapter.articles) and chapter.articles[at + 1].sub):
                continue
            next_ident += 1
            chapter.articles.insert(at + 1, Article(next_ident, [Para(words.sentence())], sub=1))
            added.add(next_ident)
            subs.add(next_ident)
    else:
        for _ in range(max(1, len(arts) // 25)):  # new articles: everything after renumbers
            chapter, a = take()
            next_ident += 1
            chapter.articles.insert(chapter.articles.index(a), Article(next_ident, [Para(words.sentence())]))
            added.add(next_ident)
        for _ in range(max(1, len(arts) // 30)):
            chapter, a = take()
            chapter.articles.remove(a)
            deleted.add(a.ident)
        for _ in range(max(1, len(arts) // 30)):  # moved to another chapter and edited
            chapter, a = take()
            chapter.articles.remove(a)
            target = rng.choice([c for c in new.chapters if c is not chapter])
            target.articles.insert(rng.randint(0, len(target.articles)), a)
            edited[a.ident] = _edit(a, rng)
        # moved far and rewritten at its head: its 项 (or later 款) moved with it, unchanged,
        # and one 款 added (the 第八十八条 → 第一百五十六条)
        listed = [(c, a) for c, a in arts if (a.paras[0].items or len(a.paras) > 1)
                  and a.ident not in edited and a.ident not in deleted and a in c.articles]
        for chapter, a in rng.sample(listed, k=min(len(listed), max(1, len(arts) // 40))):
            chapter.articles.remove(a)
            target = new.chapters[(new.chapters.index(chapter) + 3) % len(new.chapters)]
            target.articles.insert(rng.randint(0, len(target.articles)), a)
            head = a.paras[0].text
            a.paras[0].text = words.sentence().rstrip("。") + "，" + head[len(head) // 2:]
            a.paras.append(Para(words.sentence()))
            edited[a.ident] = 1
        for _ in range(max(1, len(arts) // 40)):  # a 款 added after a 项 list
            candidates = [a for _, a in arts if a.paras[-1].items and a.ident not in edited
                          and a.ident not in deleted]
            if candidates:
                a = rng.choice(candidates)
                a.paras.append(Para(words.sentence()))
                edited[a.ident] = len(a.paras)
        for _ in range(1):  # an article split in two
            chapter, a = take()
            if len(a.paras) == 1 and not a.paras[0].items and a.ident not in edited:
                text = a.paras[0].text
                cut = text.find("，", len(text) // 3)
                if cut > 0:
                    a.paras[0].text = text[:cut] + "。"
                    next_ident += 1
                    chapter.articles.insert(chapter.articles.index(a) + 1,
                                            Article(next_ident, [Para(text[cut + 1:])]))
                    split_from[a.ident] = next_ident
    # an annex edit
    body = new.annexes[1][1]
    body[1] = body[1].replace("。", "，并报上级主管部门备案。", 1) if "。" in body[1] else body[1] + "备案。"
    new_text, new_paths = new.render()
    rev = Revision(name, old_text, new_text, annex_edits=1)
    for ident, old_path in old_paths.items():
        if ident in deleted:
            rev.deleted.add(old_path)
        elif ident in split_from:
            rev.split.add(old_path)
        elif ident in edited:
            rev.modified.add((old_path, new_paths[ident]))
            if edited[ident] >= 2:
                rev.paragraph_paths.add(f"{new_paths[ident]}/第{format_chinese(edited[ident])}款")
        elif _label(old_path) != _label(new_paths[ident]):
            rev.renumbered.add((old_path, new_paths[ident]))
    rev.added = {new_paths[i] for i in added}
    rev.sub_articles = {new_paths[i] for i in subs}
    return rev


def _label(path: str) -> str:
    return path.rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- cosmetic variants

_DIGITS_FW = str.maketrans("0123456789", "０１２３４５６７８９")


def cosmetic(text: str, rng: random.Random) -> str:
    """The same statute as a PDF copy might give it: a 文号 and a phone number cut by wraps,
    mixed-width digits, paragraphs split after a full stop, page numbers between lines."""
    lines = text.split("\n")
    out: list[str] = []
    page = 1
    for k, line in enumerate(lines):
        if k > 3 and rng.random() < 0.15 and len(line) > 30:
            cut = line.find("。", 8)
            if 0 < cut < len(line) - 6:  # a paragraph split after a full stop
                out += [line[:cut + 1], line[cut + 1:]]
                continue
        if k > 3 and rng.random() < 0.1 and "://" not in line:  # no PDF widens a link's digits
            line = re.sub(r"\d", lambda m: m.group().translate(_DIGITS_FW) if rng.random() < 0.5 else m.group(), line)
        if k > 3 and rng.random() < 0.05:
            page += 1
            out += [line, f"— {page} —"]
            continue
        out.append(line)
    return "\n".join(out)


def with_noise_anchors(statute: Statute) -> Statute:
    """The statute with a 文号 and a phone number in its text, so that wraps can cut them."""
    s = copy.deepcopy(statute)
    first = s.chapters[0].articles[0].paras[0]
    first.text = first.text.rstrip("。") + "，根据国务院办公厅国办发〔2022〕15号文件制定本条例。"
    last = s.chapters[-1].articles[-1].paras[0]
    last.text = last.text.rstrip("。") + "（咨询电话：61889453）。"
    return s


_DOC_YEAR = re.compile(r"〔(\d\d)(\d)(\d)〕")
_LONG_NUMBER = re.compile(r"([（(][^（）()\n]*?\d{4})(\d{2,}[）)])")


def wrapped_numbers(text: str) -> str:
    """The hard wraps of PDF copies: inside every 文号 year (`〔20⏎2⏎2〕`) and inside every long
    number in brackets (`（咨询电话：618894⏎53）`)."""
    return _LONG_NUMBER.sub(r"\1\n\2", _DOC_YEAR.sub(r"〔\1\n\2\n\3〕", text))
