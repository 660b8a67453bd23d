"""Frozen dataclasses that are cheap to build, for the records made on every HTTP call.

A frozen dataclass's generated `__init__` sets each field through `object.__setattr__` (its own
`__setattr__` refuses), which costs about 0.3 µs a field on the 2-core development machine:
delivery builds about fifty fields per call (the recorded `HttpCall`, its event, the outcome),
some 15 µs of the ~80 µs delivery spent per call above aiohttp. `@quick_init` replaces that
`__init__` with one that fills the instance's `__dict__` in one step. Everything else stays the
dataclass's: the fields, equality, hashing, `repr`, `replace`, immutability, pickling.

The price is memory: the instance keeps a real dict instead of CPython 3.11's inline attribute
values, about 20 bytes more a field (a recorded `HttpCall`: ~600 bytes instead of ~300), and one
more object for the garbage collector to track. So it is for records of many fields built on
every call (`HttpCall`, `CallSpec`, `ExportOutcome`, `OutgoingRequest`); events of a few fields,
which journals and tests keep, stay plain. Slotted records set field by field cost more
CPU than they save here (measured: the eight records of one delivered export took 15.6 µs
slotted against 8.9 µs with `@quick_init`, against ~18 µs as plain frozen dataclasses).

Only plain classes qualify (a `__dict__`, every field in `__init__`, no `__post_init__`, no
default factories, no keyword-only fields, no `InitVar`); anything else is refused when the
class is defined, so a later field cannot silently be skipped.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen dataclass an `__init__` with the same signature that sets all fields at once."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    _check(cls, fields)
    names = [field.name for field in fields]
    values = ", ".join(f"{name!r}: {name}" for name in names)
    source = f"def __init__(self, {', '.join(names)}):\n    _fill(self, '__dict__', {{{values}}})\n"
    namespace: dict[str, Any] = {"_fill": object.__setattr__}
    exec(source, namespace)  # as `dataclasses` itself does, from the field names only
    init = namespace["__init__"]
    generated = cls.__dict__["__init__"]
    init.__defaults__ = _defaults(fields)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = dict(generated.__annotations__)
    init.__doc__ = generated.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


def _check(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
    refused = _refusal(cls, fields)
    if refused:
        raise TypeError(f"@quick_init cannot take {cls.__qualname__}: {refused}")


def _refusal(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> str:
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or not params.init:
        return "it is not a frozen dataclass with a generated __init__"
    if "__slots__" in cls.__dict__:
        return "it has no __dict__ (slots)"
    if hasattr(cls, "__post_init__"):
        return "it has a __post_init__"
    for f in fields:
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            return f"field {f.name} is left out of __init__, keyword-only, or has a default factory"
    if len(fields) != len(_init_parameters(cls)):
        return "it has an InitVar"
    return ""


def _init_parameters(cls: type) -> list[str]:
    code = cls.__dict__["__init__"].__code__
    return list(code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount])


def _defaults(fields: tuple[dataclasses.Field[Any], ...]) -> tuple[Any, ...] | None:
    defaults = [f.default for f in fields if f.default is not dataclasses.MISSING]
    return tuple(defaults) or None
