"""End to end on 政府信息公开 layouts the other unseen-site tests do not cover: a 目录 whose list is a
table of 索引号/名称/文号/日期 under URLs no article dialect knows, a body in an <iframe> or a
<frameset>, 有效性 shown only as an image's alt text, and a page read but not stored.

Each site is a few static files written by the test and served on 127.0.0.1; policywatch is driven
as an outside tool: a few lines of config, `run --json`, `export`, `show`, `probe`.
"""

from __future__ import annotations

from pathlib import Path

from policywatch.demo.server import LoopbackSite
from tests.unseen import documents, probe, run_json, stored_text, write_config

BODY = ["各区人民政府，市政府各委、办、局：", "为加快培育数据要素市场，结合本市实际，制定本办法。",
        "第一条 本办法适用于本市行政区域内的数据交易活动。", "第二条 对新设立的数据交易机构给予最高{amount}万元一次性奖励。"]


def _body(amount: int = 100) -> str:
    return "".join(f"<p>{line.format(amount=amount)}</p>" for line in BODY)


def _xxgk_table(title: str, number: str, validity: str) -> str:
    """The 信息公开 block as a table of th label, a cell holding only a full-width colon, value."""
    return (f'<table class="xxgk"><tr><th>索　引　号</th><td>：</td><td>113200000000000001/2024-00001</td>'
            f'<th>发文机关</th><td>：</td><td>某市人民政府</td></tr>'
            f'<tr><th>名　　称</th><td>：</td><td>{title}</td><th>成文日期</th><td>：</td><td>2024年1月5日</td></tr>'
            f'<tr><th>文　　号</th><td>：</td><td>{number}</td><th>有  效  性</th><td>：</td><td>{validity}</td></tr></table>')


def _page(title: str, inner: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}-某市人民政府</title></head><body>'
            f'<div class="top"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a></div>{inner}'
            f'<div class="footer">主办：某市人民政府办公室</div></body></html>')


def _write(root: Path, files: dict[str, str]) -> None:
    for name, html in files.items():
        path = root / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")


def _listing(rows: list[tuple[str, str, str]]) -> str:
    """A 目录 page: a table of 索引号/名称/文号/日期, the link on the 名称 cell, paged by createPageHTML."""
    body = "".join(f'<tr><td>113200000000000001/2024-0000{n}</td><td><a href="../content/{doc}.html" title="{title}">'
                   f'{title}</a></td><td>某政发〔2024〕{n}号</td><td>2024-01-0{n}</td></tr>'
                   for n, (doc, title, _) in enumerate(rows, start=1))
    return (f'<html><head><meta charset="utf-8"><title>政府信息公开目录</title></head><body>'
            f'<div class="nav"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a></div>'
            f'<table class="xxgkml"><tr><th>索引号</th><th>名称</th><th>文号</th><th>发布日期</th></tr>{body}</table>'
            f'<div class="page"></div><script>createPageHTML(1, 0, "index", "html");</script></body></html>')


SOURCE = 'name = "city"\nlisting_urls = ["{base}/xxgk/ml/index.html"]\nlink_pattern = "/xxgk/content/\\\\d+\\\\.html$"'


def _config(tmp_path: Path, base: str, source: str = SOURCE) -> Path:
    return write_config(tmp_path, source.replace("{base}", base))


def test_a_listed_page_read_but_not_stored_is_read_and_named_again_on_the_next_run(tmp_path: Path) -> None:
    root = tmp_path / "www"
    title = "某市人民政府关于印发数据要素市场培育办法的通知"
    _write(root, {"/xxgk/ml/index.html": _listing([("2001", title, "")]),
                  # its 正文 is not yet published: an empty content block
                  "/xxgk/content/2001.html": f'<html><head><meta charset="utf-8"><title>{title}</title></head>'
                                             '<body><div id="zoom"></div></body></html>'})
    with LoopbackSite(root) as site:
        config = _config(tmp_path, site.base_url)
        first = run_json(config)
        assert first["counts"]["new_documents"] == 0
        assert any("2001.html" in w and "stub" in w for w in first["warnings"])
        # unchanged on the site: fetched in full again (no 304 from the first fetch's ETag) and named again
        again = run_json(config)
        assert [r.headers.get("if-none-match") for r in site.requests_to("/xxgk/content/2001.html")] == [None, None]
        assert any("2001.html" in w and "stub" in w for w in again["warnings"])
        assert documents(config) == {}


