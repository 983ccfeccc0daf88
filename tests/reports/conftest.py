from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from policywatch.reports import build_site
from tests.reports.fakes import FakeSource, make_source


@pytest.fixture
def fake() -> FakeSource:
    return make_source()


@pytest.fixture
def site(tmp_path: Path, fake: FakeSource) -> Path:
    out = tmp_path / "site"
    build_site(fake, out, base_url="https://policy.example.org/")
    return out


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
