"""The clock a command runs on: the system's, or the one frozen in $SMM_TUI_NOW.

Its own module so that the CLI's entry module stays small; imported by every
command, so it imports only what the frozen case needs, and only then.
"""

from __future__ import annotations

import os
from datetime import datetime

from smm_tui.core.clock import Clock, FrozenClock, SystemClock
from smm_tui.core.text import shown


def clock_from_environment() -> Clock:
    """The system clock, or a frozen one when $SMM_TUI_NOW is set (tests, demos, reproducible runs)."""
    frozen = os.environ.get("SMM_TUI_NOW")
    if not frozen:
        return SystemClock()
    from smm_tui.core.errors import UsageError  # it imports dataclasses (costly): only for a frozen clock

    try:
        at = datetime.fromisoformat(frozen)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise UsageError(f"SMM_TUI_NOW: expected an ISO date-time with offset like 2026-11-26T09:00+01:00, got {shown(frozen)}")
    zone = SystemClock().zone_name()
    from smm_tui.core.wallclock import check_date
    from smm_tui.core.wallclock import zone as load_zone

    try:
        local = at.astimezone(load_zone(zone))
        check_date(local.date())
    except (OverflowError, ValueError) as exc:
        raise UsageError(f"SMM_TUI_NOW: {shown(frozen)} cannot be used ({exc})") from None
    return FrozenClock(local, zone)
