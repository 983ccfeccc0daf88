"""Acceptance: three versions of a site give exactly the same events in distributed mode as in one process.

Version 1 is the baseline (pages and PDF attachments); version 2 edits amounts in pages and in
one PDF and moves every visit counter (cosmetic noise); version 3 edits again while two pages
answer with a maintenance page. Each version is crawled by a single-process run into one store
and by a distributed run (two real workers) into another; the events must match one for one.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite
from policywatch.demo.server import RecordedRequest, Response
from policywatch.distributed import workers_for
from policywatch.distributed.localcluster import LocalCluster
from policywatch.model import ChangeEvent
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.distributed.conftest import distributed_table, write_config
from tests.govsite import make_pdf
from tests.sitefactory import GeneratedSite

pytestmark = pytest.mark.slow

PDF_DOCS = (1, 2)  # these pages carry their text in a PDF attachment
MAINTENANCE = "<html><head><title>系统维护中</title></head><body><p>系统维护中，请稍后访问。</p></body></html>"


def write_version(site: GeneratedSite, root: Path, pdf_lines: dict[int, list[str]]) -> None:
    site.write(root)
    for index in PDF_DOCS:
        doc = site.docs[index]
        folder = (root / doc.path).parent
        (folder / "P020180514_1001.pdf").write_bytes(make_pdf(pdf_lines[index]))


def event_facts(events: tuple[ChangeEvent, ...]) -> list[tuple[Any, ...]]:
    """What an event says, without the store's own ids and clock."""
    facts = [
        (e.kind.value, e.url, e.old_version, e.new_version, e.message,
         e.changeset.to_dict() if e.changeset is not None else None)
        for e in events
    ]
    return sorted(facts, key=repr)


def test_three_site_versions_give_the_same_events(tmp_path: Path, cluster: LocalCluster,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    site = GeneratedSite(count=10)
    for index in PDF_DOCS:
        site.docs[index] = replace(site.docs[index], pdf=True)
    pdf_lines = {i: [f"第{n}条 附件{i}规定的资助标准为最高{50 + n}万元。" for n in range(1, 9)] for i in PDF_DOCS}
    root = tmp_path / "web"
    write_version(site, root, pdf_lines)
    down: set[str] = set()

    def maintenance(request: RecordedRequest) -> Response | None:
        if request.route in down:
            return Response(status=200, body=MAINTENANCE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
        return None

    with LoopbackSite(root) as web:
        web.fault_hook = maintenance
        (tmp_path / "one").mkdir()
        (tmp_path / "many").mkdir()
        local = load_settings(write_config(tmp_path / "one" / "pw.toml", site_url=web.url("")))
        spread = load_settings(write_config(tmp_path / "many" / "pw.toml", site_url=web.url(""),
                                            distributed=distributed_table(cluster.redis.url)))
        assert spread.distributed is not None and local.distributed is None
        with Store.open(local.database) as one, Store.open(spread.database) as many:

            def both() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
                a = run_once(local, one, build_report_site=False, deliver=False)
                b = run_once(spread, many, build_report_site=False, deliver=False, workers=workers_for(spread))
                assert not a.errors and not b.errors, (a.errors, b.errors)
                assert a.outcomes == b.outcomes
                return event_facts(a.events), event_facts(b.events)

            first = both()
            assert first[0] == first[1] and first[0][0][0] == "baseline"

            site.edit_random(0.3)
            site.bump_counters()
            pdf_lines[1][3] = pdf_lines[1][3].replace("万元", "0万元")
            write_version(site, root, pdf_lines)
            with caplog.at_level(logging.DEBUG, logger="policywatch.pipeline.documents"):
                second = both()
            changed = [f for f in second[0] if f[0] == "changed"]
            assert len(changed) == 3 + 1  # three pages and one PDF; the counters moved nothing
            assert second[0] == second[1]
            # the workers compared the texts; the run used their change sets
            assert caplog.text.count("computed ahead by the worker") == len(changed)

            site.edit_random(0.3)
            down.update("/" + site.docs[i].path for i in (0, 5))
            write_version(site, root, pdf_lines)
            third = both()
            assert third[0] == third[1]
            assert any(f[0] == "changed" for f in third[0])

        for path in (local.database, spread.database):
            with Store.open(path) as store:
                assert store.integrity_check() == "ok"
        with Store.open(local.database) as one, Store.open(spread.database) as many:
            versions_one = sorted((d.url, d.version_count) for d in one.documents())
            versions_many = sorted((d.url, d.version_count) for d in many.documents())
            assert versions_one == versions_many
