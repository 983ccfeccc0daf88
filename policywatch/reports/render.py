"""The jinja2 environment: bundled templates, optional user overrides, autoescape and filters.

A user's templates directory comes first; `{% extends "default:base.html" %}` reaches the
bundled original of a template it overrides (the datasette pattern).
Compiled templates are kept in a per-user bytecode cache (see `bytecode_cache`), so a process
rendering one page does not parse and compile its templates again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
)

from policywatch.reports import labels
from policywatch.reports.bytecode import bytecode_cache
from policywatch.reports.guard import BoundedEnvironment
from policywatch.reports.i18n import Translator

# The bundled templates and static files as plain files beside this module (importlib.resources
# would cost `policywatch diff --format html` a few milliseconds of imports to find the same path).
BUNDLED = Path(__file__).resolve().parent
# The Environment's options: also part of the bytecode cache's key, since they shape the code.
_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


def _autoescape(name: str | None) -> bool:
    # Plain-text mail bodies must not carry HTML entities; every other template (HTML, XML and
    # inline strings) is escaped.
    return not (name or "").endswith(".txt")


def make_environment(lang: str = "zh", templates_dir: Path | None = None) -> Environment:
    """An Environment with the translator `t`, the view helpers and the date filters installed."""
    bundled = FileSystemLoader(str(BUNDLED / "templates"))
    loaders: list[BaseLoader] = []
    if templates_dir is not None:
        loaders.append(FileSystemLoader(str(templates_dir)))
    loaders += [PrefixLoader({"default": bundled}, delimiter=":"), bundled]
    # an operator's templates may come from anywhere: sandboxed and timed (guard.py); the
    # sandbox compiles other code, so its cached bytecode is kept apart
    kind, options = ((BoundedEnvironment, [*sorted(_OPTIONS.items()), "bounded"]) if templates_dir is not None
                     else (Environment, sorted(_OPTIONS.items())))
    env = kind(
        loader=ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        bytecode_cache=bytecode_cache(repr(options)),
        **_OPTIONS,
    )
    t = Translator(lang)
    env.globals.update(t=t, lang=t.lang, html_lang=t.html_lang(), anchor=labels.anchor,
                       path_label=labels.path_label)
    env.filters.update(date=format_date, datetime=format_datetime, one_line=labels.one_line,
                       source_note=lambda message: _source_note(message, t))
    return env


def _source_note(message: str, t: Translator) -> str:
    # views (and the model records it reads) loaded only by a page that shows a source's note:
    # `diff --format html` renders through this environment and must stay light
    from policywatch.reports.views import source_note

    return source_note(message, t)


def format_date(value: datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return _utc(value).strftime("%Y-%m-%d")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return _utc(value).strftime("%Y-%m-%d %H:%M UTC")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def bundled_files(folder: str) -> list[tuple[str, bytes]]:
    """(name, bytes) of every bundled file in templates/ or static/, sorted by name."""
    root = BUNDLED / folder
    return sorted((entry.name, entry.read_bytes()) for entry in root.iterdir() if entry.is_file())


def fingerprint(templates_dir: Path | None, extra: Iterable[str] = ()) -> str:
    """A hash of every template and static file (bundled and user) plus `extra` settings.

    Part of each page's input hash, so editing a template rebuilds the pages.
    """
    digest = hashlib.sha256()
    for folder in ("templates", "static"):
        for name, data in bundled_files(folder):
            digest.update(f"{folder}/{name}\0".encode() + hashlib.sha256(data).digest())
    if templates_dir is not None and templates_dir.is_dir():
        for path in sorted(p for p in templates_dir.rglob("*") if p.is_file()):
            digest.update(f"user/{path.relative_to(templates_dir)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    for item in extra:
        digest.update(item.encode() + b"\0")
    return digest.hexdigest()
