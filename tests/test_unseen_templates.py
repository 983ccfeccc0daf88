"""Seven more unseen site families (tests/govtemplates.py), crawled from outside with `run --json`.

Each family is served on loopback and configured with a few lines, as a user would. Every page's
title, 发文字号, issuer, 成文日期, 发布日期, 有效性, attachments, and a complete body free of page
furniture must come out; a second run after only the furniture moved (counters, clocks, related
links, 上一篇/下一篇, a new ?sid= session token in the county's links) must report nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import govtemplates as gt


@pytest.mark.parametrize("name", list(gt.SITES))
def test_every_field_and_body_of_an_unseen_site_family_and_a_quiet_furniture_only_recrawl(name: str, tmp_path: Path) -> None:
    site = gt.SITES[name]
    root = tmp_path / "www"
    gt.render(site, root, 0)
    scores, quiet, problems = gt.measure_site(name, site.config, gt.expected(site), lambda: gt.serve(site, root),
                                              lambda: gt.render(site, root, 1), tmp_path)
    failed = {doc: [column for column, ok in columns.items() if ok is False] for doc, columns in scores.items()}
    assert not any(failed.values()), (failed, problems)
    assert all(len(columns) == len(gt.COLUMNS) for columns in scores.values())  # every column was scored
    assert quiet, problems


def test_the_county_listing_writes_a_new_session_token_into_its_links_each_visit(tmp_path: Path) -> None:
    site = gt.SITES["county"]
    gt.render(site, tmp_path, 0)
    first = (tmp_path / "zwgk/tzgg/list_1.html").read_bytes()
    gt.render(site, tmp_path, 1)
    second = (tmp_path / "zwgk/tzgg/list_1.html").read_bytes()
    assert b"?sid=" in first and first != second  # so the quiet re-crawl above proves the token is dropped


def test_the_province_table_is_in_a_different_order_on_each_page(tmp_path: Path) -> None:
    site = gt.SITES["province"]
    gt.render(site, tmp_path, 0)
    orders = set()
    for doc in site.docs:
        html = (tmp_path / gt.doc_file(site, doc)).read_text(encoding="utf-8")
        table = html[html.index("xxgk_table") : html.index("</table>")]
        orders.add(tuple(sorted(("索引号", "发布机构", "发文日期", "文号", "有效性", "名称"), key=table.index)))
    assert len(orders) == len(site.docs)
