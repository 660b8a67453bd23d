"""Custom Personalization set-ups as files: datastreams, audiences (AEP format), destinations.

A workspace YAML holds what an AEP sandbox would: the org, its datastreams, its audience
definitions (the segment definition API shape, aep-destinations.md §8.1) and its Custom
Personalization connections (§7.1: name, integration alias, datastream, mapped audiences, and
for the "with attributes" variant the mapped attributes). It is validated at load time with
pydantic (`extra="forbid"`) plus AEP's rules: aliases are unique across connections, at most
10 such destinations and 30 attributes each. `default_workspace()` is the one shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sandbox.edge.backend import AttributeMapping, Datastream, PersonalizationDestination
from sandbox.edge.workspace_rules import check_rules, pydantic_problems, yaml_problem
from sandbox.errors import InputError

DEFAULT_WORKSPACE = Path(__file__).with_name("default_workspace.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatastreamModel(_Strict):
    id: str = Field(min_length=1)
    name: str = ""
    accessType: Literal["mixed", "authenticated"] = "mixed"
    edgeSegmentation: bool = True
    personalizationDestinations: bool = True


class Expression(_Strict):
    type: Literal["PQL"] = "PQL"
    format: Literal["pql/text"] = "pql/text"
    value: str = Field(min_length=1)


class Enabled(_Strict):
    enabled: bool = False


class EvaluationInfo(_Strict):
    batch: Enabled = Enabled()
    continuous: Enabled = Enabled()
    synchronous: Enabled = Enabled()


class SchemaRef(_Strict):
    name: str = "_xdm.context.profile"


class AudienceModel(_Strict):
    """An audience in the segment definition API's shape."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = ""
    expression: Expression
    evaluationInfo: EvaluationInfo = EvaluationInfo()
    schema_: SchemaRef = Field(default=SchemaRef(), alias="schema")

    @property
    def mode(self) -> str:
        """`edge` (synchronous), `streaming` (continuous) or `batch`."""
        if self.evaluationInfo.synchronous.enabled:
            return "edge"
        return "streaming" if self.evaluationInfo.continuous.enabled else "batch"


class AttributeModel(_Strict):
    source: str = Field(min_length=1)
    target: str = ""


class DestinationModel(_Strict):
    """A Custom Personalization connection (with or without attributes)."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = ""
    alias: str = Field(min_length=1)
    datastreamId: str = Field(min_length=1)
    audiences: list[str] = Field(default_factory=list)
    withAttributes: bool = False
    attributes: list[AttributeModel] = Field(default_factory=list)


class WorkspaceModel(_Strict):
    orgId: str = Field(pattern=r"^[A-Za-z0-9]+@AdobeOrg$")
    datastreams: list[DatastreamModel] = Field(min_length=1)
    audiences: list[AudienceModel] = Field(default_factory=list)
    destinations: list[DestinationModel] = Field(default_factory=list)


@dataclass(frozen=True)
class Audience:
    id: str
    name: str
    mode: str
    """`edge` | `streaming` | `batch`."""
    pql: str
    definition: dict[str, Any]
    """The AEP segment definition JSON, as the simulator's audience loader takes it."""


@dataclass(frozen=True)
class Workspace:
    org_id: str
    datastreams: tuple[Datastream, ...]
    audiences: tuple[Audience, ...]

    def datastream(self, datastream_id: str) -> Datastream | None:
        return next((d for d in self.datastreams if d.datastream_id == datastream_id), None)

    @property
    def destinations(self) -> tuple[PersonalizationDestination, ...]:
        return tuple(dest for stream in self.datastreams for dest in stream.destinations)


def load_workspace(path: Path) -> Workspace:
    """Read and validate a workspace YAML; `InputError` naming file and field path if bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        message = f"cannot read the workspace: {error.strerror}"
        raise InputError.single(str(path), "", message) from None
    return parse_workspace(text, str(path))


def parse_workspace(text: str, file: str) -> Workspace:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InputError(yaml_problem(error, text, file)) from None
    try:
        model = WorkspaceModel.model_validate(data)
    except ValidationError as error:
        raise InputError(pydantic_problems(error, file)) from None
    problems = check_rules(model, file)
    if problems:
        raise InputError(problems)
    return build(model)


def default_workspace() -> Workspace:
    """The shipped home-rental workspace: `personalizationAlias` and `adServerAlias`."""
    return load_workspace(DEFAULT_WORKSPACE)


def build(model: WorkspaceModel) -> Workspace:
    streams = tuple(
        Datastream(
            datastream_id=stream.id,
            org_id=model.orgId,
            destinations=tuple(
                _destination(d) for d in model.destinations if d.datastreamId == stream.id
            ),
            access_type=stream.accessType,
            edge_segmentation=stream.edgeSegmentation,
        )
        for stream in model.datastreams
    )
    audiences = tuple(
        Audience(a.id, a.name, a.mode, a.expression.value, a.model_dump(by_alias=True))
        for a in model.audiences
    )
    return Workspace(model.orgId, streams, audiences)


def _destination(model: DestinationModel) -> PersonalizationDestination:
    attributes = tuple(
        AttributeMapping(a.source, a.target or a.source.rsplit(".", 1)[-1])
        for a in model.attributes
    )
    return PersonalizationDestination(
        model.id, model.name, model.alias, tuple(model.audiences), model.withAttributes, attributes
    )
