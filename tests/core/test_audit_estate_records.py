"""The estate audit's records, whole: check, system, key, what differs, both values and the
fix, for each estate check and at the edges of each."""

from __future__ import annotations

from essm_sync.core.audit.estate import estate_records, stage_records
from essm_sync.models import (
    BookerDepartment,
    BookerRoom,
    Capacity,
    Discrepancy,
    RoomFields,
    RoomsSnapshot,
    Stage,
    UpdateRoom,
)
from tests.factories import (
    booker_building,
    booker_room,
    rooms_snapshot,
    site,
    tt_building,
    tt_room,
)

Row = tuple[str, str, str, str, str, str | None, str | None, str]
SYNC_ROOMS = "run `essm-sync sync rooms`"


def rows(found: list[Discrepancy]) -> list[Row]:
    return [
        (d.category, d.check, d.system, d.key, d.differs, d.booker, d.termtime, d.fix)
        for d in found
    ]


def fields(**changes: object) -> RoomFields:
    base: dict[str, object] = {
        "name": "Room 1",
        "floor": "Ground",
        "building": "Mill Lane",
        "campus": "Central Site",
        "department": "ENG",
        "capacities": (Capacity(code="LEC", cap=30),),
    }
    return RoomFields.model_validate(base | changes)


def updated(before: RoomFields, after: RoomFields) -> list[Row]:
    change = UpdateRoom(code="MIL-1", before=before, after=after)
    rooms = Stage(operation="rooms", owned=1, desired=1, changes=(change,))
    return rows(stage_records(Stage(operation="buildings", owned=0, desired=0), rooms))


def with_rooms(snapshot: RoomsSnapshot, **changes: object) -> RoomsSnapshot:
    return snapshot.model_copy(update=changes)


def test_a_room_marked_for_deletion_but_live_in_booker_is_one_whole_record() -> None:
    """A room live in Booker but marked for deletion in TermTime says so, and how to clear it."""
    assert updated(fields(to_delete=True), fields()) == [
        ("estate", "room-marked-for-deletion", "TermTime", "MIL-1",
         "live in Booker, marked for deletion in TermTime", "live", "marked for deletion",
         f"{SYNC_ROOMS} (clears the mark), or retire the room in Booker"),
    ]  # fmt: skip


def test_building_campus_and_empty_department_each_differ_by_their_own_name() -> None:
    """A moved room lists building and campus by name, and an empty department as (none)."""
    after = fields(building="New Hall", campus="North Site", department="")
    assert updated(fields(), after) == [
        ("estate", "room-differs", "TermTime", "MIL-1", "building", "New Hall", "Mill Lane",
         SYNC_ROOMS),
        ("estate", "room-differs", "TermTime", "MIL-1", "campus", "North Site", "Central Site",
         SYNC_ROOMS),
        ("estate", "room-differs", "TermTime", "MIL-1", "department", "(none)", "ENG",
         SYNC_ROOMS),
    ]  # fmt: skip


def test_capacities_that_differ_by_type_are_listed_and_no_capacity_is_none() -> None:
    """Two capacities of different sizes are shown per type; a room with none shows none."""
    before = fields(capacities=(Capacity(code="LEC", cap=30), Capacity(code="SEM", cap=40)))
    assert updated(before, fields(capacities=())) == [
        ("estate", "room-differs", "TermTime", "MIL-1", "capacity", "none", "LEC 30, SEM 40",
         SYNC_ROOMS),
    ]  # fmt: skip


def test_buildings_and_rooms_only_termtime_has_are_whole_records() -> None:
    """A building and a room TermTime has and Booker lacks are each listed with their fix."""
    snapshot = rooms_snapshot(
        booker=[booker_room()],
        termtime=[tt_room(), tt_room("OLD-1", name="Old Room")],
        buildings=[tt_building(), tt_building("OLD", "Old Hall")],
    )
    assert rows(estate_records(snapshot, ())) == [
        ("estate", "building-unknown-to-booker", "TermTime", "OLD", "in TermTime, not in Booker",
         None, "Old Hall", "add the building to Booker, or remove it from TermTime"),
        ("estate", "room-unknown-to-booker", "TermTime", "OLD-1", "in TermTime, not in Booker",
         None, "Old Room", "add the room to Booker, or mark it for deletion in TermTime"),
    ]  # fmt: skip


