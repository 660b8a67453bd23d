"""Loading a scenario: YAML validated, files it names loaded and checked, impossible steps refused.

Every problem names the scenario file, the line and the field path; problems inside a referenced file
(a destination configuration, an audience file) name that file and its own JSON path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sandbox.clock import parse_time
from sandbox.delivery.policy import DeliverySettings
from sandbox.destinations.audience_templates import (
    AudienceTemplate,
    load_audience_template,
    missing_template_message,
)
from sandbox.destinations.bundle import DestinationBundle, load_bundle
from sandbox.destinations.dynamic_servers import (
    DynamicServer,
    dynamic_server_from_data,
    needed_servers,
)
from sandbox.destinations.problems import load_document
from sandbox.edge.backend import Datastream, PersonalizationDestination
from sandbox.edge.workspace import Workspace as EdgeWorkspace
from sandbox.errors import InputError, Problem, caret_excerpt
from sandbox.scenario import model
from sandbox.scenario.input_checks import input_problems
from sandbox.scenario.problems import dotted, problems_from
from sandbox.scenario.yaml_source import YamlSource
from sandbox.segments.catalog import load_audiences, parse_audiences
from sandbox.segments.definition import Audience, make_audience
from sandbox.segments.paths import audience_path_warnings
from sandbox.simulator.known_paths import generator_paths
from sandbox.simulator.schedule import parse_time_of_day
from sandbox.simulator.setup import DestinationSlot, PopulationSpec, Setup

DEFAULT_ORG = "5B6B2C3D5E6F708192A3B4C5@AdobeOrg"


@dataclass(frozen=True)
class LoadedScenario:
    path: Path
    source: YamlSource
    scenario: model.Scenario
    setup: Setup
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop the scenario (an audience path no profile has, a fallback)."""

    @property
    def name(self) -> str:
        return self.scenario.name or self.path.stem


class _Checker:
    """Collects problems located in the scenario file."""

    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, location: tuple[str | int, ...], message: str) -> None:
        line = self.source.line_of(location)
        where = f"line {line}: {dotted(location)}" if line else dotted(location)
        excerpt = caret_excerpt(self.source.text, line, 1) if line else ""
        self.problems.append(Problem(self.source.name, where, message, excerpt))

    def file(self, location: tuple[str | int, ...], relative: str) -> Path | None:
        path = (Path(self.source.name).parent / relative).resolve()
        if not path.is_file():
            self.add(location, f"the file {relative!r} does not exist (looked for {path})")
            return None
        return path


def load_scenario(
    path: Path, seed: int | None = None, max_profiles: int = model.ONE_MACHINE
) -> LoadedScenario:
    """Read, validate and resolve a scenario; `seed` overrides the file's. Raises InputError,
    also when the scenario makes more than `max_profiles` profiles (one machine's, by default)."""
    source = YamlSource.read(path)
    if not isinstance(source.data, dict):
        raise InputError.single(
            str(path), "", "a scenario is a YAML mapping (name, seed, steps...)"
        )
    try:
        scenario = model.Scenario.model_validate(source.data)
    except ValidationError as error:
        raise InputError(problems_from(error, source)) from None
    if seed is not None:
        scenario = scenario.model_copy(update={"seed": seed})
    checker = _Checker(source)
    _check_size(scenario, checker, max_profiles)
    setup = _setup(scenario, checker, path)
    _check_steps(scenario, setup, checker)
    for location, message in input_problems(scenario):
        checker.add(location, message)
    if checker.problems:
        raise InputError(checker.problems)
    checker.warnings += audience_path_warnings(setup.audiences, generator_paths())
    return LoadedScenario(path, source, scenario, setup, tuple(checker.warnings))


def _check_size(scenario: model.Scenario, checker: _Checker, most: int) -> None:
    """More profiles than one machine holds: a problem naming `--cluster` (or past any cluster's)."""
    made = scenario.population.count
    if model.profiles_made(scenario) <= most:
        return
    if made > most:
        checker.add(("population", "count"), _too_many(model.profiles_made(scenario), most))
        return
    for index, step in enumerate(scenario.steps):
        if isinstance(step, model.Generate):
            made += step.generate
            if made > most:
                checker.add(("steps", index, "generate"), _too_many(made, most))
                return


def _too_many(made: int, most: int) -> str:
    if most < model.PAST_ONE_MACHINE:
        return (
            f"the scenario makes {made:,} profiles; one machine holds at most {most:,} "
            "(run it with `sandbox run --cluster` to spread a larger population over Ray)"
        )
    return f"the scenario makes {made:,} profiles; at most {most:,} even on a cluster"


