"""Template errors (usually in a user's templates_dir override) as one line naming the file and line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import jinja2

from policywatch.config import Settings
from policywatch.errors import ConfigError, PolicywatchError


@contextmanager
def template_errors(settings: Settings, error: type[PolicywatchError] = ConfigError) -> Iterator[None]:
    """Turn a jinja2 error while rendering into `error` (a traceback tells an operator nothing)."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise error(f"{where}: template error: {exc.message}; fix it or remove it from templates_dir") from None
    except jinja2.TemplateError as exc:
        where = settings.templates_dir or "the bundled templates"
        raise error(f"{where}: template error: {exc}; check the templates in templates_dir") from None
