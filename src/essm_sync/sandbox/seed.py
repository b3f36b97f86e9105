"""A seeded generator of a university: estate in Booker, part of it in TermTime, a timetable.

The same seed and sizes always give the same data, so tests, the demo and the benchmarks
share one generator. Teaching runs in two terms; the first spans the October clock change.
Its dates are those of the academic year it is given (`seed_year.py`), 2026-27 by default.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass

from essm_sync.sandbox.booker_state import BookerState
from essm_sync.sandbox.mess import add_mess
from essm_sync.sandbox.seed_year import REFERENCE, SeedYear
from essm_sync.sandbox.termtime_state import TermTimeState, TTEvent, TTRoom

SITES = (("CEN", "Central Site"), ("WES", "West Cambridge"), ("NOR", "North Site"))
DEPARTMENTS = (
    ("ENG", "Engineering"), ("MAT", "Mathematics"), ("PHY", "Physics"), ("CHE", "Chemistry"),
    ("HIS", "History"), ("ENL", "English"), ("LAW", "Law"), ("MED", "Clinical Medicine"),
    ("ECO", "Economics"), ("CST", "Computer Science"), ("MUS", "Music"),
    ("UAS", "University Academic Services"),
)  # fmt: skip
# Music is unknown to TermTime: its rooms show up as a discrepancy, not a failure.
MISSING_IN_TERMTIME = "MUS"
ACTIVITY_TYPES = (
    ("LEC", "Lecture", "1F77B4"), ("SEM", "Seminar", "FF7F0E"), ("PRA", "Practical", "2CA02C"),
    ("TUT", "Tutorial", "D62728"), ("WKS", "Workshop", "9467BD"),
)  # fmt: skip
BUILDING_NAMES = (
    "Mill Lane Lecture Rooms", "Babbage Building", "Darwin Centre", "Franklin Wing",
    "Hopkinson Building", "Lovelace Hall", "Maxwell Centre", "Noether Building",
    "Rosalind Court", "Turing House", "Whewell Rooms", "Keynes Building",
)  # fmt: skip
FLOORS = (("Ground", "G"), ("First", "1"), ("Second", "2"), ("Basement", "B"))
ROOM_TYPES = (("Lecture Theatre", 80, 300), ("Seminar Room", 12, 40),
              ("Teaching Lab", 20, 60), ("Tutorial Room", 4, 12))  # fmt: skip
TERMTIME_USER = "api"
BOOKER_USER = "essm-sync"


@dataclass
class Sandbox:
    """Both fakes' states, the credentials that open them and the teaching window."""

    termtime: TermTimeState
    booker: BookerState
    api_key: str
    username: str
    password: str
    first_day: dt.date
    last_day: dt.date


def _secret(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(length))


def _terms(year: SeedYear) -> list[tuple[dt.date, int]]:
    """Return each term's first Monday and its length in weeks."""
    # Late September and mid-January, moved as every other date is: the seeded bookings and
    # the mess keep where they fall in the terms, whatever the year.
    return [(year.on(dt.date(2026, 9, 28)), 11), (year.on(dt.date(2027, 1, 11)), 10)]