def _setup(scenario: model.Scenario, checker: _Checker, path: Path) -> Setup:
    try:
        start = parse_time(scenario.start)
    except ValueError:
        checker.add(
            ("start",), f"{scenario.start!r} is not an ISO 8601 time, e.g. 2026-01-01T00:00:00Z"
        )
        start = 0.0
    population = scenario.population
    return Setup(
        name=scenario.name or path.stem,
        seed=scenario.seed,
        start=start,
        population=PopulationSpec(
            population.count,
            _locales(population.locales),
            population.lookback_days,
            population.max_events,
        ),
        audiences=_audiences(scenario, checker),
        destinations=_destinations(scenario, checker),
        edge=_edge(scenario),
        partner_auth=scenario.partner.auth,
        partner_faults=tuple(scenario.partner.faults),
        partner_seed=scenario.partner.seed if scenario.partner.seed is not None else scenario.seed,
        delivery=DeliverySettings(
            timeout=scenario.delivery.timeout, max_in_flight=scenario.delivery.max_in_flight
        ),
        batch_time=_batch_time(scenario.daily_batch, checker),
    )


def _batch_time(text: str | None, checker: _Checker) -> float | None:
    if text is None:
        return None
    try:
        return parse_time_of_day(text)
    except ValueError:
        checker.add(("daily_batch",), f"{text!r} is not a time of day HH:MM (00:00-23:59, UTC)")
        return None


def _locales(locales: list[str] | dict[str, float]) -> tuple[str, ...] | dict[str, float]:
    return dict(locales) if isinstance(locales, dict) else tuple(locales)


def _audiences(scenario: model.Scenario, checker: _Checker) -> tuple[Audience, ...]:
    found: list[Audience] = []
    for index, entry in enumerate(scenario.audiences):
        where = ("audiences", index)
        try:
            if isinstance(entry, model.InlineAudience):
                audience, warnings = make_audience(
                    entry.id,
                    entry.name or entry.id,
                    entry.pql,
                    entry.mode,
                    file=checker.source.name,
                    location=f"{dotted(where)}.pql",
                )
                checker.warnings += warnings
                found.append(audience)
            elif isinstance(entry, model.AudienceFile):
                file = checker.file((*where, "file"), entry.file)
                if file is not None:
                    found.extend(load_audiences(file).audiences)
            else:
                found.extend(
                    parse_audiences(entry, f"{checker.source.name}:{dotted(where)}").audiences
                )
        except InputError as error:
            checker.problems.extend(error.problems)
    return tuple(found)


def _destinations(scenario: model.Scenario, checker: _Checker) -> tuple[DestinationSlot, ...]:
    slots = []
    for key, ref in scenario.destinations.items():
        where = ("destinations", key)
        files = [
            checker.file((*where, field), value)
            for field, value in (("destination", ref.destination), ("server", ref.server))
        ]
        activation = (
            checker.file((*where, "activation"), ref.activation) if ref.activation else None
        )
        if None in files or (ref.activation and activation is None):
            continue
        try:
            bundle = load_bundle(files[0], files[1], activation)  # type: ignore[arg-type]
        except InputError as error:
            checker.problems.extend(error.problems)
            continue
        template = _audience_template(ref, bundle, (*where, "audience_template"), checker)
        dynamic = _dynamic_servers(ref, bundle, (*where, "dynamic_servers"), checker)
        slots.append(DestinationSlot(key, bundle, ref.endpoint, template, dynamic))
    return tuple(slots)


def _dynamic_servers(
    ref: model.DestinationRef,
    bundle: DestinationBundle,
    where: tuple[str | int, ...],
    checker: _Checker,
) -> tuple[tuple[DynamicServer, str], ...]:
    found: list[tuple[DynamicServer, str]] = []
    for index, relative in enumerate(ref.dynamic_servers):
        file = checker.file((*where, index), relative)
        if file is None:
            continue
        try:
            server, _ = dynamic_server_from_data(load_document(file), str(file), bundle.engine)
        except InputError as error:
            checker.problems.extend(error.problems)
            continue
        found.append((server, str(file)))
    given = {server.instance_id for server, _ in found}
    for wanted in sorted(needed_servers(bundle.config) - given):
        checker.add(
            where,
            f"the destination reads dynamic values from the server {wanted!r} (a dynamicEnum's "
            "destinationServerId); list that server's file here",
        )
    return tuple(found)


def _audience_template(
    ref: model.DestinationRef,
    bundle: DestinationBundle,
    where: tuple[str | int, ...],
    checker: _Checker,
) -> AudienceTemplate | None:
    wanted = bundle.config.segment_mapping_config.audience_template_id
    if ref.audience_template is None:
        if wanted is not None:
            checker.add(where, missing_template_message(wanted))
        return None
    file = checker.file(where, ref.audience_template)
    if file is None:
        return None
    try:
        return load_audience_template(file, bundle.config, bundle.engine)[0]
    except InputError as error:
        checker.problems.extend(error.problems)
        return None


def _edge(scenario: model.Scenario) -> EdgeWorkspace | None:
    if not scenario.personalization and not any(
        isinstance(step, model.EdgeEvent) for step in scenario.steps
    ):
        return None
    streams: dict[str, list[PersonalizationDestination]] = {}
    for index, entry in enumerate(scenario.personalization):
        destination = PersonalizationDestination(
            destination_id=f"cp-{index + 1}-{entry.alias}",
            name=entry.name,
            alias=entry.alias,
            audience_ids=tuple(entry.audiences),
            with_attributes=entry.with_attributes,
        )
        streams.setdefault(entry.datastream, []).append(destination)
    for step in scenario.steps:
        if isinstance(step, model.EdgeEvent):
            streams.setdefault(step.edge_event.datastream, [])
    datastreams = tuple(
        Datastream(datastream_id, DEFAULT_ORG, tuple(destinations))
        for datastream_id, destinations in streams.items()
    )
    return EdgeWorkspace(DEFAULT_ORG, datastreams, ())