def _framed_site(root: Path, amount: int) -> None:
    iframe_title = "某市人民政府关于印发算力设施建设三年行动方案的通知"
    frames_title = "某市科技局关于开展2024年度科技型企业认定工作的通知"
    inline_title = "某市财政局关于进一步规范专项资金管理的通知"
    body = f'<html><head><meta charset="utf-8"></head><body><p>某政发〔2024〕2号</p>{_body(amount)}</body></html>'
    _write(root, {
        "/xxgk/ml/index.html": _listing([("3001", iframe_title, ""), ("3002", frames_title, ""), ("3003", inline_title, "")]),
        # the 信息公开 block on the page, the 正文 in an iframe of the same host
        "/xxgk/content/3001.html": _page(iframe_title, _xxgk_table(iframe_title, "某政发〔2024〕2号", "有效")
                                         + f'<h1>{iframe_title}</h1><iframe src="3001_zw.html" frameborder="0"></iframe>'
                                         '<iframe src="https://player.example.com/v/1"></iframe>'),
        "/xxgk/content/3001_zw.html": body,
        # a frameset: a head frame with the 信息公开 block, a main frame with the 正文
        "/xxgk/content/3002.html": (f'<html><head><meta charset="utf-8"><title>{frames_title}</title></head>'
                                    '<frameset rows="160,*"><frame src="/xxgk/content/3002_head.html" name="top">'
                                    '<frame src="/xxgk/content/3002_zw.html" name="main"></frameset></html>'),
        "/xxgk/content/3002_head.html": _page(frames_title, _xxgk_table(frames_title, "某科发〔2024〕3号", "有效")),
        "/xxgk/content/3002_zw.html": body.replace("某政发〔2024〕2号", "某科发〔2024〕3号"),
        # an ordinary page with a same-host iframe (a video) beside its own full text: its text stays
        "/xxgk/content/3003.html": _page(inline_title, _xxgk_table(inline_title, "某财规〔2024〕5号", "有效")
                                         + f'<div id="zoom">{"".join(_body(300 + n) for n in range(5))}</div>'
                                         '<iframe src="/video/player.html"></iframe>'),
        "/video/player.html": '<html><body><p>视频播放器加载中</p></body></html>',
    })


