"""What a document's 无法访问 rests on (a "page not found" page served with HTTP 200, a challenge
page, a login wall…) is said in the configured language in the digest and on the site, like the
rest of the alert; `run --json` keeps the crawler's English sentence. A real loopback site turns
one document into such a page until it is MISSING."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

import pytest

from policywatch.demo.server import LoopbackSite, Response
from policywatch.reports.i18n import MESSAGES
from policywatch.wording import EVIDENCE
from tests import traps
from tests.test_reappeared import GONE, HTML, OUTAGE_RUNS, _column, _site_text
from tests.unseen import cli, run_json, write_config

# a short page of the site's saying the document is gone, with HTTP 200 (a soft 404)
NOTICE = Response(body="<html><head><title>提示</title></head><body><p>您访问的页面不存在</p></body></html>".encode(),
                  headers=HTML)
ENGLISH = "'page not found' page served with HTTP 200 (您访问的页面不存在)"
WORDS = {"zh": "以 HTTP 200 返回“页面不存在”页面（您访问的页面不存在）", "en": ENGLISH}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_evidence_of_a_missing_document_is_said_in_the_configured_language(tmp_path: Path, lang: str) -> None:
    state: dict[str, Any] = {}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        config.write_text(f'lang = "{lang}"\n' + config.read_text(encoding="utf-8")
                          + '[[subscriptions]]\nname = "gov"\nrecipients = ["a@example.org"]\n', encoding="utf-8")
        run_json(config)
        state.update(round=1, refuse={GONE}, answer=NOTICE)
        (event,) = [e for _ in range(OUTAGE_RUNS) for e in run_json(config)["events"] if e["url"].endswith(GONE)]
        done = cli("digest", "--config", str(config), "--dry-run", "--out", str(tmp_path / "eml"))
        assert done.returncode == 0, done.stderr
    assert event["kind"] == "missing" and event["message"] == f"soft_404: {ENGLISH}", "run --json stays as it was"
    (path,) = (tmp_path / "eml").glob("*.eml")
    digest = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    plain = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    pages = _site_text(tmp_path)
    assert WORDS[lang] in plain and WORDS[lang] in pages
    if lang == "zh":
        assert "served with" not in plain and "served with" not in pages, "no English sentence in a Chinese alert"


def test_every_evidence_sentence_has_its_words_in_both_languages_with_the_same_names() -> None:
    import string

    for key, english in EVIDENCE.items():
        zh, en = MESSAGES[f"evidence.{key}"]
        names = {n for _, n, _, _ in string.Formatter().parse(english) if n}
        assert en == english, "the English words are the sentence the crawler writes"
        assert zh != english or key == "http_status", f"{key}: no Chinese words"
        assert {n for _, n, _, _ in string.Formatter().parse(zh) if n} == names, key
