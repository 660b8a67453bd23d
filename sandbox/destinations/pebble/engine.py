"""`PebbleEngine` / `PebbleTemplate`: compile once, render many times, within limits.

A render gets its own `RenderState` (scopes, deadline, warnings); runtime failures become a
`TemplateError` at the line and column of the expression that failed.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from jinja2 import Template

from sandbox.destinations.pebble.environment import PebbleEnvironment
from sandbox.destinations.pebble.errors import (
    PebbleFailure,
    RenderLimitExceeded,
    SourceMap,
    SourcePosition,
    TemplateError,
)
from sandbox.destinations.pebble.javatext import as_encoded
from sandbox.destinations.pebble.runstate import EscapeRecord, RenderState
from sandbox.destinations.pebble.statements import parse_template

EXCERPT = 60
OUTPUT_BATCH = 1024
"""Output chunks joined between two checks of the output-size limit."""


@dataclass(frozen=True)
class EscapeWarning:
    """Autoescaping changed a printed value: the expression, where it is, the text before and
    after (excerpts around the first change)."""

    expression: str
    line: int
    column: int
    before: str
    after: str

    def message(self) -> str:
        return (
            f"line {self.line}, column {self.column}: autoescaping changed the value of"
            f" {{{{ {self.expression} }}}}: {self.before!r} became {self.after!r}"
            " (pipe it through | raw to send it unescaped)"
        )


@dataclass(frozen=True)
class Rendered:
    """The output of one render, and the values autoescaping changed on the way."""

    text: str
    warnings: tuple[EscapeWarning, ...] = ()
    escape_count: int = 0
    """How many values escaping changed (warnings keeps at most the first 200)."""


def _excerpts(before: str, after: str) -> tuple[str, str]:
    start = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    start = max(0, start - EXCERPT // 3)
    prefix = "…" if start else ""

    def cut(text: str) -> str:
        piece = text[start : start + EXCERPT]
        return prefix + piece + ("…" if start + EXCERPT < len(text) else "")

    return cut(before), cut(after)


class PebbleTemplate:
    """A compiled template; `render` is safe to call many times, one context each."""

    def __init__(self, engine: PebbleEngine, source: str, name: str) -> None:
        self.engine = engine
        self.source = source
        self.name = name
        parsed = _guarded(
            lambda: parse_template(source, name, engine.autoescape, engine.allow_range),
            source,
            name,
        )
        self._spans = parsed.spans
        self._mutates = parsed.mutates
        self._jinja: Template = _guarded(
            lambda: engine.environment.from_string(parsed.tree), source, name
        )
        self._source_map = SourceMap(source)

    def render(self, context: Mapping[str, Any]) -> Rendered:
        engine = self.engine
        data = copy.deepcopy(dict(context)) if self._mutates else context
        rt = RenderState(data, engine.timer, engine.time_limit, engine.max_output)
        try:
            text = self._run(rt)
        except PebbleFailure as failure:
            code = (
                "TEMPLATE_RENDER_LIMIT"
                if isinstance(failure, RenderLimitExceeded)
                else "TEMPLATE_RENDER_ERROR"
            )
            raise TemplateError(
                self.name, failure.message, self._position(failure.loc), code
            ) from None
        except (RecursionError, MemoryError, OverflowError, ArithmeticError) as error:
            raise TemplateError(
                self.name,
                f"the template could not be rendered ({error})",
                None,
                "TEMPLATE_RENDER_ERROR",
            ) from None
        warnings = tuple(self._warning(record) for record in rt.escapes)
        return Rendered(text, warnings, rt.escape_count)

    def _run(self, rt: RenderState) -> str:
        """Join the template's output in batches, checking the size limit after each batch."""
        chunks = self._jinja.root_render_func(self._jinja.new_context({"rt": rt}))
        parts: list[str] = []
        size, limit = 0, self.engine.max_output
        while batch := list(islice(chunks, OUTPUT_BATCH)):
            part = "".join(batch)
            parts.append(part)
            size += len(part)
            if size > limit:
                raise RenderLimitExceeded(
                    f"the output grew past its limit of {limit} characters", -1
                )
        return as_encoded("".join(parts))

    def _position(self, loc: int) -> SourcePosition | None:
        if not 0 <= loc < len(self._spans):
            return None
        offset, width = self._spans[loc]
        return self._source_map.position(offset, width)

    def _warning(self, record: EscapeRecord) -> EscapeWarning:
        offset, width = self._spans[record.loc]
        position = self._source_map.position(offset, width)
        expression = self.source[offset : offset + width].strip()
        before, after = _excerpts(record.before, record.after)
        return EscapeWarning(expression, position.line, position.column, before, after)


def _guarded(build: Callable[[], Any], source: str, name: str) -> Any:
    try:
        return build()
    except (RecursionError, MemoryError, SyntaxError) as error:
        raise TemplateError(
            name,
            f"the template nests too deeply to compile ({type(error).__name__})",
            None,
            "TEMPLATE_SYNTAX_ERROR",
        ) from None


class PebbleEngine:
    """Renders `PEBBLE_V1` templates the way AEP's Pebble does (see the package docstring)."""

    def __init__(
        self,
        autoescape: bool = True,
        time_limit: float = 2.0,
        max_output: int = 10_000_000,
        *,
        allow_range: bool = False,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.autoescape = autoescape
        self.time_limit = time_limit
        self.max_output = max_output
        self.allow_range = allow_range
        """Stock Pebble's `range` / `..` (Adobe refuses them; for reproducing Pebble only)."""
        self.timer = timer
        """The clock the time limit is measured on (a real monotonic clock by default)."""
        self.environment = PebbleEnvironment(autoescape, allow_range)
        self._compile = lru_cache(maxsize=256)(self._build)

    def compile(self, source: str, name: str = "<template>") -> PebbleTemplate:
        """Parse and compile `source`; raises `TemplateError` with line, column and excerpt."""
        template: PebbleTemplate = self._compile(source, name)
        return template

    def render(self, source: str, context: Mapping[str, Any], name: str = "<template>") -> str:
        """Compile (cached) and render in one step; returns the text only."""
        return self.compile(source, name).render(context).text

    def _build(self, source: str, name: str) -> PebbleTemplate:
        return PebbleTemplate(self, source, name)
