"""`policywatch run --json` on the trap sites of tests/trapsites.py: every document found once,
no trap followed for ever, the right outcome for each page, an unchanged site quiet on the next run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from policywatch.demo.server import RecordedRequest, Response
from tests import trapsites
from tests.unseen import documents, run_json, write_config

QUIET = {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}


def _paths(config: Path) -> list[str]:
    """The stored documents' pages (attachments left out)."""
    return sorted(path for path in documents(config) if "/fj/" not in path)


def _most_requested(site: object) -> int:
    return max(Counter(r.path for r in site.requests).values())  # type: ignore[attr-defined]


def test_county_a_calendar_s_next_month_is_no_next_page(tmp_path: Path) -> None:
    """The column pages only through createPageHTML; its 日历's ">" (index.html?month=2024-02)
    is the page's first next-looking link. Taken for the next page, it served page 1 again, the
    listing ended there said complete, and the documents of index_1 and index_2 were lost."""
    with trapsites.serve("county") as (site, source):
        config = write_config(tmp_path, source)
        report = run_json(config)
        assert report["failed_sources"] == [] and report["errors"] == [], report["errors"]
        assert _paths(config) == sorted(f"/zwgk/zcwj/202401/t202401{n - 100:02d}_{n}.html" for n in (101, 102, 103, 105))
        assert report["outcomes"].get("soft_404") == 1  # the listed 104 is a 页面不存在 page served with 200
        assert not any("month=" in r.path or "/search/" in r.path for r in site.requests)
        assert site.requests_to("/zwgk/zcwj/202402/t20240201_105.html")  # the moved page, followed once
        assert _most_requested(site) == 1
        again = run_json(config)
        assert again["counts"] == QUIET and again["outcomes"].get("soft_404") == 1


def test_district_a_pager_looping_back_to_page_one_and_a_document_listed_twice(tmp_path: Path) -> None:
    with trapsites.serve("district") as (site, source):
        config = write_config(tmp_path, source)
        report = run_json(config)
        assert report["failed_sources"] == [] and report["errors"] == [], report["errors"]
        assert _paths(config) == [f"/xxgk/2024/01{n - 195:02d}/{n}.html" for n in (201, 202, 203, 204)]
        assert len(site.requests_to("/xxgk/zcwj/list.html")) == 1  # list_3's 下一页 back to list.html: not again
        assert _most_requested(site) == 1
        assert run_json(config)["counts"] == QUIET


def test_bureau_pages_past_the_end_and_a_folder_listed_with_and_without_index_html(tmp_path: Path) -> None:
    """Every page number past the end answers page 1 with a 下一页 again: paging stops at the first
    such page. /doc/10305/ and /doc/10305/index.html, listed under one title, are two addresses,
    both read and stored (a folder's default page may be another file or refused, so they are not
    folded into one); content.jsp?id=304 moved (301) is stored under its listed URL."""
    with trapsites.serve("bureau") as (site, source):
        config = write_config(tmp_path, source)
        report = run_json(config)
        assert report["failed_sources"] == [] and report["errors"] == [], report["errors"]
        assert _paths(config) == ["/bureau/content.jsp?id=301", "/bureau/content.jsp?id=302", "/bureau/content.jsp?id=304",
                                  "/bureau/doc/10305/", "/bureau/doc/10305/index.html"]
        assert [r.path for r in site.requests if "list.jsp" in r.path] == [
            f"/bureau/list.jsp?page={n}" for n in (1, 2, 3)]
        assert run_json(config)["counts"] == QUIET


def test_bureau_a_folder_whose_index_html_is_refused_is_stored_as_the_folder(tmp_path: Path) -> None:
    """The list links /doc/10305/ and /doc/10305/index.html under one title, and the server refuses
    the index page (404): the folder's page, which works, is stored. Folded into the index page's
    URL, the document was lost."""
    with trapsites.serve("bureau") as (site, source):
        serve = site.fault_hook

        def refuse_index(request: RecordedRequest) -> Response:
            if request.path == "/bureau/doc/10305/index.html":
                return Response(status=404, body=b"<html><body>404</body></html>", headers={"Content-Type": "text/html"})
            return serve(request)

        site.fault_hook = refuse_index
        config = write_config(tmp_path, source)
        run_json(config)
        assert "/bureau/doc/10305/" in _paths(config)
