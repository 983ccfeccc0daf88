"""Reading listing APIs: a Hanweb dataproxy answer's <record>s and a JSON API's record list.

The listing walk (crawler.discover) and the probe read record lists through these; a listing page's
HTML is crawler.listing's. Each record's URL, title, date and metadata come from its fields, by the
configured field names first and a general rule set (the fields' names) after.
"""

from __future__ import annotations

import html
import json
import re
import string
from collections import Counter
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from policywatch.extract.html import media_name, name_words, static_file
from policywatch.extract.metadata import fold_doc_number
from policywatch.model import DocumentMetadata

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
HANWEB_FIELDS = ("columnid", "unitid", "webid", "path", "sourceContentType", "permissiontype", "webname")


# -------------------------------------------------------------------------- Hanweb


def hanweb_records(text: str) -> tuple[str, int | None]:
    """(HTML of every <record> CDATA joined, <totalrecord> or None) of a dataproxy answer or page."""
    total = _TOTAL.search(text)
    return "\n".join(_RECORD.findall(text)), int(total[1]) if total else None


def hanweb_params(html: str) -> dict[str, str]:
    """jpage form fields (columnid, unitid, webid …) and the proxy URL found in a column page."""
    params: dict[str, str] = {}
    for name in HANWEB_FIELDS:
        # columnid=1 (URL), columnid: '1' (JS object) and "columnid": "1" (JSON)
        m = re.search(rf"[?&\s{{,;\"']{name}[\"']?\s*[=:]\s*[\"']?([^\"'&,\s}};<]+)", html, re.I)
        if m:
            params[name] = unquote(m[1])  # values taken from a URL are percent-encoded
    proxy = re.search(r"proxyUrl\s*[:=]\s*[\"']([^\"']+)[\"']", html) or re.search(
        r"[\"']([^\"'\s]*dataproxy\.jsp)", html
    )
    if proxy:
        params["proxy"] = proxy[1]
    return params if "columnid" in params else {}


# -------------------------------------------------------------------------- JSON


def json_items(data: Any, path: str, url_field: str = "", title_field: str = "title") -> list[Any] | None:
    """The record list at dotted `path` (e.g. "data.list"), else, of the lists of objects whose
    records hold `url_field` or a link in another field (json_record_url's docUrl, shareUrl …),
    the dated one, then the titled one (`title_field`), then one holding `url_field`, then the
    longest: a menu or tag list ({"name": "首页", "linkUrl": "/index.html"}) often comes first."""
    return json_records(data, path, url_field, title_field)[1]


def json_records(data: Any, path: str, url_field: str = "", title_field: str = "title") -> tuple[str, list[Any] | None]:
    """(dotted path, record list) as json_items finds them: the path found is the one to read the
    listing's next pages at, where the list may be empty past its end and a menu list the only
    one left to find."""
    if path:
        node = data
        for part in path.split("."):
            node = _json_in_string(node)
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return path, None
        node = _json_in_string(node)
        return path, node if isinstance(node, list) else None
    queue: list[tuple[str, Any]] = [("", data)]
    first: tuple[str, Any] | None = None
    linked: list[tuple[tuple[bool, bool, bool, int], str, Any]] = []
    while queue:
        where, node = queue.pop(0)
        node = _json_in_string(node)
        if isinstance(node, list) and (not node or isinstance(node[0], dict)):
            if not url_field:
                return where, node
            head = [item for item in node[:5] if isinstance(item, dict)]
            own = any(json_field(item, url_field) for item in head)
            if own or any(_other_link(item, url_field, frames=False) for item in head):
                # the record list before a menu's ({"name": "首页", "url": "/index.html"}), which
                # often comes first and holds the very URL field: dated records, then titled
                # ones, then the URL field's, then the longer list
                dated = any(json_date(item, "") for item in head)
                titled = any(json_field(item, title_field).strip() for item in head)
                linked.append(((dated, titled, own, len(node)), where, node))
            first = (where, node) if first is None else first
        if isinstance(node, dict):
            queue.extend((f"{where}.{key}" if where else str(key), value) for key, value in node.items())
    if linked:
        _, where, node = max(linked, key=lambda found: found[0])  # max keeps the first of equals
        return where, node
    return first or ("", None)


