"""`policywatch amend DECISION TARGET`: the consolidated text of a target after a decision."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from policywatch.cli import _fail, read_document
from policywatch.errors import PolicywatchError

EXIT_ALL_APPLIED, EXIT_SOME_NOT_APPLIED, EXIT_ERROR = 0, 1, 2


@click.command()
@click.argument("decision", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--title", "target_title", default="",
              help="The target's title, when the decision amends several documents.")
@click.option("--check", "republished", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="The republished full text: report how the derived text differs from it.")
def amend(decision: Path, target: Path, fmt: str, target_title: str, republished: Path | None) -> None:
    """Apply an amendment decision (修改决定/修正案) to the text it amends (text, HTML, PDF, DOCX).

    Prints the consolidated text (or JSON with the applied and not-applied instructions).
    Exit 0 when every instruction applied (and --check found no difference), 1 when some did
    not (or the texts differ), 2 on error.
    """
    try:
        from policywatch.pipeline.amendments import check_consistency, consolidate

        decision_doc, target_doc = read_document(decision), read_document(target)
        title = target_title or (target_doc.metadata.title if target_doc.format == "html" else "")
        result = consolidate(decision_doc.text, target_doc.text, target_title=title)
        consistency = None
        if republished is not None:
            consistency = check_consistency(result.text, read_document(republished).text,
                                            derived_label=f"{target.name} + {decision.name}",
                                            republished_label=republished.name)
    except PolicywatchError as exc:
        _fail(str(exc), EXIT_ERROR)
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}", EXIT_ERROR)
    except Exception as exc:  # exit 1 means "not all applied": anything unexpected must be 2
        _fail(f"{decision.name} / {target.name}: {type(exc).__name__}: {exc}", EXIT_ERROR)
    if fmt == "json":
        payload = result.to_dict()
        if consistency is not None:
            payload["consistency"] = consistency.to_dict()
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(result.text)
        for item in result.not_applied:
            click.echo(f"not applied: {item.instruction}\n  reason: {item.reason}", err=True)
        if consistency is not None:
            from policywatch import diffing

            click.echo(diffing.render_changeset_text(consistency, color=False), err=True, nl=False)
    differs = consistency is not None and not consistency.is_empty
    sys.exit(EXIT_SOME_NOT_APPLIED if result.not_applied or differs else EXIT_ALL_APPLIED)
