"""YAML read with the position of every node, so errors can name the line of a field path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from sandbox.errors import InputError, Problem, caret_excerpt

Location = tuple[str | int, ...]


class YamlSource:
    """A parsed YAML document and the 1-based line of each field path in it."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            self.data: Any = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InputError(self._syntax_problem(error)) from None
        self.lines: dict[Location, int] = {}
        if root is not None:
            self._walk(root, ())

    @classmethod
    def read(cls, path: Path) -> YamlSource:
        try:
            return cls(path.read_text(encoding="utf-8"), str(path))
        except OSError as error:
            raise InputError.single(
                str(path), "", f"cannot read the file: {error.strerror}"
            ) from None

    def line_of(self, location: Sequence[str | int]) -> int | None:
        """The line of the deepest known prefix of `location`."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return None

    def _walk(self, node: yaml.Node, here: Location) -> None:
        self.lines[here] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._walk(value, (*here, str(key.value)))
                self.lines[(*here, str(key.value))] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*here, index))

    def _syntax_problem(self, error: yaml.YAMLError) -> Problem:
        mark = getattr(error, "problem_mark", None)
        if mark is None:
            return Problem(self.name, "", f"not valid YAML: {error}")
        line, column = mark.line + 1, mark.column + 1
        reason = getattr(error, "problem", None) or str(error)
        return Problem(
            self.name,
            f"line {line}, column {column}",
            f"not valid YAML: {reason}",
            caret_excerpt(self.text, line, column),
        )
