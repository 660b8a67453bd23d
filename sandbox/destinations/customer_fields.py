"""`customerDataFields[]`: the inputs users fill in when they connect, and checking their values.

Values are read in templates as `customerData.<name>`. An activation supplies them; this module
checks each against its field (type, required, enum/namedEnum, pattern, conditional visibility,
groups of `type: object` with `properties`) and fills in defaults.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import field_validator

from sandbox.destinations.adobe_json import AdobeModel
from sandbox.destinations.dynamic_enum import DynamicEnum
from sandbox.destinations.problems import did_you_mean, json_path, warning
from sandbox.errors import Problem
from sandbox.javaregex import JavaRegexError, JavaRegexTimeout, compile_java

FieldValue = str | int | bool
PATTERN_TIMEOUT = 0.25  # seconds per value; a pattern needing longer is reported
_TIMED_OUT: dict[str, str] = {}  # patterns that ran out of time once are not run again


class NamedEnumItem(AdobeModel):
    name: str
    value: str


class Conditional(AdobeModel):
    """Show the field only when another field has a value."""

    field: str
    operator: Literal["EQUALS"]
    value: FieldValue


class CustomerDataField(AdobeModel):
    name: str
    type: Literal["string", "object", "integer"]
    title: str | None = None
    description: str | None = None
    is_required: bool = False
    pattern: str | None = None
    enum: list[str] | None = None
    named_enum: list[NamedEnumItem] | None = None
    default: FieldValue | None = None
    hidden: bool = False
    read_only: bool = False
    unique: bool = False
    properties: list[CustomerDataField] | None = None
    conditional: Conditional | None = None
    dynamic_enum: DynamicEnum | None = None
    """A dropdown whose options come from the partner (`responseFormat: NAME_VALUE`)."""

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                compile_java(pattern)
            except JavaRegexError as error:
                raise ValueError(
                    f"the pattern is not a valid regular expression (Java syntax): {error}"
                ) from None
        return pattern

    @property
    def choices(self) -> list[str] | None:
        """The allowed values (enum, or namedEnum values), or None when free."""
        if self.enum is not None:
            return list(self.enum)
        return [item.value for item in self.named_enum] if self.named_enum is not None else None


def check_customer_data(
    fields: Sequence[CustomerDataField], values: Mapping[str, Any], file: str, path: str
) -> tuple[dict[str, Any], list[Problem]]:
    """The values with defaults filled in, and every problem with them."""
    problems: list[Problem] = []
    known = [f.name for f in fields]
    names = frozenset(known)
    for name in values:
        if name not in names:
            hint = did_you_mean(name, known)
            allowed = listed(known)
            problems.append(
                warning(
                    file,
                    json_path([name], path),
                    f'the destination has no customer data field "{name}"{hint}; '
                    f"its fields: {allowed}",
                )
            )
    result = dict(values)
    for field in fields:
        if not _visible(field, values):
            continue
        value, field_problems = _check_field(field, values.get(field.name), file, path)
        problems += field_problems
        if value is not None:
            result[field.name] = value
    return result, problems


def _visible(field: CustomerDataField, values: Mapping[str, Any]) -> bool:
    condition = field.conditional
    return condition is None or values.get(condition.field) == condition.value


def _check_field(
    field: CustomerDataField, value: Any, file: str, path: str
) -> tuple[Any, list[Problem]]:
    where = json_path([field.name], path)
    if value is None and field.type == "object" and field.properties:
        filled, problems = _check_group(field, {}, file, where)
        return (filled or None), problems
    if value is None:
        if field.default is not None and not _default_outside(field):
            return field.default, []
        if field.is_required:
            return None, [
                Problem(
                    file,
                    where,
                    f"the destination requires customer data field "
                    f'"{field.name}" ({_describe(field)})',
                )
            ]
        return None, []
    if field.type == "object":
        return _check_group(field, value, file, where)
    return value, _check_scalar(field, value, file, where)


def _default_outside(field: CustomerDataField) -> bool:
    """A `default` that is not one of the field's enum/namedEnum values."""
    choices = field.choices
    return field.default is not None and choices is not None and str(field.default) not in choices


def _check_group(
    field: CustomerDataField, value: Any, file: str, where: str
) -> tuple[Any, list[Problem]]:
    if not isinstance(value, dict):
        return None, [
            Problem(file, where, f"expected a JSON object (a group of fields), got {value!r}")
        ]
    return check_customer_data(field.properties or [], value, file, where)


