"""The estate planners: Booker's buildings and rooms become TermTime's."""

from __future__ import annotations

from essm_sync.core import plan_buildings, plan_rooms
from essm_sync.models import (
    BuildingFields,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    RetireRoom,
    UpdateBuilding,
    UpdateRoom,
)
from tests.factories import (
    booker_building,
    booker_room,
    buildings_snapshot,
    campus,
    floor,
    rooms_snapshot,
    site,
    tt_building,
    tt_room,
)


def test_new_building_is_created_in_its_sites_campus() -> None:
    """A live Booker building missing from TermTime is created under the site's campus."""
    stage = plan_buildings(buildings_snapshot(booker=[booker_building()], termtime=[]))
    assert stage.changes == (
        CreateBuilding(
            code="MIL",
            campus_code="CEN",
            after=BuildingFields(name="Mill Lane", campus="Central Site"),
            reason="new in Booker",
        ),
    )


def test_missing_campus_is_created_before_its_buildings() -> None:
    """A site TermTime lacks becomes a campus coded by the site Id, ordered first."""
    snapshot = buildings_snapshot(
        booker=[booker_building("NB", "North Block", "NOR")],
        termtime=[],
        sites=[site(), site("NOR", "North Site")],
    )
    changes = plan_buildings(snapshot).changes
    assert [c.kind for c in changes] == ["create_campus", "create_building"]
    assert changes[0] == CreateCampus(
        name="North Site", code="NOR", reason="site has live buildings"
    )
    assert isinstance(changes[1], CreateBuilding)
    assert changes[1].campus_code == "NOR"


def test_renamed_and_moved_building_is_updated_by_code() -> None:
    """A building whose name and site changed is updated, addressed in its current campus."""
    snapshot = buildings_snapshot(
        booker=[booker_building("MIL", "Mill Lane Rooms", "WES")],
        termtime=[tt_building("MIL", "Mill Lane")],
        sites=[site(), site("WES", "West")],
        campuses=[campus(), campus("West", "WES")],
    )
    (change,) = plan_buildings(snapshot).changes
    assert isinstance(change, UpdateBuilding)
    assert (change.campus_code, change.new_campus_code) == ("CEN", "WES")
    assert change.after == BuildingFields(name="Mill Lane Rooms", campus="West")


def test_unchanged_and_retired_buildings_plan_nothing() -> None:
    """An up-to-date building and a retired one give no change."""
    snapshot = buildings_snapshot(
        booker=[booker_building(), booker_building("OLD", "Old Hut", live=False)],
        termtime=[tt_building()],
    )
    stage = plan_buildings(snapshot)
    assert stage.changes == ()
    assert (stage.owned, stage.desired) == (1, 1)


def test_termtime_only_building_is_reported_not_touched() -> None:
    """A TermTime building Booker does not know is a warning, never a change."""
    stage = plan_buildings(
        buildings_snapshot(booker=[booker_building()], termtime=[tt_building(), tt_building("X")])
    )
    assert stage.changes == ()
    assert [w.key for w in stage.warnings] == ["X"]


def test_long_names_are_cut_to_what_termtime_accepts() -> None:
    """A name over 45 characters is shortened, with a warning."""
    long_name = "A" * 60
    stage = plan_buildings(
        buildings_snapshot(booker=[booker_building(name=long_name)], termtime=[])
    )
    (change,) = stage.changes
    assert isinstance(change, CreateBuilding)
    assert change.after.name == "A" * 45
    assert any("shortened" in w.message for w in stage.warnings)


def test_new_room_gets_every_activity_type_capacity() -> None:
    """A new room is created with its Booker capacity for each TermTime activity type."""
    stage = plan_rooms(rooms_snapshot(booker=[booker_room()], termtime=[]), activity_types=None)
    (change,) = stage.changes
    assert isinstance(change, CreateRoom)
    assert [(c.code, c.cap) for c in change.after.capacities] == [("LEC", 120), ("SEM", 120)]
    assert (change.after.floor, change.after.building, change.after.campus) == (
        "Ground",
        "Mill Lane",
        "Central Site",
    )


