"""The `audiences.evaluate` bench stage measures the same rules on both sides."""

from __future__ import annotations

from sandbox.bench import STAGE_MODULES, audiences
from sandbox.segments import compile_pql


def test_the_stage_is_registered() -> None:
    assert "sandbox.bench.audiences" in STAGE_MODULES
    assert audiences.STAGES == ("audiences.evaluate",)


def test_compiled_rules_and_their_hand_written_twins_agree() -> None:
    profiles = audiences.bench_profiles(400)
    assert audiences.disagreements(profiles) == []


def test_the_rules_cover_the_representative_kinds() -> None:
    compiled = [compile_pql(text) for text, _ in audiences.RULES]
    assert len(compiled) == 11
    assert sum(rule.uses_events for rule in compiled) == 4
    assert sum(rule.time_dependent for rule in compiled) == 3
    assert any(text.startswith("CHAIN(") for text, _ in audiences.RULES)
    assert any(".sum(" in text for text, _ in audiences.RULES)


def test_the_profiles_are_deterministic_and_varied() -> None:
    first, second = audiences.bench_profiles(50, seed=3), audiences.bench_profiles(50, seed=3)
    assert first == second
    assert len({p["loyalty"]["tier"] for p in first}) == 4
    assert any(p["xEvent"] for p in first) and any(not p["xEvent"] for p in first) is not None