def _json_in_string(node: Any) -> Any:
    """`node`, or the JSON it holds when it is a string of a JSON object or array: list APIs
    written over a Java or .NET service answer {"code": 200, "data": "{\\"list\\": [...]}"}, their
    records serialised twice."""
    if isinstance(node, str) and node.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(node)
        except (json.JSONDecodeError, RecursionError):
            return node
    return node


def json_list_path(data: Any) -> tuple[str, list[str]]:
    """(dotted path, field names) of the first list of records in a JSON answer that looks like a
    document list (its records hold a URL), for telling a user how to configure it; ("", []) if none."""
    queue: list[tuple[str, Any]] = [("", data)]
    while queue:
        path, node = queue.pop(0)
        node = _json_in_string(node)
        if isinstance(node, list) and node and isinstance(node[0], dict) and any(
            isinstance(v, str) and (v.startswith(("http://", "https://", "/", "./")) or ".htm" in v)
            for v in node[0].values()
        ):
            return path, list(node[0])
        if isinstance(node, dict):
            queue.extend((f"{path}.{key}" if path else str(key), value) for key, value in node.items())
    return "", []


# A fallback URL all records, or this many and half the list or more, give alike names the list's page.
SHARED_FIELD_RECORDS = 3


def json_record_urls(items: list[Any], url_field: str, template: str = "") -> list[str]:
    """json_record_url of each record, less a URL found in another field (not `url_field` nor
    `template`) that other records give too: a record's own page is its own, and a field every
    record fills alike (tplUrl "detail.html", the column's columnUrl beside a bare id) names the
    list's template or column: read as the records' URLs, the listing named one page for all of
    them and said nothing of the URLs it never found. Shared by a few is no template: a list
    names one document twice (a pinned record listed again, a policy and its 解读 on one page),
    and refusing the pair lost that document; a field is the list's when every record (two or
    more) gives it alike, or at least half of them and SHARED_FIELD_RECORDS or more."""
    own = [_own_record_url(item, url_field, template) for item in items]
    other = ["" if url or template or not isinstance(item, dict) else _other_link(item, url_field, frames=True)
             for item, url in zip(items, own, strict=True)]
    shared = Counter(other)
    common = {link for link, count in shared.items()
              if count == len(items) > 1 or (count >= SHARED_FIELD_RECORDS and 2 * count >= len(items))}
    return [url or (link if link not in common else "") for url, link in zip(own, other, strict=True)]


def json_record_url(item: Any, url_field: str, template: str = "") -> str:
    """The URL text of one JSON list record (json_record_urls reads a list's)."""
    if own := _own_record_url(item, url_field, template):
        return own
    if template or not isinstance(item, dict):
        return ""
    # a record without a URL in `url_field` (empty, a bare id, or no such field: the default
    # "url" against docUrl, shareUrl, linkUrl …) keeps it in another field: read as none, the
    # listing was said incomplete on every run. A field naming the record's column or site
    # (columnUrl, siteUrl, channelUrl) is taken last: that is the list's address, not the
    # document's, unless the record has nothing else; a picture's (picUrl, videoUrl) is none.
    return _other_link(item, url_field, frames=True)


def _own_record_url(item: Any, url_field: str, template: str = "") -> str:
    """The URL text of a JSON list record, relative or absolute, or "" when it has none: its
    `template` (json_url_template, "/art/{id}.html") filled from the record's fields, else its
    `url_field`. A bare id in the URL field (101, a hash) is no link: resolved against the
    listing it named a 404 for every record."""
    if template:
        out = []
        parsed = list(string.Formatter().parse(template))
        for n, (literal, name, _, _) in enumerate(parsed):
            out.append(literal)
            if name is not None:
                if not (value := json_field(item, name).strip()):
                    return ""
                # a field with the template going on after it (/art/{id}.html) is one part: its
                # ? or # (id "a#b") cut the address there; a field ending the template
                # (/art/{path}) may carry its own query
                last = not "".join(part[0] for part in parsed[n + 1:])
                unsafe = _URL_UNSAFE if last else _URL_UNSAFE_IN_PART
                out.append(unsafe.sub(lambda m: quote(m[0], safe=""), value))
        return "".join(out)
    # a URL stored as HTML (content.jsp?id=1&amp;cat=2) is sent as the page's link would be
    raw = _AMPERSAND.sub("&", json_field(item, url_field).strip())
    return raw if re.search(r"[/.?:]", raw) else ""


