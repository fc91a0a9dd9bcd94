"""The DST policy: gap -> first instant after the gap; overlap -> first occurrence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from smm_tui.core.wallclock import resolve


@pytest.mark.parametrize(
    ("zone", "day", "wall", "expected_utc"),
    [
        # spring forward: 02:00 -> 03:00 (Berlin), 02:00 -> 03:00 (New York)
        ("Europe/Berlin", date(2026, 3, 29), time(2, 30), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        ("Europe/Berlin", date(2026, 3, 29), time(2, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        ("Europe/Berlin", date(2026, 3, 29), time(3, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        ("Europe/Berlin", date(2026, 3, 29), time(1, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        ("America/New_York", date(2026, 3, 8), time(2, 30), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        # fall back: 03:00 -> 02:00 (Berlin), 02:00 -> 01:00 (New York): first occurrence
        ("Europe/Berlin", date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        ("America/New_York", date(2026, 11, 1), time(1, 30), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        # ordinary days
        ("Europe/Berlin", date(2026, 11, 26), time(5, 30), datetime(2026, 11, 26, 4, 30, tzinfo=UTC)),
        ("America/New_York", date(2026, 7, 1), time(12, 0), datetime(2026, 7, 1, 16, 0, tzinfo=UTC)),
    ],
)
def test_policy(zone: str, day: date, wall: time, expected_utc: datetime) -> None:
    got = resolve(day, wall, zone)
    assert got == expected_utc
    assert got.tzinfo == UTC, "instants are UTC so that == and - mean what they say"


def test_next_day_offset() -> None:
    assert resolve(date(2026, 11, 26), time(0, 10), "Europe/Berlin", day_offset=1) == datetime(
        2026, 11, 26, 23, 10, tzinfo=UTC
    )
