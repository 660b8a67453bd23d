"""Keeping an activation's mapped audiences in step with the partner (audience metadata, §5.6).

When the connection is made the template's `validate` runs, then `create` for every mapped
audience; the partner's `externalAudienceId` becomes that audience's mapping ID in every export.
An audience whose `create` fails stays unactivated (nothing is exported for it) and the failure is
recorded with the partner's error. Mapping an audience later calls `create` and backfills its
members; renaming calls `update`; unmapping (or ending the activation) calls `delete` and stops
its exports. Without a template the same steps change the mapping with no partner calls.

Changing the mapping sends the open batches first (under the mapping they were made with).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sandbox.clock import Clock
from sandbox.delivery.audience_calls import AudienceCaller, AudienceCallResult
from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.destinations.activation import MappedAudience
from sandbox.destinations.audience_templates import AudienceTemplate
from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.pebble import PebbleEngine
from sandbox.events import EventBus
from sandbox.segments.audience_set import AudienceSet
from sandbox.simulator.activation import Activation
from sandbox.simulator.api import DestinationSummary
from sandbox.simulator.pacing import paced
from sandbox.simulator.store import ProfileStore

QUALIFIED = ("realized", "existing")


@dataclass(frozen=True)
class AudienceState:
    """What the sync knows of one audience mapped (or meant to be) to the destination."""

    mapped: MappedAudience
    active: bool
    reason: str = ""


class AudienceSync:
    """One activation's audiences: the calls to the partner and the mapping exports use."""

    def __init__(
        self,
        activation: Activation,
        template: AudienceTemplate | None,
        caller: AudienceCaller | None,
        audiences: AudienceSet,
        store: ProfileStore,
        clock: Clock,
    ) -> None:
        self.activation = activation
        self._clock = clock
        self.template = template
        self._caller = caller
        self._audiences = audiences
        self._store = store
        self._base = activation.bundle
        self.states: dict[str, AudienceState] = {}
        self.connected = True
        self.connection_error = ""
        self.dynamic_values: dict[str, tuple[str, ...]] = {}
        """What the partner's dynamic servers offered when the connection was made, by field."""

    # -- the connection -------------------------------------------------------------------------

    async def connect(self) -> None:
        """Validate the connection, create every mapped audience, apply the mapping."""
        requested = self._base.activation.audiences if self._base.activation else []
        section = self.template.metadata_template.validate_ if self.template else None
        if section is not None and self._caller is not None:
            result = await self._caller.call("validate", section, {})
            if not result.ok:
                self.connected = False
                self.connection_error = f"validate failed: {result.reason}"
        for mapped in requested:
            await self._create(mapped)
        if self.template is not None or not self.connected:
            self._apply()  # else the activation already maps exactly these audiences

    async def map(self, audience_id: str, name: str | None, mapping_id: str | None) -> bool:
        """Map an audience (created at the partner when there is a template); backfills it."""
        if self.states.get(audience_id, AudienceState(MappedAudience(id=""), False)).active:
            return True
        known = self._audiences.get(audience_id)
        fields = {
            "id": audience_id,
            "name": name or (known.name if known else None),
            "mappingId": mapping_id,
            "mappingCreatedAt": int(self._clock.now() * 1000),
        }
        mapped = MappedAudience.model_validate({k: v for k, v in fields.items() if v is not None})
        state = await self._create(mapped)
        self._apply()
        if state.active:
            await self._backfill(audience_id)
        return state.active

    async def unmap(self, audience_id: str) -> None:
        state = self.states.pop(audience_id, None)
        if state is None:
            return
        section = self.template.metadata_template.delete if self.template else None
        if state.active and section is not None and self._caller is not None:
            await self._caller.call("delete", section, self._segment(state.mapped))
        self._apply()

    async def rename(self, audience_id: str, name: str) -> None:
        state = self.states.get(audience_id)
        if state is None:
            return
        mapped = state.mapped.model_copy(update={"name": name})
        section = self.template.metadata_template.update if self.template else None
        if state.active and section is not None and self._caller is not None:
            result = await self._caller.call("update", section, self._segment(mapped))
            if result.ok and result.external_id:
                mapped = mapped.model_copy(update={"mapping_id": result.external_id})
        self.states[audience_id] = AudienceState(mapped, state.active, state.reason)
        self._apply()

    async def end(self) -> None:
        """The activation ends: every active audience is deleted at the partner."""
        for audience_id in list(self.states):
            await self.unmap(audience_id)

    def notes(self) -> tuple[str, ...]:
        """The console's lines about this connection (Destinations tab)."""
        lines = [f"connection refused: {self.connection_error}"] if not self.connected else []
        for state in self.states.values():
            name = state.mapped.name or state.mapped.id
            if state.active and self.template is not None:
                lines.append(f"{name} → partner audience {state.mapped.mapping_id}")
            elif not state.active:
                lines.append(f"{name}: not activated ({state.reason})")
        for field, values in self.dynamic_values.items():
            what = "schema fields" if field == "schema" else f"{field} options"
            chosen = self._chosen(field)
            shown = [v + (" [chosen]" if chosen and _is_option(v, chosen) else "") for v in values]
            lines.append(f"{what}: {', '.join(shown) or 'none'}")
        return tuple(lines)

    def _chosen(self, field: str) -> set[str]:
        """The activation's value(s) for a dropdown field (`customerData.a.b`)."""
        value: Any = self._base.customer_data
        for part in field.split(".")[1:]:
            value = value.get(part) if isinstance(value, dict) else None
        values = value if isinstance(value, list) else [value]
        return {str(v) for v in values if v is not None}

    # -- inside ---------------------------------------------------------------------------------

    async def _create(self, mapped: MappedAudience) -> AudienceState:
        section = self.template.metadata_template.create if self.template else None
        if not self.connected:
            state = AudienceState(mapped, False, self.connection_error)
        elif section is None or self._caller is None:
            state = AudienceState(mapped, True)
        else:
            result: AudienceCallResult = await self._caller.call(
                "create", section, self._segment(mapped)
            )
            if result.ok:
                state = AudienceState(
                    mapped.model_copy(update={"mapping_id": result.external_id}), True
                )
            else:
                state = AudienceState(mapped, False, result.reason)
        self.states[mapped.id] = state
        return state

    def _segment(self, mapped: MappedAudience) -> dict[str, Any]:
        known = self._audiences.get(mapped.id)
        return {
            "id": mapped.id,
            "name": mapped.name or (known.name if known else mapped.id),
            "description": known.description if known else "",
            "alias": mapped.mapping_id or "",
            "namespace": mapped.namespace,
            "metadata": {},
        }

    def _apply(self) -> None:
        """Rebind the activation to a bundle mapping exactly the active audiences."""
        active = [s.mapped for s in self.states.values() if s.active]
        self.activation.rebind(rebuilt(self._base, active))

    async def _backfill(self, audience_id: str) -> None:
        async for profile in paced(self._store):
            status = _status(profile, audience_id)
            if status in QUALIFIED:
                self.activation.consider(profile, backfill=True)


