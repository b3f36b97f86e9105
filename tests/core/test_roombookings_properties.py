"""Invariants of the room-bookings planner: applying its plan converges, in one step."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from essm_sync.core import plan_room_bookings
from essm_sync.models import (
    Booking,
    CreateRoomBooking,
    DeleteRoomBooking,
    RoomBookingFields,
    UpdateRoomBooking,
)
from tests.core.test_roombookings import RULES, person, snapshot

_START = dt.datetime(2026, 9, 25, tzinfo=dt.UTC)  # a few days before the window opens
_bookings = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=90 * 24 * 4),  # start, in quarter hours
        st.integers(min_value=1, max_value=4 * 24 * 4),  # length, in quarter hours
        st.sampled_from(["Confirmed", "Provisional", "Cancelled"]),
    ),
    max_size=8,
)


def _records(held: dict[str, RoomBookingFields]) -> list[dict[str, object]]:
    return [_wire(code, fields, i) for i, (code, fields) in enumerate(held.items(), 1)]


def _wire(code: str, fields: RoomBookingFields, index: int) -> dict[str, object]:
    return {"id": index, "code": code, "des": fields.des, "days": fields.day,
            "time": fields.time, "du": fields.du, "weeks": fields.pat, "rooms": fields.rooms,
            "state": "Pending"}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(_bookings, _bookings)
def test_applying_the_plan_leaves_nothing_to_do(
    now: list[tuple[int, int, str]], before: list[tuple[int, int, str]]
) -> None:
    """From room bookings made for other bookings, applying the plan gives a state whose
    plan is empty: every create, update and delete was the right one, and only once."""

    def listing(spans: list[tuple[int, int, str]]) -> list[Booking]:
        return [
            person(900 + i, start=(_START + dt.timedelta(minutes=15 * s)).isoformat(),
                   end=(_START + dt.timedelta(minutes=15 * (s + n))).isoformat(), status=st_)
            for i, (s, n, st_) in enumerate(spans)
        ]  # fmt: skip

    old = plan_room_bookings(snapshot(listing(before)), rules=RULES)
    held = {c.key: c.after for c in old.changes if isinstance(c, CreateRoomBooking)}
    first = plan_room_bookings(snapshot(listing(now), _records(held)), rules=RULES)
    for change in first.changes:
        if isinstance(change, DeleteRoomBooking):
            del held[change.key]
        elif isinstance(change, CreateRoomBooking | UpdateRoomBooking):
            held[change.key] = change.after
    again = plan_room_bookings(snapshot(listing(now), _records(held)), rules=RULES)
    assert again.changes == ()
