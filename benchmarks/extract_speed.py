"""Extraction throughput on a large policy page (the 660 KB seed compilation as HTML), and OFD.

Prints MB/s for a page with a known container and for one that needs the text-density
fallback, pages/s for the same text as an OFD package (tests/ofdgen.py lays it out on A4
pages) and paragraphs/s for it as a DOCX whose clauses are numbered by Word's automatic
numbering, wrapped in content controls and tracked changes (tests/docxgen.py); exits non-zero
below TARGET_MB_S, TARGET_OFD_PAGES_S or TARGET_DOCX_PARAGRAPHS_S.

Then a 信息公开 page holding one large data table (tests/tablepage.py, GBK) at two sizes: CPU
seconds per MB of each, exiting non-zero when the larger page costs more than MAX_GROWTH times
as much per MB as the smaller (extraction must stay linear in the table's rows).

Last a page of PARAGRAPHS short <p> elements (a 5.6 MB register or list printed as paragraphs):
CPU seconds of its reader, exiting non-zero above TARGET_PARAGRAPH_PAGE_S.
Run: PYTHONPATH=. python benchmarks/extract_speed.py
"""

from __future__ import annotations

import html
import io
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from policywatch.extract import extract

TARGET_MB_S = 1.0  # a 1 MB government page must never take more than a second to extract
TARGET_OFD_PAGES_S = 50.0  # a 100-page OFD attachment in two seconds
TARGET_DOCX_PARAGRAPHS_S = 5000.0  # a 500-paragraph DOCX policy in a tenth of a second
TABLE_ROWS = (10_000, 40_000)  # ~1.4 MB and ~5.8 MB of GBK
MAX_GROWTH = 1.3  # the larger table page's seconds per MB over the smaller's
PARAGRAPHS = 300_000
TARGET_PARAGRAPH_PAGE_S = 3.0  # CPU seconds for the page of PARAGRAPHS paragraphs
SEED = Path(__file__).parent.parent / "tests" / "data" / "seeds" / "001_19fc23e80da6329a.txt"


def pages() -> dict[str, bytes]:
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    nav = "<div class='nav'>" + "".join(f"<a href='/c{i}/'>栏目{i}</a>" for i in range(50)) + "</div>"
    return {
        "container": f"<html><head><title>汇编_政府网</title></head><body>{nav}<div class='TRS_Editor'>{paragraphs}</div></body></html>".encode(),
        "density": f"<html><body>{nav}<div class='x'><div class='y'>{paragraphs}</div></div></body></html>".encode(),
    }


def main() -> int:
    worst = float("inf")
    for name, body in pages().items():
        start = time.perf_counter()
        doc = extract(body, url="http://bench.example/a.html")
        seconds = time.perf_counter() - start
        rate = len(body) / 1e6 / seconds
        worst = min(worst, rate)
        print(f"{name:10} {len(body) / 1e3:7.0f} KB  {seconds:6.3f} s  {rate:5.2f} MB/s  {len(doc.text.splitlines())} lines")
    print(f"worst {worst:.2f} MB/s (target >= {TARGET_MB_S})")
    ofd_rate = ofd_pages_per_second()
    docx_rate = docx_paragraphs_per_second()
    growth = table_growth()
    paragraph_seconds = paragraph_page_seconds()
    return 0 if (worst >= TARGET_MB_S and ofd_rate >= TARGET_OFD_PAGES_S and docx_rate >= TARGET_DOCX_PARAGRAPHS_S
                 and growth <= MAX_GROWTH and paragraph_seconds <= TARGET_PARAGRAPH_PAGE_S) else 1


def paragraph_page_seconds() -> float:
    """CPU seconds of the large-page reader (the sandbox child's, in this process) on a page of
    PARAGRAPHS short paragraphs in a usual container, best of two, and the process's peak memory."""
    import resource

    from policywatch.config import ExtractSettings
    from policywatch.extract.html import read_large_page

    paragraphs = "".join(f"<p>第{i}段</p>" for i in range(PARAGRAPHS))
    body = f"<html><head><title>名册</title></head><body><div class='TRS_Editor'>{paragraphs}</div></body></html>".encode()

    def read(data: bytes, *, url: str) -> object:
        return read_large_page(data, url=url, limits=ExtractSettings())

    seconds = min(_cpu_seconds(read, body) for _ in range(2))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"paragraphs {len(body) / 1e3:7.0f} KB  {seconds:6.3f} s  {PARAGRAPHS} <p>  peak {peak:.0f} MB "
          f"(target <= {TARGET_PARAGRAPH_PAGE_S} s, CPU time)")
    return seconds


