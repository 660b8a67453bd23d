"""Template errors: where they are (line, column, caret excerpt) and AEP's 400 shape for them.

Adobe's render-template API page documents only the 200 response; for errors it says the
endpoints "follow the general Experience Platform API error message principles", whose documented
400 body (help/landing/troubleshooting.md) is `{"type", "status", "title", "detail"}`.
`TemplateError.to_render_api()` returns that shape, plus an `errors` list (`code`, `message`,
`line`, `column`) that is ours, so a client can point at the spot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.errors import InputError, Problem


@dataclass(frozen=True)
class SourcePosition:
    """A 1-based line and column in a template, and the caret excerpt that shows it."""

    line: int
    column: int
    excerpt: str


class SourceMap:
    """Offsets to line:column the way Pebble counts lines (`\\r\\n`, `\\r`, `\\n`, U+0085,
    U+2028 and U+2029 each end a line)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.line_starts = [0]
        index, size = 0, len(source)
        while index < size:
            char = source[index]
            if char == "\r" and index + 1 < size and source[index + 1] == "\n":
                index += 1
            if char in "\r\n\x85\u2028\u2029":
                self.line_starts.append(index + 1)
            index += 1

    def position(self, offset: int, width: int = 1) -> SourcePosition:
        line = self._line_of(offset)
        start = self.line_starts[line - 1]
        column = offset - start + 1
        return SourcePosition(line, column, self._excerpt(line, column, width))

    def _line_of(self, offset: int) -> int:
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1

    def _excerpt(self, line: int, column: int, width: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.source)
        text = self.source[start:end].rstrip("\r\n\x85\u2028\u2029")
        width = max(1, min(width, len(text) - column + 1))
        return f"{text}\n{' ' * (column - 1)}{'^' * width}"


class TemplateError(InputError):
    """A template that does not parse, or fails while rendering; says where and why."""

    def __init__(self, name: str, message: str, position: SourcePosition | None, code: str) -> None:
        self.name = name
        self.message = message
        self.code = code
        self.line = position.line if position else 0
        self.column = position.column if position else 0
        self.excerpt = position.excerpt if position else ""
        location = f"line {self.line}, column {self.column}" if position else ""
        super().__init__(Problem(name, location, message, self.excerpt))

    def to_render_api(self) -> dict[str, Any]:
        """The 400 body the sandbox's render API returns for this error."""
        where = f" (line {self.line}, column {self.column})" if self.line else ""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.line:
            error |= {"line": self.line, "column": self.column, "excerpt": self.excerpt}
        return {
            "type": "/placeholder/type/uri",
            "status": 400,
            "title": "BadRequestError",
            "detail": f"{self.message}{where}",
            "errors": [error],
        }


class PebbleFailure(Exception):
    """Raised by the runtime while rendering; the engine turns it into a `TemplateError` at the
    location `loc` (an index into the template's table of source offsets)."""

    def __init__(self, message: str, loc: int = -1) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc


class RenderLimitExceeded(PebbleFailure):
    """The render ran past its time or output-size limit."""
