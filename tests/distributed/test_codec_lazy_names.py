"""The codec decodes a model value whose field types live in a lazily loaded model module.

policywatch.model binds the names of model.records and model.details (Link, FactChange…) in
its globals, where typing.get_type_hints looks, only once one of them is asked for. Today the
codec's own imports ask for some; the decode must not depend on that. Run in a fresh
interpreter, which unbinds them again as a process that never asked would have them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import policywatch.model as model
from policywatch.distributed.codec import decode, encode
from policywatch.model import ExtractedDocument
for name in model.RECORDS | model.DETAILS:  # as before anything asked for one of them
    vars(model).pop(name, None)
data = {"url": "u", "format": "html", "text": "正文", "attachments": [{"url": "a.pdf", "text": "附件"}]}
document = decode(ExtractedDocument, data)
assert type(document.attachments[0]).__name__ == "Link", document
assert encode(document)["attachments"] == data["attachments"]
print("ok")
"""


def test_a_fresh_process_decodes_a_value_holding_a_lazily_loaded_type() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
