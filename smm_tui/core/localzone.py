"""Which zone the machine's wall clock is in, as one name every part of smm-tui can load.

libc follows $TZ, including POSIX rules that have no IANA name (`EST5EDT`,
`GMT+2`, `XYZ-11`, `CET-1CEST,M3.5.0,M10.5.0/3`); tzlocal answers those with
its fallback (the system zone, often UTC), and smm-tui then planned in another
zone than the clock it showed. So the name is chosen here, once, and checked:

1. $TZ itself when it names an IANA zone or is a POSIX rule
   (`core.wallclock.zone` builds a zone from the rule);
2. else tzlocal's IANA name;
3. each candidate is used only if its UTC offset equals libc's
   (`time.localtime().tm_gmtoff`) now and at three more instants a quarter of
   a year apart (so a DST rule that disagrees is caught too);
4. if none agrees, the fixed offset libc reports now (`Etc/GMT-11`, or a
   POSIX rule like `UNK-05:30` for offsets that are not whole hours).

Never a zone that disagrees with the wall clock. `smm-tui paths` prints the
result and where it came from.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

from smm_tui.core.wallclock import zone

QUARTER = 91 * 86400


def _agrees(name: str, instants: tuple[float, ...]) -> bool:
    """True when the zone `name` loads and has libc's UTC offset at each instant."""
    try:
        tz = zone(name)
    except (KeyError, ValueError, OSError):
        return False
    for instant in instants:
        ours = datetime.fromtimestamp(instant, UTC).astimezone(tz).utcoffset()
        if ours != timedelta(seconds=time.localtime(instant).tm_gmtoff):
            return False
    return True


def fixed_zone_name(offset_seconds: int) -> str:
    """A loadable name for a fixed UTC offset (IANA's Etc/GMT-N has the sign inverted, as POSIX)."""
    if offset_seconds == 0:
        return "UTC"
    hours, rest = divmod(abs(offset_seconds), 3600)
    if rest == 0 and hours <= 14:
        return f"Etc/GMT{'-' if offset_seconds > 0 else '+'}{hours}"
    minutes = rest // 60
    return f"UNK{'-' if offset_seconds > 0 else '+'}{hours:02d}:{minutes:02d}"


def local_zone(now: float | None = None) -> tuple[str, str]:
    """(zone name, where it came from) for the machine's wall clock; see the module docstring."""
    instant = time.time() if now is None else now
    instants = tuple(instant + k * QUARTER for k in range(4))
    tz_env = os.environ.get("TZ", "").removeprefix(":")
    if tz_env and not tz_env.startswith("/") and _agrees(tz_env, instants):
        return tz_env, "$TZ"
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises its own errors on odd setups  # noqa: BLE001
        name = None
    if name and _agrees(name, instants):
        return name, "system zone"
    offset = time.localtime(instant).tm_gmtoff
    return fixed_zone_name(offset), "fixed offset of the system clock (no zone name matches it)"
