"""Audience definitions in AEP's own shape (`POST /segment/definitions`), validated and compiled.

    {"name": "Gold members", "expression": {"type": "PQL", "format": "pql/text", "value": "..."},
     "evaluationInfo": {"batch": {"enabled": false}, "continuous": {"enabled": true},
                        "synchronous": {"enabled": false}}}

Requested mode: `edge` if synchronous is enabled, else `streaming` if continuous, else `batch`.
A streaming or edge request that AEP would not honour (see `eligibility`) falls back to batch,
with a warning. `id` is optional: a stable UUID is derived from the name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sandbox.errors import InputError, Problem
from sandbox.segments.compiled import CompiledPql, compile_pql
from sandbox.segments.eligibility import streaming_obstacles

_ID_NAMESPACE = uuid.UUID("6f1c2a53-5b1e-4c3e-9d0a-2f7a1d9c4b10")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Toggle(_Strict):
    enabled: bool = False


class EvaluationInfo(_Strict):
    batch: Toggle = Toggle()
    continuous: Toggle = Toggle()
    """Streaming evaluation."""
    synchronous: Toggle = Toggle()
    """Edge evaluation."""


class ExpressionModel(_Strict):
    type: Literal["PQL"]
    format: Literal["pql/text"]
    value: str = Field(min_length=1)


class SchemaRef(_Strict):
    name: str


class AudienceDocument(_Strict):
    """One segment definition as AEP's API takes or returns it (response fields accepted)."""

    id: str | None = Field(default=None, min_length=1)
    name: str = Field(min_length=1)
    description: str | None = None
    expression: ExpressionModel
    evaluationInfo: EvaluationInfo = EvaluationInfo()
    schema_: SchemaRef | None = Field(default=None, alias="schema")
    profileInstanceId: str | None = None
    ttlInDays: int | None = None
    creationTime: int | None = None
    updateTime: int | None = None
    updateEpoch: int | None = None
    dataGovernancePolicy: dict[str, Any] | None = None
    mergePolicyId: str | None = None
    imsOrgId: str | None = None
    sandbox: dict[str, Any] | None = None


@dataclass(frozen=True)
class Audience:
    """A compiled audience, ready to evaluate."""

    id: str
    name: str
    compiled: CompiledPql
    mode: str
    """How it is evaluated: "edge", "streaming" or "batch" (after eligibility)."""
    requested_mode: str
    """What the definition asked for."""
    description: str = ""
    location: str = ""
    """Where its expression is written in its file (`audiences[2].expression.value`)."""

    @property
    def expression(self) -> str:
        return self.compiled.text


def derive_audience_id(name: str) -> str:
    """A stable UUID for an audience defined without an id (the same name gives the same id)."""
    return str(uuid.uuid5(_ID_NAMESPACE, name))


def requested_mode(info: EvaluationInfo) -> str:
    if info.synchronous.enabled:
        return "edge"
    return "streaming" if info.continuous.enabled else "batch"


def make_audience(
    audience_id: str,
    name: str,
    pql: str,
    mode: str = "batch",
    *,
    file: str = "<pql>",
    location: str = "",
    mode_location: str = "",
    description: str = "",
) -> tuple[Audience, list[Problem]]:
    """Compile `pql` into an audience asking for `mode`; the warnings say why a mode fell back.

    Raises InputError for invalid PQL, located at `location` (a field path) in `file`; a
    fallback warning points at `mode_location`.
    """
    compiled = _compile(pql, file, location)
    warnings: list[Problem] = []
    effective = mode
    if mode != "batch" and (reasons := streaming_obstacles(compiled.tree)):
        effective = "batch"
        message = (
            f"audience {name!r} asks for {mode} evaluation, which AEP would not give it: "
            f"{'; '.join(reasons)}. It is evaluated in batch instead"
        )
        warnings.append(Problem(file, mode_location or location, message, severity="warning"))
    audience = Audience(audience_id, name, compiled, effective, mode, description, location)
    return audience, warnings


def audience_from_document(
    document: AudienceDocument, *, file: str, prefix: str = ""
) -> tuple[Audience, list[Problem]]:
    """An audience from a validated definition; `prefix` is its field path in the file."""
    return make_audience(
        document.id or derive_audience_id(document.name),
        document.name,
        document.expression.value,
        requested_mode(document.evaluationInfo),
        file=file,
        location=f"{prefix}expression.value",
        mode_location=f"{prefix}evaluationInfo",
        description=document.description or "",
    )


def _compile(pql: str, file: str, location: str) -> CompiledPql:
    try:
        return compile_pql(pql, source=file)
    except InputError as error:
        located = [
            replace(p, location=f"{location}, {p.location}" if location else p.location)
            for p in error.problems
        ]
        raise InputError(located) from None
