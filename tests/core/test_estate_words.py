"""Estate plans in full: what is left alone is said in exact words and holds up nothing else."""

from __future__ import annotations

from essm_sync.core import plan_buildings, plan_rooms
from essm_sync.models import (
    BuildingFields,
    Capacity,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    PlanWarning,
    RoomFields,
    Skipped,
    UnreadRecord,
)
from tests.factories import (
    booker_building,
    booker_room,
    buildings_snapshot,
    rooms_snapshot,
    site,
    tt_building,
    tt_room,
)

_LONG_SITE = "S" * 50


def test_buildings_left_alone_do_not_hold_up_the_next() -> None:
    """An unchanged building, one of a site whose code is too long and one whose TermTime
    campus is not listed come first; the new buildings after them are still created, and a
    TermTime building Booker could not read is not called unknown."""
    snapshot = buildings_snapshot(
        booker=[
            booker_building("AAA", "Alpha"),
            booker_building("BBB", "Beta", _LONG_SITE),
            booker_building("CCC", "Gamma"),
            booker_building("DDD", "Delta"),
            booker_building("EEE", "Eps", "TWN"),
        ],
        termtime=[
            tt_building("AAA", "Alpha"),
            tt_building("CCC", "Old Gamma", "Lost Campus"),
            tt_building("UUU", "U"),
            tt_building("ZZZ", "Z"),
        ],
        sites=[site(), site(_LONG_SITE, "Long Site"), site("TWN", "Town")],
    )
    unread = UnreadRecord(system="Booker", kind="building", key="UUU", problem="Name: null")
    stage = plan_buildings(snapshot.model_copy(update={"unread": (unread,)}))
    assert stage.changes == (
        CreateCampus(name="Town", code="TWN", reason="site has live buildings"),
        CreateBuilding(code="DDD", campus_code="CEN", reason="new in Booker",
                       after=BuildingFields(name="Delta", campus="Central Site")),
        CreateBuilding(code="EEE", campus_code="TWN", reason="new in Booker",
                       after=BuildingFields(name="Eps", campus="Town")),
    )  # fmt: skip
    assert stage.warnings == (
        PlanWarning(key="CCC",
                    message="TermTime campus Lost Campus is not listed; building not updated"),
        PlanWarning(key=_LONG_SITE,
                    message="code longer than 45 characters, which TermTime refuses; skipped"),
        PlanWarning(key="ZZZ", message="TermTime building unknown to Booker; left alone"),
    )  # fmt: skip
    assert stage.skipped == (
        Skipped(room="", kind="building", item="UUU", problem="Name: null", system="Booker"),
    )


def test_sites_of_one_name_become_campuses_told_apart_across_termtime() -> None:
    """Two sites named alike are two campuses, each named with its site's code."""
    snapshot = buildings_snapshot(
        booker=[booker_building("AAA", "Alpha"), booker_building("WWW", "W", "WES")],
        termtime=[],
        sites=[site(), site("WES", "Central Site")],
        campuses=[],
    )
    stage = plan_buildings(snapshot)
    assert [c for c in stage.changes if isinstance(c, CreateCampus)] == [
        CreateCampus(name="Central Site (CEN)", code="CEN", reason="site has live buildings"),
        CreateCampus(name="Central Site (WES)", code="WES", reason="site has live buildings"),
    ]
    assert [(w.key, w.message) for w in stage.warnings] == [
        ("CEN", "name collides with another in TermTime; made unique as 'Central Site (CEN)'"),
        ("WES", "name collides with another in TermTime; made unique as 'Central Site (WES)'"),
    ]


def test_rooms_left_alone_do_not_hold_up_the_next() -> None:
    """A room of an unreadable building, one with no department and a shared code are said
    in exact words; the new room after them is created on its new floor."""
    snapshot = rooms_snapshot(
        booker=[
            booker_room("A-0", index=1, building="XB"),
            booker_room("A-1", index=2, department=None),
            booker_room("DUPE", index=3),
            booker_room("DUPE", index=4),
            booker_room("MIL-1", index=5),
            booker_room("NEW", index=6, floor="First"),
        ],
        termtime=[tt_room()],
    )
    unread = UnreadRecord(system="Booker", kind="building", key="XB", problem="Name: null")
    stage = plan_rooms(snapshot.model_copy(update={"unread": (unread,)}), activity_types=None)
    assert stage.changes == (
        CreateFloor(code="MIL-FIRST", name="First", building_code="MIL", campus_code="CEN",
                    building="Mill Lane", reason="floor of a Booker room"),
        CreateRoom(code="NEW", reason="new in Booker", after=RoomFields(
            name="Mill Lane Room 1", floor="First", building="Mill Lane", campus="Central Site",
            department="ENG", capacities=(Capacity(code="LEC", cap=120),
                                          Capacity(code="SEM", cap=120)),
        )),
    )  # fmt: skip
    assert stage.warnings == (
        PlanWarning(key="A-0", message="Booker building XB could not be read; room left alone"),
        PlanWarning(key="A-1", message="department (none) unknown to TermTime; room skipped"),
        PlanWarning(key="DUPE", message="several Booker rooms share this code; none is synced "
                    "until one is renamed"),
    )  # fmt: skip
    assert stage.skipped == ()


def test_a_floor_held_by_an_unreadable_one_holds_up_only_its_own_rooms() -> None:
    """An unreadable floor that may be the Attic holds the Attic and its room, said so; the
    Basement after it and its room are still created."""
    rooms = [booker_room("MIL-1", index=1, floor="Attic"),
             booker_room("MIL-2", index=2, floor="Basement")]  # fmt: skip
    unread = UnreadRecord(system="TermTime", kind="floor", key="OLD-ATTIC",
                          problem="bn is missing", name="Attic")  # fmt: skip
    snapshot = rooms_snapshot(booker=rooms, termtime=[], floors=[])
    stage = plan_rooms(snapshot.model_copy(update={"unread": (unread,)}), activity_types=None)
    assert [(c.kind, c.key) for c in stage.changes] == [
        ("create_floor", "MIL-BASEMENT"),
        ("create_room", "MIL-2"),
    ]
    assert [w for w in stage.warnings if w.key == "MIL"] == [
        PlanWarning(key="MIL", message="a TermTime floor that may be 'Attic' (MIL-ATTIC) could "
                    "not be read: not created, and its rooms wait"),
    ]  # fmt: skip
