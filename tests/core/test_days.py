"""A Booker booking is cut into local days as TermTime's room bookings hold them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from essm_sync.core._days import DayPiece, day_number, day_pieces, iso_week
from tests.factories import LONDON


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def test_an_evening_booking_is_one_piece_in_local_time() -> None:
    """18:30-20:30 BST (17:30-19:30 UTC) on Wednesday 14 Oct 2026 is day 2, 18:30 for 2h."""
    pieces = day_pieces(_utc("2026-10-14T17:30Z"), _utc("2026-10-14T19:30Z"), LONDON)
    assert pieces == (DayPiece(dt.date(2026, 10, 14), "2", "2026-W42", "18:30", "02:00"),)


def test_a_booking_across_midnight_gives_two_pieces() -> None:
    """22:00-01:00 local gives 22:00 for 2h on the first day and 00:00 for 1h on the next."""
    pieces = day_pieces(_utc("2026-11-13T22:00Z"), _utc("2026-11-14T01:00Z"), LONDON)
    assert [(p.date.day, p.time, p.du) for p in pieces] == [(13, "22:00", "02:00"),
                                                            (14, "00:00", "01:00")]  # fmt: skip


def test_a_three_day_conference_gives_three_pieces_whole_days_in_between() -> None:
    """Mon 09:00 to Wed 17:00 gives the rest of Monday, all of Tuesday (24:00), Wednesday."""
    pieces = day_pieces(_utc("2026-11-16T09:00Z"), _utc("2026-11-18T17:00Z"), LONDON)
    assert [(p.day, p.time, p.du) for p in pieces] == [
        ("0", "09:00", "15:00"), ("1", "00:00", "24:00"), ("2", "00:00", "17:00"),
    ]  # fmt: skip


def test_clocks_going_back_keep_the_wall_clock_span() -> None:
    """00:30-02:30 wall clock on 25 Oct 2026 lasts three hours; TermTime is told 00:30 for
    two, the wall-clock span that covers the repeated hour."""
    start = dt.datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    end = dt.datetime(2026, 10, 25, 2, 30, tzinfo=LONDON)
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=3)
    (piece,) = day_pieces(start.astimezone(dt.UTC), end.astimezone(dt.UTC), LONDON)
    assert (piece.time, piece.du) == ("00:30", "02:00")


def test_clocks_going_forward_keep_the_wall_clock_span() -> None:
    """00:30-03:30 wall clock on 28 Mar 2027 lasts two hours; TermTime is told 00:30 for
    three, so that 03:00-03:30 is covered."""
    start = _utc("2027-03-28T00:30Z")  # 00:30 GMT
    end = _utc("2027-03-28T02:30Z")  # 03:30 BST
    (piece,) = day_pieces(start, end, LONDON)
    assert (piece.time, piece.du) == ("00:30", "03:00")


def test_a_whole_day_on_the_long_night_is_24_hours_of_wall_clock() -> None:
    """Midnight to midnight on 25 Oct 2026 (25 hours elapsed) is 00:00 for 24:00."""
    pieces = day_pieces(_utc("2026-10-24T23:00Z"), _utc("2026-10-26T00:00Z"), LONDON)
    assert [(p.date.day, p.time, p.du) for p in pieces] == [(25, "00:00", "24:00")]


def test_a_piece_inside_the_repeated_hour_takes_its_elapsed_minutes() -> None:
    """01:10 BST to 01:10 GMT does not advance the wall clock: it is 01:10 for an hour."""
    (piece,) = day_pieces(_utc("2026-10-25T00:10Z"), _utc("2026-10-25T01:10Z"), LONDON)
    assert (piece.time, piece.du) == ("01:10", "01:00")


def test_odd_seconds_never_shorten_the_span() -> None:
    """A start at 09:00:30 is 09:00 and an end at 09:59:10 is 10:00: never less than held."""
    (piece,) = day_pieces(_utc("2026-11-16T09:00:30Z"), _utc("2026-11-16T09:59:10Z"), LONDON)
    assert (piece.time, piece.du) == ("09:00", "01:00")


def test_an_empty_or_reversed_span_has_no_pieces() -> None:
    """A booking that does not start before it ends asks for nothing."""
    same = _utc("2026-11-16T09:00Z")
    assert day_pieces(same, same, LONDON) == ()
    assert day_pieces(same, same - dt.timedelta(hours=1), LONDON) == ()


def test_weekday_and_iso_week_follow_the_calendar() -> None:
    """Monday is 0 and Sunday 6; 3 Jan 2027 is in ISO week 2026-W53."""
    assert (day_number(dt.date(2026, 11, 16)), day_number(dt.date(2026, 11, 22))) == ("0", "6")
    assert iso_week(dt.date(2027, 1, 3)) == "2026-W53"


_2026 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@given(
    st.integers(min_value=0, max_value=2 * 366 * 24 * 3600),
    st.integers(min_value=1, max_value=60 * 24 * 5),
)
def test_pieces_cover_consecutive_days_and_fit_in_each(offset_s: int, minutes: int) -> None:
    """Pieces fall on consecutive local days, each starting at or after midnight and
    ending at or before the next (start + du <= 24:00), none empty."""
    begin = _2026 + dt.timedelta(seconds=offset_s)
    pieces = day_pieces(begin, begin + dt.timedelta(minutes=minutes), LONDON)
    assert pieces
    dates = [p.date for p in pieces]
    assert dates == [dates[0] + dt.timedelta(days=i) for i in range(len(dates))]
    for piece in pieces:
        hours, mins = (int(x) for x in piece.time.split(":"))
        du_h, du_m = (int(x) for x in piece.du.split(":"))
        assert 0 < du_h * 60 + du_m <= 24 * 60 - (hours * 60 + mins)
