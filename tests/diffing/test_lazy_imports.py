"""`policywatch diff` on text files stays light: heavy libraries load only when a format needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "004_1a3ddd08d567a234.txt"
HEAVY = ("jinja2", "lxml", "bs4", "requests", "apscheduler", "pdfplumber", "docx", "smtplib")
ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=120)
    return set(done.stdout.split())


def test_diffing_a_text_file_imports_no_heavy_library() -> None:
    code = (f"from policywatch import diffing, extract\n"
            f"doc = extract.extract_file({str(SEED)!r})\n"
            f"cs = diffing.diff_texts(doc.text, doc.text.replace('2025', '2026'))\n"
            f"assert not cs.is_empty\n"
            f"diffing.render_changeset_text(cs, color=False)\n"
            f"cs.to_json()")
    assert _loaded_after(code) == set()


def test_the_html_page_needs_jinja2_but_not_mail_or_site() -> None:
    code = (f"from policywatch import diffing, reports\n"
            f"text = open({str(SEED)!r}, encoding='utf-8').read()\n"
            f"reports.render_diff_html(diffing.diff_texts(text, text + '\\n新增一段。'), title='t')\n"
            f"assert 'policywatch.reports.mail' not in sys.modules\n"
            f"assert 'policywatch.reports.site' not in sys.modules")
    assert _loaded_after(code) == {"jinja2"}


def test_importing_the_cli_loads_no_stage_and_no_heavy_library() -> None:
    """`policywatch diff` pays only for what a text diff needs: the command modules register cheaply."""
    stages = ("policywatch.state", "policywatch.crawler", "policywatch.reports", "policywatch.pipeline",
              "policywatch.lineage", "policywatch.extract", "policywatch.diffing")
    code = (f"import policywatch.cli\n"
            f"loaded = [m for m in {stages!r} if m in sys.modules]\n"
            f"assert not loaded, loaded")
    assert _loaded_after(code) == set()
