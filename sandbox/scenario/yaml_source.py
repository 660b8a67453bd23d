"""YAML read with the position of every node, so errors can name the line of a field path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from sandbox.errors import InputError, Problem, caret_excerpt
from sandbox.input_limits import check_yaml_graph, decode_utf8, too_deep

Location = tuple[str | int, ...]


class YamlSource:
    """A parsed YAML document and the 1-based line of each field path in it."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            if root is not None:  # bounded before anything expands it (input_limits)
                check_yaml_graph(root, text, name)
            self.data: Any = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InputError(self._syntax_problem(error)) from None
        except RecursionError:
            raise too_deep(name) from None
        self.lines: dict[Location, int] = {}
        if root is not None:
            self._walk(root)

    @classmethod
    def read(cls, path: Path) -> YamlSource:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError.single(
                str(path), "", f"cannot read the file: {error.strerror}"
            ) from None
        return cls(decode_utf8(data, str(path)), str(path))

    def line_of(self, location: Sequence[str | int]) -> int | None:
        """The line of the deepest known prefix of `location`."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return None

    def _walk(self, root: yaml.Node) -> None:
        """Lines of every written node, each node visited once: what an alias repeats is not
        walked again (its paths fall back to the alias's parent in `line_of`)."""
        seen: set[int] = set()
        stack: list[tuple[yaml.Node, Location, int | None]] = [(root, (), None)]
        while stack:
            node, here, key_line = stack.pop()
            self.lines[here] = key_line or node.start_mark.line + 1
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                stack.extend(
                    (value, (*here, str(key.value)), key.start_mark.line + 1)
                    for key, value in node.value
                )
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, (*here, index), None) for index, item in enumerate(node.value))

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
