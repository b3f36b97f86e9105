"""Unreadable records in the lists stages decide by, served on demand: one Booker site and
department, one TermTime campus (without its code), department and activity type. Each is
chosen where it matters (a site and a campus with buildings, departments rooms are in)."""

from __future__ import annotations

from essm_sync.sandbox.seed import Sandbox


def add_unreadable_references(university: Sandbox) -> dict[str, str]:
    """Serve one unreadable record of each such list; return what each is, by list."""
    tt, bk = university.termtime, university.booker
    used_sites = sorted({str(b["SiteId"]) for b in bk.buildings if b["Live"]})
    used_departments = sorted(
        {str(r["DepartmentId"]) for r in bk.rooms if r["DepartmentId"] in tt.departments}
    )
    spoilt: dict[str, str] = {}
    if used_sites:
        site = used_sites[0]
        bk.unreadable.setdefault("sites", set()).add(site)
        spoilt["Booker site"] = site
    # A campus of another site than the one spoilt in Booker, so that each shows on its own.
    campuses = sorted(c for c in tt.campuses if c not in spoilt.values()) or sorted(tt.campuses)
    if campuses:
        tt.unreadable.setdefault("campuses", set()).add(campuses[-1])
        spoilt["TermTime campus"] = tt.campuses[campuses[-1]]  # named by what can be read
    if used_departments:
        bk.unreadable.setdefault("departments", set()).add(used_departments[0])
        spoilt["Booker department"] = used_departments[0]
    if len(used_departments) > 1:
        tt.unreadable.setdefault("departments", set()).add(used_departments[-1])
        spoilt["TermTime department"] = used_departments[-1]
    if tt.activity_types:
        code = sorted(tt.activity_types)[0]
        tt.unreadable.setdefault("activitytypes", set()).add(code)
        spoilt["TermTime activity type"] = code
    return spoilt


def mend_unreadable_references(university: Sandbox) -> None:
    """Serve every record readable again."""
    university.termtime.unreadable.clear()
    university.booker.unreadable.clear()
