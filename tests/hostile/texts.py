"""Hostile documents: long runs of one character (or a pair) inside an ordinary policy text, fed
to every stage that reads document text with regular expressions.

A pattern such as `\\d+元`, searched across a run of 20,000 digits, is retried at every digit
and scans the rest of the run each time: the work grows with the square of the run (two blank
repeats side by side, with the cube). A page or file an attacker controls can hold such a run, so
each stage must read it in time proportional to its length. tests/hostile/test_hostile_texts.py checks
that every stage finishes on large runs; benchmarks/hostile_texts.py measures the growth.

Each case runs in a forked child, so a stage that would take hours is stopped, not waited for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable, Iterator

# Characters and pairs the clause grammar, the fact patterns, the normalizer, the HTML reader
# and the amendment parser give meaning to: blanks of every kind, digits of both widths,
# Chinese numerals and units, brackets, quotes, marker and reference words.
RUNS: tuple[str, ...] = (
    "\n", " ", "\u3000", "\t", "\xa0", " \u3000\t", "\n\n ",
    "1", "１", "1.", ".1", "1（", "1,", "七", "十", "一十", "一二三四五六七八九十百千", "〇",
    "（", "（1", "（一", "(", "）", "、", "一、", "。", "：", "；", "，",
    "《", "《关于", "》", "“", "”", "〔", "〔2024〕", "号",
    "第", "第一", " 第", "条", "条款", "项", "款", "之一", "在目", "《对",
    "年", "2024年", "月日", "元", "万", "万元", "百分之", "%", "一点",
    "——", "-", "#", "*", "附件", "专栏", "一是", "是", "的", "规定",
    "<a ", "<script ", "<",  # markup never closed: what a crawl reads raw before any parser
)


def hostile_text(run: str, length: int) -> str:
    """A short statute-style text with `run` repeated to about `length` characters in its middle."""
    body = run * (length // len(run)) if run else ""
    return ("关于印发某某管理办法的通知\n第一条 为了规范管理，制定本办法。\n"
            f"第二条 {body} 最高资助1000万元。\n第三条 本办法自2024年1月1日起施行。\n")


def hostile_html(run: str, length: int) -> bytes:
    """hostile_text as a government article page, with the run in its title too."""
    paragraphs = "".join(f"<p>{line}</p>" for line in hostile_text(run, length).splitlines())
    return (f"<html><head><meta charset='utf-8'><title>{run * 64}某某管理办法</title></head>"
            f"<body><div class='content'>{paragraphs}</div></body></html>").encode()


def _segment(run: str, length: int) -> None:
    from policywatch import diffing, normalize

    diffing.segment(normalize.normalize_text(hostile_text(run, length)).display)


def _diff(run: str, length: int) -> None:
    from policywatch import diffing

    old = hostile_text(run, length)
    diffing.diff_texts(old, old.replace("1000万元", "500万元").replace("第三条", "第三条 新增一句。\n第四条"))


def _extract_html(run: str, length: int) -> None:
    from policywatch import extract

    extract.extract(hostile_html(run, length), url="http://127.0.0.1/art/2024/1/1/art_1_1.html",
                    content_type="text/html; charset=utf-8")


def _amend(run: str, length: int) -> None:
    from policywatch.errors import PolicywatchError
    from policywatch.pipeline.amendments import consolidate

    decision = f"关于修改《某某管理办法》的决定\n一、将第二条修改为：“第二条 {hostile_text(run, length)}”\n"
    # a decision it cannot read is a clear error: only the time matters here
    with contextlib.suppress(PolicywatchError):
        consolidate(decision, hostile_text(run, length), target_title="某某管理办法")
    with contextlib.suppress(PolicywatchError):
        consolidate(hostile_text(run, length), hostile_text("", 0), target_title="某某管理办法")


def _lineage(run: str, length: int) -> None:
    from policywatch import lineage
    from policywatch.model import DocKey

    text = hostile_text(run, length) + f"《某某管理办法》（{run * 64}）同时废止。\n"
    doc = lineage.LineageDoc(key=DocKey(id=2, title="某某管理办法", doc_number="某政发〔2024〕1号"),
                             issuer="某某市人民政府", date="2024-01-01", text=text)
    old = lineage.LineageDoc(key=DocKey(id=1, title="某某管理办法", doc_number="某政发〔2020〕1号"),
                             issuer="某某市人民政府", date="2020-01-01", text=hostile_text("", 0))
    lineage.detect(doc, [old])


def _classify(run: str, length: int) -> None:
    from policywatch import crawler
    from policywatch.crawler.classify import VISIBLE_SCAN, visible_text

    # a crawl reads up to VISIBLE_SCAN characters of every page raw (its visible text, a 'page
    # not found' notice in its menus): the run fills that much, whatever `length`
    page = hostile_html(run, max(length, VISIBLE_SCAN)).decode()
    visible_text(page[:VISIBLE_SCAN])
    crawler.not_found_notice(page)


STAGES: dict[str, Callable[[str, int], None]] = {
    "segment": _segment, "diff": _diff, "extract_html": _extract_html, "amend": _amend, "lineage": _lineage,
    "classify": _classify,
}


def _child(stage: str, run: str, length: int, out: multiprocessing.connection.Connection) -> None:
    start = time.process_time()
    try:
        STAGES[stage](run, length)
    except BaseException as exc:  # reported to the parent: a crash is a finding too
        out.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    else:
        out.send(("ok", time.process_time() - start))


def run_case(stage: str, run: str, length: int, timeout: float) -> tuple[str, float | str]:
    """("ok", CPU seconds), ("error", message) or ("timeout", timeout) of one stage on one run,
    in a forked child killed after `timeout` seconds."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(stage, run, length, send), daemon=True)
    child.start()
    send.close()
    if receive.poll(timeout):
        try:
            result = receive.recv()
        except EOFError:  # the child died without a word (killed, or out of memory)
            result = ("error", f"the child died (exit {child.exitcode})")
    else:
        child.kill()
        result = ("timeout", timeout)
    child.join()
    return result


def warm() -> None:
    """Import and compile everything once in this process, so forked children only do the work."""
    for stage in STAGES.values():
        stage("第", 10)


def cases() -> Iterator[tuple[str, str]]:
    for stage in STAGES:
        for run in RUNS:
            yield stage, run
