"""refresh_target: the redirects pages write themselves (meta refresh, a lone location.href)."""

from __future__ import annotations

import pytest

from policywatch.crawler.refresh import refresh_target
from tests.crawler.pages import policy_html

MOVED = "<p>该页面已迁移，正在为您跳转……</p>"


@pytest.mark.parametrize(("page", "target"), [
    (f'<html><head><meta http-equiv="refresh" content="0;url=/zcwj/202407/t20240701_9.html"></head><body>{MOVED}</body></html>',
     "/zcwj/202407/t20240701_9.html"),
    (f"<html><head><META HTTP-EQUIV='Refresh' CONTENT='3; URL=../new/a.html'></head><body>{MOVED}</body></html>",
     "../new/a.html"),
    ('<html><head><script type="text/javascript">\nwindow.location.href = "./zcwj/";\n</script></head><body></body></html>',
     "./zcwj/"),
    ("<script>location.replace('/art/2024/7/1/art_1_9.html')</script>", "/art/2024/7/1/art_1_9.html"),
])
def test_a_page_that_only_sends_its_reader_on(page: str, target: str) -> None:
    assert refresh_target(page) == target


@pytest.mark.parametrize("page", [
    '<html><head><meta http-equiv="refresh" content="300"></head><body>x</body></html>',  # reloads itself
    f'<html><head><meta http-equiv="refresh" content="600;url=/a.html"></head><body>{MOVED}</body></html>',  # too slow
    '<html><body><a href="#" onclick="track(); location.href=\'/a.html\'">下载</a></body></html>',  # a click
    "<script>location.href = 'javascript:void(0)'</script>",
    # a real document that only sends phones elsewhere keeps its text
    policy_html(extra='<script>if (/Mobile/.test(navigator.userAgent)) { location.href = "/m/a.html"; }</script>'),
])
def test_pages_that_are_read_where_they_are(page: str) -> None:
    assert refresh_target(page) == ""


def test_a_meta_refresh_target_is_an_attribute_value_and_a_script_s_is_not() -> None:
    meta = """<html><head><meta http-equiv="refresh" content="0;URL='/xxgk/content.jsp?id=101&amp;lm=2'"></head></html>"""
    assert refresh_target(meta) == "/xxgk/content.jsp?id=101&lm=2"
    script = """<html><head><script>location.href = "/xxgk/content.jsp?id=101&amp;lm=2";</script></head></html>"""
    assert refresh_target(script) == "/xxgk/content.jsp?id=101&amp;lm=2"
