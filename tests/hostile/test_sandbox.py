"""Hostile attachments end as honest outcomes, with the child process stopped by its limits."""

from __future__ import annotations

import io
import os
import time

import pytest

from policywatch import extract
from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import sandbox
from tests.hostile.bombs import MIB, docx_bomb, pdf_cpu_trap, pdf_stream_bomb, pdf_with_stream


@pytest.fixture(autouse=True)
def _fresh_child():
    sandbox.shutdown()
    yield
    sandbox.shutdown()
    sandbox.READERS.pop("sleepy", None)


def test_a_normal_pdf_is_read_in_a_reused_child():
    pdf = pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (Article one) Tj ET\n")
    first = extract.extract(pdf, url="http://x.gov.cn/a.pdf")
    children = sandbox.child_pids()
    second = extract.extract(pdf, url="http://x.gov.cn/b.pdf")
    assert first.text == second.text == "Article one"
    assert len(children) == 1 and os.getpid() not in children.values()
    assert sandbox.child_pids() == children, "one child, reused"


def test_a_docx_zip_bomb_is_refused_from_its_directory_before_inflating():
    bomb = docx_bomb(100 * MIB)
    assert len(bomb) < 1 * MIB
    started = time.process_time()
    with pytest.raises(extract.ExtractRefused, match="max_zip_ratio") as refused:
        extract.extract(bomb, url="http://x.gov.cn/bomb.docx")
    assert refused.value.outcome == "too_large"
    assert time.process_time() - started < 2.0, "the parent inflated nothing"


def test_the_docx_total_size_limit_applies_to_honest_ratios_too():
    limits = ExtractSettings(max_unzipped_bytes=2 * MIB, max_zip_ratio=10_000)
    with pytest.raises(extract.ExtractRefused, match="max_unzipped_bytes"):
        extract.extract(docx_bomb(4 * MIB), url="http://x.gov.cn/big.docx", limits=limits)
    # under the limits the same kind of file is read (its text then hits the line limit)
    with pytest.raises(extract.ExtractRefused, match="max_text_lines"):
        extract.extract(docx_bomb(3 * MIB), url="http://x.gov.cn/big.docx",
                        limits=ExtractSettings(max_zip_ratio=10_000, max_text_lines=1000))


def test_a_pdf_stream_bomb_is_cut_off_at_the_stream_limit():
    bomb = pdf_stream_bomb(256 * MIB)  # benchmarks/hostile.py tries the full 1 GiB
    assert len(bomb) < 1 * MIB
    with pytest.raises(extract.ExtractRefused, match="max_pdf_stream_bytes") as refused:
        extract.extract(bomb, url="http://x.gov.cn/bomb.pdf")
    assert refused.value.outcome == "too_large" and refused.value.stopped_by == ""


def test_a_pdf_that_exhausts_memory_stops_the_child_by_its_memory_limit():
    limits = ExtractSettings(memory_mb=300, max_pdf_stream_bytes=10**12)
    with pytest.raises(extract.ExtractRefused) as refused:
        extract.extract(pdf_stream_bomb(512 * MIB), url="http://x.gov.cn/bomb.pdf", limits=limits)
    assert refused.value.outcome in ("too_large", "unsupported")
    assert refused.value.stopped_by in ("memory", "signal"), refused.value
    assert 300 not in sandbox.child_pids(), "the child that hit its limit is not reused"
    # the next file gets a fresh child and is read normally
    assert extract.extract(pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (Fine) Tj ET\n"),
                           url="http://x.gov.cn/ok.pdf", limits=limits).text == "Fine"


@pytest.mark.slow
def test_a_cpu_trap_is_stopped_by_the_childs_cpu_limit():
    limits = ExtractSettings(cpu_seconds=1, timeout=60)
    started = time.monotonic()
    with pytest.raises(extract.ExtractRefused, match="CPU limit") as refused:
        extract.extract(pdf_cpu_trap(), url="http://x.gov.cn/trap.pdf", limits=limits)
    assert refused.value.stopped_by == "cpu" and refused.value.outcome == "too_large"
    assert time.monotonic() - started < 20


def test_a_hanging_reader_is_stopped_by_the_wall_clock_timeout():
    sandbox.READERS["sleepy"] = "tests.hostile.sleepy:read"
    started = time.monotonic()
    with pytest.raises(extract.ExtractRefused, match="extract.timeout") as refused:
        sandbox.extract_bounded(b"x", kind="sleepy", url="http://x.gov.cn/slow", limits=ExtractSettings(timeout=1))
    assert refused.value.stopped_by == "timeout"
    assert time.monotonic() - started < 5


