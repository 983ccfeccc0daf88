"""What a hostile page puts in its title and metadata reaches every output, and none breaks.

The text is a real document (tests/data/seeds/003: 宁政办发〔2019〕37号, Nanjing's AI landmark
action plan), crawled twice from a real loopback server with a change in between. Its page
carries what a broken CMS or an attacker puts in a title: control characters written as
character references (`&#1;`), the non-characters U+FFFE/U+FFFF, a right-to-left override,
`javascript:` and `data:` attachment links. The Atom feeds must stay well-formed XML (one
such title used to make the whole feed unreadable), the webhook and run JSON valid, and no
script URL may become a link.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from policywatch.config import FetchSettings, Settings, SourceConfig, Webhook
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.govsite import seed_lines

TEXT = seed_lines("003_388d20438c39147f.txt", 8, 6)
LISTING = "/zcwj/index.html"
PAGE = "/zcwj/201907/t20190701_1.html"
HOOK = "/hook"
LINKS = ('<a href="javascript:alert(1)">附件1.pdf</a> <a href="data:text/html,&lt;script&gt;alert(2)&lt;/script&gt;">'
         '附件2.docx</a> <a href=" jav&#x09;ascript:alert(3)">附件3.pdf</a>')

# the title and issuer each page variant carries (as written in its HTML)
VARIANTS = {
    "controls": ("南京市打造人工智能产业地标行动计划&#1;&#x1b;", "南京市人民政府办公厅&#x1;&#8;"),
    "noncharacters": ("南京市打造人工智能\ufffe产业地标行动计划\uffff", "南京市人民政府办公厅\u202e"),
}


def page(title: str, issuer: str, amount: str) -> Response:
    body = "".join(f"<p>{line}</p>" for line in TEXT).replace("100", amount, 1)
    html = (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<table class="xxgk_table"><tr><td>标　　题：</td><td>{title}</td></tr>'
            f'<tr><td>发文机关：</td><td>{issuer}</td></tr><tr><td>发文字号：</td><td>宁政办发〔2019〕37号</td></tr></table>'
            f'<div class="TRS_Editor">{body}<p>{LINKS}</p></div></body></html>')
    return Response(body=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"})


def listing(_: RecordedRequest) -> Response:
    body = (f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list">'
            f'<li><a href="{PAGE}">行动计划</a><span>2019-07-01</span></li></ul></body></html>')
    return Response(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_hostile_characters_in_a_title_leave_feeds_json_and_links_valid(tmp_path: Path, variant: str) -> None:
    assert "100" in "".join(TEXT), "the seed excerpt has an amount to change"
    title, issuer = VARIANTS[variant]
    answer = {"page": page(title, issuer, "100")}
    with LoopbackSite(routes={LISTING: listing, PAGE: lambda _: answer["page"], HOOK: Response(body=b"ok")}) as site:
        config = Settings(
            database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=FetchSettings(min_delay=0.0, retries=0),
            sources=(SourceConfig(name="s", listing_urls=(site.url(LISTING),), profile="trs", allow_private=True),),
            webhooks=(Webhook(name="h", url=site.url(HOOK), allow_private=True),),
        )
        with Store.open(config.database) as store:
            run_once(config, store)
            answer["page"] = page(title, issuer, "300")
            second = run_once(config, store)
        posts = [r.body for r in site.requests if r.route == HOOK]

    assert second.changes == 1
    summary = json.loads(json.dumps(second.to_dict(), ensure_ascii=False))
    assert summary["events"][0]["kind"] == "changed"
    assert len(posts) == 2 and all(json.loads(body) for body in posts)
    feeds = [tmp_path / "site" / "feed.xml", *sorted((tmp_path / "site" / "feeds").glob("*.xml"))]
    assert len(feeds) == 2
    for feed in feeds:
        root = etree.fromstring(feed.read_bytes())  # strict: an invalid character raises
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert entries and "行动计划" in entries[0].findtext("{http://www.w3.org/2005/Atom}title")
    for html in (tmp_path / "site").rglob("*.html"):
        for href in etree.HTML(html.read_bytes()).xpath("//@href | //@src"):
            scheme = href.strip().replace("\t", "").lower()
            assert not scheme.startswith(("javascript:", "vbscript:")), f"{html}: {href}"
            assert not scheme.startswith("data:") or href == "data:,", f"{html}: {href}"


API = "/api/list.json"


def test_a_lone_surrogate_in_a_list_apis_title_fails_nothing(tmp_path: Path) -> None:
    """JSON's "\\ud800" decodes to a lone surrogate no UTF-8 store can hold: storing the record's
    metadata raised, and that one record failed its whole source on every run. A well-formed
    pair (the variant) stays the character it encodes."""
    records = [{"url": "/art/1.html", "title": "\ud800南京市打造人工智能产业地标行动计划\udfff", "fileNum": "宁政办发〔2019〕37号"},
               {"url": "/art/2.html", "title": "南京市人工智能产业\U0001f600发展若干政策", "fileNum": "宁政发〔2018〕1号"}]
    # ASCII JSON writes the lone halves as "\ud800" escapes and the emoji as its pair
    answer = json.dumps({"data": {"list": records}}, ensure_ascii=True)
    assert "\\ud800" in answer and "\\ud83d\\ude00" in answer
    # the page shows no title (its text begins after it): the API's is taken
    body = "".join(f"<p>{line}</p>" for line in TEXT[1:])
    untitled = Response(body=f'<html><head><meta charset="utf-8"></head><body><div class="TRS_Editor">{body}</div>'
                             f"</body></html>".encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    routes = {API: Response(body=answer.encode(), headers={"Content-Type": "application/json"}),
              "/art/1.html": untitled, "/art/2.html": untitled}
    with LoopbackSite(routes=routes) as site:  # type: ignore[arg-type]
        config = Settings(
            database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=FetchSettings(min_delay=0.0, retries=0),
            sources=(SourceConfig(name="api", listing_urls=(site.url(API),), profile="json", json_items="data.list",
                                  allow_private=True),),
        )
        with Store.open(config.database) as store:
            summary = run_once(config, store)
            titles = sorted(store.versions(d.id)[-1].metadata.title for d in store.known_documents("api"))
    assert summary.failed_sources == () and summary.new_documents == 2, summary.errors
    assert set(titles) == {"\ufffd南京市打造人工智能产业地标行动计划\ufffd", "南京市人工智能产业\U0001f600发展若干政策"}
    etree.fromstring((tmp_path / "site" / "feed.xml").read_bytes())
