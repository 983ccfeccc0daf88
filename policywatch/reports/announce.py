"""What a human reader is told once: a successor or a final text is announced by its relation.

The pipeline stores a successor's `new_document` event beside its `supersedes` event (and a
final text's beside the `draft_of` event of its draft): `run --json` keeps both, so nothing is
lost and each stays addressable. Digests, feeds and robot webhooks show ONE entry per new
document: "《B》 取代 《A》：修改 5 处；最高资助 1000万元 → 500万元", not also "新文件《B》".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policywatch.model import ChangeEvent, DocumentMetadata, EventKind


def announced_document(event: ChangeEvent) -> int | None:
    """The new document a relation event announces: the successor of a supersedes, the final of
    a draft_of (its target); None for every other event."""
    if event.kind is EventKind.SUPERSEDES:
        return event.document_id
    if event.kind is EventKind.DRAFT_OF and event.other:
        final = event.other.get("id")
        return int(final) if isinstance(final, int) else None
    return None


def fold_announced(events: Iterable[ChangeEvent]) -> list[ChangeEvent]:
    """`events` without the new_document events that a supersedes or draft_of event among them
    announces (same source-independent document id), and each stored event once (a list that
    repeats an id, as a run reporting owed events may, told it twice); order kept."""
    events = distinct(events)
    announced = {doc for e in events if (doc := announced_document(e)) is not None}
    return [e for e in events if not (e.kind is EventKind.NEW_DOCUMENT and e.document_id in announced)]


def distinct(events: Iterable[ChangeEvent]) -> list[ChangeEvent]:
    """`events` with a repeated id (a stored event's, never 0) left out; order kept."""
    seen: set[int] = set()
    kept = []
    for event in events:
        if event.id and event.id in seen:
            continue
        seen.add(event.id)
        kept.append(event)
    return kept


OPENING_CHARS = 120
_DATE_LINE = re.compile(r"^(?:(?:19|20)\d\d\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$")
_NOTE_LINE = re.compile(r"^[（(][^）)]{0,20}[）)]$")  # (此件公开发布)
_SALUTATION = re.compile(r"^[^。；]{2,80}[:：]$")  # 各区人民政府，市府各委办局：


def opening(text: str, metadata: DocumentMetadata, limit: int = OPENING_CHARS) -> str:
    """What a new document says, for its digest entry: the first `limit` characters of its body,
    past the lines that only repeat its heading (title, 文号, issuer, date, 此件公开发布, salutation)."""
    heading = {_squash(v) for v in (metadata.title, metadata.doc_number, metadata.issuer) if v}
    body: list[str] = []
    size = 0
    for raw in text.splitlines():
        line = _squash(raw)
        if not line or _is_heading(line, heading):
            continue
        body.append(line)
        size += len(line)
        if size > limit:
            break
    joined = " ".join(body)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_heading(line: str, heading: set[str]) -> bool:
    bare = line.strip("《》")
    return (any(bare == h or (h in line and len(line) <= len(h) + 20) for h in heading)
            or bool(_DATE_LINE.match(line) or _NOTE_LINE.match(line) or _SALUTATION.match(line)))
