"""The scenario file format (YAML), validated with unknown fields refused.

A scenario has a seed, a population, audiences, destinations, Custom Personalization destinations, partner
settings, a timeline of `steps` on simulation time, and `expect`ations checked at the end. Each step and
each expectation is a one-key mapping (`- advance: 30m`), so files read like the story they tell.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from sandbox.edge.client import DEFAULT_DATASTREAM, DEFAULT_PAGE
from sandbox.scenario.durations import Duration


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


ONE_MACHINE = 2_000_000
"""Profiles one process holds (the loader refuses more, naming `--cluster`)."""
PAST_ONE_MACHINE = 10**10
"""Profiles a run on a cluster accepts (regenerated from (seed, index), never held at once)."""


class Population(Strict):
    count: int = Field(100, ge=0, le=PAST_ONE_MACHINE)
    """Profiles generated before the first step (at most 2,000,000 without `--cluster`)."""
    locales: list[str] | dict[str, float] = ["en_US"]
    """Locales, or locale → weight."""
    lookback_days: int = Field(30, ge=0, le=365)
    """How far back the generated experience events go."""
    max_events: int = Field(50, ge=0, le=5000)


class InlineAudience(Strict):
    id: str
    name: str = ""
    pql: str
    """The PQL expression (AEP's `expression.value`)."""
    mode: Literal["streaming", "batch", "edge"] = "streaming"


class AudienceFile(Strict):
    file: str
    """A JSON or YAML file of AEP segment definitions, relative to the scenario."""


AudienceEntry = InlineAudience | AudienceFile | dict[str, Any]


class DestinationRef(Strict):
    destination: str
    """Destination configuration JSON, relative to the scenario."""
    server: str
    activation: str | None = None
    endpoint: str = "mock"
    """`mock` sends to the bundled mock partner (URL host and port rewritten); or a base URL."""
    audience_template: str | None = None
    """Audience metadata template JSON (`segmentMappingConfig.audienceTemplateId`), relative to the
    scenario: the partner's create/update/delete/validate calls."""
    dynamic_servers: list[str] = []
    """Dropdown and dynamic schema server JSON files, relative to the scenario: read when the
    connection is made, the activation checked against what the partner offers."""


class Personalization(Strict):
    name: str
    alias: str
    datastream: str = DEFAULT_DATASTREAM
    audiences: list[str]
    with_attributes: bool = False
    attributes: list[str] = []


class PartnerSettings(Strict):
    auth: dict[str, Any] | None = None
    """The mock partner's auth settings (its admin API `auth` body)."""
    faults: list[dict[str, Any]] = []
    """Fault rules as the mock partner's admin API takes them."""
    seed: int | None = None
    """Seeds the partner's fault dice (status mixes, latency draws); defaults to the scenario's."""


class DeliverySettings(Strict):
    timeout: Duration = 2.0
    max_in_flight: int = Field(64, ge=1, le=10_000)


# -- steps ------------------------------------------------------------------------------------


class ProfileSelection(Strict):
    first: int | None = Field(None, ge=1)
    indexes: list[int] | None = None
    sample: int | None = Field(None, ge=1)
    """A seeded random sample of this many profiles."""


class Generate(Strict):
    generate: int = Field(ge=1, le=PAST_ONE_MACHINE)


class Advance(Strict):
    advance: Duration


class StreamEventsBody(Strict):
    kind: Literal["pageView", "productView", "cartAdd", "purchase"] = "pageView"
    profiles: ProfileSelection = ProfileSelection(first=1)
    url: str | None = None


class StreamEvents(Strict):
    stream_events: StreamEventsBody


class SetAttributesBody(Strict):
    profiles: ProfileSelection
    values: dict[str, Any]
    """XDM path → new value (e.g. `loyalty.points: 5000`)."""


class SetAttributes(Strict):
    set_attributes: SetAttributesBody


class PartnerFaults(Strict):
    partner_faults: list[dict[str, Any]]
    """Replaces the partner's fault rules; `[]` clears them."""


class EdgeEventBody(Strict):
    name: str = "edge"
    identity: dict[str, str] | None = None
    """Namespace → id (e.g. `Email: ana@example.com`); omit for a new visitor."""
    profile: int | None = None
    """Index of a generated profile whose identities to send."""
    event_type: str = "web.webpagedetails.pageViews"
    url: str = DEFAULT_PAGE
    datastream: str = "sandbox-datastream"
    reuse_cookie_from: str | None = None
    """Send the identity cookie returned to an earlier edge step (the next page of the same visitor)."""


class EdgeEvent(Strict):
    edge_event: EdgeEventBody


class ExpirePartnerTokens(Strict):
    expire_partner_tokens: Literal[True] = True
    """The mock partner forgets every token it issued: the next call gets a 401."""


class EvaluateBatch(Strict):
    evaluate_batch: Literal[True] = True


class Settle(Strict):
    settle: Duration = 7200.0
    """Follow retries and batch windows until every export has an outcome, for at most this long."""


class Note(Strict):
    note: str
    hold: Duration | None = None
    """Demo mode: seconds the note stays on screen (with a countdown) before the story goes on;
    unset, it stays until the presenter presses a key. Ignored by `sandbox run`."""


class MapAudienceBody(Strict):
    destination: str
    """The scenario's key of a REST destination."""
    audience: str
    """The audience id."""
    name: str | None = None
    """Defaults to the audience's name."""
    mapping_id: str | None = None
    """A user-typed mapping ID (`mapUserInput`); with an audience template the partner's ID wins."""


class MapAudience(Strict):
    map_audience: MapAudienceBody
    """Map an audience to a destination: `create` at the partner, then its members are backfilled."""


class UnmapAudienceBody(Strict):
    destination: str
    audience: str


class UnmapAudience(Strict):
    unmap_audience: UnmapAudienceBody
    """Unmap an audience: `delete` at the partner; it is no longer exported."""


class RenameAudienceBody(Strict):
    audience: str
    name: str
    destination: str | None = None
    """Only this destination's mapping (default: every destination mapping the audience)."""


class RenameAudience(Strict):
    rename_audience: RenameAudienceBody
    """Rename an audience: `update` at every partner it is mapped to."""


class EndActivationBody(Strict):
    destination: str


class EndActivation(Strict):
    end_activation: EndActivationBody
    """The dataflow ends: `delete` at the partner for every audience; nothing more is exported."""


def _one_key(value: Any) -> str:
    if isinstance(value, dict) and len(value) >= 1:
        keys = [k for k in value if k != "name"]
        return str(keys[0]) if keys else "name"
    return "?"


Step = Annotated[
    Annotated[Generate, Tag("generate")]
    | Annotated[Advance, Tag("advance")]
    | Annotated[StreamEvents, Tag("stream_events")]
    | Annotated[SetAttributes, Tag("set_attributes")]
    | Annotated[PartnerFaults, Tag("partner_faults")]
    | Annotated[EdgeEvent, Tag("edge_event")]
    | Annotated[EvaluateBatch, Tag("evaluate_batch")]
    | Annotated[Settle, Tag("settle")]
    | Annotated[ExpirePartnerTokens, Tag("expire_partner_tokens")]
    | Annotated[Note, Tag("note")]
    | Annotated[MapAudience, Tag("map_audience")]
    | Annotated[UnmapAudience, Tag("unmap_audience")]
    | Annotated[RenameAudience, Tag("rename_audience")]
    | Annotated[EndActivation, Tag("end_activation")],
    Discriminator(_one_key),
]

# -- expectations -----------------------------------------------------------------------------


class Count(Strict):
    min: int | None = None
    max: int | None = None


CountSpec = int | Count


class BodyAssertion(Strict):
    path: str
    """A JSONPath into the parsed JSON body, e.g. `$.profiles[*].email`."""
    equals: Any = None
    contains: Any = None
    matches: str | None = None
    exists: bool | None = None
    count: CountSpec | None = None


class PartnerReceivedBody(Strict):
    count: CountSpec | None = None
    method: str | None = None
    path: str | None = None
    """A glob on the request path."""
    headers: dict[str, str] = {}
    """Header → regular expression its value must match."""
    body: list[BodyAssertion] = []
    """Assertions every matching request's body must satisfy."""
    status: int | None = None
    """Only requests the partner answered with this status."""
    fault: str | None = None
    """Only requests answered by the partner's fault rule of this name."""
    where: list[BodyAssertion] = []
    """Only requests whose body satisfies these (a filter, where `body` is an assertion)."""


class PartnerReceived(Strict):
    name: str | None = None
    partner_received: PartnerReceivedBody


class RetriesBody(Strict):
    destination: str | None = None
    offsets: list[Duration]
    """Seconds from each failed attempt to the next, e.g. `[15, 30]`; an export whose retries begin
    this way matches (with `then`, it must also end there, delivered or dropped)."""
    then: Literal["delivered", "dropped", "any"] = "any"


class Retries(Strict):
    name: str | None = None
    retries: RetriesBody


class ExportsBody(Strict):
    destination: str | None = None
    lost: int = 0
    """Exports with no outcome at the end (must be 0 for "nothing lost")."""
    delivered: CountSpec | None = None
    dropped: CountSpec | None = None
    dropped_reason: str | None = None
    """A substring every dropped export's reason contains."""


class Exports(Strict):
    name: str | None = None
    exports: ExportsBody


class EdgeResponseBody(Strict):
    step: str
    """The `name` of the edge_event step."""
    status: int = 200
    aliases: list[str] = []
    audiences: dict[str, list[str]] = {}
    """Alias → audience ids that must be among its segments."""
    absent: dict[str, list[str]] = {}
    """Alias → audience ids that must NOT be among its segments (yet)."""


class EdgeResponse(Strict):
    name: str | None = None
    edge_response: EdgeResponseBody


class TokensBody(Strict):
    destination: str | None = None
    refreshed: CountSpec
    trigger: Literal["initial", "expired", "401", "any"] = "any"


class Tokens(Strict):
    name: str | None = None
    tokens: TokensBody


class BatchesBody(Strict):
    destination: str | None = None
    reason: Literal["count", "age", "best_effort", "flush"] | None = None
    """Only batches closed for this reason."""
    key: dict[str, Any] = {}
    """Only batches whose aggregation key has these values (e.g. `segmentStatus: exited`)."""
    count: CountSpec | None = None
    size: CountSpec | None = None
    """Every such batch's number of profiles."""


class Batches(Strict):
    name: str | None = None
    batches: BatchesBody


class AudienceBody(Strict):
    id: str
    population: CountSpec


class AudiencePopulation(Strict):
    name: str | None = None
    audience: AudienceBody


class AudienceCallsBody(Strict):
    destination: str | None = None
    operation: Literal["validate", "create", "update", "delete"] | None = None
    audience: str | None = None
    """Only calls about this audience id."""
    outcome: Literal["ok", "failed", "any"] = "any"
    count: CountSpec | None = None
    """How many such calls (after retries); default: at least one."""
    reason_contains: str | None = None
    """A substring every matching failed call's reason (the partner's error) contains."""


class AudienceCalls(Strict):
    name: str | None = None
    audience_calls: AudienceCallsBody


Expectation = Annotated[
    Annotated[PartnerReceived, Tag("partner_received")]
    | Annotated[Retries, Tag("retries")]
    | Annotated[Exports, Tag("exports")]
    | Annotated[EdgeResponse, Tag("edge_response")]
    | Annotated[Tokens, Tag("tokens")]
    | Annotated[AudiencePopulation, Tag("audience")]
    | Annotated[Batches, Tag("batches")]
    | Annotated[AudienceCalls, Tag("audience_calls")],
    Discriminator(_one_key),
]


class Scenario(Strict):
    """One integration story: who, what, in which order, and what must have happened."""

    name: str = ""
    description: str = ""
    seed: int = 0
    start: str = "2026-01-01T00:00:00Z"
    """Simulation start time (ISO 8601, UTC)."""
    daily_batch: str | None = None
    """Time of day (HH:MM, UTC) at which AEP's scheduled batch segmentation runs every simulated
    day; unset: batch audiences are evaluated only by `evaluate_batch` steps."""
    population: Population = Population()
    audiences: list[AudienceEntry] = []
    destinations: dict[str, DestinationRef] = {}
    personalization: list[Personalization] = []
    partner: PartnerSettings = PartnerSettings()
    delivery: DeliverySettings = DeliverySettings()
    steps: list[Step] = []
    expect: list[Expectation] = []


def profiles_made(scenario: Scenario) -> int:
    """The initial population and every `generate` step, added up."""
    steps = (step.generate for step in scenario.steps if isinstance(step, Generate))
    return scenario.population.count + sum(steps)
