"""A Booker booking that does not start before it ends is unreadable: set aside, named by
its OptimeIndex and the field, holding its room (design.md, Reading real data)."""

from __future__ import annotations

import pytest

from essm_sync.models import read_booking_page
from tests.models.test_booker import BOOKING


@pytest.mark.parametrize(
    "end",
    ["2026-10-08T07:00:00Z", "2026-10-08T08:00:00Z", "2026-10-08T09:00:00+01:00"],
    ids=["ends before it starts", "ends as it starts (UTC)", "ends as it starts"],
)
def test_a_booking_not_starting_before_it_ends_is_set_aside(end: str) -> None:
    """Start 09:00+01:00 with an end not after it, in any offset: the booking is not read,
    it is named by its OptimeIndex and EndTime, and keeps its room to hold."""
    page = read_booking_page(
        {"Items": [BOOKING | {"EndTime": end}], "Page": 1, "PageSize": 10, "TotalCount": 1}
    )
    assert page.items == ()
    (unread,) = page.unread
    assert (unread.kind, unread.key, unread.room) == ("booking", "99881", 345)
    assert unread.problem == "EndTime: not after StartTime"


def test_a_booking_starting_before_it_ends_is_read() -> None:
    """The usual booking, an hour long, is read as it is."""
    page = read_booking_page({"Items": [BOOKING], "Page": 1, "PageSize": 10, "TotalCount": 1})
    assert len(page.items) == 1
    assert page.unread == ()
