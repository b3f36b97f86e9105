"""People's Booker bookings become TermTime room bookings, and only owned ones change."""

from __future__ import annotations

import datetime as dt
import json

from essm_sync.core import (
    BookingRules,
    Limits,
    RoomBookingRules,
    check_stage,
    plan_bookings,
    plan_room_bookings,
)
from essm_sync.models import (
    Booking,
    CreateRoomBooking,
    DeleteRoomBooking,
    RoomBookingFields,
    RoomBookingsSnapshot,
    UpdateRoomBooking,
    read_room_bookings,
)
from tests.factories import (
    LONDON,
    booker_building,
    booker_room,
    bookings_snapshot,
    timetable,
    tt_room,
)

RULES = RoomBookingRules(
    zone=LONDON, owner="ESSMSYNC", first_day=dt.date(2026, 10, 1),
    last_day=dt.date(2026, 12, 18),
)  # fmt: skip
CODE = "booker:901:2026-10-14"
WANTED = RoomBookingFields(
    des="Society meeting", day="2", time="18:30", du="02:00", pat="2026-W42", rooms="MIL-1"
)


def person(
    index: int = 901,
    *,
    start: str = "2026-10-14T17:30:00Z",
    end: str = "2026-10-14T19:30:00Z",
    title: str = "Society meeting",
    room: int = 345,
    status: str = "Confirmed",
    created_by: str = "reception",
    external_id: str | None = None,
) -> Booking:
    return Booking.from_wire({
        "OptimeIndex": index, "RoomOptimeIndex": room, "StartTime": start, "EndTime": end,
        "Title": title, "ExternalId": external_id, "CreatedBy": created_by, "Status": status,
    })  # fmt: skip


def room_booking(code: str = CODE, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": 7, "code": code, "des": "Society meeting", "days": "2", "time": "18:30",
        "du": "02:00", "weeks": "2026-W42", "rooms": "MIL-1", "rooms.json": ["MIL-1"],
        "state": "Approved", "owner": "ESSMSYNC",
    }  # fmt: skip
    return record | changes


def snapshot(
    bookings: list[Booking], records: list[dict[str, object]] | None = None
) -> RoomBookingsSnapshot:
    return RoomBookingsSnapshot(
        termtime_rooms=(tt_room(), tt_room("TT-ONLY")),
        booker_rooms=(booker_room(), booker_room("BK-ONLY", index=346)),
        booker_buildings=(booker_building(),),
        bookings=tuple(bookings),
        room_bookings=read_room_bookings(json.dumps(records or []).encode()),
    )


def test_a_persons_booking_becomes_one_room_booking_with_every_field() -> None:
    """Code booker:<OptimeIndex>:<date>; des, day, time, du, pat, rooms from the booking;
    owner from the settings, notes naming the Booker booking, no person's name."""
    stage = plan_room_bookings(snapshot([person()]), rules=RULES)
    assert stage.changes == (
        CreateRoomBooking(code=CODE, after=WANTED, owner="ESSMSYNC", type="",
                          notes="Booker booking 901", reason="booking made in Booker"),
    )  # fmt: skip
    assert "reception" not in stage.model_dump_json()


def test_the_type_is_given_when_set() -> None:
    """`roombookings.type` is carried by every create."""
    rules = RoomBookingRules(**{**vars(RULES), "type_code": "EXT"})
    (change,) = plan_room_bookings(snapshot([person()]), rules=rules).changes
    assert isinstance(change, CreateRoomBooking)
    assert change.type == "EXT"


def test_a_booking_across_midnight_gives_one_room_booking_a_day() -> None:
    """22:00-01:00 local makes two codes, one per local date, in code order."""
    stage = plan_room_bookings(
        snapshot([person(start="2026-11-13T22:00:00Z", end="2026-11-14T01:00:00Z")]),
        rules=RULES,
    )
    assert [c.key for c in stage.changes] == ["booker:901:2026-11-13", "booker:901:2026-11-14"]


def test_the_title_is_cut_to_200_characters() -> None:
    """des holds at most 200 characters (§27.4)."""
    (change,) = plan_room_bookings(snapshot([person(title="x" * 300)]), rules=RULES).changes
    assert isinstance(change, CreateRoomBooking)
    assert change.after.des == "x" * 200


def test_what_is_not_a_source_books_nothing() -> None:
    """The sync's own Booker bookings, cancelled ones and those in rooms TermTime lacks
    become no room booking; a person's `termtime:` booking does."""
    stage = plan_room_bookings(
        snapshot([
            person(1, created_by="essm-sync", external_id="termtime:E1:MIL-1"),
            person(2, status="Cancelled"),
            person(3, room=346),
            person(4, external_id="termtime:COPIED:MIL-1"),
        ]),
        rules=RULES,
    )  # fmt: skip
    assert [c.key for c in stage.changes] == ["booker:4:2026-10-14"]


def test_days_outside_the_window_are_not_booked() -> None:
    """A conference from 30 Sep to 2 Oct is booked on 1 and 2 Oct only."""
    stage = plan_room_bookings(
        snapshot([person(start="2026-09-30T08:00:00Z", end="2026-10-02T16:00:00Z")]),
        rules=RULES,
    )
    assert [c.key for c in stage.changes] == ["booker:901:2026-10-01", "booker:901:2026-10-02"]


