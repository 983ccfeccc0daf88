"""The unseen lineage set (tests/data/lineage_unseen): imported through the real CLI, read back with `related`.

Used by tests/lineage/test_unseen_set.py and benchmarks/lineage.py. The documents are text files
shaped like real Chinese government documents (see the folder's README); expected.toml holds the
relations written by reading them, before running policywatch.
"""

from __future__ import annotations

import json
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.model.validity import validity_state
from policywatch.state import Store

DATA = Path(__file__).resolve().parent.parent / "data" / "lineage_unseen"
# a second set, written later from other real shapes (tests/data/lineage_unseen2/README.md)
DATA2 = DATA.with_name("lineage_unseen2")
# a third, on the gaps the first two left: attached pages, same-title editions, 转发 (its README)
DATA3 = DATA.with_name("lineage_unseen3")
# a fourth, of real public texts: past terms, repeals inside other documents, clean-up lists (its README)
DATA4 = DATA.with_name("lineage_unseen4")
# a fifth, of real public texts: implementation plans by title, decisions without title lines (its README)
DATA5 = DATA.with_name("lineage_unseen5")
# a sixth, of traps around repeals, editions, drafts, 解读 and 公告 series numbers (its README)
DATA6 = DATA.with_name("lineage_unseen6")
# a seventh: editions at new URLs, a 宣布失效 table, a 修改决定 and its republication, extensions and
# 继续执行, 解读, a draft finalized by another organ, a city bureau's 公告 series (its README)
DATA7 = DATA.with_name("lineage_unseen7")
# an eighth: a decision amending two documents, a repeal list, drafts, 暂行 made final, a renamed organ, one
# title in two provinces, look-alike numbers (its README)
DATA8 = DATA.with_name("lineage_unseen8")
SETS = {"unseen": DATA, "unseen2": DATA2, "unseen3": DATA3, "unseen4": DATA4, "unseen5": DATA5, "unseen6": DATA6,
        "unseen7": DATA7, "unseen8": DATA8}
Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Outcome:
    """What `related` and `export` said about the set."""

    relations: set[Triple]  # (subject stem, kind, target stem or "ref:文号/title")
    validity: dict[str, str]  # stem → 有效性
    terms: dict[str, str]  # stem → the ISO date its term ends (9999-12-31: none stated)


def _spec(data: Path) -> dict:
    return tomllib.loads((data / "expected.toml").read_text(encoding="utf-8"))


def expected(data: Path = DATA) -> tuple[set[Triple], set[Triple], dict[str, str]]:
    spec = _spec(data)
    return ({_canonical(tuple(t)) for t in spec["relations"]}, {_canonical(tuple(t)) for t in spec["allowed"]},
            dict(spec["validity"]))


def _canonical(triple: tuple[str, ...]) -> Triple:
    subject, kind, target = triple
    if kind == "related" and target < subject:  # related is symmetric
        subject, target = target, subject
    return subject, kind, target