def docx_paragraphs_per_second() -> float:
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from xml.sax.saxutils import escape

    from policywatch.extract.docx import extract_docx
    from tests.docxgen import make_docx_xml, p

    paragraphs = [escape(line.strip()) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    numbering = ("<w:abstractNum w:abstractNumId='0'><w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
                 "<w:lvlText w:val='第%1条'/></w:lvl><w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
                 "<w:lvlText w:val='（%2）'/></w:lvl></w:abstractNum><w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num>")
    blocks = []
    for i, text in enumerate(paragraphs):
        if i % 3 == 0:  # a numbered clause
            blocks.append(p(text, f"<w:numPr><w:ilvl w:val='{i % 2}'/><w:numId w:val='1'/></w:numPr>"))
        elif i % 3 == 1:  # a paragraph in a content control, with a tracked insertion
            blocks.append(f"<w:sdt><w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r><w:ins w:id='{i}' w:author='a'>"
                          f"<w:r><w:t>（新增）</w:t></w:r></w:ins></w:p></w:sdtContent></w:sdt>")
        else:
            blocks.append(p(text))
    body = make_docx_xml("".join(blocks), numbering=numbering)
    # the reader itself, in this process (extract() would run it in the sandbox child)
    seconds = min(_cpu_seconds(extract_docx, body) for _ in range(2))
    rate = len(paragraphs) / seconds
    print(f"docx       {len(body) / 1e3:7.0f} KB  {seconds:6.3f} s  {len(paragraphs)} paragraphs  {rate:8.0f} paragraphs/s "
          f"(target >= {TARGET_DOCX_PARAGRAPHS_S:.0f}, CPU time)")
    return rate


def table_growth() -> float:
    """Seconds per MB of the large-table page at the larger size over the smaller size."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from policywatch.config import ExtractSettings
    from policywatch.extract.html import extract_html, read_large_page
    from policywatch.extract.limits import LARGE_PAGE_CHARS
    from tests.tablepage import table_page

    def read(text: str, *, url: str) -> object:  # the reader a crawl uses for a page of this size
        if len(text) > LARGE_PAGE_CHARS:
            return read_large_page(text.encode("utf-8"), url=url, limits=ExtractSettings())
        return extract_html(text, url=url)

    per_mb = []
    for rows in TABLE_ROWS:
        body = table_page(rows, "gbk")
        text = body.decode("gbk")
        # the child's reader in this process, by CPU time: extract() reads a page over
        # LARGE_PAGE_CHARS in the sandbox child, whose CPU this process's clock does not see, and
        # a shared machine's wall clock measures its neighbours. Best of two: a neighbour only adds.
        seconds = min(_cpu_seconds(read, text) for _ in range(2))
        mb = len(body) / 1e6
        per_mb.append(seconds / mb)
        print(f"table      {mb * 1e3:7.0f} KB  {seconds:6.3f} s  {rows} rows  {seconds / mb:5.2f} s/MB (CPU)")
    growth = per_mb[-1] / per_mb[0]
    print(f"table growth per MB {growth:.2f}x from {TABLE_ROWS[0]} to {TABLE_ROWS[-1]} rows (limit {MAX_GROWTH}x)")
    return growth


def _cpu_seconds(read: Callable[..., object], text: str | bytes) -> float:
    start = time.process_time()
    read(text, url="http://bench.example/t.html")
    return time.process_time() - start


def ofd_pages_per_second() -> float:
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from policywatch.extract.ofd import extract_ofd
    from tests.ofdgen import make_ofd

    paragraphs = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = make_ofd(paragraphs)
    # The reader itself, in this process: extract() would run it in the sandbox child, whose
    # CPU time this process's clock does not see.
    start = time.process_time()
    doc = extract_ofd(body, url="http://bench.example/a.ofd")
    seconds = time.process_time() - start
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        pages = sum(name.endswith("/Content.xml") for name in archive.namelist())
    rate = pages / seconds
    print(f"ofd        {len(body) / 1e3:7.0f} KB  {seconds:6.3f} s  {pages} pages  {rate:6.1f} pages/s  "
          f"{len(doc.text.splitlines())} paragraphs (target >= {TARGET_OFD_PAGES_S} pages/s, CPU time)")
    return rate


if __name__ == "__main__":
    sys.exit(main())
