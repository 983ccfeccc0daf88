"""Bundled demo: a small government site in two states ("before", "after") served on loopback."""

from __future__ import annotations

from pathlib import Path

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response

SITE_DIR = Path(__file__).resolve().parent / "site"
STATES = ("before", "after")


def site_root(state: str) -> Path:
    """Directory holding the demo site in the given state."""
    if state not in STATES:
        raise ValueError(f"unknown demo state {state!r}; expected one of {', '.join(STATES)}")
    return SITE_DIR / state


def family_root(state: str) -> Path:
    """Directory holding the lineage family's site (policywatch/demo/family.py) in the given state."""
    if state not in STATES:
        raise ValueError(f"unknown demo state {state!r}; expected one of {', '.join(STATES)}")
    return SITE_DIR / "family" / state


__all__ = ["STATES", "LoopbackSite", "RecordedRequest", "Response", "family_root", "site_root"]
