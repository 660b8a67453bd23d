"""The `aggregation` block of a destination config: best effort or configurable, and its limits.

Limits follow decision §11.2: `maxBatchAgeInSecs` 301-3600 (warning below 1800, the older docs'
minimum), `maxNumEventsInBatch` 1000-10000, `maxUsersPerRequest` at least 1 (warning above 100).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator

from sandbox.destinations.adobe_json import AdobeModel
from sandbox.destinations.problems import Findings
from sandbox.errors import Problem

AggregationType = Literal["BEST_EFFORT", "CONFIGURABLE_AGGREGATION"]


class IdentityGroup(AdobeModel):
    namespaces: list[str]


class AggregationKeyConfig(AdobeModel):
    include_segment_id: bool = False
    include_segment_status: bool = False
    include_identity: bool = False
    one_identity_per_group: bool = False
    groups: list[IdentityGroup] = []

    @field_validator("groups", mode="before")
    @classmethod
    def _null_is_no_groups(cls, value: Any) -> Any:
        """`"groups": null`, as in Adobe's complete streaming example and configs read back
        from AEP's API, means no groups."""
        return [] if value is None else value


class BestEffortAggregation(AdobeModel):
    max_users_per_request: int
    split_user_by_id: bool = False
    aggregation_key: AggregationKeyConfig | None = None


class ConfigurableAggregation(AdobeModel):
    split_user_by_id: bool = False
    max_batch_age_in_secs: int
    max_num_events_in_batch: int
    aggregation_key: AggregationKeyConfig | None = None
    aggregation_policy_id: str | None = None
    """Adobe's complete streaming example sets it here (as `null`); the sandbox ignores it."""


class Aggregation(AdobeModel):
    aggregation_type: AggregationType
    best_effort_aggregation: BestEffortAggregation | None = None
    configurable_aggregation: ConfigurableAggregation | None = None
    aggregation_policy_id: str | None = None

    @property
    def key_config(self) -> AggregationKeyConfig | None:
        policy = self.best_effort_aggregation or self.configurable_aggregation
        return policy.aggregation_key if policy else None

    @property
    def split_user_by_id(self) -> bool:
        policy = self.best_effort_aggregation or self.configurable_aggregation
        return bool(policy and policy.split_user_by_id)


BEST = "aggregation.bestEffortAggregation"
CONFIGURABLE = "aggregation.configurableAggregation"
OLDER_MINIMUM = "is accepted (newest docs: 301-3600) but older docs and guardrails say 1800-3600"
STATUS_ALONE = "has no effect without includeSegmentId: true (profiles are not grouped by status)"
NEEDS_GROUPS = (
    "with includeIdentity: true and oneIdentityPerGroup: false, list the identity groups here, "
    'e.g. [{"namespaces": ["IDFA", "GAID"]}]'
)
GROUPS_IGNORED = "ignored: groups apply only with includeIdentity and oneIdentityPerGroup: false"


def aggregation_problems(aggregation: Aggregation, file: str) -> list[Problem]:
    """Every broken rule of the aggregation block (errors and warnings)."""
    found = Findings(file)
    best, configurable = aggregation.best_effort_aggregation, aggregation.configurable_aggregation
    if aggregation.aggregation_type == "BEST_EFFORT":
        if best is None:
            found.error(BEST, "aggregationType BEST_EFFORT needs this block")
        else:
            _best_effort_rules(best, found)
        if configurable is not None:
            found.warn(CONFIGURABLE, "ignored: aggregationType is BEST_EFFORT")
    else:
        if configurable is None:
            found.error(CONFIGURABLE, "aggregationType CONFIGURABLE_AGGREGATION needs this block")
        else:
            _configurable_rules(configurable, found)
        if best is not None:
            found.warn(BEST, "ignored: aggregationType is CONFIGURABLE_AGGREGATION")
    return found.problems


def _best_effort_rules(best: BestEffortAggregation, found: Findings) -> None:
    users, where = best.max_users_per_request, f"{BEST}.maxUsersPerRequest"
    if users < 1:
        found.error(where, f"must be at least 1, got {users}")
    elif users > 100:
        found.warn(where, f"{users} per call: Adobe advises configurable aggregation above 100")
    key_rules(best.aggregation_key, found, f"{BEST}.aggregationKey")


def _configurable_rules(config: ConfigurableAggregation, found: Findings) -> None:
    age, count = config.max_batch_age_in_secs, config.max_num_events_in_batch
    if not 301 <= age <= 3600:
        found.error(f"{CONFIGURABLE}.maxBatchAgeInSecs", f"must be 301-3600 seconds, got {age}")
    elif age < 1800:
        found.warn(f"{CONFIGURABLE}.maxBatchAgeInSecs", f"{age} s {OLDER_MINIMUM}")
    if not 1000 <= count <= 10000:
        found.error(f"{CONFIGURABLE}.maxNumEventsInBatch", f"must be 1000-10000, got {count}")
    key_rules(config.aggregation_key, found, f"{CONFIGURABLE}.aggregationKey")


def key_rules(key: AggregationKeyConfig | None, found: Findings, path: str) -> None:
    if key is None:
        return
    if key.include_segment_status and not key.include_segment_id:
        found.warn(f"{path}.includeSegmentStatus", STATUS_ALONE)
    if key.include_identity and not key.one_identity_per_group and not key.groups:
        found.error(f"{path}.groups", NEEDS_GROUPS)
    if key.groups and (key.one_identity_per_group or not key.include_identity):
        found.warn(f"{path}.groups", GROUPS_IGNORED)
