"""The collector's settings are the run's for its length only, and planning pauses it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from essm_sync.engine import frozen_heap, run_heap
from essm_sync.engine.heap import RUN_THRESHOLD
from tests.world import make_world


def test_a_run_collects_young_objects_less_often_then_restores_the_settings() -> None:
    """A run raises the collector's first threshold and restores the settings after."""
    before = gc.get_threshold()
    with run_heap():
        during = gc.get_threshold()
    assert during == (max(before[0], RUN_THRESHOLD), before[1], before[2])
    assert during[0] > 700  # Python's default: the run must ask for fewer collections
    assert gc.get_threshold() == before


def test_a_failed_run_restores_the_settings_too() -> None:
    """A run that fails restores the collector's settings too."""
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), run_heap():
        raise RuntimeError("stage failed")
    assert gc.get_threshold() == before


def test_planning_pauses_the_collector_and_leaves_nothing_frozen() -> None:
    """Planning pauses the collector and leaves no object frozen after."""
    assert gc.isenabled()
    with frozen_heap():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


async def test_open_systems_runs_with_the_run_settings(tmp_path: Path) -> None:
    """Opening the systems for a run applies the run's collector settings."""
    world = make_world(tmp_path)
    before = gc.get_threshold()
    async with world.systems():
        assert gc.get_threshold()[0] == max(before[0], RUN_THRESHOLD)
    assert gc.get_threshold() == before
