"""A self-contained 新旧对照 HTML page for one ChangeSet (`policywatch diff --format html`).

The page carries its CSS inline and loads nothing, so it can be mailed, archived or printed.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from policywatch.model import ChangeSet, ClauseTree
from policywatch.reports.comparison import diff_view
from policywatch.reports.i18n import Translator
from policywatch.reports.render import BUNDLED, make_environment


def site_css() -> str:
    """The bundled style sheet's text."""
    return (BUNDLED / "static" / "style.css").read_text(encoding="utf-8")


def render_diff_html(
    cs: ChangeSet,
    *,
    title: str = "",
    lang: str = "zh",
    old_tree: ClauseTree | None = None,
    new_tree: ClauseTree | None = None,
    templates_dir: Path | None = None,
) -> str:
    """The comparison as one HTML document; with both trees, unchanged clauses appear folded."""
    env = make_environment(lang, templates_dir)
    view = diff_view(cs, Translator(lang), old_tree=old_tree, new_tree=new_tree)
    # The CSS is our own bundled file, never document text, so it may go in unescaped.
    css = Markup(site_css().replace("</", "<\\/"))
    return env.get_template("diffpage.html").render(diff=view, title=title, css=css)
