"""Wall-clock times to instants, with one explicit DST policy.

Policy (tested in Europe/Berlin and America/New_York):
- a wall time inside a spring-forward gap maps to the first valid instant
  after the gap (02:30 on a day that jumps 02:00->03:00 becomes 03:00);
- an ambiguous wall time in a fall-back overlap maps to its first
  occurrence (fold=0).
arrow/dateutil would instead shift a gap time by the gap's length (03:30),
which is why this is done with zoneinfo here.

Instants are returned in UTC on purpose: Python compares aware datetimes of
*different* zones by instant, except that a time in a fall-back overlap never
compares equal to one in another zone (PEP 495), and subtracting two datetimes
of the *same* zone is wall-clock arithmetic. UTC values have neither trap.
Convert to the day's zone only for display.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

FIRST_DATE = date(2, 1, 1)
LAST_DATE = date(9998, 12, 31)
"""The dates smm-tui plans: every wall time of such a day, its end up to a day
later and its neighbours (yesterday/tomorrow) are instants Python can
represent in every zone. Outside this range datetime arithmetic overflows
(0001-01-01 00:10 in Berlin is an instant in year 0)."""


def check_date(day: date) -> date:
    """`day` when it is within FIRST_DATE..LAST_DATE, else ValueError saying so."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{day.isoformat()} is outside the supported dates "
                         f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}")
    return day


POSIX_TZ = (r"(?:<[A-Za-z0-9+-]{1,16}>|[A-Za-z]{3,16})[+-]?[0-9]{1,2}(?::[0-9]{2}){0,2}"
            r"(?:(?:<[A-Za-z0-9+-]{1,16}>|[A-Za-z]{3,16})(?:[+-]?[0-9]{1,2}(?::[0-9]{2}){0,2})?"
            r"(?:,[A-Za-z0-9./+-]{1,30},[A-Za-z0-9./+-]{1,30})?)?")
"""A POSIX TZ rule (`XYZ-11`, `GMT+2`, `CET-1CEST,M3.5.0,M10.5.0/3`), matched with re.ASCII before
dateutil parses it: dateutil reads any word ("hello", "Foo/Bar") as UTC. A pattern string, compiled
only when a name is not an IANA zone: `check_date` is on `smm-tui next`'s path, which imports no `re`."""

_ZONES: dict[str, tzinfo] = {}
"""Zones by name, kept for the process: a handful of names, each loaded once (ZoneInfo caches too,
but not the POSIX rules). A dict rather than functools.lru_cache, whose import is on the same path."""


def zone(name: str) -> tzinfo:
    """The zone of an IANA name, or of a POSIX TZ rule that has none; ZoneInfoNotFoundError else.

    POSIX rules are what libc follows when $TZ holds one, so the planner and the clock
    agree (core.localzone). dateutil's tzstr builds them, with `posix_offset=True`: its
    default reads `GMT+2` as UTC+2, POSIX (and libc) as UTC-2.
    """
    found = _ZONES.get(name)
    if found is None:
        found = _ZONES[name] = _load_zone(name)
    return found


def _load_zone(name: str) -> tzinfo:
    # Imported here, not at the top: `check_date` is on the TUI's first-paint path, and
    # zoneinfo (with sysconfig, for its search path) is not needed there.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        import re

        if not re.fullmatch(POSIX_TZ, name, re.ASCII):
            raise ZoneInfoNotFoundError(f"no time zone {name!r}") from None
    from dateutil import tz  # type: ignore[import-untyped]  # only for POSIX rules, rarely

    try:
        rule: tzinfo = tz.tzstr(name, posix_offset=True)
    except ValueError:
        raise ZoneInfoNotFoundError(f"no time zone {name!r}") from None
    return rule


def is_missing(local: datetime) -> bool:
    """True when a naive-wall-time-with-tzinfo does not exist (falls in a gap)."""
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) != local.replace(tzinfo=None, fold=0)


def resolve(day: date, wall: time, zone_name: str, *, day_offset: int = 0) -> datetime:
    """The instant (UTC-aware) of a wall time on a date in a zone, by the policy above."""
    return resolve_in(day, wall, zone(zone_name), day_offset=day_offset)


def resolve_in(day: date, wall: time, tz: tzinfo, *, day_offset: int = 0) -> datetime:
    """`resolve` with the zone already at hand (a loaded zone, or a day's steady offset)."""
    naive = datetime.combine(day + timedelta(days=day_offset), wall.replace(tzinfo=None))
    local = naive.replace(tzinfo=tz, fold=0)
    if not is_missing(local):
        return local.astimezone(UTC)
    # In a gap: fold=1 reads the wall time with the offset after the transition,
    # fold=0 with the one before; the transition instant lies between them.
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = local.astimezone(UTC)
    if low > high:
        low, high = high, low
    lo, hi = int(low.timestamp()), int(high.timestamp())
    # Smallest whole second whose offset differs from the pre-gap one: the transition.
    pre = low.astimezone(tz).utcoffset()
    while lo < hi:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, tz).utcoffset() == pre:
            lo = mid + 1
        else:
            hi = mid
    return datetime.fromtimestamp(lo, UTC)


STEADY_STEP = timedelta(hours=1)
"""How finely `steady_offset` looks for a change. tzdata has no pair of changes that cancel out within
an hour; every real change (whole-hour, half-hour, Lord Howe's 30 minutes, a zone's first move off its
local mean time) leaves the offsets on either side different, and the samples straddle it."""


def steady_offset(start: datetime, end: datetime, tz: tzinfo) -> int | None:
    """The UTC offset (whole seconds east) `tz` keeps from instant `start` to `end`; None when it changes.

    Sampled every `STEADY_STEP` and at `end`. A day's timeline keeps it (`Timeline.utc_offset`), so
    that the day can be drawn to scale from its snapshot without loading the zone database.
    """
    first = start.astimezone(tz).utcoffset()
    if first is None:
        return None
    at = start + STEADY_STEP
    while at < end:
        if at.astimezone(tz).utcoffset() != first:
            return None
        at += STEADY_STEP
    if end.astimezone(tz).utcoffset() != first:
        return None
    return int(first.total_seconds()) if not first.microseconds else None
