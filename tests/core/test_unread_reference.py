"""A site, campus, department or activity type a list could not read: skipped and named, and
what it decides is left alone (design.md, Reading real data); everything else goes on."""

from __future__ import annotations

from essm_sync.core import plan_buildings, plan_rooms
from essm_sync.core.audit.estate import estate_records
from essm_sync.models import (
    BookerDepartment,
    CreateBuilding,
    CreateCampus,
    CreateRoom,
    RoomsSnapshot,
    Stage,
    UnreadRecord,
    UpdateBuilding,
    UpdateRoom,
)
from tests.factories import (
    booker_building,
    booker_room,
    buildings_snapshot,
    campus,
    rooms_snapshot,
    site,
    tt_building,
    tt_room,
)


def _unread(system: str, kind: str, key: str | None, name: str | None = None) -> UnreadRecord:
    """An unreadable record; `key` None: its code could not be read either."""
    return UnreadRecord(system=system, kind=kind, key=key or "#1 (no code)",
                        has_code=key is not None, problem="n: bad", name=name)  # fmt: skip


def _kinds(stage: Stage) -> list[tuple[str, str]]:
    return [(type(c).__name__, c.key) for c in stage.changes]


def _named(stage: Stage) -> set[tuple[str, str, str]]:
    return {(s.system, s.kind, s.item) for s in stage.skipped}


def test_buildings_of_an_unreadable_booker_site_are_neither_created_nor_changed() -> None:
    """A Booker site that cannot be read: its buildings are left alone (new ones not
    created, renamed ones not updated), other sites' buildings go on, and it is named."""
    snapshot = buildings_snapshot(
        booker=[booker_building("MIL", "Mill Lane Renamed", "NOR"),
                booker_building("NEW", "New Hall", "NOR"), booker_building("OAK", "Oak", "CEN")],
        termtime=[tt_building("MIL")],
    ).model_copy(update={"unread": (_unread("Booker", "site", "NOR"),)})  # fmt: skip
    stage = plan_buildings(snapshot)
    assert _kinds(stage) == [("CreateBuilding", "OAK")]
    assert {w.key for w in stage.warnings if "site NOR could not be read" in w.message} == {
        "MIL",
        "NEW",
    }
    assert _named(stage) == {("Booker", "site", "NOR")}


def test_a_site_without_a_readable_id_is_not_called_unknown() -> None:
    """A site whose Id cannot be read may be any site the list lacks: buildings of a site not
    listed are left alone as of an unreadable site, never said to be of an unknown one."""
    snapshot = buildings_snapshot(
        booker=[booker_building("NEW", "New Hall", "NOR")], termtime=[]
    ).model_copy(update={"unread": (_unread("Booker", "site", None),)})
    stage = plan_buildings(snapshot)
    assert stage.changes == ()
    assert [w.message for w in stage.warnings] == [
        "Booker site NOR could not be read; building left alone"
    ]


def test_no_campus_of_an_unreadable_campus_name_is_created_again() -> None:
    """A TermTime campus listed with its code unreadable but its name read: no campus of that
    name is created, its buildings wait; a building of a campus TermTime listed goes on."""
    snapshot = buildings_snapshot(
        booker=[booker_building("NEW", "New Hall", "NOR"), booker_building("OAK", "Oak", "CEN")],
        termtime=[],
        sites=[site(), site("NOR", "North Site")],
    ).model_copy(update={"unread": (_unread("TermTime", "campus", None, "North Site"),)})
    stage = plan_buildings(snapshot)
    assert _kinds(stage) == [("CreateBuilding", "OAK")]
    assert any(w.key == "NOR" and "could not be read" in w.message for w in stage.warnings)
    assert _named(stage) == {("TermTime", "campus", "#1 (no code)")}


def test_a_campus_whose_name_cannot_be_read_holds_every_campus_create() -> None:
    """A campus whose name cannot be read may bear any name: no campus is created this run,
    while a building whose campus TermTime listed is still created and updated."""
    snapshot = buildings_snapshot(
        booker=[booker_building("NEW", "New Hall", "NOR"), booker_building("OAK", "Oak", "CEN"),
                booker_building("MIL", "Mill Lane 2", "CEN")],
        termtime=[tt_building("MIL")],
        sites=[site(), site("NOR", "North Site")],
    ).model_copy(update={"unread": (_unread("TermTime", "campus", "SOU"),)})  # fmt: skip
    stage = plan_buildings(snapshot)
    assert not any(isinstance(c, CreateCampus) for c in stage.changes)
    assert {type(c) for c in stage.changes} == {CreateBuilding, UpdateBuilding}
    assert "NEW" not in {c.key for c in stage.changes}


