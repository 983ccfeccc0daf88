"""Reports stage: the static report site, email digests and webhooks.

Reads the store only through the `ReportSource` protocol and `policywatch.model` values; never
imports crawler, state or diffing. The public names load their module on first use, so that
`policywatch diff --format html` does not import the site, mail and webhook machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policywatch.lazyexports import lazy_exports

if TYPE_CHECKING:
    from policywatch.reports.diffpage import render_diff_html
    from policywatch.reports.feed import build_feed
    from policywatch.reports.labels import change_summary
    from policywatch.reports.mail import build_digest, refusals, select_events, send_email, write_eml
    from policywatch.reports.site import SiteBuild, build_site
    from policywatch.reports.source import ReportSource
    from policywatch.reports.webhook import post_webhook, webhook_request

_MODULES = {
    "render_diff_html": "diffpage",
    "build_feed": "feed",
    "build_digest": "mail", "refusals": "mail", "select_events": "mail", "send_email": "mail", "write_eml": "mail",
    "SiteBuild": "site", "build_site": "site",
    "ReportSource": "source",
    "change_summary": "labels",
    "post_webhook": "webhook", "webhook_request": "webhook",
}

__all__ = [
    "ReportSource",
    "SiteBuild",
    "build_digest",
    "build_feed",
    "build_site",
    "change_summary",
    "post_webhook",
    "refusals",
    "render_diff_html",
    "select_events",
    "send_email",
    "webhook_request",
    "write_eml",
]
__getattr__, __dir__ = lazy_exports(__name__, globals(), _MODULES)