def _other_link(item: dict[Any, Any], url_field: str, *, frames: bool) -> str:
    """The record's link in a field other than `url_field` whose name says it holds one: a page's
    (docUrl, linkUrl, detailUrl) before a file's to download (fileUrl, downloadUrl, the
    attachment of a record whose page lists it), that before one naming where the document came
    from (sourceUrl, originUrl: another site's, skipped off the source's hosts), and a column's or
    site's (`frames`) only after every other."""
    fields = sorted((key for key, value in item.items() if key != url_field and isinstance(value, str)
                     and _URL_KEY.search(str(key)) and not media_name(str(key))), key=_link_rank)
    return next((link for key in fields if (frames or not _FRAME_WORDS.intersection(name_words(str(key))))
                 and _is_record_link(link := _AMPERSAND.sub("&", str(item[key]).strip()))), "")


# a character a URL cannot hold as it is (a space, Chinese, a quote) or a % starting no %XX: a
# field's ?id=3, & or an encoded %E6 are the URL's own and kept, or the link named another page
_URL_UNSAFE = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_URL_UNSAFE_IN_PART = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/\[\]@!$&'()*+,;=%]")
# a record field holding a link: linkUrl, link_url, outLink, href, redirectUrl, shareUrl, docUrl
_URL_KEY = re.compile(r"url|link|href", re.I)
# words of a field's name saying its URL is the column's or site's the record sits in
_FRAME_WORDS = frozenset(("column", "col", "channel", "chnl", "site", "web", "node", "parent", "cat", "category",
                          "catalog", "lm", "menu", "nav", "home", "more", "list", "index"))
# words of a field's name saying its URL is a file's to download, or another site's the record came from
_FILE_WORDS = frozenset(("file", "download", "down", "dl", "attach", "attachment", "fj", "fujian", "pdf"))
_ELSEWHERE_WORDS = frozenset(("source", "src", "origin", "original", "orig", "external", "ext"))


def _link_rank(key: object) -> int:
    """A record's URL fields in the order to take them: a page's, a file's, another site's, a frame's."""
    words = set(name_words(str(key)))
    return 3 if words & _FRAME_WORDS else 2 if words & _ELSEWHERE_WORDS else 1 if words & _FILE_WORDS else 0


# a relative page address a record may hold (../art/1.html, art/2024/1.html)
_RELATIVE_PAGE = re.compile(r"(?:\.\./)*[\w.\-/]+\.(?:s?html?|jsp|aspx?|php|do)(?:\?\S*)?")


def _is_record_link(value: str) -> bool:
    """`value`, another field's URL, can be a record's own page: a page's address, not a
    picture or media file, and not a site's root (siteUrl="/", sourceUrl="http://www.gov.cn/")."""
    if not (value.startswith(("http://", "https://", "/", "./", "../")) or _RELATIVE_PAGE.fullmatch(value)):
        return False
    if static_file(value):
        return False
    parts = urlsplit(value)
    return bool(parts.path.strip("/") or parts.query)


# an ampersand written as HTML, in a URL text taken from HTML into a JSON record
_AMPERSAND = re.compile(r"&(?:amp|#0*38|#x0*26);", re.I)
# markup only: a tag name after < or </ (<em>, </font>); 年收入<6万元且资产>50万元 keeps its signs
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")


