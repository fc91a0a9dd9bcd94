"""Human relative times - "in 20 minutes", "2 hours ago" - for the slot details.

arrow does the wording (singulars, "just now", "in an hour") better than a
table of our own would. Its import costs 20-70 ms here, more than the first
frame's whole margin (see smm_tui/ui/startup.py), so nothing on the
first-paint path imports this module: the start-up worker does, after the
first frame, and the details show relative times from then on. Both instants
come from the caller (the injected clock), never from arrow's own "now".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import arrow

Humanize = Callable[[datetime, datetime], str]
"""What the UI is handed once this module is loaded: `humanize` or a stand-in."""


def humanize(then: datetime, now: datetime) -> str:
    """`then` relative to `now`: "in 20 minutes", "2 hours ago", "just now"."""
    return str(arrow.get(then).humanize(arrow.get(now)))