def generate(
    *,
    seed: int = 7,
    rooms: int = 40,
    events: int | None = None,
    year_start: dt.date = REFERENCE,
    messy: bool = True,
) -> Sandbox:
    """Return a university of `rooms` rooms and about `events` events (default 40 a room),
    timetabled in the academic year that starts on `year_start`.

    `messy` adds the untidiness of real data (see `mess.py`); off, the data is tidy.
    """
    rng = random.Random(seed)
    events = rooms * 40 if events is None else events
    year = SeedYear(year_start)
    tt = TermTimeState(
        year_start=year_start, year_end=year.last_day, today=year.on(TermTimeState.today)
    )
    bk = BookerState()
    api_key, password = _secret(rng, 20), _secret(rng, 16)
    tt.keys[api_key] = (TERMTIME_USER, True)
    tt.keys[_secret(rng, 20)] = ("readonly", False)
    bk.users[BOOKER_USER] = password
    bk.users["reception"] = _secret(rng, 16)

    bk.sites = [{"OptimeIndex": i + 1, "Id": c, "Name": n} for i, (c, n) in enumerate(SITES)]
    bk.departments = [{"Id": c, "Name": n} for c, n in DEPARTMENTS]
    tt.departments = {c: n for c, n in DEPARTMENTS if c != MISSING_IN_TERMTIME}
    tt.activity_types = {c: (n, colour) for c, n, colour in ACTIVITY_TYPES}

    n_buildings = max(3, min(len(BUILDING_NAMES) * 4, rooms // 10))
    for i in range(n_buildings):
        base = BUILDING_NAMES[i % len(BUILDING_NAMES)]
        name = base if i < len(BUILDING_NAMES) else f"{base} Annexe {i // len(BUILDING_NAMES)}"
        code = "".join(w[0] for w in base.split()[:2]).upper() + f"{i:02d}"
        bk.buildings.append(
            {"OptimeIndex": 10 + i, "Id": code, "Name": name,
             "SiteId": SITES[i % len(SITES)][0], "Live": i != n_buildings - 1 or i < 3}
        )  # fmt: skip

    for i in range(rooms):
        building = bk.buildings[i % n_buildings]
        floor, short = FLOORS[rng.randrange(len(FLOORS))]
        kind, low, high = ROOM_TYPES[rng.randrange(len(ROOM_TYPES))]
        number = i // n_buildings + 1
        bk.rooms.append(
            {
                "OptimeIndex": 1000 + i,
                "Id": f"{building['Id']}-{short}{number:02d}",
                "Name": f"{building['Name'].split()[0]} {kind} {number}",
                "BuildingId": building["Id"],
                "Floor": floor,
                "Capacity": rng.randrange(low, high + 1),
                "DepartmentId": DEPARTMENTS[rng.randrange(len(DEPARTMENTS))][0],
                "RoomType": kind,
                "Bookable": rng.random() > 0.03,
                "Live": building["Live"] and rng.random() > 0.04,
            }
        )

    _seed_termtime_estate(rng, tt, bk)
    capacities = {str(r["Id"]): int(r["Capacity"]) for r in bk.rooms}
    first, last = _seed_timetable(rng, tt, events, capacities)
    _seed_people_bookings(rng, tt, bk)
    if messy:
        add_mess(rng, tt, bk)
        # Reach the night clocks go forward, so a sync covers both changes.
        last = max(last, min(year.clock_forward() + dt.timedelta(days=3), tt.year_end))
    return Sandbox(tt, bk, api_key, BOOKER_USER, password, first, last)


def _seed_termtime_estate(rng: random.Random, tt: TermTimeState, bk: BookerState) -> None:
    """Put most of the estate in TermTime already, some of it out of date: the timetable
    can only use rooms TermTime has.

    The last site is not in TermTime at all; the first building there has an old name.
    """
    sites = {s["Id"]: s["Name"] for s in bk.sites}
    for building in [b for i, b in enumerate(bk.buildings) if i % 4 != 3]:
        site = building["SiteId"]
        if site == SITES[-1][0]:
            continue
        tt.campuses.setdefault(site, sites[site])
        stale = not tt.buildings or rng.random() < 0.2
        name = building["Name"] + " (old)" if stale else building["Name"]
        tt.buildings[building["Id"]] = (name[:45], site)
    for room in bk.rooms:
        building = room["BuildingId"]
        if building not in tt.buildings or room["DepartmentId"] not in tt.departments:
            continue
        if rng.random() < 0.2:
            continue
        floor_code = f"{building}-{room['Floor'][:1]}"
        tt.floors.setdefault(floor_code, (room["Floor"], building))
        capacity = room["Capacity"] + 10 if len(tt.rooms) % 5 == 1 else room["Capacity"]
        tt.rooms[room["Id"]] = TTRoom(
            room["Id"], room["Name"], floor_code, room["DepartmentId"],
            dict.fromkeys(tt.activity_types, capacity),
        )  # fmt: skip
    # A room TermTime has that Booker never heard of: reported, never touched.
    first = min(tt.buildings)
    floor_code = f"{first}-X"
    tt.floors[floor_code] = ("Mezzanine", first)
    tt.rooms["LEGACY-01"] = TTRoom("LEGACY-01", "Legacy Seminar Room", floor_code, "UAS", {})


def _seed_timetable(
    rng: random.Random, tt: TermTimeState, target: int, capacities: dict[str, int]
) -> tuple[dt.date, dt.date]:
    """Schedule weekly activities into free slots until about `target` events exist, each
    planned for 40-89% of its smallest room's Booker capacity."""
    # Only rooms TermTime has can hold scheduled items, as in the real system.
    codes = sorted(tt.rooms)
    terms = _terms(SeedYear(tt.year_start))
    busy: set[tuple[str, int, int, int]] = set()  # room, term, weekday, hour
    count, activity = 0, 0
    attempts = 0
    while count < target and attempts < target * 20:
        attempts += 1
        term = rng.randrange(len(terms))
        monday, weeks = terms[term]
        day, hour = rng.randrange(5), rng.randrange(9, 17)
        length = 2 if rng.random() < 0.2 and hour < 16 else 1
        rooms = [codes[rng.randrange(len(codes))]]
        if rng.random() < 0.05:
            rooms.append(codes[rng.randrange(len(codes))])
        rooms = sorted(set(rooms))
        slots = {(r, term, day, h) for r in rooms for h in range(hour, hour + length)}
        if slots & busy:
            continue
        busy |= slots
        activity += 1
        dept = DEPARTMENTS[rng.randrange(len(DEPARTMENTS) - 1)][0]
        kind = ACTIVITY_TYPES[rng.randrange(len(ACTIVITY_TYPES))]
        module = f"{dept}{rng.randrange(100, 400)}"
        # Derived, not drawn, so that sizes leave the rest of the seed as it was.
        smallest = min((capacities[r] for r in rooms if r in capacities), default=20)
        size = max(1, smallest * (40 + activity * 37 % 50) // 100)
        for week in range(weeks):
            date = monday + dt.timedelta(weeks=week, days=day)
            uid = f"{activity:06d}-{term + 1}{week + 1:02d}"
            title = f"{module} {kind[1]}"
            tt.events[uid] = TTEvent(
                uid, f"A{activity:06d}", title, f"{title}, week {week + 1}", dept, module,
                kind[0], date, dt.time(hour), dt.time(hour + length), tuple(rooms), size=size,
            )  # fmt: skip
            count += len(rooms)
    tt.changed_events()
    first = terms[0][0]
    last = terms[-1][0] + dt.timedelta(weeks=terms[-1][1]) - dt.timedelta(days=3)
    return first, last


def _seed_people_bookings(rng: random.Random, tt: TermTimeState, bk: BookerState) -> None:
    """Add bookings made by people: most in free evenings, two in the way of lectures."""
    rooms = [r for r in bk.rooms if r["Live"] and r["Bookable"]]
    first_term = _terms(SeedYear(tt.year_start))[0][0]
    for i in range(max(3, len(rooms) // 4)):
        room = rooms[rng.randrange(len(rooms))]
        day = first_term + dt.timedelta(days=rng.randrange(70))
        start = dt.datetime.combine(day, dt.time(18, 30), dt.UTC)
        bk.add_booking(
            room=room["OptimeIndex"], start=start, end=start + dt.timedelta(hours=2),
            title=f"Society meeting {i + 1}", description=None, booking_type=None,
            department=None, external_id=None, created_by="reception",
        )  # fmt: skip
    by_code = {r["Id"]: r for r in rooms}
    clashing = [e for e in tt.events.values() if e.rooms[0] in by_code and e.rooms[0] in tt.rooms]
    for event in sorted(clashing, key=lambda e: e.unique_id)[:2]:
        room = by_code[event.rooms[0]]
        start = dt.datetime.combine(event.date, event.start, dt.UTC) - dt.timedelta(hours=1)
        bk.add_booking(
            room=room["OptimeIndex"], start=start, end=start + dt.timedelta(hours=1, minutes=30),
            title="Open day talk", description="Booked at reception", booking_type="External",
            department="UAS", external_id=None, created_by="reception",
        )  # fmt: skip
