"""LazyRegex: compiled on first use, then used exactly like the compiled pattern."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from policywatch.lazyre import LazyRegex

ROOT = Path(__file__).resolve().parents[1]


def test_a_lazy_pattern_answers_like_the_compiled_one() -> None:
    text = "第十二条 补助100万元；第3条"
    source = r"第(?P<n>[一二三四五六七八九十\d]+)条"
    pattern, compiled = LazyRegex(source), re.compile(source)
    assert pattern.pattern == source and "_compiled" not in vars(pattern)  # nothing compiled yet
    assert pattern.match(text).group("n") == compiled.match(text).group("n") == "十二"
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert pattern.sub("X", text) == compiled.sub("X", text)
    assert pattern.search(text, 5).group() == "第3条"
    assert pattern.fullmatch("第3条") and not pattern.fullmatch(text)
    assert pattern.groupindex == compiled.groupindex and pattern.groups == 1
    assert pattern.split(text) == compiled.split(text) and pattern.findall(text) == compiled.findall(text)


def test_flags_are_kept() -> None:
    assert LazyRegex("abc", re.IGNORECASE).match("ABC") is not None


def test_a_bad_pattern_fails_on_first_use_with_re_error() -> None:
    pattern = LazyRegex("(unclosed")
    try:
        pattern.match("x")
    except re.error:
        pass
    else:
        raise AssertionError("expected re.error")


def test_importing_the_grammar_and_diffing_compiles_no_grammar_pattern() -> None:
    probe = ("import re, policywatch.diffing, policywatch.grammar.markers as m\n"
             "print('_compiled' in vars(m._LINE_MARKER), '_compiled' in vars(m.KEY_MARKER))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=120)
    assert done.stdout.split() == ["False", "False"]
