"""A timetable answer read in one pass gives exactly what reading it item by item gives:
the one-pass reading is only a shortcut for answers every item of which can be read."""

from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essm_sync.models import ITEM_KIND, ITEM_KINDS, KINDS, Kind, read_timetable
from essm_sync.models.timetable import _read_each
from essm_sync.sandbox import generate
from essm_sync.sandbox.termtime_lookup import event_json

_CHOICES: list[tuple[Kind, ...]] = [("activities",), ("activities", "exams"), KINDS]


def _answers() -> list[bytes]:
    """Every room's answer from the messy sandbox, as its fake TermTime renders them."""
    university = generate(seed=7, rooms=40)
    state = university.termtime
    answers = []
    for room in sorted(state.rooms):
        schedule = []
        for day, on_day in groupby(state.events_in(room), key=lambda e: e.date):
            listed = list(on_day)
            schedule.append({
                "date": day.isoformat(),
                "items": [event_json(state, e) for e in listed if e.kind == "activities"],
                "examItems": [event_json(state, e) for e in listed if e.kind == "exams"],
                "bookingItems": [event_json(state, e) for e in listed if e.kind == "bookings"],
            })  # fmt: skip
        period = {"startDate": "2026-08-01", "endDate": "2027-07-31"}
        answers.append(json.dumps({"timePeriod": period, "schedule": schedule}).encode())
    return answers


@pytest.mark.parametrize("kinds", _CHOICES)
def test_the_messy_sandbox_reads_alike_both_ways(kinds: tuple[Kind, ...]) -> None:
    """The messy sandbox's timetables read alike whole and item by item."""
    answers = _answers()
    assert any(_read_each(body, kinds).skipped for body in answers)  # some fall back
    for body in answers:
        assert read_timetable(body, kinds) == _read_each(body, kinds)


_ODD: list[Any] = [None, "", 0, 7, -1, 1.5, True, [], {}, "x"]
_CLOCKS = st.sampled_from(["9:00", "09:00", "09:00:30", "24:00", "00:00", "25:00", "9", 900])
_TEXT = st.one_of(st.text(max_size=5), st.sampled_from(_ODD))
_SIZE = st.one_of(st.integers(-5, 500), st.floats(allow_nan=True), st.sampled_from(_ODD))


@st.composite
def _item(draw: st.DrawFn, kind: Kind) -> dict[str, Any]:
    fields = {
        "uniqueId": draw(
            st.one_of(st.text(max_size=4), st.integers(0, 99), st.sampled_from(_ODD))
        ),
        "departmentHostKey": draw(_TEXT),
        "startTime": draw(st.one_of(_CLOCKS, st.sampled_from(_ODD))),
        "endTime": draw(st.one_of(_CLOCKS, st.sampled_from(_ODD))),
        ITEM_KIND[kind].title_field: draw(_TEXT),
        "activityDescription": draw(_TEXT),
        "examDescription": draw(_TEXT),
        "activityProperties": draw(
            st.one_of(st.fixed_dictionaries({"planSize": _SIZE, "size": _SIZE}), _TEXT)
        ),
        "examProperties": draw(st.one_of(st.fixed_dictionaries({"planSize": _SIZE}), _TEXT)),
    }
    dropped = draw(st.sets(st.sampled_from(sorted(fields))))
    return {k: v for k, v in fields.items() if k not in dropped}


@st.composite
def _answer(draw: st.DrawFn) -> bytes:
    days = []
    for _ in range(draw(st.integers(0, 3))):
        day: dict[str, Any] = {
            "date": draw(
                st.one_of(
                    st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat),
                    st.sampled_from(_ODD),
                )
            )
        }
        lists = tuple((kind.name, kind.list_field) for kind in ITEM_KINDS)
        for kind, name in lists:
            day[name] = draw(
                st.one_of(st.lists(_item(kind), max_size=3), st.sampled_from([None, "x", 3]))
            )
        days.append(day)
    period = draw(st.one_of(
        st.fixed_dictionaries({"startDate": st.just("2026-08-01"),
                               "endDate": st.sampled_from(["2027-07-31", "2026-01-01", "x"])}),
        st.sampled_from(_ODD),
    ))  # fmt: skip
    return json.dumps({"timePeriod": period, "schedule": days}).encode()


@settings(max_examples=400, deadline=None)
@given(body=_answer(), kinds=st.sampled_from(_CHOICES))
def test_any_answer_reads_alike_both_ways(body: bytes, kinds: tuple[Kind, ...]) -> None:
    """Any generated answer reads alike whole and item by item."""
    assert read_timetable(body, kinds) == _read_each(body, kinds)
