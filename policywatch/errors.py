"""The policywatch exception tree; every message names the URL, file or key it is about.

    PolicywatchError
    ├── ConfigError        a config file or value is wrong (exit code 2)
    ├── UsageError         a command was called wrongly (exit code 2)
    ├── ExtractError       a file cannot be read as HTML, PDF, DOCX or text
    ├── StoreError         the database is unusable: corrupt, locked, full (exit code 3)
    ├── LockError          another run holds the run lock
    │   └── LockHeldError  … held by a live run (the overlap cron should not page about)
    ├── DeliveryError      an SMTP server or webhook refused or could not be reached
    └── BrokerError        distributed mode: the Redis broker cannot be reached (exit code 1)
"""

from __future__ import annotations


class PolicywatchError(Exception):
    """Base of every error policywatch raises on purpose."""


class ConfigError(PolicywatchError):
    """A config file or value is wrong."""


class UsageError(PolicywatchError):
    """A command was called with arguments that cannot work."""


class ExtractError(PolicywatchError):
    """A document's bytes cannot be turned into text."""


class StoreError(PolicywatchError):
    """The store cannot be opened, read or written."""


class LockError(PolicywatchError):
    """Another policywatch run holds the lock."""


class LockHeldError(LockError):
    """The run lock is held by a live run: a harmless overlap, not a broken store."""


class DeliveryError(PolicywatchError):
    """A report could not be delivered; it stays queued.

    `permanent`: the destination refused it for good (an SMTP server answering 5xx to every
    recipient, a webhook answering 404/410); trying again cannot help, so the outbox gives the
    item up (a dead letter)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class BrokerError(PolicywatchError):
    """The distributed mode's broker (Redis) cannot be reached; the run stops and the next one completes it."""