def _check_scalar(field: CustomerDataField, value: Any, file: str, where: str) -> list[Problem]:
    if field.type == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        return [Problem(file, where, f"expected an integer, got {value!r}")]
    if field.type == "string" and not isinstance(value, str):
        return [Problem(file, where, f"expected a string, got {value!r}")]
    choices = field.choices
    if choices is not None and str(value) not in choices:
        return [
            Problem(
                file,
                where,
                f"{value!r} is not allowed; allowed values: {', '.join(repr(c) for c in choices)}",
            )
        ]
    if field.pattern:
        return _pattern_problems(field.pattern, str(value), file, where)
    return []


def _pattern_problems(pattern: str, value: str, file: str, where: str) -> list[Problem]:
    """A value checked against a Java `pattern` (found anywhere, as JSON Schema's `pattern`), with
    a time limit: a pattern that backtracks catastrophically is reported, never a hang."""
    if pattern in _TIMED_OUT:
        return [Problem(file, where, f"not checked: {_TIMED_OUT[pattern]}")]
    try:
        found = compile_java(pattern, PATTERN_TIMEOUT).search(value)
    except JavaRegexTimeout as error:
        _TIMED_OUT[pattern] = f"{error} (on the value {value[:40]!r})"
        return [Problem(file, where, f"{value[:40]!r}: {error}")]
    if found is None:
        return [Problem(file, where, f"{value!r} does not match the pattern {pattern}")]
    return []


def _describe(field: CustomerDataField) -> str:
    text = f"{field.type}"
    if field.title:
        text = f"{field.title}, {text}"
    if field.choices is not None:
        text += f", one of {', '.join(repr(c) for c in field.choices)}"
    if field.pattern:
        text += f", matching {field.pattern}"
    return text


def listed(names: Sequence[str], most: int = 20) -> str:
    """Names for a message: the first `most`, and how many there are in all."""
    if not names:
        return "none"
    return ", ".join(names[:most]) + (f" … ({len(names)} in all)" if len(names) > most else "")


def field_definition_problems(
    fields: Sequence[CustomerDataField], file: str, path: str = "customerDataFields"
) -> list[Problem]:
    """Rules a `customerDataFields` list must follow (names, groups, defaults, conditions)."""
    problems: list[Problem] = []
    names = [f.name for f in fields]
    counts = Counter(names)
    first = {name: index for index, name in reversed(list(enumerate(names)))}
    for index, field in enumerate(fields):
        where = f"{path}[{index}]"
        if counts[field.name] > 1 and first[field.name] == index:
            problems.append(Problem(file, f"{where}.name", f'"{field.name}" is defined twice'))
        if field.name.lower() in ("name", "description") and path == "customerDataFields":
            problems.append(
                warning(
                    file,
                    f"{where}.name",
                    "AEP's connect screen always adds Name "
                    "and Description itself; users would see this one twice",
                )
            )
        problems += _shape_problems(field, file, where)
        problems += _condition_problems(field, names, counts, file, where)
    return problems


def _shape_problems(field: CustomerDataField, file: str, where: str) -> list[Problem]:
    problems: list[Problem] = []
    if field.type == "object" and not field.properties:
        problems.append(
            Problem(
                file,
                f"{where}.properties",
                'a field of type "object" groups other fields: list them in properties',
            )
        )
    if field.properties and field.type != "object":
        problems.append(
            Problem(
                file,
                f"{where}.properties",
                f'properties are only allowed with type "object", not "{field.type}"',
            )
        )
    if field.enum is not None and field.named_enum is not None:
        problems.append(
            warning(
                file,
                f"{where}.namedEnum",
                "both enum and namedEnum are given; the sandbox checks values against enum",
            )
        )
    if _default_outside(field) and field.enum is not None:
        choices = ", ".join(repr(c) for c in field.enum)
        message = f"{field.default!r} is not one of the field's values: {choices}"
        problems.append(Problem(file, f"{where}.default", message))
    elif _default_outside(field):
        choices = ", ".join(repr(c) for c in field.choices or [])
        problems.append(
            warning(
                file,
                f"{where}.default",
                f"{field.default!r} is not one of the field's values ({choices}), as in Adobe's "
                "own conditional example: the dropdown starts empty, so the sandbox applies no "
                "default and the field stays unset unless the activation gives a value",
            )
        )
    if field.properties:
        problems += field_definition_problems(field.properties, file, f"{where}.properties")
    return problems


def _condition_problems(
    field: CustomerDataField, names: list[str], known: Counter[str], file: str, where: str
) -> list[Problem]:
    condition = field.conditional
    if condition is None or condition.field in known:
        return []
    hint = did_you_mean(condition.field, names)
    shown = listed(names)
    return [
        Problem(
            file,
            f"{where}.conditional.field",
            f'no customer data field "{condition.field}"{hint}; fields: {shown}',
        )
    ]
