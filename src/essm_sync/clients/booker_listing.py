"""Reading Booker's paged bookings listing whole, or not at all.

A page can come back empty or as another page (a cache, a load balancer, a replica that
lags: booker-api.md, Bookings), and a listing missing a booking of the sync's own would be
planned as a create: a duplicate, or a conflict with itself. So a read is used only when
every page answers the page asked for, every page before the last is full, and the
distinct bookings add up to the `TotalCount` the pages agree on (design.md, Failing well).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
import structlog

from essm_sync.clients.booker_errors import SYSTEM
from essm_sync.concurrency import first_error
from essm_sync.errors import ApiError, InvalidDataError
from essm_sync.models import Booking, BookingPage

# Whole reads of a listing before it is taken as incomplete; asks of one page that came
# back wrong (empty, short, another page) within a read before the read is given up;
# pages beyond which a TotalCount is taken as nonsense (10 million bookings at 500 a page).
_READS = 4
_PAGE_ASKS = 3
_MAX_PAGES = 20_000
_OPERATION = "GET booker/bookings"
_log = structlog.get_logger("essm_sync.booker")

PageReader = Callable[[int], Awaitable[BookingPage]]


class _Short(Exception):
    """One read of the listing fell short; `page` and `problem` say where and how, and
    `moved` whether the listing changed under the read (its TotalCount)."""

    def __init__(self, page: str, problem: str, *, moved: bool = False) -> None:
        self.page, self.problem, self.moved = page, problem, moved
        super().__init__(f"page {page}: {problem}")


def _repeated(repeats: list[tuple[int, int]]) -> _Short:
    """Name the first page that repeats an earlier one, and which."""
    later, earlier = min(repeats)
    return _Short(str(later), f"repeated page {earlier} (the same bookings)")


class _Shape:
    """What page 1 says the listing is: the page size, the total, the number of pages."""

    def __init__(self, first: BookingPage, asked_size: int) -> None:
        # A server may cap the page size it was asked for; the pages must then agree on it.
        self.size = min(first.page_size, asked_size)
        self.total = first.total_count
        self.count = max(1, -(-self.total // self.size))

    def expected(self, number: int) -> int:
        """How many bookings page `number` must hold."""
        return self.size if number < self.count else self.total - self.size * (self.count - 1)

    def problem(self, number: int, got: BookingPage) -> str | None:
        """Say what is wrong with page `number` on its own, if anything."""
        if got.page != number:
            return f"answered as page {got.page}"
        if got.page_size != self.size:
            return f"answered with PageSize {got.page_size}, page 1 with {self.size}"
        expected = self.expected(number)
        # A booking that could not be read is on the page all the same (models/records.py).
        held_count = len(got.items) + len(got.unread)
        if held_count != expected:
            held = "came back empty" if not held_count else f"held {held_count} bookings"
            return f"{held}; {expected} due (TotalCount {self.total})"
        return None


async def read_listing(
    page: PageReader, *, page_size: int, concurrency: int, on_short: Callable[[], None]
) -> tuple[Booking, ...]:
    """Read the whole listing through `page`, again while a read falls short.

    Raises:
        ApiError: no read of `_READS` came out complete; names Booker and the page.
    """
    short: _Short | None = None
    for _ in range(_READS):
        try:
            return await _read_once(page, page_size, concurrency)
        except _Short as exc:
            short = exc
            on_short()
            _log.debug("listing.incomplete", system=SYSTEM, page=exc.page, problem=exc.problem)
    assert short is not None  # noqa: S101 - the loop ran at least once
    raise ApiError(
        SYSTEM,
        _OPERATION,
        f"page {short.page} {short.problem}, on each of {_READS} reads: the listing is "
        "incomplete and is not used",
    )


async def _read_once(page: PageReader, page_size: int, concurrency: int) -> tuple[Booking, ...]:
    first = await page(1)
    shape = _Shape(first, page_size)
    if shape.count > _MAX_PAGES:
        raise InvalidDataError(
            SYSTEM, _OPERATION,
            f"TotalCount {shape.total} is implausible ({shape.count} pages of {shape.size}); "
            "not read",
        )  # fmt: skip
    if (problem := shape.problem(1, first)) is not None:
        first = await _asked_again(page, 1, shape, problem)
    found: dict[int, Booking] = {}
    unread: set[str] = set()  # the bookings set aside, by OptimeIndex: listed all the same
    seen_on: dict[int, int] = {}  # OptimeIndex -> the page it was read on
    repeats: list[tuple[int, int]] = []  # (page, an earlier page it repeats)

    def keep(number: int, got: BookingPage) -> None:
        for booking in got.items:
            earlier = seen_on.setdefault(booking.optime_index, number)
            if earlier != number:
                repeats.append((max(earlier, number), min(earlier, number)))
            found[booking.optime_index] = booking
        unread.update(record.key for record in got.unread)

    keep(1, first)
    numbers = iter(range(2, shape.count + 1))

    async def worker() -> None:
        # Pulling page numbers keeps memory bounded by the workers, not by TotalCount.
        for number in numbers:
            keep(number, await _checked(page, number, shape))

    try:
        async with anyio.create_task_group() as group:
            for _ in range(min(concurrency, shape.count - 1)):
                group.start_soon(worker)
    except BaseExceptionGroup as failures:
        error = first_error(failures)
        if isinstance(error, _Short) and not error.moved and repeats:
            # A page holding what an earlier one held is the cause; a page then too long
            # or short (the last one, say) only shows it.
            raise _repeated(repeats) from None
        raise error from None
    if len(found) + len(unread) != shape.total:
        if repeats:
            raise _repeated(repeats)
        raise _Short(
            f"1-{shape.count}",
            f"held {len(found) + len(unread)} distinct bookings, TotalCount {shape.total}",
        )
    return tuple(sorted(found.values(), key=lambda b: b.optime_index))


async def _checked(page: PageReader, number: int, shape: _Shape) -> BookingPage:
    got = await page(number)
    if got.total_count != shape.total:
        # The listing moved under the read (people booking): the whole of it is read again.
        raise _Short(str(number), f"said TotalCount {got.total_count}, page 1 {shape.total}",
                     moved=True)  # fmt: skip
    problem = shape.problem(number, got)
    return got if problem is None else await _asked_again(page, number, shape, problem)


async def _asked_again(page: PageReader, number: int, shape: _Shape, problem: str) -> BookingPage:
    """Ask again for a page that came back wrong on its own; a cache may serve it right."""
    for _ in range(_PAGE_ASKS - 1):
        got = await page(number)
        if got.total_count != shape.total:
            raise _Short(str(number), f"said TotalCount {got.total_count}, page 1 {shape.total}",
                         moved=True)  # fmt: skip
        found = shape.problem(number, got)
        if found is None:
            return got
        problem = found
    raise _Short(str(number), problem)
