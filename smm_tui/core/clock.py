"""The only source of "now": injected everywhere, frozen in tests.

The real clock uses the standard library rather than arrow: `smm-tui today`
must start within 1.15x of a bare pydantic import, and arrow (with dateutil)
costs ~15-40 ms of import time here. The IANA zone name is looked up (with
core.localzone) only when something needs the name, e.g. to stamp a new day file;
it is an IANA name or the POSIX TZ rule libc follows, never one that disagrees
with the wall clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

TYPE_CHECKING = False  # typing costs `smm-tui next` 2 ms at run time; mypy reads this name as typing.TYPE_CHECKING
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # at run time a protocol is only a base class: the checking is mypy's


class Clock(Protocol):
    """What core and UI code may ask about time."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in the local zone."""

    def zone_name(self) -> str:
        """The IANA name of the local zone (e.g. 'Europe/Berlin')."""


def today(clock: Clock) -> date:
    """The local calendar date of `clock`."""
    return clock.now().date()


class SystemClock:
    """The machine's clock in the local zone (or an explicit zone)."""

    def __init__(self, zone: str | None = None) -> None:
        self._zone_name = zone
        self._tz: tzinfo | None = None

    def _zone(self) -> tzinfo | None:
        if self._tz is None and self._zone_name is not None:
            from smm_tui.core.wallclock import zone

            self._tz = zone(self._zone_name)
        return self._tz

    def now(self) -> datetime:
        tz = self._zone()
        if tz is None:
            # libc's local zone: right instant and local date without resolving a name.
            return datetime.now(UTC).astimezone()
        return datetime.now(tz)

    def zone_name(self) -> str:
        if self._zone_name is None:
            from smm_tui.core.localzone import local_zone

            self._zone_name = local_zone()[0]
            self._tz = None
        return self._zone_name


class FrozenClock:
    """A clock that moves only when told to; for tests and benchmarks."""

    def __init__(self, at: datetime, zone: str | None = None) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._now = at
        key = getattr(at.tzinfo, "key", None)  # a ZoneInfo's name; fixed offsets have none
        self._zone_name = zone or (key if isinstance(key, str) else "UTC")

    def now(self) -> datetime:
        return self._now

    def zone_name(self) -> str:
        return self._zone_name

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._now = at

    def advance(self, delta: timedelta) -> None:
        """Move forward (or back, with a negative delta) by wall-clock-independent time."""
        tz = self._now.tzinfo
        self._now = (self._now.astimezone(UTC) + delta).astimezone(tz)
