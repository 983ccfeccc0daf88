"""Config documentation generated from the schema: the `init` example and docs/configuration.md.

Both come from config.SECTIONS, so a key cannot exist without being documented; a test checks
that docs/configuration.md is what configuration_markdown() produces.
"""

from __future__ import annotations

import json
from typing import Any

from policywatch.config import ARRAY_SECTIONS, MAX_INT, MAX_SECONDS, SECTIONS, Key

EXAMPLE_SOURCE = {
    "name": "miit-zcwj",
    "listing_urls": ["https://www.miit.gov.cn/zwgk/zcwj/index.html"],
    "profile": "trs",
    "schedule": "0 6 * * *",
}
EXAMPLE_SUBSCRIPTION = {"name": "team", "recipients": ["analyst@example.org"], "keywords": ["人工智能", "补贴"]}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _describe(key: Key) -> str:
    text = key.help
    if key.choices:
        text += f" One of: {', '.join(key.choices)}."
    if key.maximum is not None:
        text += f" At most {key.maximum:,}."
    if key.positive:
        text += " Above 0."
    return text


def example_config() -> str:
    """A commented policywatch.toml: every key with its default, sources as an example."""
    out = [
        "# policywatch configuration. Every key is optional unless marked required;",
        "# the values shown commented out are the defaults. Reference: docs/configuration.md",
        "",
    ]
    for name, key in SECTIONS[""].items():
        out += _key_lines(name, key)
    for section in ("fetch", "smtp"):
        out += ["", f"[{section}]"]
        for name, key in SECTIONS[section].items():
            out += _key_lines(name, key)
    # commented out as a whole: the table's presence alone switches on distributed mode
    out += ["", "# Uncomment to hand the per-document work to `policywatch worker` processes (docs/scaling.md).",
            "# [distributed]"]
    for name, key in SECTIONS["distributed"].items():
        out += _key_lines(name, key)
    examples = {"sources": EXAMPLE_SOURCE, "subscriptions": EXAMPLE_SUBSCRIPTION}
    for section in ARRAY_SECTIONS:
        out += ["", f"# One [[{section}]] table per entry."]
        example = examples.get(section)
        prefix = "" if example else "# "
        out.append(f"{prefix}[[{section}]]")
        for name, key in SECTIONS[section].items():
            if example and name in example:
                out.append(f"# {_describe(key)}")
                out.append(f"{name} = {_toml_value(example[name])}")
            else:
                out += _key_lines(name, key, placeholder=key.required)
    return "\n".join(out) + "\n"


def _key_lines(name: str, key: Key, *, placeholder: bool = False) -> list[str]:
    lines = [f"# {_describe(key)}"]
    if key.default is None:
        value = '"..."' if placeholder else '""'
        lines.append(f"# {name} = {value}")
    else:
        lines.append(f"# {name} = {_toml_value(key.default)}")
    return lines


def configuration_markdown() -> str:
    """The text of docs/configuration.md."""
    out = [
        "# Configuration reference",
        "",
        "policywatch reads one TOML file in UTF-8 (a byte-order mark is ignored): `policywatch.toml`,",
        "or `--config FILE`, or `$POLICYWATCH_CONFIG`. Unknown keys, missing and wrong values (a schedule, a time",
        "zone, a URL, a name used twice …) are rejected at load time, all of them in one message, one line each",
        "(on stderr each prefixed `policywatch:`), with the file, the key (an array's entry also by its `name`)",
        "and what was expected: a misspelt key with the valid key it is closest to (not also as missing), a key",
        "of another table with the table it belongs in, and the valid keys of a table once.",
        "Relative paths are relative to the config file.",
        "`policywatch init` writes a commented example. This page is generated from the schema in",
        "`policywatch/config.py` (`python -m policywatch.configdoc > docs/configuration.md`); a test",
        "keeps the two in step. The SMTP password is never read from the file: set the environment",
        "variable named by `smtp.password_env`.",
        "",
        f"Every float key is a number of seconds, at most {MAX_SECONDS:,} (a year); a timeout must be",
        f"above 0. An int key is at most {MAX_INT:,} (2^40) unless its row names a smaller bound.",
    ]
    titles = {
        "": "Top-level keys",
        "fetch": "`[fetch]` — how the crawler talks to servers",
        "extract": "`[extract]` — limits on reading one attachment (PDF, DOCX, DOC, and HTML document and listing pages over 1,000,000 characters run in a bounded child process)",
        "smtp": "`[smtp]` — email delivery",
        "distributed": "`[distributed]` — Celery workers for fetching, extraction and comparison (absent: one process; see docs/scaling.md)",
        "sources": "`[[sources]]` — watched sites (one table per source)",
        "subscriptions": "`[[subscriptions]]` — who gets which digest",
        "webhooks": "`[[webhooks]]` — POST each run's JSON or a group-robot message",
    }
    for section, keys in SECTIONS.items():
        out += ["", f"## {titles[section]}", "", "| key | type | default | meaning |", "| --- | --- | --- | --- |"]
        for name, key in keys.items():
            default = "required" if key.required else ("—" if key.default is None else f"`{_toml_value(key.default)}`")
            out.append(f"| `{name}` | {key.type} | {default} | {_describe(key)} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(configuration_markdown(), end="")
