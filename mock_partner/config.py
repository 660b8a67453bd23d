"""The partner's start-up settings (a YAML or JSON file, or flags), validated before it listens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mock_partner.auth import AuthSettings
from mock_partner.body_schema import BodySchema
from mock_partner.faults import FaultRule, FaultSettings
from mock_partner.problems import ConfigError, Problem, validation_problems
from mock_partner.request_log import DEFAULT_MAX_RECORDS

DEFAULT_MAX_BODY = 10 * 1024 * 1024


class PartnerConfig(BaseModel):
    """Everything the partner can be started with; the admin API can change each part later."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True
    )

    seed: int | None = None
    """Seed for the random choices of fault rules (statuses mix, latency draws)."""
    faults: list[FaultRule] = []
    auth: AuthSettings = AuthSettings()
    body_schema: dict[str, Any] | None = Field(default=None, alias="schema")
    """A JSON Schema that POST/PUT/PATCH bodies must match (400 when they don't)."""
    schema_file: str | None = None
    """A JSON or YAML file holding that schema, relative to this config file."""
    max_records: int = Field(default=DEFAULT_MAX_RECORDS, ge=1, le=10_000_000)
    """How many recent requests the log keeps (totals count them all)."""
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY, ge=1, le=1024**3)
    """Bodies above this size are refused with 413 (and recorded without their body)."""

    def fault_settings(self) -> FaultSettings:
        return FaultSettings(seed=self.seed, faults=self.faults)


def load_config(path: Path) -> PartnerConfig:
    """Read, parse and validate a config file (a `schema_file` in it is read too).

    Raises:
        ConfigError: the file cannot be read, is not YAML/JSON, or holds invalid settings.
    """
    data = read_document(path)
    if not isinstance(data, dict):
        raise ConfigError(str(path), [Problem("", "must be a mapping of settings")])
    try:
        config = PartnerConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(str(path), validation_problems(PartnerConfig, error)) from None
    if config.schema_file is not None:
        if config.body_schema is not None:
            raise ConfigError(str(path), [Problem("schema_file", "give schema or schema_file")])
        schema = load_schema(path.parent / config.schema_file)
        config = config.model_copy(update={"body_schema": schema, "schema_file": None})
    elif config.body_schema is not None:
        check_schema(config.body_schema, str(path), "schema")
    return config


def load_schema(path: Path) -> dict[str, Any]:
    """A JSON Schema read from a JSON or YAML file and checked to be one."""
    schema = read_document(path)
    if not isinstance(schema, dict):
        raise ConfigError(str(path), [Problem("", "a JSON Schema must be an object")])
    check_schema(schema, str(path), "")
    return schema


def check_schema(schema: dict[str, Any], source: str, location: str) -> None:
    try:
        BodySchema(schema)
    except ValueError as error:
        raise ConfigError(source, [Problem(location, str(error))]) from None


def read_document(path: Path) -> Any:
    """A YAML (or JSON) document; syntax errors name the line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), [Problem("", f"cannot read the file: {error}")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(
            str(path), [Problem(where, f"not valid YAML/JSON: {error.problem}")]
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(str(path), [Problem("", f"not valid YAML/JSON: {error}")]) from None