def _check_steps(scenario: model.Scenario, setup: Setup, checker: _Checker) -> None:
    """Refuse what cannot happen: unknown profiles, edge steps named twice or used before they run,
    expectations about destinations or steps that do not exist."""
    generated = scenario.population.count
    edge_steps: list[str] = []
    aliases = [p.alias for p in scenario.personalization]
    for duplicate in {a for a in aliases if aliases.count(a) > 1}:
        checker.add(
            ("personalization",),
            f"the integration alias {duplicate!r} is used twice; "
            "aliases are unique across connections",
        )
    for index, step in enumerate(scenario.steps):
        where: tuple[str | int, ...] = ("steps", index)
        if isinstance(step, model.Generate):
            generated += step.generate
        elif isinstance(step, model.EdgeEvent):
            body = step.edge_event
            if body.profile is not None and not 0 <= body.profile < generated:
                checker.add(
                    (*where, "edge_event", "profile"),
                    f"profile {body.profile} does not exist yet: {generated} profiles "
                    f"exist at this step (indexes 0..{generated - 1})",
                )
            if body.reuse_cookie_from and body.reuse_cookie_from not in edge_steps:
                checker.add(
                    (*where, "edge_event", "reuse_cookie_from"),
                    f"no earlier edge_event step is named {body.reuse_cookie_from!r} "
                    f"(earlier ones: {edge_steps or 'none'})",
                )
            if body.name in edge_steps:
                checker.add(
                    (*where, "edge_event", "name"), f"another edge step is named {body.name!r}"
                )
            edge_steps.append(body.name)
        else:
            _check_selection(step, where, generated, checker)
        _check_partner(step, where, setup, checker)
        _check_audience_step(step, where, setup, checker)
    _check_expectations(scenario, setup, edge_steps, checker)


def _check_partner(
    step: object, where: tuple[str | int, ...], setup: Setup, checker: _Checker
) -> None:
    """Partner steps steer the bundled mock partner: a destination must send to it."""
    kind = next((k for k in ("partner_faults", "expire_partner_tokens") if hasattr(step, k)), None)
    if kind is not None and not setup.needs_partner:
        checker.add(
            (*where, kind),
            "this step steers the mock partner, but no destination sends to it "
            "(a destination's `endpoint` is `mock`, the default)",
        )


def _check_selection(
    step: object, where: tuple[str | int, ...], generated: int, checker: _Checker
) -> None:
    body = getattr(step, "stream_events", None) or getattr(step, "set_attributes", None)
    selection = getattr(body, "profiles", None)
    if selection is None or not selection.indexes:
        return
    kind = "stream_events" if hasattr(step, "stream_events") else "set_attributes"
    wrong = [i for i in selection.indexes if not 0 <= i < generated]
    if wrong:
        checker.add(
            (*where, kind, "profiles", "indexes"),
            f"profiles {wrong} do not exist yet: {generated} profiles exist at this step",
        )


def _check_expectations(
    scenario: model.Scenario, setup: Setup, edge_steps: list[str], checker: _Checker
) -> None:
    destinations = {slot.key for slot in setup.destinations} | {
        slot.bundle.destination_id for slot in setup.destinations
    }
    audiences = {audience.id for audience in setup.audiences}
    for index, expectation in enumerate(scenario.expect):
        kind = next(name for name in type(expectation).model_fields if name != "name")
        body = getattr(expectation, kind)
        where = ("expect", index, kind)
        wanted = getattr(body, "destination", None)
        if wanted is not None and wanted not in destinations:
            checker.add(
                (*where, "destination"),
                f"no destination {wanted!r}; the scenario has {sorted(d for d in destinations)}",
            )
        if kind == "edge_response" and body.step not in edge_steps:
            checker.add(
                (*where, "step"),
                f"no edge_event step is named {body.step!r} (named steps: {edge_steps or 'none'})",
            )
        if kind == "audience" and body.id not in audiences:
            checker.add((*where, "id"), f"no audience {body.id!r} in this scenario")


def _check_audience_step(
    step: object, where: tuple[str | int, ...], setup: Setup, checker: _Checker
) -> None:
    kinds = ("map_audience", "unmap_audience", "rename_audience", "end_activation")
    kind = next((k for k in kinds if hasattr(step, k)), None)
    if kind is None:
        return
    body = getattr(step, kind)
    keys = [slot.key for slot in setup.destinations]
    if body.destination is not None and body.destination not in keys:
        checker.add(
            (*where, kind, "destination"),
            f"no destination {body.destination!r}; the scenario's destinations are {keys}",
        )
    audience = getattr(body, "audience", None)
    if audience is not None and audience not in {a.id for a in setup.audiences}:
        checker.add((*where, kind, "audience"), f"no audience {audience!r} in this scenario")
