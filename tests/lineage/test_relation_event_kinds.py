"""A found relation is reported as the event of the same name (state/relations.py converts
`EventKind(relation.kind.value)`): the two enums cannot share members (StrEnum), so every
RelationKind must stay an EventKind."""

from __future__ import annotations

from policywatch.model import EventKind, RelationKind


def test_every_relation_kind_is_an_event_kind() -> None:
    assert {kind.value for kind in RelationKind} <= {kind.value for kind in EventKind}
    assert all(EventKind(kind.value).name == kind.name for kind in RelationKind)
