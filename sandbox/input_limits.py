"""Bounds every input file meets before the sandbox works on it: UTF-8, nesting depth, YAML aliases.

A document nested deeper than `MAX_DEPTH` (JSON, YAML or one JSON Lines line), a YAML file whose
aliases would expand to more than `MAX_YAML_NODES` nodes (an "alias bomb"), or a file that is not
UTF-8 is refused with an `InputError` naming the file and where, before anything walks it.
The YAML checks run on the composed node graph, where an alias is a shared node, so they cost
one visit per written node however far the aliases would expand.
"""

from __future__ import annotations

from typing import Any

import yaml

from sandbox.errors import InputError, Problem, caret_excerpt

MAX_DEPTH = 64
"""Deepest nesting of objects and arrays accepted in any input document (scenarios, configs,
profiles nest well under 20 levels)."""

MAX_YAML_NODES = 1_000_000
"""Most nodes a YAML document may stand for once its aliases are expanded."""


def decode_utf8(data: bytes, file: str) -> str:
    """`data` as text; a non-UTF-8 byte is an InputError naming its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise InputError.single(
            file,
            f"line {line}, column {column}",
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot start or "
            "continue a UTF-8 character); save it as UTF-8",
        ) from None


def too_deep(file: str, where: str = "") -> InputError:
    return InputError.single(
        file, where, f"nested more than {MAX_DEPTH} levels deep; flatten the document"
    )


def check_depth(value: Any, file: str, prefix: str = "$") -> None:
    """Refuse a parsed JSON value nested deeper than `MAX_DEPTH` (naming the path that is)."""
    stack: list[tuple[Any, int, str]] = [(value, 0, prefix)]
    while stack:
        item, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            raise too_deep(file, path)
        if isinstance(item, dict):
            stack.extend((v, depth + 1, f"{path}.{k}") for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in enumerate(item))


def check_yaml_graph(root: yaml.Node, text: str, file: str) -> None:
    """Refuse a composed YAML document too deep, or whose aliases expand past `MAX_YAML_NODES`."""
    sizes: dict[int, int] = {}
    order: list[tuple[yaml.Node, int]] = []
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    seen: set[int] = set()
    while stack:  # depth-first, every distinct node once
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _yaml_problem(node, text, file, f"nested more than {MAX_DEPTH} levels deep")
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append((node, depth))
        stack.extend((child, depth + 1) for child in _children(node))
    heights: dict[int, int] = {}
    for node, _ in reversed(order):  # children before parents: expanded sizes, memoised
        children = _children(node)
        size = 1 + sum(sizes.get(id(child), 1) for child in children)
        sizes[id(node)] = size
        heights[id(node)] = 1 + max((heights.get(id(child), 0) for child in children), default=0)
        if heights[id(node)] > MAX_DEPTH + 1:
            raise _yaml_problem(
                node, text, file, f"its aliases nest values more than {MAX_DEPTH} levels deep"
            )
        if size > MAX_YAML_NODES:
            raise _yaml_problem(
                node,
                text,
                file,
                f"its aliases would expand to more than {MAX_YAML_NODES:,} values (an alias "
                "bomb?); write the values out or use fewer nested aliases",
            )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _yaml_problem(node: yaml.Node, text: str, file: str, message: str) -> InputError:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    excerpt = caret_excerpt(text, line, column)
    return InputError(Problem(file, f"line {line}, column {column}", message, excerpt))
