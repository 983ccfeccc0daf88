"""Properties: compare(a, a) is empty; replaying the change set on the old tree gives the new one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.diffing import compare
from policywatch.diffing.align import body_key
from tests.diffing import pairgen
from tests.diffing.applying import apply_changes
from tests.diffing.trees import make_tree


def _sentences() -> list[str]:
    """Distinct real sentences (25-50 characters) from the seeds, as clause bodies."""
    seen: dict[str, None] = {}
    for name in ("002", "003", "004"):
        for clause in pairgen.base(name):
            for sentence in clause.text.replace("\n", "。").split("。"):
                body = sentence.strip()
                if 25 <= len(body) <= 50 and body[0] not in "0123456789（(一二三四五六七八九第":
                    seen.setdefault(body + "。")
    return list(seen)


POOL = _sentences()[:80]

# a document: top-level items, each (body index, [child body indices]); bodies are unique
documents = st.lists(st.tuples(st.integers(0, 39), st.lists(st.integers(40, 79), max_size=3)),
                     min_size=1, max_size=6)
edits = st.lists(st.tuples(st.sampled_from(["insert", "delete", "modify", "insert_child", "delete_child"]),
                           st.integers(0, 9), st.integers(0, 9)), max_size=3)


def to_tree(doc: list[tuple[int, list[int]]]):
    cn = pairgen.to_cn
    items = []
    for n, (body, children) in enumerate(doc, 1):
        items.append((cn(n), f"{cn(n)}、{_body(body)}"))
        for m, child in enumerate(children, 1):
            items.append((f"{cn(n)}/（{cn(m)}）", f"（{cn(m)}）{_body(child)}"))
    return make_tree(items)


def _body(ref) -> str:
    return POOL[ref] if isinstance(ref, int) else ref


def dedupe(doc):
    seen: set = set()
    out = []
    for body, children in doc:
        if body in seen:
            continue
        seen.add(body)
        kept = [c for c in children if c not in seen]
        seen.update(kept)
        out.append((body, kept))
    return out


def apply_edits(doc, ops):
    doc = [(b, list(cs)) for b, cs in doc]
    fresh = iter(f"新增条款{k}。" + POOL[79 - k][::-1] for k in range(10))
    for op, i, j in ops:
        i %= len(doc) + (op == "insert")
        if op == "insert":
            doc.insert(i, (next(fresh), []))
        elif op == "delete" and len(doc) > 1:
            del doc[i]
        elif op == "modify" and i < len(doc):
            body, children = doc[i]
            doc[i] = (_body(body).replace("。", "，并进一步加强统筹协调。", 1), children)
        elif op == "insert_child" and i < len(doc):
            doc[i][1].insert(j % (len(doc[i][1]) + 1), next(fresh))
        elif op == "delete_child" and i < len(doc) and doc[i][1]:
            del doc[i][1][j % len(doc[i][1])]
    return doc


@settings(max_examples=100, deadline=None)
@given(documents)
def test_a_version_compared_with_itself_is_empty(doc):
    tree = to_tree(dedupe(doc))
    assert compare(tree, tree).is_empty


@settings(max_examples=100, deadline=None)
@given(documents, edits)
def test_replaying_the_changes_gives_the_new_tree(doc, ops):
    doc = dedupe(doc)
    old, new = to_tree(doc), to_tree(apply_edits(doc, ops))
    cs = compare(old, new)
    assert apply_changes(old, cs) == {c.path_str: body_key(c.key) for c in new}
