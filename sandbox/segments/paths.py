"""Warnings for PQL paths that no profile has, located with a caret, with a "did you mean".

Each path is resolved to where it reads from the profile: `E.commerce.order` in
`exists E from xEvent where ...` is `xEvent.commerce.order`; a bare path inside `xEvent[...]`,
`WHAT(...)` or `.sum(...)` reads the element. Paths whose origin is computed (a `let` variable, a
`groupBy` map) are not checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from sandbox.errors import Problem, caret_excerpt
from sandbox.segments.arrays import ELEMENT_ARGUMENTS
from sandbox.segments.definition import Audience
from sandbox.segments.schema import KnownPaths
from sandbox.segments.syntax import (
    PROFILE,
    Aggregate,
    AnyElement,
    Binding,
    Call,
    Chain,
    Filtered,
    Let,
    Member,
    Path,
    Quantified,
    Select,
)

Origin = tuple[str, ...] | None
"""Where a path's first key is read from, as profile keys (None: not known)."""
_KEEPS_ELEMENTS = ("filter", "topN", "bottomN", "head", "distinct")


@dataclass(frozen=True)
class Unknown:
    path: Path
    written: str
    suggestion: str | None


@dataclass(frozen=True)
class _Env:
    variables: dict[str, Origin]
    implicit: Origin
    parents: tuple[Origin, ...] = ()

    def bind(self, name: str, origin: Origin) -> _Env:
        return _Env({**self.variables, name: origin}, self.implicit, self.parents)

    def within(self, origin: Origin) -> _Env:
        return _Env(self.variables, origin, (*self.parents, self.implicit))


def unknown_paths(tree: Any, known: KnownPaths) -> list[Unknown]:
    found: list[Unknown] = []
    _Walker(known, found).visit(tree, _Env({}, ()))
    return found


def audience_warnings(audience: Audience, known: KnownPaths) -> list[Problem]:
    """One warning per unknown path of the audience, located in its file and expression."""
    compiled = audience.compiled
    problems = []
    for unknown in unknown_paths(compiled.tree, known):
        pos = unknown.path.pos
        where = f"line {pos.line}, column {pos.column}"
        location = f"{audience.location}, {where}" if audience.location else where
        hint = f"; did you mean `{unknown.suggestion}`?" if unknown.suggestion else ""
        message = (
            f"`{unknown.written}` is not a field of {known.described or 'these profiles'}, so "
            f"this condition never reads a value (audience {audience.name!r}){hint}"
        )
        excerpt = caret_excerpt(compiled.text, pos.line, pos.column, len(unknown.written))
        problems.append(Problem(compiled.source, location, message, excerpt, "warning"))
    return problems


def audience_path_warnings(audiences: Iterable[Audience], known: KnownPaths) -> list[Problem]:
    """`audience_warnings` for several audiences."""
    return [problem for audience in audiences for problem in audience_warnings(audience, known)]


class _Walker:
    def __init__(self, known: KnownPaths, found: list[Unknown]) -> None:
        self.known = known
        self.found = found

    def visit(self, node: Any, env: _Env) -> None:
        if isinstance(node, Path):
            self._path(node, env)
        elif isinstance(node, Filtered | AnyElement):
            self.visit(node.source, env)
            self.visit(node.condition, env.within(self.origin(node.source, env)))
        elif isinstance(node, Quantified | Select):
            self._bindings(node.bindings, env)
        elif isinstance(node, Aggregate):
            inner = self._bindings(node.bindings, env)
            self.visit(node.value, inner)
        elif isinstance(node, Chain):
            self._chain(node, env)
        elif isinstance(node, Call):
            self._call(node, env)
        elif isinstance(node, Let):
            self.visit(node.value, env)
            self.visit(node.body, env.bind(node.variable, None))
        else:
            for child in _children(node):
                self.visit(child, env)

    def origin(self, node: Any, env: _Env) -> Origin:
        """Where the elements of an array-valued expression come from, when that is known."""
        if isinstance(node, Path):
            root = self._root(node, env)
            return None if root is None else (*root, *node.keys)
        if isinstance(node, Filtered):
            return self.origin(node.source, env)
        if isinstance(node, Call) and node.name in _KEEPS_ELEMENTS:
            return self.origin(node.receiver, env)
        if isinstance(node, Select):
            return self.origin(node.bindings[0].source, env)
        if isinstance(node, Member):
            source = self.origin(node.source, env)
            return None if source is None else (*source, *node.keys)
        return None

    def _root(self, node: Path, env: _Env) -> Origin:
        if node.variable in (None, PROFILE) and node.keys[:1] == ("xEvent",):
            return ()
        if node.variable == PROFILE:
            return ()
        if node.variable is None:
            return env.implicit
        if node.variable.startswith("^"):
            depth = len(node.variable)
            return env.parents[-depth] if depth <= len(env.parents) else None
        return env.variables.get(node.variable)

    def _path(self, node: Path, env: _Env) -> None:
        root = self._root(node, env)
        if root is None or not node.keys:
            return
        keys = (*root, *node.keys)
        index = self.known.first_unknown(keys)
        if index is None:
            return
        shown = index - (len(keys) - len(node.keys))
        head = () if node.variable in (None, PROFILE) else (node.variable,)
        written = ".".join((*head, *node.keys[: shown + 1]))
        close = self.known.suggestion(keys[: index + 1])
        suggestion = None
        if close is not None:
            suggestion = ".".join((*head, *node.keys[:shown], close[-1]))
        self.found.append(Unknown(node, written, suggestion))

    def _bindings(self, bindings: tuple[Binding, ...], env: _Env) -> _Env:
        for binding in bindings:
            self.visit(binding.source, env)
            env = env.bind(binding.variable, self.origin(binding.source, env))
            if binding.condition is not None:
                self.visit(binding.condition, env)
        return env

    def _chain(self, node: Chain, env: _Env) -> None:
        self.visit(node.source, env)
        inner = env.within(self.origin(node.source, env))
        for step in node.steps:
            self.visit(step.what, inner)

    def _call(self, node: Call, env: _Env) -> None:
        self.visit(node.receiver, env)
        inner = env.within(self.origin(node.receiver, env))
        if node.lambda_variable is not None:
            inner = env.bind(node.lambda_variable, self.origin(node.receiver, env))
        element_args = ELEMENT_ARGUMENTS.get(node.name, 0)
        for index, arg in enumerate(node.args):
            self.visit(arg, inner if index < element_args else env)


def _children(node: Any) -> list[Any]:
    if not is_dataclass(node) or isinstance(node, type):
        return []
    found: list[Any] = []
    for item in fields(node):
        value = getattr(node, item.name)
        if isinstance(value, tuple):
            found.extend(value)
        elif is_dataclass(value):
            found.append(value)
    return found
