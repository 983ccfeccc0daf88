"""Every response gets an honest outcome: blocks, maintenance, soft 404s, stubs and real pages."""

from __future__ import annotations

from policywatch.config import SourceConfig
from policywatch.crawler import FakeClock, Fetcher
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.model import FetchOutcome
from tests.crawler.pages import policy_html, seed_text, small_page

HTML = {"Content-Type": "text/html"}


def html_response(page: str, status: int = 200, encoding: str = "utf-8", **headers: str) -> Response:
    return Response(status=status, body=page.encode(encoding), headers={**HTML, **headers})


def test_404_and_410_are_not_found(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/gone.html", Response(status=410, body=b"gone"))
    assert fetcher.fetch(site.url("/missing.html"), source=source).outcome is FetchOutcome.NOT_FOUND
    assert fetcher.fetch(site.url("/gone.html"), source=source).outcome is FetchOutcome.NOT_FOUND


def test_412_challenge_that_sets_a_cookie_is_retried_once_with_it(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    def nhc_waf(request: RecordedRequest) -> Response:
        if "__jsl_clearance=ok" in request.headers.get("cookie", ""):
            return html_response(policy_html())
        return Response(status=412, body=b"<html><script>document.cookie='x';location.reload()</script></html>",
                        headers={**HTML, "Set-Cookie": "__jsl_clearance=ok; Path=/"})

    site.route("/waf.html", nhc_waf)
    result = fetcher.fetch(site.url("/waf.html"), source=source)
    assert result.outcome is FetchOutcome.OK, result.detail
    requests = site.requests_to("/waf.html")
    assert len(requests) == 2
    assert "__jsl_clearance=ok" in requests[1].headers["cookie"]


def test_412_that_keeps_challenging_is_a_challenge_after_one_retry(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    site.route("/waf.html", Response(status=412, body=b"<html><script>var $_ts=window['$_ts'];</script></html>",
                                     headers={**HTML, "Set-Cookie": "FSSBBIl1UgzbN7N80S=abc; Path=/"}))
    result = fetcher.fetch(site.url("/waf.html"), source=source)
    assert result.outcome is FetchOutcome.CHALLENGE
    assert "412" in result.detail
    assert len(site.requests_to("/waf.html")) == 2  # never hammered


def test_200_js_challenge_page_is_a_challenge(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    page = ('<html><head><title></title></head><body><noscript>Please enable JavaScript</noscript>'
            '<script>var x="acw_sc__v2";document.cookie="acw_sc__v2="+x;location.reload();</script></body></html>')
    site.route("/stats.html", html_response(page))
    result = fetcher.fetch(site.url("/stats.html"), source=source)
    assert result.outcome is FetchOutcome.CHALLENGE
    assert "acw_sc__v2" in result.detail or "JavaScript" in result.detail


def test_403_waf_page_is_a_challenge(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/wz.html", html_response(small_page("403", "wzws waf: reason GeoBL"), status=403))
    assert fetcher.fetch(site.url("/wz.html"), source=source).outcome is FetchOutcome.CHALLENGE


def test_too_frequent_page_is_a_challenge(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/busy.html", html_response(small_page("提示", "您访问过于频繁，请稍后再试")))
    assert fetcher.fetch(site.url("/busy.html"), source=source).outcome is FetchOutcome.CHALLENGE


def test_200_maintenance_page(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/doc.html", html_response(small_page("南京市人民政府", "系统维护中，请稍后访问。"), encoding="gbk"))
    result = fetcher.fetch(site.url("/doc.html"), source=source)
    assert result.outcome is FetchOutcome.MAINTENANCE
    assert "系统维护" in result.detail


def test_503_upgrade_page_is_maintenance(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/doc.html", html_response(small_page("网站升级中", "网站升级中"), status=503))
    result = fetcher.fetch(site.url("/doc.html"), source=source)
    assert result.outcome is FetchOutcome.MAINTENANCE
    assert len(site.requests_to("/doc.html")) == 1  # maintenance is not retried


def test_200_page_not_found_is_a_soft_404(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/old.html", html_response(small_page("提示信息", "对不起，您访问的页面不存在或已被删除！")))
    result = fetcher.fetch(site.url("/old.html"), source=source)
    assert result.outcome is FetchOutcome.SOFT_404


def test_real_policy_mentioning_maintenance_and_missing_pages_stays_ok(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    body = ("第五条 各单位应在系统维护中做好数据备份，网站升级中不得中断服务。\n"
            "第六条 对于页面不存在、您访问的页面不存在等情形，应及时修复链接。\n" + seed_text()[:3000])
    page = policy_html(title="关于加强政府网站系统维护管理的通知", body=body)
    site.route("/policy.html", html_response(page, encoding="gbk"))
    result = fetcher.fetch(site.url("/policy.html"), source=source)
    assert result.outcome is FetchOutcome.OK, result.detail
    assert "系统维护中" in (result.text or "")


def test_home_page_served_for_a_document_url_is_a_soft_404(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    home = policy_html(title="南京市人民政府", body="首页 新闻 政策 " * 300)
    site.route("/", html_response(home))
    site.route("/art/2024/1/1/art_1.html", html_response(home))
    assert fetcher.fetch(site.url("/"), source=source).outcome is FetchOutcome.OK
    result = fetcher.fetch(site.url("/art/2024/1/1/art_1.html"), source=source)
    assert result.outcome is FetchOutcome.SOFT_404
    assert "home page" in result.detail


def test_document_redirected_to_home_is_a_soft_404_without_fetching_home(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    site.route("/art_9.html", Response(status=302, headers={"Location": "/index.html"}))
    result = fetcher.fetch(site.url("/art_9.html"), source=source)
    assert result.outcome is FetchOutcome.SOFT_404
    assert site.requests_to("/index.html") == []


def test_body_far_below_its_usual_size_is_a_stub(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    page = policy_html(body="详见附件。")
    site.route("/doc.html", html_response(page))
    result = fetcher.fetch(site.url("/doc.html"), source=source, expected_size=40_000)
    assert result.outcome is FetchOutcome.STUB
    same = fetcher.fetch(site.url("/doc.html"), source=source, expected_size=len(page.encode()))
    assert same.outcome is FetchOutcome.OK


def test_empty_200_is_a_stub(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/empty.html", Response(body=b"", headers=HTML))
    assert fetcher.fetch(site.url("/empty.html"), source=source).outcome is FetchOutcome.STUB


def test_persistent_500_is_http_error_after_retries(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher, clock: FakeClock
) -> None:
    site.route("/err.html", Response(status=500, body=b"oops"))
    result = fetcher.fetch(site.url("/err.html"), source=source)
    assert result.outcome is FetchOutcome.HTTP_ERROR
    assert len(site.requests_to("/err.html")) == 3  # retries=2
    assert "3 attempts" in result.detail
    # the two retried attempts travel with the result, so the fetch log can hold every attempt
    assert [(a.outcome, a.status) for a in result.retried] == [(FetchOutcome.HTTP_ERROR, 500)] * 2
    # Exponential backoff with jitter that only lengthens: at least 1 s, then 2 s.
    assert clock.sleeps[0] >= 1.0 and clock.sleeps[1] >= 2.0


def test_other_4xx_is_http_error_without_retry(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/bad.html", Response(status=400, body=b"bad"))
    result = fetcher.fetch(site.url("/bad.html"), source=source)
    assert result.outcome is FetchOutcome.HTTP_ERROR
    assert len(site.requests_to("/bad.html")) == 1


def test_connection_reset_then_success(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    calls: list[int] = []

    def flaky(request: RecordedRequest) -> Response:
        calls.append(1)
        return Response(reset=True) if len(calls) == 1 else html_response(policy_html())

    site.route("/flaky.html", flaky)
    result = fetcher.fetch(site.url("/flaky.html"), source=source)
    assert result.outcome is FetchOutcome.OK
    assert len(calls) == 2
    assert [a.outcome for a in result.retried] == [FetchOutcome.NETWORK_ERROR]


def test_unreachable_host_is_a_network_error(source: SourceConfig, fetcher: Fetcher) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = SourceConfig(name="dead", listing_urls=(f"http://127.0.0.1:{port}/",), allow_private=True)
    result = fetcher.fetch(f"http://127.0.0.1:{port}/doc.html", source=dead)
    assert result.outcome is FetchOutcome.NETWORK_ERROR
    assert result.detail


def test_truncated_body_is_a_network_error(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/cut.html", Response(body=policy_html().encode(), headers=HTML, truncate_at=100))
    result = fetcher.fetch(site.url("/cut.html"), source=source)
    assert result.outcome is FetchOutcome.NETWORK_ERROR
    assert len(site.requests_to("/cut.html")) == 3
