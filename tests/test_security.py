"""Hostile pages cannot inject markup into the site, headers into email, or lead the crawler away."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.conftest import SmtpCollector, start_smtp

HOSTILE_TITLE = '关于<script>alert("x")</script>的通知\r\nBcc: victim@example.org'
LISTING = """<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list">
<li><a href="/zcwj/202401/t20240101_1.html">{title}</a><span>2024-01-01</span></li>
<li><a href="http://evil.example/zcwj/202401/t20240102_2.html">外站文件</a><span>2024-01-02</span></li>
<li><a href="http://10.0.0.7/zcwj/202401/t20240103_3.html">内网文件</a><span>2024-01-03</span></li>
<li><a href="http://169.254.169.254/latest/meta-data/t20240104_4.html">元数据</a><span>2024-01-04</span></li>
</ul></body></html>"""
DOCUMENT = """<html><head><meta charset="utf-8"><title>{title}</title>
<meta name="ArticleTitle" content="{title}"></head><body>
<table class="xxgk_table"><tr><td>标　　题：</td><td>{title}</td></tr>
<tr><td>发文机关：</td><td>示范市&lt;img src=x onerror=alert(1)&gt;局</td></tr>
<tr><td>发文字号：</td><td>示发〔2024〕1号</td></tr></table>
<div class="TRS_Editor">
<p>一、总体要求</p>
<p>（一）对符合条件的企业给予最高{amount}万元资助。&lt;script&gt;alert("body")&lt;/script&gt;</p>
<p>（二）<b onmouseover="alert(2)">加强组织保障</b>。详见<a href="http://10.0.0.7/secret.pdf">附件</a>。</p>
</div></body></html>"""



def write_site(root: Path, amount: int) -> None:
    title = HOSTILE_TITLE.replace("\r\n", " ")
    (root / "zcwj" / "202401").mkdir(parents=True, exist_ok=True)
    (root / "zcwj" / "index.html").write_text(LISTING.format(title=title), encoding="utf-8")
    (root / "zcwj" / "202401" / "t20240101_1.html").write_text(
        DOCUMENT.format(title=HOSTILE_TITLE, amount=amount), encoding="utf-8"
    )


def test_hostile_site(tmp_path: Path) -> None:
    collector = SmtpCollector()
    smtp = start_smtp(collector)
    root = tmp_path / "site-src"
    write_site(root, 100)
    try:
        with LoopbackSite(root) as site:
            config = tmp_path / "policywatch.toml"
            config.write_text(f"""
database = "pw.db"
output_dir = "out"
site_base_url = "https://policy.example.org/"
[fetch]
min_delay = 0.0
retries = 0
[smtp]
host = "127.0.0.1"
port = {smtp.port}
security = "none"
[[sources]]
name = "hostile"
listing_urls = ["{site.base_url}/zcwj/index.html"]
link_pattern = "t\\\\d{{8}}_\\\\d+\\\\.html"
allow_private = true
[[subscriptions]]
name = "team"
recipients = ["team@example.org"]
frequency = "immediate"
""", encoding="utf-8")
            settings = load_settings(config)
            with Store.open(settings.database) as store:
                run_once(settings, store)
                write_site(root, 500)
                summary = run_once(settings, store)
            requested = {r.path for r in site.requests}
    finally:
        smtp.stop()

    assert summary.changes == 1
    # the crawler stayed on its allowed host: nothing but the loopback site was asked for anything
    assert all(not p.startswith("http") for p in requested)

    for page in (tmp_path / "out").rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for script in soup.find_all("script"):
            assert script.get("src") or "alert" not in script.get_text(), f"{page}: injected script"
        assert not soup.find_all(attrs={"onerror": True}) and not soup.find_all(attrs={"onmouseover": True}), page
        assert not soup.find_all("img"), f"{page}: markup from the policy text became an element"

    assert collector.messages, "the change digest was not delivered"
    for message in collector.messages:
        assert "victim@example.org" not in str(message.get("Bcc", ""))
        assert all("\n" not in str(value) and "\r" not in str(value) for value in message.values())
        html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_content()
        soup = BeautifulSoup(html, "lxml")
        assert not soup.find_all("script") and not soup.find_all("img")
        assert not soup.find_all(attrs={"onerror": True}) and not soup.find_all(attrs={"onmouseover": True})
