"""Loopback sites imitating platforms the other test sites do not: gov.cn, gkmlpt JSON, Hanweb, JSP.

Static pages live in tests/data/unseen_sites; the scripted parts (gkmlpt's JSON API whose pages
0 and 1 are the same, Hanweb's POST-only dataproxy.jsp, content.jsp?id=N in GB18030, and the
generated PDF and DOCX attachments) are routes. `run_json` drives policywatch the way an
outside tool does: a few lines of TOML and `policywatch run --json` in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests.govsite import make_docx, make_pdf

ROOT = Path(__file__).parent / "data" / "unseen_sites"
PDF_NAME = quote("/attach/0/申报表.pdf")
DOC_PATH = "/module/download/downloadfile.jsp"
DOC_PARAGRAPHS = ["江苏省智能制造示范工厂建设指南", "一、适用范围", "本指南适用于全省制造业企业。"]
SCORING_PARAGRAPHS = ["智能制造示范工厂评分细则", "一、评分项目", "智能化水平占40分。"]
PDF_LINES = ["江苏省智能制造示范工厂申报表", "企业名称：", "申报类别：示范工厂"]

GKMLPT_ITEMS = [
    {"id": 4321, "title": "广东省人民政府关于印发广东省加快推进人工智能产业发展若干措施的通知",
     "document_number": "粤府〔2024〕12号", "publisher": "广东省人民政府",
     "identifier": "006939748/2024-0021", "created_at": 1708387200},
    {"id": 4322, "title": "广东省人民政府办公厅关于进一步推动低空经济发展的意见",
     "document_number": "粤府办〔2024〕7号", "publisher": "广东省人民政府办公厅",
     "identifier": "006939748/2024-0022", "created_at": 1708214400},
    # its page shows no 信息公开 block: the API record is the only place its 文号 and 索引号 appear
    {"id": 4323, "title": "广东省人民政府关于调整省级行政许可事项的决定",
     "document_number": "粤府〔2024〕15号", "publisher": "广东省人民政府",
     "identifier": "006939748/2024-0023", "created_at": 1708128000},
]


HANWEB_RECORDS = [
    (501, "省工业和信息化厅关于印发江苏省智能制造示范工厂建设指南的通知", 8),
    (502, "省工业和信息化厅关于公布2024年度工业互联网标杆工厂名单的通知", 9),
]


def _gkmlpt(request: RecordedRequest) -> Response:
    page = int(parse_qs(urlsplit(request.path).query).get("page", ["0"])[0])
    host = request.headers.get("host", "")
    # pages 0 and 1 are the same list (the real API's quirk); page 2 is the end
    items = [
        {**item, "url": f"http://{host}/gkmlpt/content/4/{item['id']}/post_{item['id']}.html#7"}
        for item in (GKMLPT_ITEMS if page in (0, 1) else [])
    ]
    body = {"total": len(GKMLPT_ITEMS), "page": page, "articles": items}
    return Response(body=json.dumps(body, ensure_ascii=False).encode(), headers={"Content-Type": "application/json;charset=UTF-8"})


def _dataproxy(request: RecordedRequest) -> Response:
    form = parse_qs(request.body.decode())
    if request.method != "POST" or form.get("columnid") != ["2385"]:
        return Response(status=200, body=b"<datastore><totalrecord>0</totalrecord></datastore>")
    records = "".join(
        f'<record><![CDATA[<li><a href="/art/2024/1/8/art_2385_{n}.html" target="_blank" title="{title}">'
        f'{title[:12]}…</a><span class="bt_time">2024-01-0{day}</span></li>]]></record>'
        for n, title, day in HANWEB_RECORDS
    )
    body = (f"<datastore><nextgroup><![CDATA[]]></nextgroup><totalrecord>{len(HANWEB_RECORDS)}</totalrecord>"
            f"<recordset>{records}</recordset></datastore>")
    return Response(body=body.encode(), headers={"Content-Type": "text/xml;charset=UTF-8"})


def _download(request: RecordedRequest) -> Response:
    """downloadfile.jsp: fileid 77 is a DOCX served as a .doc, 78 a DOCX, others a 200 error page."""
    file_id = parse_qs(urlsplit(request.path).query).get("fileid", [""])[0]
    if file_id in ("77", "78"):
        paragraphs = DOC_PARAGRAPHS if file_id == "77" else SCORING_PARAGRAPHS
        return Response(body=make_docx(paragraphs, [["项目", "要求"], ["产值", "1亿元"]]),
                        headers={"Content-Type": "application/msword", "Content-Disposition": "attachment; filename=a.doc"})
    # what many of these servers answer for a file that is gone: status 200 and a short HTML page
    return Response(body="<html><head><title>提示信息</title></head><body><script>alert('对不起，该文件不存在或已被删除！');"
                    "history.back();</script></body></html>".encode(), headers={"Content-Type": "text/html;charset=utf-8"})


def _content_jsp(request: RecordedRequest) -> Response:
    doc_id = parse_qs(urlsplit(request.path).query).get("id", [""])[0]
    page = ROOT / "jsp" / "xxgk" / "zcwj" / f"content_{doc_id}.html"
    if not doc_id.isdigit() or not page.is_file():
        return Response(status=404, body=b"<html><body>404</body></html>", headers={"Content-Type": "text/html"})
    return Response(body=page.read_bytes(), headers={"Content-Type": "text/html; charset=GB2312"})


@contextmanager
def serve(name: str, root: Path = ROOT) -> Iterator[LoopbackSite]:
    """One of the unseen sites (govcn, gkmlpt, hanweb, jsp) on 127.0.0.1 with its scripted routes
    (from `root`, a copy of tests/data/unseen_sites when a test edits the site)."""
    routes = {
        "/gkmlpt/api/all/5": _gkmlpt,
        "/module/web/jpage/dataproxy.jsp": _dataproxy,
        "/xxgk/zcwj/content.jsp": _content_jsp,
        DOC_PATH: _download,
        PDF_NAME: Response(body=make_pdf(PDF_LINES), headers={"Content-Type": "application/pdf"}),
    }
    with LoopbackSite(root / name, routes=routes) as site:
        yield site


def write_config(tmp_path: Path, source: str) -> Path:
    """A policywatch.toml around one [[sources]] table (given as TOML lines)."""
    path = tmp_path / "policywatch.toml"
    path.write_text(
        'database = "pw.db"\noutput_dir = "site"\n[fetch]\nmin_delay = 0.0\nretries = 0\n'
        f"[[sources]]\nallow_private = true\n{source}\n",
        encoding="utf-8",
    )
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True, timeout=300)


def run_json(config: Path) -> dict[str, Any]:
    done = cli("run", "--config", str(config), "--json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def documents(config: Path) -> dict[str, dict[str, Any]]:
    """url path (with query) -> exported document row, as `policywatch export` gives them."""
    done = cli("export", "--config", str(config), "--format", "json", "--kind", "documents")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    return {urlsplit(row["url"])._replace(scheme="", netloc="").geturl(): row for row in rows}


def stored_text(config: Path, row: dict[str, Any]) -> list[str]:
    """The lines of a document's latest version (`policywatch show`)."""
    done = cli("show", str(row["id"]), "--config", str(config))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def latest_texts(config: Path) -> dict[int, list[str]]:
    """document id -> the lines of its latest version, from one `policywatch export --kind versions`
    (the text `show` prints)."""
    done = cli("export", "--config", str(config), "--format", "json", "--kind", "versions")
    assert done.returncode == 0, done.stderr
    texts: dict[int, list[str]] = {}
    for row in json.loads(done.stdout):  # ordered by document and version number: the last one wins
        texts[int(row["document_id"])] = row["display_text"].splitlines()
    return texts


def probe(url: str, profile: str) -> str:
    done = cli("probe", url, "--profile", profile, "--allow-private")
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
