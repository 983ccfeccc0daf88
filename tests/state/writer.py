"""A process that writes versions, events and outbox items in a loop, until it is killed.

Run as `python -m tests.state.writer DB SEED`; prints "ready", then "begin D" before and
"done D N" after each stored version (flushed), so the test can tell where a kill landed.
"""

from __future__ import annotations

import random
import sys

from policywatch.model import EventKind
from policywatch.state import RecordOutcome, Store

from .helpers import make_doc, make_fetch

DOCS = 3


def body(rng: random.Random, doc: int, step: int) -> str:
    """A long policy-like text (hundreds of KB) that differs at every step, so every write is a version."""
    lines = [f"第{i}条 第{doc}号文件第{step}次修订，资助{rng.randrange(10**6)}万元。" for i in range(4000)]
    return "\n".join(lines)


def report(store: Store, out: RecordOutcome) -> None:
    """What the pipeline does with a stored version: one event (deduplicated)."""
    old = out.previous.number if out.previous else None
    key = f"{out.document.id}:{old}->{out.version.number}"
    kind = EventKind.RETURNED if out.kind == "returned" else EventKind.CHANGED if out.previous else EventKind.NEW_DOCUMENT
    store.add_event(kind, source="gov", document_id=out.document.id, old_version=old,
                    new_version=out.version.number, dedup_key=key)


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(path)
    for owed in store.unreported():  # versions a killed predecessor stored but never reported
        report(store, owed)
    print("ready", flush=True)
    step = 0
    while True:
        step += 1
        run = store.start_run(["gov"])
        for doc in range(DOCS):
            url = f"http://gov.test/doc/{doc}.html"
            text = body(rng, doc, step)
            print(f"begin {doc}", flush=True)
            out = store.record_version("gov", make_doc(url, text, index_no=f"idx-{doc}"),
                                       raw=make_fetch(url, f"<html>{text}</html>".encode()), run_id=run)
            print(f"done {out.document.id} {out.version.number}", flush=True)
            report(store, out)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