def test_a_body_shown_in_an_iframe_or_a_frameset_is_read_and_an_edit_inside_it_reported_once(tmp_path: Path) -> None:
    root = tmp_path / "www"
    _framed_site(root, 100)
    with LoopbackSite(root) as site:
        config = _config(tmp_path, site.base_url)
        first = run_json(config)
        assert first["counts"]["new_documents"] == 3 and first["warnings"] == [] and first["errors"] == []
        docs = documents(config)
        for path, number in (("/xxgk/content/3001.html", "某政发〔2024〕2号"), ("/xxgk/content/3002.html", "某科发〔2024〕3号")):
            row = docs[path]
            assert (row["doc_number"], row["issuer"], row["written_date"], row["index_no"], row["validity"]) == (
                number, "某市人民政府", "2024-01-05", "113200000000000001/2024-00001", "有效")
            text = stored_text(config, row)
            assert text[0] == number and "第二条 对新设立的数据交易机构给予最高100万元一次性奖励。" in text
            assert not any("首页" in line for line in text)
        assert "视频播放器加载中" not in "\n".join(stored_text(config, docs["/xxgk/content/3003.html"]))
        assert site.requests_to("/video/player.html") == []  # a page with text of its own: its iframes are not read
        shown = probe(site.url("/xxgk/content/3002.html"), "generic")  # probe reads one page, and names its frames
        assert f"its body is shown in a frame: a run reads it from {site.base_url}/xxgk/content/3002_head.html" in shown
        # the edit is inside the frames only; the pages holding them are byte for byte the same
        _framed_site(root, 150)
        second = run_json(config)
        assert second["counts"] == {"new_documents": 0, "new_versions": 2, "changes": 2, "missing": 0, "reappeared": 0}
        for event in second["events"]:
            (change,) = event["changeset"]["changes"]
            assert [(f["old"], f["new"]) for f in change["facts"]] == [("最高100万元", "最高150万元")]
        quiet = run_json(config)
        assert quiet["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}


def test_validity_shown_only_as_an_image_is_read_from_its_alt_text(tmp_path: Path) -> None:
    root = tmp_path / "www"
    titles = {"4001": ("某市数据要素市场培育办法", "有效"), "4002": ("某市人民政府关于调整部分政府定价项目的通知", "已废止")}
    files = {"/xxgk/ml/index.html": _listing([(doc, title, "") for doc, (title, _) in titles.items()])}
    for doc, (title, status) in titles.items():
        badge = f'<img src="/images/{doc}.png" alt="{status}" width="40">'
        files[f"/xxgk/content/{doc}.html"] = _page(title, '<div class="logo"><img src="/images/logo.png" alt="某市人民政府门户网站"></div>'
                                                   + _xxgk_table(title, f"某政规〔2024〕{doc[-1]}号", badge)
                                                   + f'<h1>{title}</h1><div id="zoom">{_body()}</div>')
    _write(root, files)
    with LoopbackSite(root) as site:
        config = _config(tmp_path, site.base_url)
        assert run_json(config)["counts"]["new_documents"] == 2
        docs = documents(config)
        for doc, (title, status) in titles.items():
            row = docs[f"/xxgk/content/{doc}.html"]
            assert (row["title"], row["validity"], row["issuer"], row["doc_number"]) == (
                title, status, "某市人民政府", f"某政规〔2024〕{doc[-1]}号")


def test_a_catalogue_table_under_unknown_urls_names_them_and_the_link_pattern_to_set(tmp_path: Path) -> None:
    root = tmp_path / "www"
    rows = [("5001", "某市数据要素市场培育办法", ""), ("5002", "某市人民政府关于印发算力设施建设三年行动方案的通知", ""),
            ("5003", "某市科技局关于开展2024年度科技型企业认定工作的通知", "")]
    files = {"/xxgk/ml/index.html": _listing(rows)}
    for doc, title, _ in rows:
        files[f"/xxgk/content/{doc}.html"] = _page(title, _xxgk_table(title, "某政发〔2024〕1号", "有效")
                                                   + f'<h1>{title}</h1><div id="zoom">{_body()}</div>')
    _write(root, files)
    with LoopbackSite(root) as site:
        # the generic profile knows no /xxgk/content/N.html: the pager's script is no JavaScript-drawn list
        bare = 'name = "city"\nlisting_urls = ["{base}/xxgk/ml/index.html"]'
        report = run_json(_config(tmp_path, site.base_url, bare))
        assert report["failed_sources"] == ["city"]
        (error,) = [e for e in report["errors"] if "index.html" in e]
        assert "render" not in error and "JavaScript" not in error
        assert "its list of 3 links" in error and r"link_pattern = '/xxgk/content/\d+\.html$'" in error
        shown = probe(site.url("/xxgk/ml/index.html"), "generic")
        assert "as:        listing" in shown and "UNSUPPORTED" not in shown and "link_pattern" in shown
        # the suggested line, as written, reads the whole list
        (tmp_path / "pw.db").unlink()
        config = _config(tmp_path, site.base_url, bare + "\nlink_pattern = '/xxgk/content/\\d+\\.html$'")
        assert run_json(config)["counts"]["new_documents"] == 3
        assert stored_text(config, documents(config)["/xxgk/content/5002.html"])[-1].endswith("最高100万元一次性奖励。")


def _toolbar_page(title: str, redesigned: bool) -> str:
    if not redesigned:  # the tool rows are bare paragraphs inside the body container
        return _page(title, f'<h1>{title}</h1><div id="zoom"><p>发布时间：2024-01-05　【字体：<a href="#">大</a> '
                            '<a href="#">中</a> <a href="#">小</a>】　【<a href="javascript:window.print()">打印</a>】</p>'
                            f'{_body()}<p>【我要纠错】【打印本页】【关闭窗口】</p></div>')
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head><body class="v2">'
            f'<header><nav><a href="/">首页</a></nav></header><main><article><h1>{title}</h1>'
            f'<div class="meta-line"><span>2024-01-05</span></div><div class="article-body TRS_UEDITOR">{_body()}</div>'
            '</article></main><footer>版权所有 某市人民政府</footer></body></html>')


