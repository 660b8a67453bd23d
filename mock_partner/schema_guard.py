"""What makes a partner schema safe to hold: references only within itself, patterns in linear time.

The mock partner never fetches: a `$ref` (or `$dynamicRef`, `$recursiveRef`) must point inside the
schema (`#…`) and resolve there; any other reference (a file, a URL, another document) is refused
when the schema is set. Its validator gets a registry that refuses every retrieval, so nothing
can be read or requested even by a path this check missed.

Patterns (`pattern`, `patternProperties` names) are compiled with RE2 when the schema is set and
matched with it at ingest, so no body can make a pattern backtrack for ever and freeze the
partner. RE2 has no backreferences or lookaround; a pattern using them is refused when set.
`unevaluatedProperties` next to `patternProperties` is refused too (jsonschema would match those
patterns with Python's backtracking `re`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import re2  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable

REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")


def refuse_retrieval(uri: str) -> Resource[Any]:
    """The registry's retrieve hook: the partner reads no file and requests no URL."""
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def safe_registry() -> Registry[Any]:
    return Registry(retrieve=refuse_retrieval)  # type: ignore[call-arg]


def schema_problems(schema: Any, resource: Resource[Any]) -> Iterator[str]:
    """Why `schema` is refused: each remote or unresolvable reference, each pattern RE2 refuses."""
    resolver = safe_registry().with_resource("", resource).resolver()
    has_pattern_properties = False
    has_unevaluated = False
    for where, node in walk(schema):
        for keyword in REF_KEYWORDS:
            ref = node.get(keyword)
            if ref is not None:
                yield from _ref_problem(f"{where}.{keyword}", ref, resolver)
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            yield from _pattern_problem(f"{where}.pattern", pattern)
        properties = node.get("patternProperties")
        if isinstance(properties, dict):
            has_pattern_properties = True
            for name in properties:
                yield from _pattern_problem(f"{where}.patternProperties", str(name))
        has_unevaluated = has_unevaluated or "unevaluatedProperties" in node
    if has_pattern_properties and has_unevaluated:
        yield (
            "$: `unevaluatedProperties` together with `patternProperties` is not supported by "
            "the mock partner (it would match those patterns without a time bound)"
        )


def walk(node: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object in the schema with its JSON path (values of `enum`/`const` are data, skipped)."""
    stack = [(where, node)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            yield path, value
            for key, item in value.items():
                if key not in ("enum", "const", "examples", "default"):
                    stack.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))


def _ref_problem(where: str, ref: Any, resolver: Any) -> Iterator[str]:
    if not isinstance(ref, str):
        yield f"{where}: a reference must be a string"
        return
    if not ref.startswith("#"):
        yield (
            f"{where}: {ref!r} points outside this schema; only references within the schema "
            "(starting with `#`) are allowed, the mock partner never reads files or fetches URLs"
        )
        return
    try:
        resolver.lookup(ref)
    except Unresolvable:
        yield f"{where}: {ref!r} does not resolve within this schema"


def _pattern_problem(where: str, pattern: str) -> Iterator[str]:
    try:
        compile_pattern(pattern)
    except re2.error as error:
        reason = (
            error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else error
        )
        yield (
            f"{where}: pattern {pattern!r} is refused: {reason} (the mock partner matches patterns "
            "with RE2, in linear time, which has no backreferences or lookaround)"
        )


_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_COMPILED: dict[str, Any] = {}


def compile_pattern(pattern: str) -> Any:
    """The RE2 form of a schema pattern, cached. Raises `re2.error` when RE2 refuses it."""
    compiled = _COMPILED.get(pattern)
    if compiled is None:
        if len(_COMPILED) >= 1024:
            _COMPILED.clear()
        compiled = _COMPILED[pattern] = re2.compile(pattern, _OPTIONS)
    return compiled
