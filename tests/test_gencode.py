"""gencode: the methods dataclasses, NamedTuple and namedtuple generate, compiled once per user."""

from __future__ import annotations

import collections
import dataclasses
import marshal
import typing
import zlib
from pathlib import Path

import pytest

from policywatch import gencode
from tests.commandprobe import counts_of_two_runs

ROOT = Path(__file__).resolve().parents[1]


def _make_classes() -> dict[str, type]:
    """The same class definitions each call: made with or without the hook."""

    @dataclasses.dataclass(frozen=True, slots=True, order=True)
    class Clause:
        path: str
        text: str = ""
        notes: list[str] = dataclasses.field(default_factory=list, compare=False)
        weight: float = 1.0

    @dataclasses.dataclass(kw_only=True)
    class Options:
        ratio: float = 0.5
        tags: tuple[str, ...] = ()

    class Pin(typing.NamedTuple):
        path: str
        start: int = 0

    Point = collections.namedtuple("Point", "x y")
    return {"Clause": Clause, "Options": Options, "Pin": Pin, "Point": Point}


@pytest.fixture
def hooked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gencode.GeneratedCode:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = gencode.GeneratedCode()
    monkeypatch.setattr(gencode, "GENERATED", cache)
    for module, name in ((dataclasses, "exec"), (typing, "compile"), (collections, "eval")):
        monkeypatch.setattr(module, name, getattr(module, name, None), raising=False)  # put back after
    gencode.cache_generated_code()
    gencode.cache_generated_code()  # idempotent
    return cache


def _methods(cls: type) -> dict[str, object]:
    return {name: value.__code__ for name, value in vars(cls).items() if hasattr(value, "__code__")}


def _same_code(a: object, b: object) -> bool:
    return all(getattr(a, attr) == getattr(b, attr) for attr in
               ("co_code", "co_consts", "co_names", "co_varnames", "co_flags", "co_argcount", "co_kwonlyargcount"))


def _unhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(dataclasses, "exec")
    monkeypatch.delattr(typing, "compile")
    monkeypatch.delattr(collections, "eval")


def test_classes_made_through_the_cache_are_the_classes_made_without_it(
        hooked: gencode.GeneratedCode, monkeypatch: pytest.MonkeyPatch) -> None:
    with_hook = _make_classes()
    assert hooked._added  # their generated text went through the cache
    _unhook(monkeypatch)
    plain = _make_classes()
    for name, cls in with_hook.items():
        other = plain[name]
        methods, plain_methods = _methods(cls), _methods(other)
        assert methods.keys() == plain_methods.keys(), name
        for method, code in methods.items():
            assert _same_code(code, plain_methods[method]), (name, method)
        # compiled as the standard library compiles it: no future flags from gencode's own module
        assert getattr(cls.__init__, "__annotations__", None) == getattr(other.__init__, "__annotations__", None)
    Clause = with_hook["Clause"]
    a, b = Clause("第一条", "x"), Clause("第一条", "x", notes=["n"])
    assert a == b and hash(a) == hash(b) and a < Clause("第二条") and "Clause(path='第一条', text='x'" in repr(a)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "y"  # type: ignore[misc]
    assert with_hook["Options"](ratio=0.9).ratio == 0.9
    pin_hints = typing.get_type_hints(with_hook["Pin"])
    assert pin_hints == {"path": str, "start": int}  # the ForwardRef code evaluates as before
    assert with_hook["Point"](1, 2) == (1, 2) and with_hook["Point"]._make([3, 4]).y == 4


def test_the_next_cache_reads_what_the_first_one_compiled(hooked: gencode.GeneratedCode,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _make_classes()
    added = dict(hooked._added)
    hooked.write()
    assert hooked._added == {}
    reader = gencode.GeneratedCode()
    monkeypatch.setattr(gencode, "GENERATED", reader)
    _make_classes()
    assert reader._added == {} and reader._used.keys() == added.keys()  # every text came from the file


def test_a_damaged_or_foreign_cache_file_only_means_compiling_again(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = "def __create_fn__():\n def f(self): return 1\n return f"
    writer = gencode.GeneratedCode()
    writer.compile(source, "<string>", "exec")
    writer.write()
    (path,) = tmp_path.glob("policywatch/code/*.marshal")
    build, _checksum, payload = marshal.loads(path.read_bytes())
    entries = marshal.loads(payload)
    (key,) = entries

    def written(build: str, entries: object) -> bytes:
        payload = marshal.dumps(entries)
        return marshal.dumps((build, zlib.crc32(payload), payload))

    flipped = bytearray(path.read_bytes())
    flipped[-10] ^= 0x01
    for data in (b"", b"\x00garbage", bytes(flipped), written("another python", entries),
                 written(build, {key: entries[key][:-3]}), written(build, {key: marshal.dumps("not code")}),
                 written(build, {key: None}), written(build, [1, 2])):
        path.write_bytes(data)
        cache = gencode.GeneratedCode()
        namespace: dict[str, object] = {}
        exec(cache.compile(source, "<string>", "exec"), {}, namespace)
        assert namespace["__create_fn__"]()(None) == 1  # type: ignore[operator]
        assert key in cache._added


def test_text_that_does_not_compile_fails_as_the_builtin_does(hooked: gencode.GeneratedCode) -> None:
    with pytest.raises(SyntaxError):
        gencode._exec("def (:", {}, {})
    with pytest.raises(SyntaxError):
        typing.ForwardRef("list[")  # typing's own message, from the SyntaxError compile raised
    assert gencode._compile(b"1 + 1", "<bytes>", "eval") is not None  # not text: the builtin's way
    # no namespaces given: the caller's, as the builtin takes them, not gencode's own
    assert gencode._eval("__name__") == __name__


def test_a_second_command_compiles_no_generated_code(tmp_path: Path) -> None:
    """`python -m policywatch diff --format html`: the second process compiles no generated text."""
    counts = counts_of_two_runs(tmp_path, "from policywatch import gencode", "len(gencode.GENERATED._added)")
    assert counts[0] > 20 and counts[1] == 0, counts