def rebuilt(base: DestinationBundle, audiences: list[MappedAudience]) -> DestinationBundle:
    """`base` with its activation mapping `audiences` instead."""
    activation = base.activation
    assert activation is not None
    return DestinationBundle(
        base.config,
        base.server,
        activation.model_copy(update={"audiences": audiences}),
        customer_data=base.customer_data,
        warnings=base.warnings,
        sources=base.sources,
        engine=base.engine,
        cookie_namespaces=base.cookie_namespaces,
    )


def _status(profile: Mapping[str, Any], audience_id: str) -> str | None:
    for namespace in (profile.get("segmentMembership") or {}).values():
        entry = namespace.get(audience_id) if isinstance(namespace, dict) else None
        if isinstance(entry, dict):
            return str(entry.get("status"))
    return None


def audience_caller(
    activation: Activation,
    deliverer: Deliverer,
    engine: PebbleEngine,
    clock: Clock,
    bus: EventBus,
) -> AudienceCaller:
    """The caller for an activation's audience calls (its credentials, endpoint and policy)."""
    bundle = activation.bundle
    config = bundle.config
    destination = {
        "id": bundle.destination_id,
        "name": bundle.name,
        "sandboxName": config.sandbox_name or "prod",
        "imsOrgId": config.ims_org or "",
    }
    override = EndpointOverride.parse(activation.endpoint) if activation.endpoint else None
    return AudienceCaller(
        deliverer,
        activation.credentials,
        destination,
        deliverer.settings.policy_for(bundle.aggregation_type),
        engine,
        override,
        clock=clock,
        bus=bus,
        customer_data=bundle.customer_data,
    )


async def connect_audiences(
    activation: Activation,
    template: AudienceTemplate | None,
    *,
    audiences: AudienceSet,
    store: ProfileStore,
    deliverer: Deliverer,
    engine: PebbleEngine,
    clock: Clock,
    bus: EventBus,
) -> AudienceSync:
    """The connection is made: validate, create the mapped audiences (before any backfill)."""
    caller = audience_caller(activation, deliverer, engine, clock, bus) if template else None
    sync = AudienceSync(activation, template, caller, audiences, store, clock)
    await sync.connect()
    return sync


def with_notes(summary: DestinationSummary, sync: AudienceSync | None) -> DestinationSummary:
    return summary if sync is None else replace(summary, notes=sync.notes())


def _is_option(label: str, chosen: set[str]) -> bool:
    """Whether an option's label (`name (value)`, or `value`) is one of the chosen values."""
    return label in chosen or any(label.endswith(f" ({value})") for value in chosen)
