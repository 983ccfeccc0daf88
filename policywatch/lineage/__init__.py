"""Lineage: how documents change each other (successors, amendments, repeals, drafts, interpretations).

A stage: it never imports crawler, state, diffing or reports; the pipeline passes it values.

- `detect(doc: LineageDoc, known: Sequence[LineageDoc]) -> list[Relation]` — every relation a
  document establishes, with evidence, method and confidence; a target not known yet comes back
  as an unresolved DocKey (title, 文号 or URL).
- `resolves(target: DocKey, doc: LineageDoc) -> str` — how an unresolved reference names a
  newly stored document ("" when it does not).
- `validity_deadline(text, written_date)` — the date a document's validity runs out, if it says.
"""

from policywatch.lineage.detect import Catalog, LineageDoc, detect, resolves
from policywatch.lineage.expiry import Validity, validity_terms
from policywatch.lineage.titles import title_key, unwrap

__all__ = ["Catalog", "LineageDoc", "Validity", "detect", "resolves", "title_key", "unwrap", "validity_terms"]