def run(tmp: Path, *, seed: int | None = None, data: Path = DATA, first: tuple[str, ...] = ()) -> Outcome:
    """Import every document (in file order, or shuffled by `seed`) and read the relations back;
    the stems in `first` are imported first, in that order (an arrival order a test names)."""
    docs = tmp / "docs"
    docs.mkdir()
    for path in sorted((data / "docs").glob("*.txt")):
        # an interpretation's 原文链接 points at the policy where this copy of the set lives
        text = path.read_text(encoding="utf-8").replace("file:///POLICY_DIR/", docs.resolve().as_uri() + "/")
        (docs / path.name).write_text(text, encoding="utf-8")
    files = sorted(docs.glob("*.txt"))
    if seed is not None:
        random.Random(seed).shuffle(files)
    files.sort(key=lambda f: first.index(f.stem) if f.stem in first else len(first))
    config = tmp / "pw.toml"
    config.write_text(f'database = "{tmp / "pw.db"}"\noutput_dir = "{tmp / "site"}"\n', encoding="utf-8")
    runner = CliRunner()
    spec = _spec(data)
    sources = spec.get("sources", {})
    # the date stated terms are judged against: the set's, so its 有效性 does not move with the clock
    as_of = ["--as-of", spec["as_of"]] if "as_of" in spec else []
    for path in files:  # one at a time, so a shuffled order is also the order of the linking passes
        source = sources.get(path.stem, "import")
        out = runner.invoke(cli, ["import", "--source", source, *as_of, "--config", str(config), str(path)])
        assert out.exit_code == 0, out.output
    exported = json.loads(runner.invoke(cli, ["export", "--config", str(config)]).stdout)
    stems = {row["url"]: row["url"].rsplit("/", 1)[-1].removesuffix(".txt") for row in exported}
    found: set[Triple] = set()
    for row in exported:
        out = runner.invoke(cli, ["related", str(row["id"]), "--format", "json", "--config", str(config)])
        assert out.exit_code == 0, out.output
        for rel in json.loads(out.stdout)["relations"]:
            if rel["direction"] != "outgoing":
                continue
            other = rel["other"]
            target = stems.get(other.get("url", ""), "") or "ref:" + (other.get("doc_number") or other.get("title")
                                                                         or other.get("url", ""))
            found.add(_canonical((stems[row["url"]], rel["kind"], target)))
    with Store.open(tmp / "pw.db") as store:
        terms = {stems[row["url"]]: store.validity_term(row["id"]) for row in exported}
    return Outcome(found, {stems[row["url"]]: row["validity"] for row in exported}, terms)


def score(outcome: Outcome, data: Path = DATA) -> dict[str, tuple[float, float, int, int]]:
    """Precision and recall per kind: (precision, recall, correct found, expected).

    Unresolved citations (laws, other levels' documents) are references by contract, not scored;
    `allowed` relations count neither way.
    """
    want, allowed, _ = expected(data)
    got = {t for t in outcome.relations - allowed if not (t[1] == "cites" and t[2].startswith("ref:"))}
    kinds = sorted({k for _, k, _ in want | got})
    out = {}
    for kind in kinds:
        w = {t for t in want if t[1] == kind}
        g = {t for t in got if t[1] == kind}
        hit = len(w & g)
        out[kind] = (hit / len(g) if g else 1.0, hit / len(w) if w else 1.0, hit, len(w))
    return out


def misses(outcome: Outcome, data: Path = DATA) -> tuple[set[Triple], set[Triple]]:
    """(expected but not found, found but not expected nor allowed)."""
    want, allowed, _ = expected(data)
    got = {t for t in outcome.relations - allowed if not (t[1] == "cites" and t[2].startswith("ref:"))}
    return want - got, got - want


def signature(outcome: Outcome) -> tuple[frozenset[Triple], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Everything an import left, to compare two import orders with (whatever the expectations say).

    有效性 is compared as the state it gives (in force, 废止, 失效): a document never ended states none,
    one whose term a notice extended after it had run out states 现行有效 — the same state."""
    states = tuple(sorted((stem, validity_state(v)) for stem, v in outcome.validity.items()))
    return frozenset(outcome.relations), states, tuple(sorted(outcome.terms.items()))


def validity_errors(outcome: Outcome, data: Path = DATA) -> dict[str, tuple[str, str]]:
    """stem → (wanted, got) where a document's 有效性 (or the term an extension notice moved) is not
    what the documents should have made it."""
    _, _, wanted = expected(data)
    terms = _spec(data).get("terms", {})
    errors = {f"{stem} term": (want, outcome.terms.get(stem, "")) for stem, want in terms.items()
              if outcome.terms.get(stem) != want}
    for stem, got in outcome.validity.items():
        want = wanted.get(stem, "")
        if (want and got != want) or (not want and got in ("废止", "失效")):
            errors[stem] = (want or "in force", got)
    return errors
