"""A destination ready to simulate: its configuration, server and activation, checked and compiled.

    bundle = load_bundle(Path("destination.json"), Path("server.json"), Path("activation.json"))
    reasons = bundle.export_reasons(before, after)       # () when no export is needed
    batcher = bundle.batcher()                           # aggregation for this destination
    batcher.add(bundle.export_profile(after), now, profile_id)

Loading reports every error of all three files in one `InputError`; warnings are kept on
`bundle.warnings`. `bundle_from_data` does the same from already-parsed documents (a scenario
may embed them), with `sources` naming them in problems.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from sandbox.destinations.activation import Activation
from sandbox.destinations.aggregation import Slicer
from sandbox.destinations.batching import Batcher, best_effort_batcher, configurable_batcher
from sandbox.destinations.compiled_server import CompiledServer, compile_server
from sandbox.destinations.credential_rules import build_credentials
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.export import ExportRules
from sandbox.destinations.export_plan import aliases, audience_context, export_rules
from sandbox.destinations.identities import COOKIE_NAMESPACES
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document, raise_on_errors
from sandbox.destinations.server_config import DestinationServer
from sandbox.destinations.validation import check_all
from sandbox.errors import Problem


class DestinationBundle:
    """One destination as the simulator, delivery and the render command use it."""

    def __init__(
        self,
        config: DestinationConfig,
        server: DestinationServer,
        activation: Activation | None,
        *,
        customer_data: Mapping[str, Any],
        warnings: tuple[Problem, ...],
        sources: tuple[str, str, str],
        engine: PebbleEngine,
        cookie_namespaces: frozenset[str] = COOKIE_NAMESPACES,
    ) -> None:
        self.config, self.server, self.activation = config, server, activation
        self.customer_data = dict(customer_data)
        self.warnings = warnings
        self.sources = sources
        self.engine = engine
        self.cookie_namespaces = cookie_namespaces
        self.rules: ExportRules = export_rules(config, activation, cookie_namespaces)
        self.destination_context: dict[str, Any] = audience_context(
            activation, config.segment_mapping_config
        )
        self._compiled = compile_server(server, engine, sources[1])
        self._by_engine: dict[int, tuple[PebbleEngine, CompiledServer]] = {}

    @property
    def destination_id(self) -> str:
        """The connection's id when the activation gives one, else the configuration's."""
        if self.activation and self.activation.destination_instance_id:
            return self.activation.destination_instance_id
        return self.config.instance_id or _slug(self.config.name)

    @property
    def name(self) -> str:
        if self.activation and self.activation.name:
            return self.activation.name
        return self.config.name

    @property
    def aggregation_type(self) -> str:
        return self.config.aggregation.aggregation_type

    @property
    def mapped_audience_ids(self) -> frozenset[str]:
        return frozenset(audience_id for _, audience_id in self.rules.audiences)

    @property
    def compiled(self) -> CompiledServer:
        return self._compiled

    def compiled_for(self, engine: PebbleEngine) -> CompiledServer:
        """The server's templates compiled by `engine` (once per engine)."""
        if engine is self.engine:
            return self._compiled
        key = id(engine)
        if key not in self._by_engine or self._by_engine[key][0] is not engine:
            self._by_engine[key] = (engine, compile_server(self.server, engine, self.sources[1]))
        return self._by_engine[key][1]

    def credentials(self) -> Credentials:
        return build_credentials(self.activation, self.config)

    def export_profile(self, xdm_profile: Mapping[str, Any]) -> dict[str, Any]:
        """The target-schema profile (what templates see) for a profile of the simulator."""
        return self.rules.export_profile(xdm_profile)

    def export_reasons(
        self,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any],
        written: Collection[str] = (),
    ) -> tuple[str, ...]:
        """Why `after` is exported (`()` when it is not); `before is None` means backfill."""
        return self.rules.export_reasons(before, after, written)

    def slicer(self) -> Slicer:
        configurable = self.aggregation_type == "CONFIGURABLE_AGGREGATION"
        instance = self.activation.destination_instance_id if self.activation else None
        return Slicer(
            key_config=self.config.aggregation.key_config,
            split_user_by_id=self.config.aggregation.split_user_by_id,
            keyed=configurable,
            destination_instance_id=instance,
            aliases=aliases(self.activation, self.config.segment_mapping_config),
            normalize_times=configurable,
        )

    def batcher(self) -> Batcher:
        """A fresh batcher applying this destination's aggregation policy."""
        best = self.config.aggregation.best_effort_aggregation
        configurable = self.config.aggregation.configurable_aggregation
        if self.aggregation_type == "BEST_EFFORT" and best is not None:
            return best_effort_batcher(self.slicer(), best.max_users_per_request)
        assert configurable is not None
        return configurable_batcher(
            self.slicer(), configurable.max_num_events_in_batch, configurable.max_batch_age_in_secs
        )


def load_bundle(
    destination: Path,
    server: Path,
    activation: Path | None = None,
    *,
    engine: PebbleEngine | None = None,
    cookie_namespaces: frozenset[str] = COOKIE_NAMESPACES,
) -> DestinationBundle:
    """Load and check the three files.

    Raises:
        InputError: every error found in any of the files, at once.
    """
    documents = (
        load_document(destination),
        load_document(server),
        load_document(activation) if activation else None,
    )
    sources = (str(destination), str(server), str(activation) if activation else "<activation>")
    return bundle_from_data(
        *documents, sources=sources, engine=engine, cookie_namespaces=cookie_namespaces
    )


def bundle_from_data(
    destination: Any,
    server: Any,
    activation: Any | None = None,
    *,
    sources: tuple[str, str, str] = ("<destination>", "<server>", "<activation>"),
    engine: PebbleEngine | None = None,
    cookie_namespaces: frozenset[str] = COOKIE_NAMESPACES,
) -> DestinationBundle:
    """Like `load_bundle`, from parsed JSON documents."""
    engine = engine or PebbleEngine(autoescape=True)
    checked = check_all((destination, server, activation), sources, engine, cookie_namespaces)
    warnings = raise_on_errors(checked.problems)
    assert checked.config is not None and checked.server is not None
    return DestinationBundle(
        checked.config,
        checked.server,
        checked.activation,
        customer_data=checked.customer_data,
        warnings=tuple(warnings),
        sources=sources,
        engine=engine,
        cookie_namespaces=cookie_namespaces,
    )


def _slug(name: str) -> str:
    return (
        "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split()) or "destination"
    )
