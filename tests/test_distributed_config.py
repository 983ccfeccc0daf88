"""Distributed mode without a cluster: the [distributed] table, the JSON codec, `policywatch worker` errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from policywatch.config import FetchSettings, SourceConfig, settings_from_dict
from policywatch.distributed import workers_for
from policywatch.distributed.codec import decode, encode
from policywatch.errors import ConfigError
from policywatch.model import (
    ChangeKind,
    ChangeSet,
    ClauseChange,
    DocumentMetadata,
    DocumentRef,
    FetchAttempt,
    FetchOutcome,
    FetchResult,
    InlineOp,
    NormalizedDocument,
    Validators,
)
from policywatch.pipeline.work import BaseVersion, Comparison, DocumentWork, Known, KnownAttachment, Prepared
from policywatch.pipeline.workers import LocalWorkers


def test_without_the_table_everything_stays_in_one_process() -> None:
    settings = settings_from_dict({})
    assert settings.distributed is None
    assert workers_for(settings) is LocalWorkers


def test_the_table_is_validated() -> None:
    settings = settings_from_dict({"distributed": {"broker_url": "redis://10.0.0.5:6379/1", "concurrency": 3}})
    assert settings.distributed is not None and settings.distributed.concurrency == 3
    with pytest.raises(ConfigError, match="redis:// URL"):
        settings_from_dict({"distributed": {"broker_url": "amqp://x"}})
    with pytest.raises(ConfigError, match="must exceed"):
        settings_from_dict({"distributed": {"task_time_limit": 600.0, "visibility_timeout": 300.0}})
    with pytest.raises(ConfigError, match="distributed.queue"):
        settings_from_dict({"distributed": {"queue": 3}})
    with pytest.raises(ConfigError, match="distributed: unknown key 'nope'"):
        settings_from_dict({"distributed": {"nope": 1}})


def _roundtrip(tp: type, value: object) -> object:
    return decode(tp, json.loads(json.dumps(encode(value))))


def test_what_crosses_the_broker_comes_back_equal() -> None:
    result = FetchResult(
        url="http://a.example/x.html", outcome=FetchOutcome.OK, fetched_at=datetime(2024, 5, 6, 7, 8, tzinfo=UTC),
        body=b"\x00\xff%PDF", text="正文", validators=Validators(etag='"e"'), headers=(("ETag", '"e"'),),
        redirects=("http://a.example/y",), retried=(FetchAttempt(FetchOutcome.HTTP_ERROR, 503, "busy"),),
    )
    assert _roundtrip(FetchResult, result) == result
    source = SourceConfig(name="s", listing_urls=("http://a.example/",), ignore_selectors=(".share",), min_delay=None)
    assert _roundtrip(SourceConfig, source) == source
    assert _roundtrip(FetchSettings, FetchSettings(min_delay=0.5)) == FetchSettings(min_delay=0.5)
    ref = DocumentRef(url="u", source="s", listed_metadata=DocumentMetadata(doc_number="国发〔2024〕1号"))
    assert _roundtrip(DocumentRef, ref) == ref
    base = BaseVersion(document_id=3, number=2, content_hash="h", display_text="第一条", metadata=DocumentMetadata(title="t"))
    known = Known(exists=True, latest=base, attachments={"http://a.example/f.pdf": KnownAttachment(Validators("e"), base)},
                  lookup=lambda url: None)
    back = _roundtrip(Known, known)
    assert back == Known(exists=True, latest=base, attachments=known.attachments)  # the store lookup stays behind
    changeset = ChangeSet(changes=(ClauseChange(kind=ChangeKind.MODIFIED, old_path="第一条", new_path="第一条",
                                                old_text="100万元", new_text="200万元",
                                                inline=(InlineOp("equal", "x"),)),), old_label="v2", new_label="v3")
    document = NormalizedDocument(url="u", format="html", display_text="d", comparison_key="k", content_hash="h2")
    work = DocumentWork(result=result, attachment_fetches=(result,), errors=("e",), failure=None,
                        page=Prepared(document, result, Comparison(base, changeset, "sha", DocumentMetadata())))
    assert _roundtrip(DocumentWork, work) == work


def test_worker_without_the_table_says_what_is_missing(tmp_path: Path) -> None:
    config = tmp_path / "pw.toml"
    config.write_text('database = "pw.db"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "policywatch", "worker", "--config", str(config)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no [distributed] table" in done.stderr
