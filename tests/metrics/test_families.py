"""A run's facts become the metric families of design.md, and a run's families replace
the last run's as the Pushgateway would: all of them once it completed, else only its own."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from prometheus_client.parser import text_string_to_metric_families

from essm_sync.metrics import RunFacts, StageFacts, render_textfile

SYNC = ("buildings", "rooms", "bookings")


def _facts(*, exit_code: int = 4, command: str = "sync", finished_s: float = 2000.0) -> RunFacts:
    return RunFacts(
        command=command, operations=SYNC, exit_code=exit_code, started_s=finished_s - 90.5,
        finished_s=finished_s,
        changes={("bookings", "create_booking", "done"): 12,
                 ("bookings", "create_booking", "failed"): 1},
        stages={"buildings": StageFacts(), "bookings": StageFacts(conflicts=3, rooms_held=1,
                                                                    items_skipped=2)},
        requests={"TermTime": 40, "Booker": 15}, retries={"TermTime": 2, "Booker": 0},
    )  # fmt: skip


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _run(**labels: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({"command": "sync", "operation": "+".join(SYNC), **labels}.items()))


def _stage(operation: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({"command": "sync", "operation": operation}.items()))


def test_textfile_holds_every_metric_of_a_run_with_its_labels() -> None:
    """The textfile, read back by prometheus_client's parser, has each metric of design.md
    with the command and operation labels, the run's under its joined operations."""
    samples = _samples(render_textfile("", _facts()))
    assert samples[("essm_sync_last_run_timestamp_seconds", _run())] == 2000.0
    assert samples[("essm_sync_last_completed_timestamp_seconds", _run())] == 2000.0
    assert samples[("essm_sync_exit_code", _run())] == 4
    assert samples[("essm_sync_run_duration_seconds", _run())] == 90.5
    assert samples[("essm_sync_requests", _run(system="TermTime"))] == 40
    assert samples[("essm_sync_retries", _run(system="TermTime"))] == 2
    failed = tuple(sorted({**dict(_stage("bookings")), "kind": "create_booking",
                           "outcome": "failed"}.items()))  # fmt: skip
    assert samples[("essm_sync_changes", failed)] == 1
    assert samples[("essm_sync_conflicts", _stage("bookings"))] == 3
    assert samples[("essm_sync_rooms_held", _stage("bookings"))] == 1
    assert samples[("essm_sync_items_skipped", _stage("bookings"))] == 2
    assert samples[("essm_sync_items_shared", _stage("bookings"))] == 0
    assert samples[("essm_sync_guard_refused", _stage("buildings"))] == 0
    assert ("essm_sync_conflicts", _stage("rooms")) not in samples  # never planned


def test_a_run_that_did_not_complete_keeps_the_last_completed_time() -> None:
    """After exit 1 the textfile says when the last completed run ended and what its stages
    found, with the new run's exit code and time."""
    before = render_textfile("", _facts(exit_code=0, finished_s=1000.0))
    failed = RunFacts(command="sync", operations=SYNC, exit_code=1, started_s=1900.0,
                      finished_s=2000.0)  # fmt: skip
    samples = _samples(render_textfile(before, failed))
    assert samples[("essm_sync_last_completed_timestamp_seconds", _run())] == 1000.0
    assert samples[("essm_sync_last_run_timestamp_seconds", _run())] == 2000.0
    assert samples[("essm_sync_exit_code", _run())] == 1
    assert samples[("essm_sync_conflicts", _stage("bookings"))] == 3


def test_a_completed_run_replaces_all_of_its_commands_metrics_and_keeps_others() -> None:
    """A completed sync drops its last run's stage values and changes; a plan's metrics in
    the same file stay as they were."""
    text = render_textfile("", _facts(command="plan", exit_code=2, finished_s=500.0))
    text = render_textfile(text, _facts(finished_s=1000.0))
    clean = RunFacts(command="sync", operations=SYNC, exit_code=0, started_s=1900.0,
                     finished_s=2000.0, stages={"bookings": StageFacts()})  # fmt: skip
    samples = _samples(render_textfile(text, clean))
    assert samples[("essm_sync_conflicts", _stage("bookings"))] == 0
    assert not any(n == "essm_sync_changes" and ("command", "sync") in k for n, k in samples)
    plan = tuple(sorted({"command": "plan", "operation": "+".join(SYNC)}.items()))
    assert samples[("essm_sync_last_completed_timestamp_seconds", plan)] == 500.0


def test_an_unreadable_old_textfile_is_replaced() -> None:
    """A textfile that is not the exposition format does not stop the next one."""
    samples = _samples(render_textfile("not {metrics\n", _facts(exit_code=0)))
    assert samples[("essm_sync_exit_code", _run())] == 0


def test_the_textfile_passes_promtools_metric_lint() -> None:
    """`promtool check metrics` finds nothing to object to in a run's textfile."""
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (apt-get install prometheus)")
    text = render_textfile("", _facts())
    result = subprocess.run(  # noqa: S603 - promtool reading our own text
        [promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""
