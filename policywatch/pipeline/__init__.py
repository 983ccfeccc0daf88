"""Pipeline: wires the stages into one crawl-and-report pass (the only wiring besides the CLI).

    run_once(settings, store) -> RunSummary
        for each source: discover -> fetch -> extract -> normalize -> store -> segment+compare
        -> events; then the outbox is filled (digests, webhooks), the site rebuilt and the
        outbox delivered.
"""

from policywatch.pipeline.delivery import deliver_outbox, enqueue_digests, write_digest_files
from policywatch.pipeline.reportview import ReportView
from policywatch.pipeline.run import Progress, build_site, run_once

__all__ = [
    "Progress",
    "ReportView",
    "build_site",
    "deliver_outbox",
    "enqueue_digests",
    "run_once",
    "write_digest_files",
]
