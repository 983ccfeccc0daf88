"""Lineage stage: how one policy document changes through others (successors, amendment decisions,
repeals, drafts, interpretations).

A stage: it never imports crawler, state, diffing or reports; the pipeline and the CLI pass it
values (documents, clause trees).

- `amend.apply_decision(decision_text, target_tree, *, target_title) -> AmendmentResult` — a
  修改决定 applied to the clause tree it amends (amend*.py; see docs/amendments.md).

- `detect(doc: LineageDoc, known: Sequence[LineageDoc]) -> list[Relation]` — every relation a
  document establishes, with evidence, method and confidence; a target not known yet comes back
  as an unresolved DocKey (title, 文号 or URL).
- `duplicate(copy, original) -> Relation` — `copy` reposts `original` (one 文号, two URLs).
- `speaks_for_itself(copy, original) -> bool` — whether a copy's own relations stand (a bare page
  attached to its 印发 notice) rather than being its original's to say (a repost).
- `repealed_part(relation) -> str` — the articles (or the matter) a partial repeal (an `amends`
  relation with effect 部分废止) ends, as its evidence names them.
- `STRONG` — the kinds beside which a citation of the same two documents is not kept.
- `resolves(target: DocKey, doc: LineageDoc) -> str` — how an unresolved reference names a
  newly stored document ("" when it does not).
- `validity_terms(text, written_date) -> Validity` — the term a document states of itself.
- `extensions(text, title) -> list[Extension]` — the OTHER documents a notice extends
  (`有效期延长至…`) or declares still in force (`继续有效`).
"""

from policywatch.lineage.detect import (
    STRONG,
    Catalog,
    LineageDoc,
    detect,
    duplicate,
    final_rank,
    repealed_part,
    resolves,
    speaks_for_itself,
)
from policywatch.lineage.expiry import Validity, validity_terms
from policywatch.lineage.extension import Extension, extensions
from policywatch.lineage.titles import names_rules, title_key, unwrap

__all__ = ["STRONG", "Catalog", "Extension", "LineageDoc", "Validity", "detect", "duplicate", "extensions", "final_rank", "names_rules", "repealed_part", "resolves", "speaks_for_itself", "title_key", "unwrap", "validity_terms"]