def test_an_unchanged_room_booking_is_left_alone_whatever_its_state() -> None:
    """State is never compared: a Pending room booking equal in the six fields is unchanged,
    and `9:00:00`-style spellings equal `09:00`."""
    records = [room_booking(state="Pending", time="18:30:00", rooms="ignored")]
    assert plan_room_bookings(snapshot([person()], records), rules=RULES).changes == ()


def test_a_moved_booking_updates_its_room_booking() -> None:
    """A booking moved within its day updates the room booking by code, before and after."""
    records = [room_booking(time="17:00", du="01:00")]
    (change,) = plan_room_bookings(snapshot([person()], records), rules=RULES).changes
    assert change == UpdateRoomBooking(
        code=CODE, before=WANTED.model_copy(update={"time": "17:00", "du": "01:00"}),
        after=WANTED, reason="booking changed in Booker",
    )  # fmt: skip


def test_a_cancelled_booking_deletes_its_room_booking_saying_why() -> None:
    """An owned room booking whose Booker booking was cancelled is deleted."""
    stage = plan_room_bookings(snapshot([person(status="Cancelled")], [room_booking()]),
                               rules=RULES)  # fmt: skip
    assert stage.changes == (
        DeleteRoomBooking(code=CODE, before=WANTED, reason="Booker booking cancelled"),
    )


def test_deletes_happen_only_inside_the_window() -> None:
    """An owned room booking dated outside the window is left alone, and said to be."""
    records = [room_booking("booker:5:2026-09-01"), room_booking("booker:6:2026-10-20")]
    stage = plan_room_bookings(snapshot([], records), rules=RULES)
    assert [(c.kind, c.key) for c in stage.changes] == [
        ("delete_roombooking", "booker:6:2026-10-20")
    ]
    assert stage.changes[0].reason == "Booker booking gone"
    assert any("outside the window" in w.message for w in stage.warnings)


def test_room_bookings_of_others_are_never_touched() -> None:
    """A timetabler's room booking, whatever its fields, is neither changed nor counted."""
    records = [room_booking("TT-LECTURE-PREP", time="nonsense"), room_booking("42")]
    stage = plan_room_bookings(snapshot([], records), rules=RULES)
    assert (stage.changes, stage.owned, stage.skipped) == ((), 0, ())


def test_an_unreadable_owned_room_booking_is_skipped_and_left_alone() -> None:
    """An owned record that cannot be read is named, neither re-created nor deleted."""
    records = [room_booking(time="25:00")]
    stage = plan_room_bookings(snapshot([person()], records), rules=RULES)
    assert stage.changes == ()
    assert [(s.kind, s.item) for s in stage.skipped] == [("roombookings", CODE)]


def test_a_code_listed_twice_is_left_alone() -> None:
    """Two owned records under one code cannot be told apart by code: neither is written."""
    records = [room_booking(), room_booking(id=8, time="10:00")]
    stage = plan_room_bookings(snapshot([person()], records), rules=RULES)
    assert stage.changes == ()
    assert [w.key for w in stage.warnings] == [CODE]


def test_the_guard_limits_room_booking_deletes_like_any_kind() -> None:
    """A listing that suddenly offers nothing would delete every owned room booking: refused."""
    records = [room_booking(f"booker:{i}:2026-10-14", id=i) for i in range(1, 31)]
    stage = plan_room_bookings(snapshot([], records), rules=RULES)
    limits = Limits(max_delete_pct=25, max_delete_count=500, max_update_pct=60,
                    max_update_count=5000, min_source_pct=50, min_owned=20)  # fmt: skip
    refused = check_stage(stage, limits)
    assert (stage.owned, len(stage.changes)) == (30, 30)
    assert any("would delete 30 of 30" in line for line in refused)
    assert all(line.startswith("roombookings:") for line in refused)


def test_the_plan_is_deterministic_whatever_the_order_read() -> None:
    """The same bookings in another order give the same stage."""
    bookings = [person(i, start=f"2026-10-{10 + i}T10:00:00Z", end=f"2026-10-{10 + i}T11:00:00Z")
                for i in range(1, 6)]  # fmt: skip
    first = plan_room_bookings(snapshot(bookings), rules=RULES)
    assert plan_room_bookings(snapshot(bookings[::-1]), rules=RULES) == first


def _booking_item(uid: str, booking_id: object) -> dict[str, object]:
    return {"_list": "bookingItems", "uniqueId": uid, "bookingDescription": "Held",
            "bookingId": booking_id, "startTime": "18:30", "endTime": "20:30"}  # fmt: skip


def test_own_room_bookings_seen_as_booking_items_are_never_booked() -> None:
    """With every kind chosen, a booking item whose bookingId is an owned room booking's
    code or id is not booked into Booker; a timetabler's room booking still is."""
    day = dt.date(2026, 10, 14)
    events = timetable(
        "MIL-1",
        (day, _booking_item("RB7", 7)),
        (day, _booking_item("RB8", CODE)),
        (day, _booking_item("RB9", "booker:999:2026-10-14")),
        (day, _booking_item("TT1", 12)),
    )
    owned = read_room_bookings(json.dumps([room_booking()]).encode()).own_keys()
    bookings = bookings_snapshot(timetables=[events]).model_copy(
        update={"own_room_bookings": owned}
    )
    rules = BookingRules(
        zone=LONDON, kinds=("activities", "exams", "termtime_bookings"),
        owners=frozenset({"essm-sync"}),
    )  # fmt: skip
    stage = plan_bookings(bookings, rules=rules)
    assert [c.key for c in stage.changes] == ["termtime:booking:TT1:MIL-1"]