def test_capacity_setting_narrows_activity_types() -> None:
    """The activity_types setting limits which types get the capacity; unknown ones warn."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room()], termtime=[]), activity_types=("SEM", "XXX")
    )
    (change,) = stage.changes
    assert isinstance(change, CreateRoom)
    assert [c.code for c in change.after.capacities] == ["SEM"]
    assert [w.key for w in stage.warnings] == ["XXX"]


def test_missing_floor_is_created_once_before_its_rooms() -> None:
    """Two new rooms on a new floor give one floor create, ordered before the rooms."""
    rooms = [booker_room("MIL-1", floor="First"), booker_room("MIL-2", index=346, floor="First")]
    stage = plan_rooms(rooms_snapshot(booker=rooms, termtime=[]), activity_types=None)
    kinds = [c.kind for c in stage.changes]
    assert kinds == ["create_floor", "create_room", "create_room"]
    assert stage.changes[0] == CreateFloor(
        code="MIL-FIRST",
        name="First",
        building_code="MIL",
        campus_code="CEN",
        building="Mill Lane",
        reason="floor of a Booker room",
    )


def test_changed_capacity_updates_the_room() -> None:
    """A capacity that differs from Booker's updates the room, showing before and after."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room(capacity=90)], termtime=[tt_room(capacity=120)]),
        activity_types=None,
    )
    (change,) = stage.changes
    assert isinstance(change, UpdateRoom)
    assert {c.cap for c in change.before.capacities} == {120}
    assert {c.cap for c in change.after.capacities} == {90}


def test_up_to_date_room_plans_nothing() -> None:
    """A room equal in both systems gives no change."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room()], termtime=[tt_room()]), activity_types=None
    )
    assert stage.changes == ()


def test_retired_room_is_marked_not_deleted() -> None:
    """A room no longer live in Booker gets td=1 in TermTime; it is never deleted."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room(live=False)], termtime=[tt_room()]), activity_types=None
    )
    assert stage.changes == (
        RetireRoom(code="MIL-1", name="Mill Lane Room 1", reason="retired in Booker"),
    )


def test_already_marked_room_is_left_alone() -> None:
    """A retired room that TermTime already marks for deletion gives no change."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room(live=False)], termtime=[tt_room(to_delete=True)]),
        activity_types=None,
    )
    assert stage.changes == ()


def test_revived_room_is_unmarked() -> None:
    """A room live again in Booker but marked in TermTime is updated to clear the mark."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room()], termtime=[tt_room(to_delete=True)]),
        activity_types=None,
    )
    (change,) = stage.changes
    assert isinstance(change, UpdateRoom)
    assert (change.before.to_delete, change.after.to_delete) == (True, False)


def test_room_with_unknown_department_is_skipped_with_a_warning() -> None:
    """A department TermTime lacks is reported; the room is neither created nor changed."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room(department="MUS")], termtime=[]), activity_types=None
    )
    assert stage.changes == ()
    assert "department MUS" in stage.warnings[0].message


def test_room_waits_for_its_building() -> None:
    """A room whose building is not in TermTime yet is a warning, not a failure."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room()], termtime=[], buildings=[]), activity_types=None
    )
    assert stage.changes == ()
    assert "not in TermTime yet" in stage.warnings[0].message


def test_termtime_only_room_is_reported_not_touched() -> None:
    """A TermTime room unknown to Booker is never retired or changed."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room()], termtime=[tt_room(), tt_room("LEGACY")]),
        activity_types=None,
    )
    assert stage.changes == ()
    assert [w.key for w in stage.warnings] == ["LEGACY"]
    assert stage.owned == 1


def test_existing_floor_is_matched_by_name_within_the_building() -> None:
    """A floor TermTime has under another code is reused, not created again."""
    stage = plan_rooms(
        rooms_snapshot(booker=[booker_room()], termtime=[], floors=[floor(code="HAND-MADE")]),
        activity_types=None,
    )
    assert [c.kind for c in stage.changes] == ["create_room"]