def test_an_unreadable_file_is_an_extract_error_and_the_child_survives():
    with pytest.raises(ExtractError, match="not a readable"):
        extract.extract(b"%PDF-1.4 garbage", url="http://x.gov.cn/bad.pdf")
    assert list(sandbox.child_pids()) == [ExtractSettings().memory_mb], "the child is still alive"


def test_html_text_is_held_to_the_text_limits():
    page = "<html><body><div class='TRS_Editor'>" + "<p>第一条　规定。</p>" * 500 + "</div></body></html>"
    with pytest.raises(extract.ExtractRefused, match="max_text_lines"):
        extract.extract(page.encode(), url="http://x.gov.cn/a.html", limits=ExtractSettings(max_text_lines=100))


def test_a_docx_bomb_past_the_zip_checks_is_stopped_by_the_childs_memory_limit():
    limits = ExtractSettings(memory_mb=300, max_zip_ratio=10**9, max_unzipped_bytes=10**12)
    with pytest.raises(extract.ExtractRefused, match="memory limit") as refused:
        extract.extract(docx_bomb(100 * MIB), url="http://x.gov.cn/bomb.docx", limits=limits)
    assert refused.value.stopped_by == "memory" and refused.value.outcome == "too_large"


def _alternate(files: list[tuple[bytes, str, str, ExtractSettings]]) -> list[dict[int, int]]:
    """The live children after each extraction of `files` (body, kind, expected text, limits)."""
    seen = []
    for body, kind, text, limits in files:
        assert sandbox.extract_bounded(body, kind=kind, url=f"http://x.gov.cn/a.{kind}", limits=limits).text == text
        seen.append(sandbox.child_pids())
    return seen


def test_alternating_limit_profiles_keeps_one_child_per_profile():
    # the OCR profile (more memory) beside the readers' one: each keeps its child
    pdf = pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (Article one) Tj ET\n")
    readers, ocr = ExtractSettings(), ExtractSettings(memory_mb=extract.OCR_MEMORY_MB)
    seen = _alternate([(pdf, "pdf", "Article one", limits) for limits in (readers, ocr) * 3])
    assert set(seen[-1]) == {readers.memory_mb, ocr.memory_mb}
    assert all(s == seen[-1] for s in seen[1:]), f"no child respawned: {seen}"
    assert seen[0][readers.memory_mb] == seen[-1][readers.memory_mb]


def test_the_least_recently_used_profile_makes_room_past_max_children():
    pdf = pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n")
    profiles = [ExtractSettings(memory_mb=512 + 64 * i) for i in range(sandbox.MAX_CHILDREN + 1)]
    seen = _alternate([(pdf, "pdf", "x", limits) for limits in profiles])
    assert len(seen[-1]) == sandbox.MAX_CHILDREN and profiles[0].memory_mb not in seen[-1]


@pytest.mark.slow
@pytest.mark.skipif(not extract.ocr_engine(), reason="no OCR engine (pip install policywatch[ocr])")
def test_alternating_ocr_and_pdf_attachments_does_not_respawn_children():
    from PIL import Image

    blank = io.BytesIO()
    Image.new("L", (48, 48), 255).save(blank, format="PNG")
    pdf = pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (Article one) Tj ET\n")
    seen = []
    for _ in range(2):
        image = extract.extract(blank.getvalue(), url="http://x.gov.cn/scan.png", content_type="image/png")
        assert image.needs_ocr and image.text == ""  # a blank page: nothing recognised, honestly flagged
        assert extract.extract(pdf, url="http://x.gov.cn/a.pdf").text == "Article one"
        seen.append(sandbox.child_pids())
    assert len(seen[0]) == 2 and seen[0] == seen[1], f"one child per profile, kept: {seen}"


def test_an_extraction_ends_when_its_callers_time_runs_out():
    sandbox.READERS["sleepy"] = "tests.hostile.sleepy:read"
    limits = ExtractSettings(timeout=30)
    started = time.monotonic()
    with sandbox.time_limit(started + 1.0), pytest.raises(sandbox.ExtractInterrupted, match="fetch.source_timeout"):
        sandbox.extract_bounded(b"x", kind="sleepy", url="http://x.gov.cn/slow", limits=limits)
    assert time.monotonic() - started < 2.5, "cut at the caller's time, not extract.timeout"
    assert sandbox.child_pids() == {}, "the child cut off mid-file is not reused"
    with sandbox.time_limit(time.monotonic() - 1), pytest.raises(sandbox.ExtractInterrupted, match="no time left"):
        sandbox.extract_bounded(b"x", kind="sleepy", url="http://x.gov.cn/late", limits=limits)
    assert sandbox.child_pids() == {}, "no child started once the time is up"
