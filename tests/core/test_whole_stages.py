"""Whole stages from snapshots that touch every rule at once: every change, its reason
and every warning, word for word, as an operator reads them."""

from __future__ import annotations

from essm_sync.core import plan_buildings, plan_rooms
from essm_sync.models import (
    BuildingFields,
    CreateBuilding,
    PlanWarning,
    UpdateBuilding,
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

LONG = "Department of Applied Mathematics and Theoretical Physics"


def test_buildings_stage_word_for_word() -> None:
    """Shared codes, unknown sites, an unlisted campus, a rename, a move and a building
    TermTime alone has: the exact changes and warnings."""
    snapshot = buildings_snapshot(
        booker=[
            booker_building("TWIN", "One"), booker_building("TWIN", "Two"),
            booker_building("LOST", "Lost", "NOWHERE"),
            booker_building("MIL", "Mill Lane Renamed"),
            booker_building("MOV", "Mover", "WES"),
            booker_building("ODD", "Odd"),
            booker_building("OLD", "Old", live=False),
        ],
        termtime=[
            tt_building("MIL", "Mill Lane"), tt_building("MOV", "Mover"),
            tt_building("ODD", "Odd old", "Gone Campus"), tt_building("LEG", "Legacy"),
        ],
        sites=[site(), site("WES", "West Site")],
        campuses=[campus(), campus("West Site", "WES")],
    )  # fmt: skip
    stage = plan_buildings(snapshot)
    assert stage.changes == (
        UpdateBuilding(
            code="MIL", campus_code="CEN", new_campus_code=None,
            before=BuildingFields(name="Mill Lane", campus="Central Site"),
            after=BuildingFields(name="Mill Lane Renamed", campus="Central Site"),
            reason="changed in Booker",
        ),
        UpdateBuilding(
            code="MOV", campus_code="CEN", new_campus_code="WES",
            before=BuildingFields(name="Mover", campus="Central Site"),
            after=BuildingFields(name="Mover", campus="West Site"),
            reason="changed in Booker",
        ),
    )  # fmt: skip
    assert stage.warnings == (
        PlanWarning(key="LEG", message="TermTime building unknown to Booker; left alone"),
        PlanWarning(key="LOST", message="site NOWHERE unknown; skipped"),
        PlanWarning(
            key="ODD", message="TermTime campus Gone Campus is not listed; building not updated"
        ),
        PlanWarning(
            key="TWIN",
            message=(
                "several Booker buildings share this code; none is synced until one is renamed"
            ),
        ),
    )
    # LOST cannot be synced without its site, so it is not asked for.
    assert (stage.owned, stage.desired, stage.present) == (3, 3, 4)


def test_new_campus_and_colliding_names_word_for_word() -> None:
    """A site TermTime lacks becomes a campus coded by the site; two long names that
    collide get their codes as suffixes; a site code too long for TermTime is refused."""
    snapshot = buildings_snapshot(
        booker=[
            booker_building("DA1", f"{LONG} North", "NEW"),
            booker_building("DA2", f"{LONG} South", "NEW"),
            booker_building("FAR", "Far", "S" * 46),
        ],
        termtime=[],
        sites=[site("NEW", "New Site"), site("S" * 46, "Far Site")],
        campuses=[],
    )  # fmt: skip
    stage = plan_buildings(snapshot)
    assert [(c.kind, c.key) for c in stage.changes] == [
        ("create_campus", "New Site"), ("create_building", "DA1"), ("create_building", "DA2"),
    ]  # fmt: skip
    (create_campus, first, _) = stage.changes
    assert create_campus.model_dump() == {
        "kind": "create_campus", "name": "New Site", "code": "NEW",
        "reason": "site has live buildings",
    }  # fmt: skip
    assert isinstance(first, CreateBuilding)
    assert (first.campus_code, first.after.name, first.reason) == (
        "NEW", f"{LONG[:39]} (DA1)", "new in Booker",
    )  # fmt: skip
    messages = {(w.key, w.message) for w in stage.warnings}
    assert ("S" * 46, "code longer than 45 characters, which TermTime refuses; skipped") in (
        messages
    )
    assert (
        "DA1",
        f"name collides with another in New Site; made unique as '{LONG[:39]} (DA1)'",
    ) in (messages)
    assert ("DA1", "name longer than 45 characters, shortened") in messages


def test_rooms_stage_word_for_word() -> None:
    """Waiting for a building, an unknown department, a retire, a revive, a change and an
    unknown TermTime room: exact changes, reasons and warnings."""
    snapshot = rooms_snapshot(
        booker=[
            booker_room("MIL-1", capacity=99),
            booker_room("MIL-2", index=2, department="ZZZ"),
            booker_room("MIL-3", index=3, live=False),
            booker_room("MIL-4", index=4),
        ],
        termtime=[
            tt_room("MIL-1"), tt_room("MIL-3"), tt_room("MIL-4", to_delete=True),
            tt_room("LEGACY"),
        ],
    )  # fmt: skip
    stage = plan_rooms(snapshot, activity_types=("LEC", "NOPE"))
    assert [(c.kind, c.key, c.reason) for c in stage.changes] == [
        ("update_room", "MIL-1", "changed in Booker"),
        ("update_room", "MIL-4", "revived in Booker"),
        ("retire_room", "MIL-3", "retired in Booker"),
    ]
    assert [(w.key, w.message) for w in stage.warnings] == [
        ("LEGACY", "TermTime room unknown to Booker; left alone"),
        ("MIL-2", "department ZZZ unknown to TermTime; room skipped"),
        ("NOPE", "activity type in settings unknown to TermTime; ignored"),
    ]
    update = stage.changes[0]
    assert update.model_dump()["after"]["capacities"] == ({"code": "LEC", "cap": 99},)
    assert (stage.owned, stage.desired, stage.present) == (2, 3, 3)
