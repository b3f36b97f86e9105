"""The sandbox serving an unreadable Booker site and department and TermTime campus,
department and activity type: each is named, the run is incomplete (exit 4), nothing they
decide is changed, the rest syncs, and once they are readable again a run converges."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from essm_sync.sandbox import (
    CONVERGED,
    add_unreadable_references,
    divergence,
    mend_unreadable_references,
)
from tests.world import World, make_world


def _synced_rooms(world: World, away_from: set[str]) -> list[dict[str, Any]]:
    """Booker rooms TermTime holds, in buildings of none of these sites."""
    bk, tt = world.sandbox.booker, world.sandbox.termtime
    site_of = {b["Id"]: b["SiteId"] for b in bk.buildings}
    return sorted(
        (r for r in bk.rooms
         if r["Live"] and r["Id"] in tt.rooms and site_of[r["BuildingId"]] not in away_from),
        key=lambda r: str(r["Id"]),
    )  # fmt: skip


async def test_unreadable_reference_records_leave_their_counterparts_alone(
    tmp_path: Path,
) -> None:
    """Renamed buildings of the unreadable site and campus, rooms moved to the unreadable
    departments and a changed capacity all stay as TermTime has them; another rename syncs;
    every record is named; a run after the fault is mended converges."""
    world = make_world(tmp_path, messy=False)  # tidy: no record but these is skipped
    first, _ = await world.sync()
    assert not [s for plan in first.plans for s in plan.skipped]
    bk, tt = world.sandbox.booker, world.sandbox.termtime
    spoilt = add_unreadable_references(world.sandbox)
    assert set(spoilt) == {"Booker site", "TermTime campus", "Booker department",
                           "TermTime department", "TermTime activity type"}  # fmt: skip
    campus_site = next(
        code for code, name in tt.campuses.items() if name == spoilt["TermTime campus"]
    )
    away = {spoilt["Booker site"], campus_site}
    renamed = [
        next(b for b in bk.buildings if b["SiteId"] == site and b["Id"] in tt.buildings)
        for site in sorted(away)
    ]
    for building in renamed:
        building["Name"] = f"{building['Name']} Renamed"
    moved_b, moved_t, resized, other = _synced_rooms(world, away)[:4]
    moved_b["DepartmentId"] = spoilt["Booker department"]
    moved_t["DepartmentId"] = spoilt["TermTime department"]
    resized["Capacity"] = int(resized["Capacity"]) + 7
    other["Name"] = "Renamed while the lists were odd"
    before_buildings = dict(tt.buildings)
    before_rooms = {r["Id"]: (tt.rooms[r["Id"]].department, dict(tt.rooms[r["Id"]].capacities))
                    for r in (moved_b, moved_t, resized)}  # fmt: skip

    report, _ = await world.sync()

    named = {(s.system, s.kind, s.item) for plan in report.plans for s in plan.skipped}
    assert len(named) == 5  # each is a skipped record: the run is incomplete, exit 4
    assert not report.is_complete
    assert ("Booker", "site", spoilt["Booker site"]) in named
    assert ("Booker", "department", spoilt["Booker department"]) in named
    assert ("TermTime", "department", spoilt["TermTime department"]) in named
    assert ("TermTime", "activity type", spoilt["TermTime activity type"]) in named
    assert any(kind == "campus" for system, kind, _ in named if system == "TermTime")
    assert {b["Id"]: tt.buildings[b["Id"]] for b in renamed} == {
        b["Id"]: before_buildings[b["Id"]] for b in renamed
    }
    after_rooms = {code: (tt.rooms[code].department, dict(tt.rooms[code].capacities))
                   for code in before_rooms}  # fmt: skip
    assert after_rooms == before_rooms
    assert tt.rooms[other["Id"]].name == other["Name"]
    assert not [o for o in report.outcomes if o.status == "failed"]
    warnings = [w.message for plan in report.plans for s in plan.stages for w in s.warnings]
    odd = (spoilt["Booker department"], spoilt["TermTime department"])
    assert not [m for m in warnings if "unknown to TermTime" in m and m.split()[1] in odd]

    mend_unreadable_references(world.sandbox)
    again, _ = await world.sync()
    assert not [s for plan in again.plans for s in plan.skipped]
    assert divergence(world.sandbox) == CONVERGED
    assert tt.rooms[moved_t["Id"]].department == spoilt["TermTime department"]
