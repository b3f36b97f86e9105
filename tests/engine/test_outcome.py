"""A run's report and its stop request, each on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from essm_sync.engine import Interrupt, Outcome, RunReport
from essm_sync.models import Conflict, Plan, Stage

_AT = dt.datetime(2026, 10, 8, 8, tzinfo=dt.UTC)


def _plan(*, held: tuple[str, ...] = (), conflicts: int = 0) -> Plan:
    found = tuple(
        Conflict(key=f"termtime:{i}:R", room="R", title="T", start=_AT, end=_AT, blocking=())
        for i in range(conflicts)
    )
    stage = Stage(operation="bookings", owned=0, desired=0, held=held, conflicts=found)
    return Plan(stages=(stage,))


def _done(status: str = "done") -> Outcome:
    return Outcome("bookings", "create_booking", "termtime:E1:R", status)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("report", "complete"),
    [
        (RunReport(plans=[_plan()], outcomes=[_done(), _done("skipped")]), True),
        (RunReport(plans=[_plan()], outcomes=[_done("failed")]), False),
        (RunReport(plans=[_plan()], outcomes=[_done("conflict")]), False),
        (RunReport(plans=[_plan(held=("R",))]), False),
        (RunReport(plans=[_plan(conflicts=1)]), False),
        (RunReport(plans=[_plan()], interrupted=True), False),
    ],
)
def test_a_run_is_complete_only_with_nothing_failed_held_foreseen_or_interrupted(
    report: RunReport, complete: bool
) -> None:
    """Each of a failure, a conflict met or foreseen, a held room and a stop leaves a run
    incomplete; a change skipped for no such reason does not."""
    assert report.is_complete is complete


def test_outcomes_are_counted_by_operation_kind_and_status() -> None:
    """The counts the output and the metrics show."""
    report = RunReport(outcomes=[_done(), _done(), _done("failed")])
    assert report.counts() == {
        ("bookings", "create_booking", "done"): 2,
        ("bookings", "create_booking", "failed"): 1,
    }
    assert RunReport(plans=[_plan(conflicts=2)]).foreseen_conflicts[1].key == "termtime:1:R"


def test_a_stop_request_tells_each_listener_once_and_late_ones_at_once() -> None:
    """Listeners hear the first request only; one added after it is told immediately."""
    heard: list[str] = []
    interrupt = Interrupt()
    interrupt.on_request(lambda: heard.append("early"))
    before = interrupt.is_requested
    interrupt.request()
    interrupt.request()
    interrupt.on_request(lambda: heard.append("late"))
    assert (before, interrupt.is_requested) == (False, True)
    assert heard == ["early", "late"]
