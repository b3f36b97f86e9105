"""How each operation's changes are made: one writer per system's share of the plan.

An operation names its writer (`engine/operations.py`); the engine calls it for each change
of the operation's stage, with the systems of the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from essm_sync.models import (
    Change,
    CreateBooking,
    CreateBuilding,
    CreateCampus,
    CreateFloor,
    CreateRoom,
    DeleteBooking,
    RetireRoom,
    UpdateBooking,
    UpdateBuilding,
    UpdateRoom,
)

if TYPE_CHECKING:
    from essm_sync.engine.context import Systems


def _foreign(change: Change, writer: str) -> TypeError:
    return TypeError(f"{change.kind} is not a change the {writer} writer makes")


async def write_estate(systems: Systems, change: Change) -> str:
    """Make one change to TermTime's estate; return a note for the log."""
    termtime = systems.termtime
    match change:
        case CreateCampus():
            await termtime.create_campus(name=change.name, code=change.code)
        case CreateBuilding():
            await termtime.create_building(
                code=change.code, name=change.after.name, campus_code=change.campus_code
            )
        case UpdateBuilding():
            renamed = change.after.name if change.after.name != change.before.name else None
            await termtime.update_building(
                code=change.code,
                campus=change.before.campus,
                name=renamed,
                new_campus_code=change.new_campus_code,
            )
        case CreateFloor():
            await termtime.create_floor(
                code=change.code,
                name=change.name,
                building_code=change.building_code,
                campus_code=change.campus_code,
            )
        case CreateRoom():
            await termtime.create_room(code=change.code, fields=change.after)
        case UpdateRoom():
            await termtime.update_room(code=change.code, before=change.before, after=change.after)
        case RetireRoom():
            await termtime.retire_room(code=change.code)
        case _:
            raise _foreign(change, "estate")
    return ""


async def write_bookings(systems: Systems, change: Change) -> str:
    """Make one change to Booker's bookings; return a note for the log."""
    booker = systems.booker
    match change:
        case CreateBooking():
            made = await booker.create_booking(change.after)
            return f"booking {made.optime_index}"
        case UpdateBooking():
            await booker.update_booking(
                change.booking_id, change.after, created_by=change.created_by, status=change.status
            )
        case DeleteBooking():
            if not await booker.delete_booking(change.booking_id):
                return "already gone"
        case _:
            raise _foreign(change, "bookings")
    return ""
