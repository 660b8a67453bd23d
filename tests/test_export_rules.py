"""Export rules (§6.1, §11.1): what triggers an export, what the target-schema profile carries."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest

from sandbox.destinations.activation import Activation
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.export import ExportRules
from sandbox.destinations.export_plan import export_rules
from sandbox.destinations.identities import COOKIE_NAMESPACES
from sandbox.destinations.problems import validate_model
from tests.test_destination_fixtures import (
    AUDIENCE_A,
    AUDIENCE_B,
    activation_dict,
    destination_dict,
    xdm_profile,
)


def rules_for(**activation_changes: Any) -> ExportRules:
    config, _ = validate_model(DestinationConfig, destination_dict(), "d.json")
    activation, _ = validate_model(Activation, activation_dict(**activation_changes), "a.json")
    assert config is not None and activation is not None
    return export_rules(config, activation, COOKIE_NAMESPACES)


def sha(text: str) -> str:
    return hashlib.sha256(text.lower().encode()).hexdigest()


def changed(profile: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    result = copy.deepcopy(profile)
    *parents, last = path.split(".")
    node = result
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return result


# -- content -----------------------------------------------------------------------------------


def test_segment_membership_holds_mapped_audiences_only() -> None:
    exported = rules_for().export_profile(xdm_profile())
    assert exported["segmentMembership"] == {"ups": {
        AUDIENCE_A: {"status": "realized", "lastQualificationTime": "2026-01-01T00:00:00Z"},
        AUDIENCE_B: {"status": "exited", "lastQualificationTime": "2026-01-01T00:00:00Z"},
    }}  # fmt: skip


def test_segment_membership_is_always_present() -> None:
    exported = rules_for().export_profile(xdm_profile(segmentMembership={}))
    assert exported["segmentMembership"] == {"ups": {}}


def test_identities_are_renamed_hashed_where_required_and_items_carry_only_id() -> None:
    exported = rules_for().export_profile(xdm_profile())
    assert exported["identityMap"] == {
        "email_lc_sha256": [{"id": sha("Ana@Example.com")}],
        "external_id": [{"id": "C-1001"}],
    }


def test_the_optional_transformation_hashes_when_chosen() -> None:
    mappings = [{"sourceNamespace": "CRMID", "target": "external_id",
                 "transformation": "sha256(lower($))"}]  # fmt: skip
    exported = rules_for(identityMappings=mappings).export_profile(xdm_profile())
    assert exported["identityMap"] == {"external_id": [{"id": sha("C-1001")}]}


def test_an_accepted_and_mapped_cookie_namespace_is_exported() -> None:
    """§13.1: external_id lists ECID in acceptedGlobalNamespaces, so mapped ECID goes out."""
    mappings = [{"sourceNamespace": "ECID", "target": "external_id"},
                {"sourceNamespace": "CRMID", "target": "external_id"}]  # fmt: skip
    exported = rules_for(identityMappings=mappings).export_profile(xdm_profile())
    ecid = xdm_profile()["identityMap"]["ECID"][0]["id"]
    assert exported["identityMap"] == {"external_id": [{"id": ecid}, {"id": "C-1001"}]}


def test_a_cookie_namespace_its_target_does_not_accept_is_never_exported() -> None:
    """Even if the activation check were skipped, export rules drop an unaccepted cookie."""
    mappings = [{"sourceNamespace": "ECID", "target": "email_lc_sha256"},
                {"sourceNamespace": "AAID", "target": "external_id"},
                {"sourceNamespace": "CRMID", "target": "external_id"}]  # fmt: skip
    activation = Activation.model_validate(activation_dict(identityMappings=mappings))
    config = DestinationConfig.model_validate(destination_dict())
    rules = export_rules(config, activation, COOKIE_NAMESPACES)
    profile = xdm_profile()
    profile["identityMap"]["AAID"] = [{"id": "aaid-1"}]
    assert rules.export_profile(profile)["identityMap"] == {"external_id": [{"id": "C-1001"}]}


def test_source_namespaces_match_case_insensitively_and_unmapped_ones_stay_out() -> None:
    profile = xdm_profile(identityMap={"email": [{"id": "b@x.io"}], "Phone": [{"id": "+1555"}]})
    exported = rules_for().export_profile(profile)
    assert exported["identityMap"] == {"email_lc_sha256": [{"id": sha("b@x.io")}]}


def test_an_identity_can_come_from_an_xdm_attribute() -> None:
    mappings = [{"sourceAttribute": "person.name.firstName", "target": "external_id"}]
    exported = rules_for(identityMappings=mappings).export_profile(xdm_profile())
    assert exported["identityMap"] == {"external_id": [{"id": "Ana"}]}


def test_attributes_custom_as_value_objects_predefined_bare() -> None:
    exported = rules_for().export_profile(xdm_profile())
    assert exported["attributes"] == {"lastName": "Lima", "city": {"value": "Porto"}}


def test_absent_attributes_custom_empty_predefined_left_out() -> None:
    exported = rules_for().export_profile(xdm_profile(person={}, homeAddress={}))
    assert exported["attributes"] == {"city": {}}


# -- triggers ----------------------------------------------------------------------------------


def test_backfill_exports_members_of_mapped_audiences() -> None:
    assert rules_for().export_reasons(None, xdm_profile()) == (
        "backfill",
        f"audience:{AUDIENCE_A}:realized",
    )


def test_backfill_skips_profiles_in_no_mapped_audience() -> None:
    profile = xdm_profile(segmentMembership={"ups": {"unmapped": {"status": "realized"}}})
    assert rules_for().export_reasons(None, profile) == ()


@pytest.mark.parametrize(
    ("before", "after", "reasons"),
    [
        pytest.param(None, "realized", (f"audience:{AUDIENCE_B}:realized",), id="qualified"),
        pytest.param("exited", "realized", (f"audience:{AUDIENCE_B}:realized",), id="re-qualified"),
        pytest.param("realized", "exited", (f"audience:{AUDIENCE_B}:exited",), id="exited"),
        pytest.param("realized", "existing", (), id="existing-counts-as-realized"),
        pytest.param(None, "exited", (), id="never-a-member"),
    ],
)
def test_a_mapped_audience_status_change_triggers(
    before: str | None, after: str, reasons: tuple[str, ...]
) -> None:
    base = xdm_profile()
    old = copy.deepcopy(base)
    if before is None:
        del old["segmentMembership"]["ups"][AUDIENCE_B]
    else:
        old["segmentMembership"]["ups"][AUDIENCE_B]["status"] = before
    new = changed(base, f"segmentMembership.ups.{AUDIENCE_B}.status", after)
    assert rules_for().export_reasons(old, new) == reasons


def test_an_unmapped_audience_change_does_not_trigger() -> None:
    new = changed(xdm_profile(), "segmentMembership.ups.unmapped.status", "exited")
    assert rules_for().export_reasons(xdm_profile(), new) == ()


def test_an_identity_added_in_a_mapped_namespace_triggers() -> None:
    new = changed(xdm_profile(), "identityMap.CRMID", [{"id": "C-1001"}, {"id": "C-2002"}])
    assert rules_for().export_reasons(xdm_profile(), new) == ("identity:CRMID",)


def test_identity_changes_in_unmapped_namespaces_do_not_trigger() -> None:
    mappings = [{"sourceNamespace": "Email", "target": "email_lc_sha256"}]
    new = changed(xdm_profile(), "identityMap.ECID", [{"id": "other"}])
    assert rules_for(identityMappings=mappings).export_reasons(xdm_profile(), new) == ()


def test_a_change_of_an_accepted_mapped_cookie_identity_triggers() -> None:
    mappings = [{"sourceNamespace": "ECID", "target": "external_id"}]
    new = changed(xdm_profile(), "identityMap.ECID", [{"id": "other"}])
    assert rules_for(identityMappings=mappings).export_reasons(xdm_profile(), new) == (
        "identity:ECID",
    )


def test_a_mapped_attribute_update_triggers() -> None:
    new = changed(xdm_profile(), "homeAddress.city", "Lisboa")
    assert rules_for().export_reasons(xdm_profile(), new) == ("attribute:city",)


def test_any_write_of_a_mapped_attribute_counts_even_the_same_value() -> None:
    reasons = rules_for().export_reasons(xdm_profile(), xdm_profile(), written=["homeAddress"])
    assert reasons == ("attribute:city",)


def test_an_unmapped_attribute_update_does_not_trigger() -> None:
    new = changed(xdm_profile(), "person.name.firstName", "Bea")
    assert rules_for().export_reasons(xdm_profile(), new, written=["person.name.firstName"]) == ()


def test_attribute_changes_of_profiles_outside_mapped_audiences_do_not_trigger() -> None:
    outside = xdm_profile(segmentMembership={"ups": {AUDIENCE_A: {"status": "exited"}}})
    new = changed(outside, "homeAddress.city", "Lisboa")
    assert rules_for().export_reasons(outside, new) == ()


def test_several_triggers_are_all_named() -> None:
    new = changed(xdm_profile(), "homeAddress.city", "Lisboa")
    new = changed(new, f"segmentMembership.ups.{AUDIENCE_A}.status", "exited")
    assert rules_for().export_reasons(xdm_profile(), new) == (
        f"audience:{AUDIENCE_A}:exited",
        "attribute:city",
    )
