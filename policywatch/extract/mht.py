"""MHT web archives ("单个文件网页", multipart/related MIME): the HTML page inside, read as HTML.

Word saves a document as a Single File Web Page, and OA systems serve that file as .doc (with
application/msword) or .mht. Its bytes are MIME text, so it was sniffed as text and stored as its
headers and base64 or quoted-printable body. Here the root HTML part (the multipart/related
`start`, else the first text/html part) is decoded (its transfer encoding, then its charset by
the shared rules of extract.decode) and read by the HTML extractor; the page's images and
stylesheets, the other parts, hold no text.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from email.message import EmailMessage

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.model import ExtractedDocument

__all__ = ["extract_mht"]


def extract_mht(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """The text of the archive's root HTML page (format "mht"); ExtractError when it holds none."""
    from policywatch.extract.decode import decode_body
    from policywatch.extract.html import extract_html

    message = email.message_from_bytes(body.lstrip(), policy=email.policy.default)
    page = _root_page(message) if isinstance(message, EmailMessage) else None
    if page is None:
        raise ExtractError(f"{url}: an MHT web archive with no HTML page in it")
    payload = page.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise ExtractError(f"{url}: the HTML page of this MHT web archive cannot be decoded")
    decoded = decode_body(payload, http_charset=page.get_content_charset())
    return replace(extract_html(decoded.text, url=url), format="mht")


def _root_page(message: EmailMessage) -> EmailMessage | None:
    """The archive's page: the part the multipart/related `start` names, else the first HTML part."""
    parts = [part for part in message.walk() if isinstance(part, EmailMessage) and not part.is_multipart()]
    start = (message.get_param("start") or "") if message.is_multipart() else ""
    if isinstance(start, str) and start.strip("<>"):
        named = [part for part in parts if (part.get("Content-ID") or "").strip("<> ") == start.strip("<> ")]
        if named:
            return named[0]
    return next((part for part in parts if part.get_content_type() in ("text/html", "application/xhtml+xml")), None)