def test_building_and_room_codes_that_read_alike_are_whole_records() -> None:
    """Codes equal but for case are look-alikes, a building's and a room's, with the fix."""
    snapshot = rooms_snapshot(
        booker=[booker_room("mil-1", building="mil")],
        termtime=[tt_room("MIL-1")],
        buildings=[tt_building("MIL")],
    )
    snapshot = with_rooms(snapshot, booker_buildings=(booker_building("mil"),))
    found = [r for r in rows(estate_records(snapshot, ())) if r[1] == "code-lookalike"]
    fix = "make the codes equal in both systems: the sync matches codes exactly"
    assert found == [
        ("estate", "code-lookalike", "Booker", "mil",
         "building code mil looks like TermTime's MIL", "mil", "MIL", fix),
        ("estate", "code-lookalike", "Booker", "mil-1",
         "room code mil-1 looks like TermTime's MIL-1", "mil-1", "MIL-1", fix),
    ]  # fmt: skip


def test_a_lookalike_with_a_hidden_space_is_shown_quoted_on_both_sides() -> None:
    """A code with a trailing space is shown quoted in the text and in the Booker value."""
    snapshot = rooms_snapshot(booker=[booker_room("MIL-1 ")], termtime=[tt_room("MIL-1")])
    found = [r for r in rows(estate_records(snapshot, ())) if r[1] == "code-lookalike"]
    assert found == [
        ("estate", "code-lookalike", "Booker", "MIL-1 ",
         "room code \"MIL-1 \" looks like TermTime's MIL-1", '"MIL-1 "', "MIL-1",
         "make the codes equal in both systems: the sync matches codes exactly"),
    ]  # fmt: skip


def department_rows(
    *rooms: BookerRoom, departments: tuple[BookerDepartment, ...] = ()
) -> list[Row]:
    snapshot = rooms_snapshot(booker=list(rooms), termtime=[])
    return [r for r in rows(estate_records(snapshot, departments)) if "department" in r[1]]


def test_a_retired_room_of_an_unknown_department_is_not_listed() -> None:
    """Only rooms the sync would sync are said to be unsynced for their department."""
    assert department_rows(booker_room("MIL-9", department="PHY", live=False)) == []


def test_rooms_sharing_a_code_are_not_listed_for_their_department() -> None:
    """Rooms that share a code are not synced anyway, whatever their department."""
    shared = [booker_room("MIL-9", index=i, department="PHY") for i in (1, 2)]
    assert department_rows(*shared) == []


def test_a_room_code_of_exactly_the_limit_is_listed_for_its_department() -> None:
    """A 45-character code is synced, so its unknown department is a record."""
    code = "R" * 45
    assert department_rows(booker_room(code, department="PHY")) == [
        ("estate", "room-department-unknown", "TermTime", code,
         "the room's department is not in TermTime, so the room is not synced",
         "PHY", None, "add department PHY to TermTime"),
    ]  # fmt: skip


def test_a_code_past_sixty_characters_is_keyed_by_its_first_sixty() -> None:
    """A very long code's record is keyed by its first 60 characters, with its length."""
    code = "R" * 62
    snapshot = rooms_snapshot(booker=[booker_room(code)], termtime=[])
    found = [r for r in rows(estate_records(snapshot, ())) if r[1] == "code-too-long"]
    assert found == [
        ("estate", "code-too-long", "Booker", "R" * 60, "code of 62 characters", None, None,
         "give it a code of at most 45 characters in Booker; it is not synced"),
    ]  # fmt: skip


def test_rooms_sharing_a_code_are_one_whole_record() -> None:
    """Two Booker rooms of one code are one record saying how many, with the fix."""
    shared = [booker_room("MIL-9", index=i) for i in (1, 2)]
    snapshot = rooms_snapshot(booker=shared, termtime=[])
    found = [r for r in rows(estate_records(snapshot, ())) if r[1] == "code-shared"]
    assert found == [
        ("estate", "code-shared", "Booker", "MIL-9", "2 Booker rooms have this code", None, None,
         "give each its own code in Booker; none of them is synced until then"),
    ]  # fmt: skip


def test_sites_whose_cut_names_collide_are_whole_records() -> None:
    """Two site names equal in their first 45 characters are each a collision record."""
    stem = "A" * 45
    snapshot = with_rooms(
        rooms_snapshot(booker=[], termtime=[]),
        sites=(site("CEN", stem + " North"), site("WST", stem + " South")),
    )
    found = [r for r in rows(estate_records(snapshot, ())) if r[1] == "name-collision"]
    fix = "rename one in Booker so their first 45 characters differ"
    differs = "campus name the same as another's once cut to 45 characters"
    assert found == [
        ("estate", "name-collision", "Booker", "CEN", differs, stem + " North",
         "A" * 39 + " (CEN)", fix),
        ("estate", "name-collision", "Booker", "WST", differs, stem + " South",
         "A" * 39 + " (WST)", fix),
    ]  # fmt: skip