def test_a_redesign_dropping_tool_rows_written_as_body_paragraphs_reports_nothing(tmp_path: Path) -> None:
    root = tmp_path / "www"
    rows = [("6001", "某市数据要素市场培育办法", ""), ("6002", "某市人民政府关于印发算力设施建设三年行动方案的通知", "")]
    _write(root, {"/xxgk/ml/index.html": _listing(rows)} | {f"/xxgk/content/{doc}.html": _toolbar_page(title, False)
                                                            for doc, title, _ in rows})
    with LoopbackSite(root) as site:
        config = _config(tmp_path, site.base_url)
        assert run_json(config)["counts"]["new_documents"] == 2
        text = stored_text(config, documents(config)["/xxgk/content/6001.html"])
        assert not any("字体" in line or "纠错" in line for line in text), text
        # same URLs, a new template without the tool rows: the documents did not change
        _write(root, {f"/xxgk/content/{doc}.html": _toolbar_page(title, True) for doc, title, _ in rows})
        again = run_json(config)
        assert again["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}, again["events"]


def test_a_body_shown_as_a_pdf_in_an_iframe_or_a_pdf_viewer_frame_is_the_pdf_s_text(tmp_path: Path) -> None:
    from tests.govsite import make_pdf

    root = tmp_path / "www"
    title = "某市数据要素市场培育办法"
    lines = [title, "第一条 本办法适用于本市行政区域内的数据交易活动。", "第二条 对新设立的数据交易机构给予最高100万元一次性奖励。"]
    frames = {"7001": '<iframe src="7001.pdf" width="100%"></iframe>',
              "7002": '<iframe src="/pdfjs/web/viewer.html?file=/xxgk/content/7002.pdf#page=1"></iframe>',
              # the file shown is also the page's 附件: one document, not the page and its file twice
              "7003": '<iframe src="7003.pdf"></iframe><p>附件：<a href="7003.pdf">某市数据要素市场培育办法.pdf</a></p>'}
    files = {"/xxgk/ml/index.html": _listing([(doc, f"{title}（{doc}）", "") for doc in frames]),
             "/pdfjs/web/viewer.html": '<html><body><div id="viewerContainer"></div><script src="viewer.js"></script></body></html>'}
    files |= {f"/xxgk/content/{doc}.html": _page(title, f"<h1>{title}</h1>{frame}") for doc, frame in frames.items()}
    _write(root, files)
    for doc in frames:
        (root / f"xxgk/content/{doc}.pdf").write_bytes(make_pdf(lines))
    with LoopbackSite(root) as site:
        config = _config(tmp_path, site.base_url)
        assert run_json(config)["counts"]["new_documents"] == 3
        docs = documents(config)
        assert len(docs) == 3
        for doc in frames:
            assert stored_text(config, docs[f"/xxgk/content/{doc}.html"]) == lines
        assert site.requests_to("/pdfjs/web/viewer.html") == []  # the file it shows is read, not the viewer


def test_labels_wrapped_by_br_in_a_narrow_label_column_are_read(tmp_path: Path) -> None:
    root = tmp_path / "www"
    title = "某市数据要素市场培育办法"
    table = ('<table class="xxgk"><tr><td width="40">索<br>引<br>号</td><td>113200000000000001/2024-00008</td>'
             '<td width="40">发布<br>机构</td><td>某市<br>人民政府</td></tr>'
             '<tr><td width="40">发文<br>字号</td><td>某政规〔2024〕8号</td><td width="40">成文<br/>日期：</td><td>2024年1月5日</td></tr>'
             '<tr><td width="40">有<br>效<br>性</td><td>有效</td></tr></table>')
    _write(root, {"/xxgk/ml/index.html": _listing([("8001", title, ""), ("8002", title + "实施细则", "")]),
                  "/xxgk/content/8001.html": _page(title, table + f'<h1>{title}</h1><div id="zoom">{_body()}</div>'),
                  "/xxgk/content/8002.html": _page(title + "实施细则", f'<h1>{title}实施细则</h1><div id="zoom">{_body()}</div>')})
    with LoopbackSite(root) as site:
        config = _config(tmp_path, site.base_url)
        run_json(config)
        row = documents(config)["/xxgk/content/8001.html"]
        assert (row["index_no"], row["issuer"], row["doc_number"], row["written_date"], row["validity"]) == (
            "113200000000000001/2024-00008", "某市人民政府", "某政规〔2024〕8号", "2024-01-05", "有效")
        assert stored_text(config, row)[0] == BODY[0]  # the block is not in the body
