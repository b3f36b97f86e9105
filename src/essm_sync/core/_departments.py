"""The department a room gets in TermTime: its Booker `DepartmentId`, when TermTime has it.

A department either system listed but could not read leaves undecided the rooms it may be
the department of (design.md, Reading real data): such a room keeps the department it has in
TermTime this run, or waits if it is new; it is never told its department is unknown.
"""

from __future__ import annotations

from essm_sync.core._unread import may_be_unread, unread_codes
from essm_sync.models import BookerRoom, PlanWarning, RoomsSnapshot, TermTimeRoom


class RoomDepartments:
    """Decide each room's department from both systems' department lists as read."""

    def __init__(self, snapshot: RoomsSnapshot) -> None:
        self._termtime = {d.code for d in snapshot.departments}
        self._booker = {d.id for d in snapshot.booker_departments}
        self._termtime_unread = unread_codes(snapshot.unread, "TermTime", "department")
        self._booker_unread = unread_codes(snapshot.unread, "Booker", "department")

    def undecided_by(self, department: str) -> str | None:
        """Return the system whose unreadable department this one may be, else None."""
        if not department:
            return None  # no department: nothing a list could say changes that
        # Booker's department of this Id could not be read: what the room's field names is
        # then unknown to the sync, so it is not written over.
        booker_unread = self._booker_unread
        if booker_unread is None and department not in self._booker:
            return "Booker"
        if booker_unread is not None and department in booker_unread:
            return "Booker"
        # TermTime may hold it as the department it could not read: not "unknown" to it.
        if department not in self._termtime and may_be_unread(self._termtime_unread, department):
            return "TermTime"
        return None

    def of(
        self, room: BookerRoom, have: TermTimeRoom | None, warnings: list[PlanWarning]
    ) -> str | None:
        """Return the department `room` gets, or None when it cannot be placed this run."""
        department = room.department_id or ""
        system = self.undecided_by(department)
        if system is not None:
            if have is None:
                message = f"{system} department {department} could not be read; room waits"
                warnings.append(PlanWarning(key=room.id, message=message))
                return None
            # Left as TermTime has it: the other fields may still change.
            return have.department.code if have.department else ""
        if department not in self._termtime:
            message = f"department {department or '(none)'} unknown to TermTime; room skipped"
            warnings.append(PlanWarning(key=room.id, message=message))
            return None
        return department
