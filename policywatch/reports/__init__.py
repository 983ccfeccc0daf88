"""Reports stage: the static report site, email digests and webhooks.

Reads the store only through the `ReportSource` protocol and `policywatch.model` values; never
imports crawler, state or diffing.
"""

from policywatch.reports.diffpage import render_diff_html
from policywatch.reports.feed import build_feed
from policywatch.reports.mail import build_digest, select_events, send_email, write_eml
from policywatch.reports.site import SiteBuild, build_site
from policywatch.reports.source import ReportSource
from policywatch.reports.views import change_summary
from policywatch.reports.webhook import post_webhook, webhook_request

__all__ = [
    "ReportSource",
    "SiteBuild",
    "build_digest",
    "build_feed",
    "build_site",
    "change_summary",
    "post_webhook",
    "render_diff_html",
    "select_events",
    "send_email",
    "webhook_request",
    "write_eml",
]
