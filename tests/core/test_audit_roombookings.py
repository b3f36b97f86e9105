"""The audit lists room bookings out of step and owned bookings people cancelled."""

from __future__ import annotations

import json

import pytest

from essm_sync.core import render_audit
from essm_sync.core.audit.roombookings import cancelled_records, stage_records
from essm_sync.core.roombookings import plan_room_bookings
from essm_sync.models import Audit
from tests.core.test_roombookings import RULES, person, room_booking, snapshot

MISSING = "person's booking without its room booking"


def _audit() -> Audit:
    records = [room_booking(time="17:00"), room_booking("booker:77:2026-10-20")]
    stage = plan_room_bookings(
        snapshot([person(), person(902, start="2026-10-15T10:00:00Z",
                                   end="2026-10-15T11:00:00Z")], records),
        rules=RULES,
    )  # fmt: skip
    found = stage_records(stage)
    return Audit(window_start=RULES.first_day, window_end=RULES.last_day,
                 timezone="Europe/London", discrepancies=tuple(found))  # fmt: skip


def test_each_room_booking_change_is_one_record_per_create_field_and_delete() -> None:
    """A create is `roombooking-missing`, an update one `roombooking-differs` per field
    with both values, a delete `roombooking-stale` with its reason; all in TermTime."""
    audit = _audit()
    assert sorted((d.check, d.key, d.differs) for d in audit.discrepancies) == [
        ("roombooking-differs", "booker:901:2026-10-14", "time"),
        ("roombooking-missing", "booker:902:2026-10-15", MISSING),
        ("roombooking-stale", "booker:77:2026-10-20", "Booker booking gone"),
    ]  # fmt: skip
    differs = next(d for d in audit.discrepancies if d.check == "roombooking-differs")
    assert (differs.booker, differs.termtime, differs.system) == ("18:30", "17:00", "TermTime")
    assert {d.category for d in audit.discrepancies} == {"roombookings"}


def test_no_stage_no_records() -> None:
    """With the operation off there is no stage, and no room-booking record."""
    assert stage_records(None) == []


def test_an_owned_booking_a_person_cancelled_is_listed() -> None:
    """An owned cancelled booking is `booking-cancelled`; a person's cancelled one is not."""
    ours = person(5, created_by="essm-sync", external_id="termtime:E1:MIL-1", status="Cancelled")
    theirs = person(6, status="Cancelled")
    live = person(7, created_by="essm-sync", external_id="termtime:E2:MIL-1")
    found = cancelled_records((ours, theirs, live), frozenset({"essm-sync"}))
    assert [(d.check, d.key, d.booker) for d in found] == [
        ("booking-cancelled", "termtime:E1:MIL-1 #5", "Cancelled")
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_room_booking_records_show_in_every_format(fmt: str) -> None:
    """Every format lists the room-booking checks under their category."""
    text = render_audit(_audit(), fmt)  # type: ignore[arg-type]  # one of the four
    for check in ("roombooking-missing", "roombooking-differs", "roombooking-stale"):
        assert check in text
    if fmt == "json":
        assert json.loads(text)["counts"]["roombooking-stale"] == 1
    else:
        assert "roombookings" in text