def test_a_readable_campus_name_holds_only_that_name() -> None:
    """Only a campus of the unreadable record's name is held: another new campus is created."""
    snapshot = buildings_snapshot(
        booker=[booker_building("NEW", "New Hall", "NOR")],
        termtime=[],
        sites=[site(), site("NOR", "North Site")],
        campuses=[campus()],
    ).model_copy(update={"unread": (_unread("TermTime", "campus", None, "South Site"),)})
    assert _kinds(plan_buildings(snapshot)) == [
        ("CreateCampus", "North Site"),
        ("CreateBuilding", "NEW"),
    ]


def _departments(snapshot: RoomsSnapshot, *ids: str) -> RoomsSnapshot:
    booker = tuple(BookerDepartment.model_validate({"Id": d}) for d in ids)
    return snapshot.model_copy(update={"booker_departments": booker})


def test_an_unreadable_termtime_department_leaves_its_rooms_department_as_it_is() -> None:
    """A TermTime department that cannot be read: a room that may be of it keeps the
    department TermTime has while its other fields change, a new one waits, neither is
    called unknown, and a room of a department read is created."""
    snapshot = rooms_snapshot(
        booker=[booker_room("MIL-1", name="Renamed", department="PHY"),
                booker_room("MIL-2", index=2, department="PHY"),
                booker_room("MIL-3", index=3, department="MAT")],
        termtime=[tt_room("MIL-1", department="ENG")],
    ).model_copy(update={"unread": (_unread("TermTime", "department", "PHY"),)})  # fmt: skip
    stage = plan_rooms(_departments(snapshot, "ENG", "MAT", "PHY"), activity_types=None)
    create, update = stage.changes
    assert isinstance(update, UpdateRoom)
    assert isinstance(create, CreateRoom)
    assert (update.code, update.after.name, update.after.department) == ("MIL-1", "Renamed", "ENG")
    assert (create.code, create.after.department) == ("MIL-3", "MAT")
    assert not [w for w in stage.warnings if "unknown" in w.message]
    assert any(w.key == "MIL-2" and "waits" in w.message for w in stage.warnings)
    assert _named(stage) == {("TermTime", "department", "PHY")}


def test_an_unreadable_booker_department_leaves_its_rooms_department_as_it_is() -> None:
    """A Booker department that cannot be read: rooms naming it are not changed on their
    department; a room of another department still is."""
    snapshot = rooms_snapshot(
        booker=[booker_room("MIL-1", department="ENG"),
                booker_room("MIL-2", index=2, department="ENG")],
        termtime=[tt_room("MIL-1", department="MAT"), tt_room("MIL-2", department="MAT")],
    ).model_copy(update={"unread": (_unread("Booker", "department", "ENG"),)})  # fmt: skip
    stage = plan_rooms(_departments(snapshot, "MAT"), activity_types=None)
    assert stage.changes == ()
    assert _named(stage) == {("Booker", "department", "ENG")}
    moved = plan_rooms(_departments(snapshot.model_copy(update={"unread": ()}), "ENG", "MAT"),
                       activity_types=None)  # fmt: skip
    assert [c.key for c in moved.changes] == ["MIL-1", "MIL-2"]


def test_an_unreadable_activity_type_changes_no_capacity() -> None:
    """An activity type that cannot be read: no room's capacities are rewritten (one warning),
    other fields still change, a new room is created with the types read, and the type is
    not called unknown when settings name it."""
    snapshot = rooms_snapshot(
        booker=[booker_room("MIL-1", name="Renamed", capacity=80),
                booker_room("MIL-2", index=2, capacity=30)],
        termtime=[tt_room("MIL-1", capacity=120)],
    ).model_copy(update={"unread": (_unread("TermTime", "activity type", "WKS"),)})  # fmt: skip
    stage = plan_rooms(snapshot, activity_types=("LEC", "WKS"))
    create, update = stage.changes
    assert isinstance(update, UpdateRoom)
    assert isinstance(create, CreateRoom)
    assert update.after.capacities == update.before.capacities
    assert update.after.name == "Renamed"
    assert [(c.code, c.cap) for c in create.after.capacities] == [("LEC", 30)]
    (warning,) = [w for w in stage.warnings if "activity type" in w.message]
    assert warning.key == "WKS"
    assert "no room's capacities change" in warning.message
    assert _named(stage) == {("TermTime", "activity type", "WKS")}


def test_the_audit_calls_no_department_unknown_that_may_be_the_unreadable_one() -> None:
    """The audit says no department is missing from TermTime, nor a room's, when it may be
    the department TermTime listed but could not read."""
    snapshot = rooms_snapshot(booker=[booker_room(department="PHY")], termtime=[]).model_copy(
        update={"unread": (_unread("TermTime", "department", None),)}
    )
    booker = (BookerDepartment.model_validate({"Id": "PHY"}),)
    found = estate_records(_departments(snapshot, "PHY"), booker)
    assert not [d for d in found if "department" in d.check]
    plain = estate_records(_departments(snapshot.model_copy(update={"unread": ()}), "PHY"), booker)
    assert {d.check for d in plain} == {"department-unknown", "room-department-unknown"}
