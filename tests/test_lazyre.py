"""LazyRegex: compiled on first use, then used exactly like the compiled pattern."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from policywatch import lazyre, usercache
from policywatch.lazyre import LazyRegex
from tests.commandprobe import counts_of_two_runs

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


def test_a_bytes_pattern_is_cached_apart_from_the_same_str_pattern(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pattern = LazyRegex(rb"charset=([\w-]+)", re.I)
    assert pattern.pattern == rb"charset=([\w-]+)"
    assert pattern.search(b"<meta CHARSET=gb2312>").group(1) == b"gb2312"
    writer = lazyre.CodeCache()
    writer.compile(rb"a+", 0), writer.compile("a+", 0)
    writer.write()
    reader = lazyre.CodeCache()
    from_bytes, from_str = reader.compile(rb"a+", 0), reader.compile("a+", 0)
    assert reader._added == {}
    assert from_bytes == re.compile(rb"a+") and from_str == re.compile("a+")
    assert from_bytes.match(b"aa").group() == b"aa" and from_str.match("aa").group() == "aa"


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


def _package_patterns() -> list[LazyRegex]:
    """Every LazyRegex the grammar, the normalizer and the diffing stage define."""
    import gc

    import policywatch.diffing  # the segmenter, compare and the grammar
    import policywatch.diffing.facts
    import policywatch.extract.decode
    import policywatch.extract.metadata
    import policywatch.extract.sniff
    import policywatch.normalize

    assert policywatch.diffing.facts and policywatch.normalize and policywatch.extract.metadata
    assert policywatch.extract.decode and policywatch.extract.sniff
    return [obj for obj in gc.get_objects() if isinstance(obj, LazyRegex)]


def test_every_package_pattern_from_the_code_cache_is_the_compiled_pattern(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns = _package_patterns()
    assert len(patterns) > 60
    sources = [(p._source if isinstance(p._source, str | bytes) else p._source(), p._flags) for p in patterns]
    assert any(isinstance(source, bytes) for source, _ in sources)  # decode's and sniff's
    writer = lazyre.CodeCache()
    for source, flags in sources:
        writer.compile(source, flags)
    writer.write()
    assert list(tmp_path.glob("policywatch/regex/*.marshal"))
    reader = lazyre.CodeCache()
    for source, flags in sources:
        # Pattern equality compares the compiled code itself, not only the source and flags
        assert reader.compile(source, flags) == re.compile(source, flags), source[:80]
    assert reader._added == {}  # every pattern came from the file


def test_a_damaged_or_foreign_cache_file_only_means_compiling_again(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = r"第(?P<n>[一二三四五六七八九十\d]+)条"
    writer = lazyre.CodeCache()
    writer.compile(source)
    writer.write()
    (path,) = tmp_path.glob("policywatch/regex/*.marshal")
    build, _checksum, payload = marshal.loads(path.read_bytes())
    entries = marshal.loads(payload)
    (key,) = entries
    flags, code, *rest = marshal.loads(entries[key])

    def written(build: str, entries: object) -> bytes:
        payload = marshal.dumps(entries)
        return marshal.dumps((build, zlib.crc32(payload), payload))

    flipped = bytearray(path.read_bytes())
    flipped[-20] ^= 0x01
    damaged = [
        b"",
        b"\x00garbage",
        bytes(flipped),  # one bit changed on disk: the checksum no longer matches
        written("another python", entries),
        written(build, {key: marshal.dumps((flags, [999, *code], *rest))}),  # code _sre rejects
        written(build, {key: marshal.dumps(("not flags", code, *rest))}),
        written(build, {key: marshal.dumps(None)}),
        written(build, {key: entries[key][:-3]}),  # an entry cut short
        written(build, {key: None}),
        written(build, [1, 2, 3]),
        marshal.dumps([1, 2, 3]),
    ]
    for data in damaged:
        path.write_bytes(data)
        cache = lazyre.CodeCache()
        assert cache.compile(source) == re.compile(source)
        assert key in cache._added  # compiled afresh, and written back at exit
        cache.write()
        assert lazyre.CodeCache().compile(source) == re.compile(source)


def test_the_next_process_reads_what_the_first_one_compiled(tmp_path: Path) -> None:
    probe = ("import sys; from policywatch import lazyre\n"
             "from policywatch.grammar.markers import KEY_MARKER\n"
             "KEY_MARKER.match('第一条')\n"
             "print(len(lazyre.CODE_CACHE._added))")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                           env=env, check=True, timeout=120).stdout.split() for _ in range(2)]
    assert runs[0] != ["0"] and runs[1] == ["0"]  # the first compiled and wrote; the second only read


def test_no_private_cache_directory_means_no_cache_and_no_error(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "policywatch" / "regex"
    shared.mkdir(parents=True)
    os.chmod(shared, 0o777)  # others could plant code here: not read, not written
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = lazyre.CodeCache()
    assert cache.compile("a+b") == re.compile("a+b")
    cache.write()
    assert list(shared.iterdir()) == []


def test_a_full_cache_file_keeps_what_this_process_used_and_added(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(usercache, "MAX_ENTRIES", 5)
    writer = lazyre.CodeCache()
    for n in range(5):
        writer.compile(f"old{n}+")
    writer.write()
    cache = lazyre.CodeCache()
    cache.compile("old0+")  # read from the file and used
    cache.compile("new+")  # compiled now: the file would hold 6 entries, over the limit
    cache.write()
    (path,) = tmp_path.glob("policywatch/regex/*.marshal")
    _build, _checksum, payload = marshal.loads(path.read_bytes())
    assert sorted(source for source, _flags in marshal.loads(payload)) == ["new+", "old0+"]
    reader = lazyre.CodeCache()
    assert reader.compile("old0+") == re.compile("old0+") and reader._added == {}


def test_a_cache_file_over_its_byte_budget_keeps_what_this_process_used_and_added(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every process reads the file whole: one-off patterns must not grow it without bound."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    writer = lazyre.CodeCache()
    for n in range(40):
        writer.compile(f"(?:old{n}|[一二三四五六七八九十]+)+条")
    writer.write()
    (path,) = tmp_path.glob("policywatch/regex/*.marshal")
    full = path.stat().st_size
    monkeypatch.setattr(usercache, "MAX_CACHE_BYTES", full)  # the next entry takes it over the budget
    cache = lazyre.CodeCache()
    cache.compile("(?:old0|[一二三四五六七八九十]+)+条")  # read from the file and used
    cache.compile("new+")
    cache.write()
    _build, _checksum, payload = marshal.loads(path.read_bytes())
    assert sorted(source for source, _flags in marshal.loads(payload)) == ["(?:old0|[一二三四五六七八九十]+)+条", "new+"]
    assert path.stat().st_size < full


def test_every_pattern_of_the_process_can_come_from_the_code_cache(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """With the command's hook on, `re.compile` (here and in any library) builds a pattern from
    cached code: the same pattern as the plain compiler's, for text and bytes patterns, inline
    and given flags, verbose ones; a parsed pattern (re.Scanner) and DEBUG still go the plain way."""
    from re import _compiler  # type: ignore[attr-defined]

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(_compiler, "compile", _compiler.compile)  # put back after the test
    monkeypatch.setattr(lazyre, "CODE_CACHE", lazyre.CodeCache())
    plain = _compiler.compile
    lazyre.cache_every_pattern()
    lazyre.cache_every_pattern()  # idempotent: wrapped once
    assert _compiler.compile.__wrapped__ is plain
    unique = f"{os.getpid()}{id(tmp_path)}"  # not in re's own cache of this process
    cases = [(f"(?P<n>第[一二三]条){unique}", 0), (f"(?i)abc{unique}", 0), (f"x{unique} y  # note", re.VERBOSE),
             (f"{unique}".encode() + rb"[\x80-\xff]+", 0), (f"a{unique}", re.IGNORECASE | re.ASCII)]
    for source, flags in cases:
        got = re.compile(source, flags)
        assert got == plain(source, flags) and got.flags == plain(source, flags).flags
        assert (source, int(flags)) in lazyre.CODE_CACHE._added
    scanner = re.Scanner([(r"\d+", lambda s, t: int(t)), (r"\s+", None)])
    assert scanner.scan("12 34")[0] == [12, 34]
    lazyre.CODE_CACHE.write()
    reader = lazyre.CodeCache()
    for source, flags in cases:
        assert reader.compile(source, flags) == plain(source, flags)
    assert reader._added == {}


def test_a_second_command_compiles_no_pattern(tmp_path: Path) -> None:
    """`python -m policywatch diff --format html`: the second process parses no pattern at all,
    neither the package's nor those jinja2, click and the standard library compile on import."""
    setup = ("from re import _parser\n"
             "parse, parsed = _parser.parse, []\n"
             "_parser.parse = lambda *a, **k: parsed.append(a[0]) or parse(*a, **k)")
    counts = counts_of_two_runs(tmp_path, setup, "len(parsed)")
    assert counts[0] > 20 and counts[1] == 0, counts
