"""Sites and campuses a list could not read, in the buildings stage (design.md, Reading
real data): a building of an unreadable Booker site has no known campus and is left alone;
a campus TermTime listed but could not read is never created again under a name it may bear.
"""

from __future__ import annotations

from collections.abc import Callable

from essm_sync.core._unread import may_be_unread, unread_codes
from essm_sync.models import BookerBuilding, BuildingsSnapshot, PlanWarning


def drop_unsited(
    snapshot: BuildingsSnapshot, buildings: list[BookerBuilding], warnings: list[PlanWarning]
) -> list[BookerBuilding]:
    """Return the buildings whose site was read; warn of each left alone, or whose site
    Booker does not list."""
    sites = {site.id for site in snapshot.sites}
    unread = unread_codes(snapshot.unread, "Booker", "site")
    kept = []
    for building in buildings:
        # A site whose Id could not be read either may be any site the list lacks.
        if may_be_unread(unread, building.site_id) and (
            unread is not None or building.site_id not in sites
        ):
            message = f"Booker site {building.site_id} could not be read; building left alone"
            warnings.append(PlanWarning(key=building.id, message=message))
        elif building.site_id not in sites:
            message = f"site {building.site_id} unknown; skipped"
            warnings.append(PlanWarning(key=building.id, message=message))
        else:
            kept.append(building)
    return kept


def held_campuses(snapshot: BuildingsSnapshot) -> Callable[[str], bool]:
    """Return whether a campus of this name may be one TermTime listed but could not read.
    A record whose name could not be read either may bear any name: then no campus is
    created this run, and buildings go on only where their campus is listed."""
    unread = [r for r in snapshot.unread if r.system == "TermTime" and r.kind == "campus"]
    names = {r.name for r in unread}
    return lambda name: None in names or name in names