def json_title(item: Any, field: str) -> str:
    """A JSON record's title as text: search APIs mark the words matched (<em>人工智能</em>) and
    CMS fields keep entities (&ldquo;), which are no part of the title."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", json_field(item, field)))).strip()


def json_record_keys(items: list[Any]) -> list[str]:
    """The field names of a JSON list's records (nested objects' fields as dotted names), for
    saying which fields a record has when none of them gives its URL."""
    keys: dict[str, None] = {}
    for item in items[:5]:
        for key, value in item.items() if isinstance(item, dict) else ():
            if isinstance(value, dict):
                keys.update(dict.fromkeys(f"{key}.{inner}" for inner in value))
            else:
                keys[str(key)] = None
    return list(keys)


def json_field(item: Any, path: str) -> str:
    node = item
    for part in path.split(".") if path else ():
        node = node.get(part) if isinstance(node, dict) else None
    return "" if node is None or isinstance(node, (dict, list)) else str(node)


# Record fields of common list APIs that carry document metadata (gkmlpt, Suzhou, Heilongjiang …).
JSON_METADATA_FIELDS = {
    "doc_number": ("document_number", "documentNumber", "doc_number", "docNo", "wh", "fwzh", "C_WJBH", "refno"),
    "issuer": ("publisher", "issuer", "fwjg", "fbjg", "publishOrg", "source"),
    "index_no": ("identifier", "index_no", "indexNo", "syh", "C_SYH", "indexnumber"),
    "validity": ("validity", "yxx", "status_name"),
    # 主题分类 (ztfl; zcfl 政策分类, fwzt 发文主题): a portal's subject tree, as its name. The name
    # keys first: a record sends the code under the bare key beside it ({'ztfl': '0101',
    # 'ztflName': '城乡建设'}), and a code (json_metadata skips it) is no subject a reader sees
    # each family's name before its own code (ztflName before ztfl), the families in order: a 主题分类
    # before a 政策分类 (zcfl) of the same record
    "subject": ("subjectName", "subject_name", "subject", "ztflName", "ztflmc", "ztfl", "themeName", "theme_name",
                "theme", "zcflName", "zcfl", "fwzt"),
}

# a subject key's value that is a code, not a name: digits (0101) or a short ASCII word (default, A02)
_SUBJECT_CODE = re.compile(r"(?:[0-9]+|[A-Za-z0-9_.-]{1,12})(?:[,;，；、 ]+(?:[0-9]+|[A-Za-z0-9_.-]{1,12}))*")


def _record_value(item: Any, name: str, key: str) -> str:
    value = json_field(item, key).strip()
    return "" if name == "subject" and _SUBJECT_CODE.fullmatch(value) else value


def json_metadata(item: Any, title: str, published: str) -> DocumentMetadata:
    """Metadata a JSON list record states for its document (empty fields where it says nothing)."""
    found = {name: next((value for key in keys if (value := _record_value(item, name, key))), "")
             for name, keys in JSON_METADATA_FIELDS.items()}
    found["doc_number"] = fold_doc_number(found["doc_number"]) if found["doc_number"] else ""
    return DocumentMetadata(title=title, published_date=published, **found)


# Date fields of common list APIs, tried when the source names none (gkmlpt, TRS, Hanweb, 政务公开 APIs).
JSON_DATE_FIELDS = (
    "publish_time", "publishTime", "pubDate", "pub_date", "publish_date", "publishDate", "releaseDate",
    "created_at", "createTime", "docDate", "fbrq", "fwrq", "date",
)


def json_date(item: Any, field: str) -> str:
    """The record's date text: the configured field, else the first usual date field present."""
    for name in (field,) if field else JSON_DATE_FIELDS:
        if value := json_field(item, name).strip():
            return value
    return ""


_JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)
# An anti-XSSI guard before the JSON, so that a page including the API as a script runs nothing:
# `)]}',` (Angular), `while(1);`, `for(;;);`, a BOM before any of them
_XSSI_GUARD = re.compile(r"^\ufeff?\s*(?:\)\]\}'?,?|while\s*\(\s*(?:1|true)\s*\)\s*;?|for\s*\(\s*;\s*;\s*\)\s*;?)")


def parse_json(text: str, url: str) -> Any:
    """The JSON of a list API answer; a JSONP answer (`callback({...});`) is unwrapped and an
    anti-XSSI guard (`)]}',`, `while(1);`, `for(;;);`) stripped."""
    text = _XSSI_GUARD.sub("", text, count=1)
    if (wrapped := _JSONP.match(text)) and not text.lstrip().startswith(("{", "[")):
        text = wrapped[1]
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{url}: listing is not valid JSON: {exc}") from None
    except RecursionError:  # [[[[… a hundred thousand deep: no list API nests like that
        raise ValueError(f"{url}: listing JSON is nested too deeply to read") from None
