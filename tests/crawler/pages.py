"""Pages imitating Chinese government sites, built from the seed documents."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
RARE = "朱镕基 王堃 李珺"  # GBK-only characters that GB2312 pages routinely carry


@cache
def seed_text() -> str:
    """The Nanjing 2019 action plan, a real policy text."""
    return (SEEDS / "003_388d20438c39147f.txt").read_text(encoding="utf-8")


def policy_html(*, title: str = "南京市打造人工智能产业地标行动计划", body: str | None = None,
                meta_charset: str | None = None, extra: str = "") -> str:
    """A policy page in the usual gov layout; `body` defaults to ~4,000 characters of the seed."""
    text = seed_text()[:4000] if body is None else body
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">' if meta_charset else ""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
            f'<div class="nav">首页 &gt; 政策文件</div><div class="article"><h1>{title}</h1>'
            f"{paragraphs}{extra}</div></body></html>")


def small_page(title: str, message: str) -> str:
    return f"<html><head><title>{title}</title></head><body><div>{message}</div></body></html>"
