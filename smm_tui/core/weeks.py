"""Which seven days a week is: one rule for the week view and `export --week`.

A week starts on the configured first weekday (config's `week_start`,
Monday unless set) and holds its anchor day. Kept apart from the export
package so that the app's week view can use it on its first frame without
importing the exporters.
"""

from __future__ import annotations

from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Names of a week's first day (config's `week_start`), in `date.weekday()` order."""


def week_of(anchor: date, first_weekday: int | str = 0) -> list[date]:
    """The seven dates of the week holding `anchor`, from `first_weekday` (0 = Monday, or its name)."""
    start = WEEKDAYS.index(first_weekday.lower()) if isinstance(first_weekday, str) else first_weekday
    first = anchor - timedelta(days=(anchor.weekday() - start) % 7)
    return [first + timedelta(days=offset) for offset in range(7)]
