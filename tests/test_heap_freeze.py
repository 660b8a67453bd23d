"""`long_lived_frozen`: what exists is left out of full collections while delivery runs."""

from __future__ import annotations

import gc

from sandbox.heap import long_lived_frozen


def test_existing_objects_are_frozen_for_the_duration_and_released_after():
    assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(100)]
    with long_lived_frozen():
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def test_someone_elses_freeze_is_left_to_them():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with long_lived_frozen():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen  # not released by us
    finally:
        gc.unfreeze()


def test_the_freeze_is_released_when_the_work_fails():
    try:
        with long_lived_frozen():
            raise RuntimeError("delivery failed")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0
