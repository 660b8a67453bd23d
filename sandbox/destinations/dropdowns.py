"""Dynamic dropdowns: a customer data field whose options come from the partner (NAME_VALUE).

    options = dropdown_options(field.dynamic_enum, outputs, "server.json")
    problems = value_problems(field, value, options, "activation.json", "customerData.userId")

`outputs` are the dropdown server's rendered response fields (`dynamic_servers.read_answer`);
`dynamicEnum.value` is a JSONPath into them (Adobe's example: `$.list`) that must give a list of
`{"name", "value"}` objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonpath_ng.exceptions import JsonPathParserError
from jsonpath_ng.ext.parser import parse as parse_jsonpath

from sandbox.destinations.customer_fields import CustomerDataField
from sandbox.destinations.dynamic_enum import DynamicEnum
from sandbox.errors import InputError, Problem

SHAPE = 'a JSON list of {"name": "...", "value": "..."} objects'


@dataclass(frozen=True)
class Option:
    name: str
    value: str

    def label(self) -> str:
        return self.value if self.name == self.value else f"{self.name} ({self.value})"


def dynamic_fields(
    fields: Sequence[CustomerDataField], prefix: str = "customerData"
) -> Iterator[tuple[str, CustomerDataField]]:
    """Every field with a `dynamicEnum`, with its path (nested groups included)."""
    for field in fields:
        path = f"{prefix}.{field.name}"
        if field.dynamic_enum is not None:
            yield path, field
        if field.properties:
            yield from dynamic_fields(field.properties, path)


def query_values(enum: DynamicEnum, customer_data: Mapping[str, Any]) -> dict[str, Any]:
    """`queryParams`: the named customer data fields, sent as query parameters."""
    return {name: customer_data.get(name) for name in enum.query_params}


def dropdown_options(enum: DynamicEnum, outputs: Mapping[str, Any], file: str) -> list[Option]:
    """The options the server's answer gives. Raises InputError naming what is wrong."""
    try:
        path = parse_jsonpath(enum.value)
    except (JsonPathParserError, Exception) as error:
        raise InputError.single(
            file, "dynamicEnum.value", f"{enum.value!r} is not a JSONPath: {error}"
        ) from None
    for output in outputs.values():
        matches = [match.value for match in path.find(output)]
        if matches:
            return _options(matches[0], enum.value, file)
    names = ", ".join(outputs) or "none"
    raise InputError.single(
        file,
        "responseFields",
        f"nothing in the rendered response fields ({names}) matches {enum.value!r}; "
        f"render {SHAPE} there",
    )


def _options(found: Any, where: str, file: str) -> list[Option]:
    if not isinstance(found, list):
        raise InputError.single(
            file, "responseFields", f"{where} gave {_kind(found)}; a NAME_VALUE answer is {SHAPE}"
        )
    options: list[Option] = []
    for index, item in enumerate(found):
        if not (isinstance(item, dict) and {"name", "value"} <= set(item)):
            raise InputError.single(
                file,
                "responseFields",
                f"{where}[{index}] is {item!r}; a NAME_VALUE answer is {SHAPE}",
            )
        options.append(Option(str(item["name"]), str(item["value"])))
    return options


def value_problems(value: Any, options: Sequence[Option], file: str, where: str) -> list[Problem]:
    """The activation's value must be one of the options (AEP's UI offers nothing else)."""
    if value is None or str(value) in {o.value for o in options}:
        return []
    shown = ", ".join(o.label() for o in options[:20]) or "none"
    more = f" (and {len(options) - 20} more)" if len(options) > 20 else ""
    return [
        Problem(
            file,
            where,
            f"{value!r} is not among the options the dropdown server gives: {shown}{more}",
        )
    ]


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a JSON object"
    return "a string" if isinstance(value, str) else repr(value)
