"""Bounds on rendering an operator's templates (templates_dir), which may be copied from anywhere.

A template is a program: `{% for i in range(99999) %}{% for j in range(99999) %}` or a macro
calling itself twice per level runs for hours, and the site build or digest that renders it
hangs with it. An Environment with a templates_dir is therefore

- sandboxed (jinja2's SandboxedEnvironment: no ``_`` attributes, range() of at most 100,000
  items), with ``*`` and ``**`` refusing results beyond MAX_SEQUENCE items or MAX_EXPONENT, and
  no ``lipsum`` (a Python loop of the size the template asks for);
- timed: each render of one template (a page, a digest body) may spend RENDER_SECONDS in the
  template's own code. A trace function, installed only while the template runs and only for
  frames of that Environment's compiled templates, checks the clock on each line, so a loop
  without any call is stopped too. Exceeding it, or recursing past Python's limit, raises
  TemplateBoundError (a jinja2 TemplateRuntimeError) naming the template; the callers turn it
  into their one-line errors, and whatever the render was for is kept for the next attempt.

The bundled templates alone are trusted: an Environment without templates_dir is a plain one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from types import FrameType, TracebackType
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError, TemplateRuntimeError
from jinja2.sandbox import SandboxedEnvironment

# seconds one render of an operator's template may run; generous for a page of thousands of
# events (the bundled index renders 10,000 in well under a second), short of a hung cron job
RENDER_SECONDS = 20.0
# items (characters, list entries) a `*` in a template may produce, and the largest exponent of `**`
MAX_SEQUENCE = 1_000_000
MAX_EXPONENT = 512

_Trace = Any  # sys.settrace's callable type is private to typeshed


class TemplateBoundError(TemplateRuntimeError):
    """An operator's template ran past its time or depth bound."""


class _Budget:
    """RENDER_SECONDS of template code for one render, spent over one or more stretches (a
    streamed page runs between the chunks it yields)."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.left = RENDER_SECONDS
        self.until = 0.0
        self.previous: _Trace = None

    def __enter__(self) -> _Budget:
        self.until = time.monotonic() + self.left
        self.previous = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        sys.settrace(self.previous)
        self.left = self.until - time.monotonic()
        if isinstance(exc, RecursionError):
            raise TemplateBoundError(f"template {self.template.name}: recursion too deep "
                                     f"(a macro or include that calls itself without end)") from None

    def _call(self, frame: FrameType, event: str, arg: object) -> _Trace:
        # only the compiled code of this Environment's templates (their module globals hold it)
        if frame.f_globals.get("environment") is not self.template.environment:
            return None
        return self._line

    def _line(self, frame: FrameType, event: str, arg: object) -> _Trace:
        if event == "line" and time.monotonic() > self.until:
            running = frame.f_globals.get("__jinja_template__")  # the template (or parent) this code is
            line = running.get_corresponding_lineno(frame.f_lineno) if running is not None else frame.f_lineno
            where = f"{frame.f_code.co_filename}:{line}"
            raise TemplateBoundError(
                f"template {self.template.name} ran longer than {RENDER_SECONDS:g} s (stopped in {where}); "
                f"a loop over a huge range or a recursion without end? Fix it in templates_dir")
        return self._line


class BoundedTemplate(Template):
    """A Template whose render and generate run within a _Budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with _Budget(self):
            return super().render(*args, **kwargs)

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        budget = _Budget(self)
        chunks = super().generate(*args, **kwargs)
        while True:
            with budget:
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox with BoundedTemplate and bounded `*` and `**`."""

    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_SEQUENCE:
                    raise SecurityError(f"a template's `*` would make {len(seq) * times:,} items "
                                        f"(at most {MAX_SEQUENCE:,})")
        elif operator == "**" and isinstance(right, int) and right > MAX_EXPONENT:
            raise SecurityError(f"a template's `**` exponent {right} is above {MAX_EXPONENT}")
        return super().call_binop(context, operator, left, right)
