"""End to end on sites policywatch was not built around: a few lines of config, `run --json`, `probe`.

Each site (tests/unseen.py, tests/data/unseen_sites) imitates a real platform in a way the other
test sites do not: gov.cn's UCAP page and bd1 table, Guangdong's gkmlpt JSON API, a Hanweb
column fed by a POST-only dataproxy.jsp with a <br>/<font> soup body and a .doc/.pdf 附件 list,
and a GB2312-declared JSP portal with content.jsp?id= links, onclick links and a th/td table.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs

from tests.unseen import ROOT, cli, documents, probe, run_json, serve, stored_text, write_config

GOVCN = 'name = "govcn"\nlisting_urls = ["{base}/zhengce/zuixin/index.htm"]\nprofile = "trs"'
GKMLPT = ('name = "gd"\nlisting_urls = ["{base}/gkmlpt/api/all/5?page=0"]\nprofile = "json"\n'
          'json_items = "articles"\njson_url_field = "url"\njson_title_field = "title"')
HANWEB = 'name = "jsgxt"\nlisting_urls = ["{base}/col/col2385/index.html"]\nprofile = "hanweb"'
JSP = 'name = "city"\nlisting_urls = ["{base}/xxgk/zcwj/index.html"]'  # generic profile, nothing else


def _config(tmp_path: Path, template: str, base: str) -> Path:
    return write_config(tmp_path, template.replace("{base}", base))


def test_govcn_ucap_page_bd1_table_relative_links_stub_page_2_and_a_listed_404(tmp_path: Path) -> None:
    with serve("govcn") as site:
        config = _config(tmp_path, GOVCN, site.base_url)
        report = run_json(config)
        assert report["failed_sources"] == [] and report["errors"] == []
        assert report["counts"]["new_documents"] == 2
        assert [e["kind"] for e in report["events"]] == ["baseline"]
        # the listed content_9003 answers 404: counted, never stored
        assert report["outcomes"] == {"ok": 4, "not_found": 1}
        assert len(site.requests_to("/zhengce/zuixin/index_1.htm")) == 1  # the stub page 2 ends the list
        docs = documents(config)
        # ./../ and ?utm_source= spellings resolve to one canonical URL each
        assert sorted(docs) == ["/zhengce/content/202401/content_9001.htm", "/zhengce/content/202401/content_9002.htm"]
        first = docs["/zhengce/content/202401/content_9001.htm"]
        assert {k: first[k] for k in ("title", "doc_number", "issuer", "written_date", "published_date", "index_no")} == {
            "title": "国务院关于推动人工智能产业高质量发展的意见", "doc_number": "国发〔2024〕1号", "issuer": "国务院",
            "written_date": "2023-12-28", "published_date": "2024-01-05", "index_no": "000014349/2024-00005",
        }
        text = stored_text(config, first)
        assert text[0] == "国发〔2024〕1号" and "（一）加强算力供给。建设一批智能计算中心，算力规模达到300EFLOPS。" in text
        assert not any(word in line for line in text for word in ("责任编辑", "纠错", "分享到", "主题分类", "中国政府网"))
        again = run_json(config)  # an unchanged site: nothing new, nothing changed
        assert again["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
        assert again["outcomes"]["not_found"] == 1  # the listed 404 is tried again on every run


def test_govcn_probe_of_a_page_and_of_a_two_link_list_under_base_href() -> None:
    with serve("govcn") as site:
        page = probe(site.url("/zhengce/content/202401/content_9001.htm"), "trs")
        assert "as:        document" in page
        for line in ("title           国务院关于推动人工智能产业高质量发展的意见", "doc_number      国发〔2024〕1号",
                     "index_no        000014349/2024-00005", "published_date  2024-01-05", "| 国发〔2024〕1号"):
            assert line in page
        gone = cli("probe", site.url("/zhengce/content/202401/content_9003.htm"), "--profile", "trs", "--allow-private")
        assert gone.returncode == 1 and "outcome:   not_found (HTTP 404)" in gone.stdout
        # a listed document on another host is not fetched (the loopback guard would fail the test), but named
        column = probe(site.url("/zhengce/zuixin/index.htm"), "trs")
        assert "3 document link(s)" in column and "content_9004" not in column.split("problem:")[0]
        assert "other hosts skipped: www.gov.cn" in column and "allowed_hosts" in column
        # <base href="/zhengce/content/202401/">, dates inside the link text, only two links
        listing = probe(site.url("/zhengce/zhuanti/index.htm"), "trs")
        assert "as:        listing" in listing and "2 document link(s)" in listing
        assert f"2024-01-05  国务院关于推动人工智能产业高质量发展的意见  {site.base_url}/zhengce/content/202401/content_9001.htm" in listing
        assert "[2024" not in listing


def test_gkmlpt_json_api_with_repeated_page_0_and_1(tmp_path: Path) -> None:
    with serve("gkmlpt") as site:
        config = _config(tmp_path, GKMLPT, site.base_url)
        report = run_json(config)
        assert report["failed_sources"] == [] and report["counts"]["new_documents"] == 3
        pages = [parse_qs(r.path.partition("?")[2])["page"] for r in site.requests_to("/gkmlpt/api/all/5")]
        assert pages == [["0"], ["1"], ["2"]]  # page 1 repeating page 0 does not end the walk; empty page 2 does
        docs = documents(config)
        assert sorted(docs) == ["/gkmlpt/content/4/4321/post_4321.html", "/gkmlpt/content/4/4322/post_4322.html",
                                "/gkmlpt/content/4/4323/post_4323.html"]
        row = docs["/gkmlpt/content/4/4322/post_4322.html"]  # the #7 fragment is dropped
        assert (row["doc_number"], row["issuer"], row["index_no"], row["written_date"]) == (
            "粤府办〔2024〕7号", "广东省人民政府办公厅", "006939748/2024-0022", "2024-02-18")
        assert row["title"] == "广东省人民政府办公厅关于进一步推动低空经济发展的意见"
        listing = probe(site.url("/gkmlpt/api/all/5?page=0"), "json")
        assert "as:        listing" in listing and "3 document link(s)" in listing
        assert "2024-02-20  广东省人民政府关于印发广东省加快推进人工智能产业发展若干措施的通知" in listing  # created_at


def test_hanweb_dataproxy_br_soup_body_meta_only_page_and_doc_pdf_attachments(tmp_path: Path) -> None:
    with serve("hanweb") as site:
        config = _config(tmp_path, HANWEB, site.base_url)
        report = run_json(config)
        # the 4th 附件 is gone: downloadfile.jsp answers 200 with an alert('…文件不存在…') page
        (gone,) = report["errors"]
        assert "fileid=79: attachment soft_404" in gone and "文件不存在" in gone
        assert report["failed_sources"] == []
        (post,) = site.requests_to("/module/web/jpage/dataproxy.jsp")
        assert post.method == "POST" and parse_qs(post.body.decode())["columnid"] == ["2385"]
        docs = documents(config)
        doc_url = "/module/download/downloadfile.jsp?classid=0&filename=abc.doc&fileid=77"
        page_url = "/art/2024/1/8/art_2385_501.html"
        onclick_url = "/module/download/downloadfile.jsp?classid=0&fileid=78"  # window.open('…') in onclick
        assert set(docs) == {page_url, "/art/2024/1/8/art_2385_502.html", doc_url, "/attach/0/申报表.pdf", onclick_url}
        assert stored_text(config, docs[onclick_url])[0] == "智能制造示范工厂评分细则"
        page = docs[page_url]
        # a short notice with clauses of its own keeps its own text; the .doc and .pdf are its attachments
        text = stored_text(config, page)
        assert text[:4] == ["各设区市工业和信息化局：",
                            "为加快推进智能制造，现将《江苏省智能制造示范工厂建设指南》印发给你们，请结合实际认真贯彻落实。",
                            "一、建设目标", "到2025年，建成50家省级智能制造示范工厂。"]
        assert "对认定的示范工厂给予最高200万元奖励。" in text
        assert not any("浏览次数" in line or "打印" in line or "\xa0" in line for line in text)
        assert docs[doc_url]["parent_id"] == page["id"] == docs["/attach/0/申报表.pdf"]["parent_id"]
        assert stored_text(config, docs[doc_url])[:2] == ["江苏省智能制造示范工厂建设指南", "一、适用范围"]
        assert (page["issuer"], page["published_date"], page["written_date"]) == ("江苏省工业和信息化厅", "2024-01-08", "2024-01-05")
        meta_only = docs["/art/2024/1/8/art_2385_502.html"]  # ArticleTitle / PubDate / ContentSource only
        assert (meta_only["title"], meta_only["issuer"], meta_only["published_date"]) == (
            "省工业和信息化厅关于公布2024年度工业互联网标杆工厂名单的通知", "江苏省工业和信息化厅", "2024-01-09")
        shown = probe(site.url(page_url), "hanweb")
        assert "STUB" not in shown and "江苏省智能制造示范工厂建设指南.doc" in shown and "示范工厂申报表.pdf" in shown
        column = probe(site.url("/col/col2385/index.html"), "hanweb")
        assert "2 document link(s)" in column and "read:      POST" in column


def test_jsp_portal_query_links_onclick_links_th_td_table_and_gb18030_text(tmp_path: Path) -> None:
    with serve("jsp") as site:
        config = _config(tmp_path, JSP, site.base_url)
        report = run_json(config)
        assert report["failed_sources"] == [] and report["counts"]["new_documents"] == 4
        docs = documents(config)
        # content.jsp?id= in ./, ../ and bare spellings, and the window.open('/art/…') link;
        # openDetail('602') holds no URL and cannot be followed
        assert sorted(docs) == ["/art/2024/2/1/art_7_601.html", "/xxgk/zcwj/content.jsp?id=123&columnId=7",
                                "/xxgk/zcwj/content.jsp?id=124", "/xxgk/zcwj/content.jsp?id=125"]
        row = docs["/xxgk/zcwj/content.jsp?id=123&columnId=7"]
        assert {k: row[k] for k in ("title", "doc_number", "issuer", "written_date", "published_date", "index_no", "validity")} == {
            "title": "某市人民政府关于支持䶮𫖯科技企业发展的若干措施",  # GB18030-only characters on a gb2312 page
            "doc_number": "某政发〔2024〕3号", "issuer": "某市人民政府", "written_date": "2024-01-28",
            "published_date": "2024-02-01", "index_no": "11330100MB1234567X/2024-00123", "validity": "有效",
        }
        assert stored_text(config, row)[0] == "为支持䶮𫖯科技等企业发展，制定以下措施。"
        listing = probe(site.url("/xxgk/zcwj/index.html"), "generic")
        assert "as:        listing" in listing and "4 document link(s)" in listing
        assert "open only through JavaScript" in listing and "某市人民政府关于调整部分行政许可事项的决定" in listing
        assert "unsupported" in listing


def test_an_edit_inside_the_font_soup_is_one_clause_change_and_the_counter_is_none(tmp_path: Path) -> None:
    root = tmp_path / "sites"
    shutil.copytree(ROOT / "hanweb", root / "hanweb")
    page = root / "hanweb/art/2024/1/8/art_2385_501.html"
    with serve("hanweb", root) as site:
        config = _config(tmp_path, HANWEB, site.base_url)
        run_json(config)
        html = page.read_text(encoding="utf-8")
        # the amount changes; the visit counter moves; the editor swaps <font> for <span> around a heading
        html = html.replace("最高200万元", "最高300万元").replace(">1234<", ">1299<")
        html = html.replace('<font style="font-family:黑体">二、支持政策</font>', '<span style="font-family:黑体">二、支持政策</span>')
        page.write_text(html, encoding="utf-8")
        report = run_json(config)
        assert report["counts"] == {"new_documents": 0, "new_versions": 1, "changes": 1, "missing": 0, "reappeared": 0}
        (event,) = report["events"]
        assert event["kind"] == "changed" and event["url"].endswith("/art/2024/1/8/art_2385_501.html")
        (change,) = event["changeset"]["changes"]
        assert change["kind"] == "modified" and change["new_path"] == "二"
        assert [(f["old"], f["new"]) for f in change["facts"]] == [("最高200万元", "最高300万元")]
        quiet = run_json(config)
        assert quiet["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}


def test_run_json_outcomes_count_attachment_fetches(tmp_path: Path) -> None:
    with serve("hanweb") as site:
        report = run_json(_config(tmp_path, HANWEB, site.base_url))
        # column page, dataproxy POST, two pages, and 4 attachments (3 ok, 1 soft_404)
        assert report["outcomes"] == {"ok": 7, "soft_404": 1}


def test_gkmlpt_record_fields_fill_metadata_the_page_lacks(tmp_path: Path) -> None:
    with serve("gkmlpt") as site:
        config = _config(tmp_path, GKMLPT, site.base_url)
        run_json(config)
        row = documents(config)["/gkmlpt/content/4/4323/post_4323.html"]
        assert row["title"] == "广东省人民政府关于调整省级行政许可事项的决定"
        assert (row["doc_number"], row["index_no"], row["issuer"]) == ("粤府〔2024〕15号", "006939748/2024-0023", "广东省人民政府")


def test_setting_up_with_the_wrong_profile_says_which_one_fits(tmp_path: Path) -> None:
    with serve("hanweb") as site:
        column = probe(site.url("/col/col2385/index.html"), "generic")
        assert 'is a Hanweb column whose list comes from dataproxy.jsp: set profile = "hanweb"' in column
        report = run_json(_config(tmp_path, HANWEB.replace('profile = "hanweb"', 'profile = "generic"'), site.base_url))
        assert report["failed_sources"] == ["jsgxt"]
        assert any('set profile = "hanweb"' in error for error in report["errors"])
    with serve("gkmlpt") as site:
        api = probe(site.url("/gkmlpt/api/all/5?page=0"), "generic")
        assert 'this is a JSON list API: use profile "json" with json_items = "articles"' in api
        assert "document_number" in api and "url" in api
