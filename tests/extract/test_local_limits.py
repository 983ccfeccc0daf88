"""A user's own local file is not crawled input: the crawl's text limits do not refuse it."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch import extract
from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import ExtractRefused


def _big_text(path: Path) -> str:
    # ~5.4 MB of UTF-8, more than the crawl's extract.max_text_bytes (5,000,000)
    text = "\n".join(f"第{n}条 本条规定的事项依照有关法律、行政法规执行，具体办法另行制定。" for n in range(60_000))
    path.write_text(text, encoding="utf-8")
    assert len(text.encode("utf-8")) > ExtractSettings().max_text_bytes
    return text


def test_a_local_text_file_above_the_crawl_limit_is_read_whole(tmp_path: Path) -> None:
    text = _big_text(tmp_path / "big.txt")
    document = extract.extract_file(tmp_path / "big.txt")
    assert document.text == text


def test_the_crawl_limits_still_refuse_the_same_text(tmp_path: Path) -> None:
    _big_text(tmp_path / "big.txt")
    with pytest.raises(ExtractError, match="max_text_bytes"):
        extract.extract_file(tmp_path / "big.txt", limits=ExtractSettings())
    body = (tmp_path / "big.txt").read_bytes()
    with pytest.raises(ExtractRefused) as caught:
        extract.extract(body, url="https://example.gov.cn/big.txt", content_type="text/plain")
    assert caught.value.outcome == "too_large"


def test_a_local_file_too_long_to_compare_in_memory_is_refused_at_once(tmp_path: Path) -> None:
    """Comparing costs memory per line: 2,000,000 one-line articles took 5.3 GB. Past the local
    line bound `diff` exits 2 naming the bound, before any segmenting."""
    import subprocess
    import sys
    import time

    article = "第{n}条 本条规定的事项依照有关法律、行政法规执行。"
    small, huge = tmp_path / "small.txt", tmp_path / "huge.txt"
    small.write_text("\n".join(article.format(n=n) for n in range(1, 50)), encoding="utf-8")
    huge.write_text("\n".join(article.format(n=n) for n in range(1, extract.LOCAL_TEXT_LINES + 10)), encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "policywatch", "diff", str(small), str(huge), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert f"more than extract.max_text_lines ({extract.LOCAL_TEXT_LINES})" in done.stderr
    assert time.monotonic() - started < 30
