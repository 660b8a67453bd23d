"""The pydantic base for config JSON as Adobe stores it, and `{templatingStrategy, value}`.

Adobe's field names are camelCase and case-sensitive; values are typed strictly (`"10"` is not an
integer). Unknown fields are refused here and turned into warnings by `problems.validate_model`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

TemplatingStrategy = Literal["PEBBLE_V1", "NONE"]


class AdobeModel(BaseModel):
    """A frozen, strict model whose JSON field names are the camelCase of its attribute names."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, alias_generator=to_camel)


class TemplatedValue(AdobeModel):
    """`{templatingStrategy, value}`: a Pebble template (`PEBBLE_V1`) or a literal (`NONE`)."""

    templating_strategy: TemplatingStrategy
    value: str

    @property
    def is_template(self) -> bool:
        return self.templating_strategy == "PEBBLE_V1"
