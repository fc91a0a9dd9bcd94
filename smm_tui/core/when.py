"""Where a task moves to, as people type it: one parser for `smm-tui move --to` and the app's `m` dialog.

A target is a day, a time, or both: `2026-12-02`, `today`, `tomorrow`,
`yesterday`, `+2` (days after the task's day), `mon` .. `sun` (the next such
day after the task's day), `10:30` (the task's day, a new time), and a day
with a time joined by `T` or a space (`tomorrowT09:00`, `fri 10:30`).
Reading the text (`read_target`) needs no clock, so the CLI can check it
while parsing arguments; `Target.resolve` turns it into a date once today
and the task's day are known. ASCII-only patterns: a full-width digit is
not a digit here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from smm_tui.core.wallclock import check_date

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_WEEKDAY_NAMES = {name: index for index, names in enumerate(
    (("mon", "monday"), ("tue", "tuesday"), ("wed", "wednesday"), ("thu", "thursday"), ("fri", "friday"),
     ("sat", "saturday"), ("sun", "sunday"))) for name in names}

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_OFFSET = re.compile(r"[+][0-9]{1,4}", re.ASCII)
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)
_JOIN = re.compile(r"(\S+)(?:T| +)([0-9]{1,2}:[0-9]{2})", re.ASCII)

TARGET_HELP = "a date (YYYY-MM-DD, today, tomorrow, +2, mon..sun), a time HH:MM, or both (tomorrow 10:30)"


@dataclass(frozen=True)
class Target:
    """A parsed target: which day (one of the forms, None: the task's own day) and which time (None: keep)."""

    absolute: date | None = None
    word: int | None = None
    """Days after today (today, tomorrow, yesterday)."""
    offset: int | None = None
    """Days after the task's day (+N)."""
    weekday: int | None = None
    """The next such weekday after the task's day (0 = Monday)."""
    at: time | None = None

    @property
    def has_day(self) -> bool:
        return any(v is not None for v in (self.absolute, self.word, self.offset, self.weekday))

    def resolve(self, today: date, day: date) -> date:
        """The target day, given today and the day the task is on now (ValueError: outside the supported dates)."""
        try:
            if self.absolute is not None:
                target = self.absolute
            elif self.word is not None:
                target = today + timedelta(days=self.word)
            elif self.offset is not None:
                target = day + timedelta(days=self.offset)
            elif self.weekday is not None:
                target = day + timedelta(days=(self.weekday - day.weekday() - 1) % 7 + 1)
            else:
                target = day
        except OverflowError:
            raise ValueError("that day is outside the supported dates") from None
        return check_date(target)


def read_time(text: str) -> time:
    """`HH:MM` (or `H:MM`) from 00:00 to 23:59; ValueError saying what was expected."""
    match = _TIME.fullmatch(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"expected a time HH:MM from 00:00 to 23:59, got {text!r}")
    return time(int(match.group(1)), int(match.group(2)))


def read_day(text: str) -> Target:
    """The day part of a target; ValueError saying what was expected."""
    word = text.lower()
    if word in WORDS:
        return Target(word=WORDS[word])
    if word in _WEEKDAY_NAMES:
        return Target(weekday=_WEEKDAY_NAMES[word])
    if _OFFSET.fullmatch(text):
        return Target(offset=int(text[1:]))
    if _DATE.fullmatch(text):
        try:
            return Target(absolute=check_date(date.fromisoformat(text)))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a usable date ({exc})") from None
    raise ValueError(f"expected {TARGET_HELP}; got {text!r}")


def read_target(text: str) -> Target:
    """A day, a time, or a day and a time (see the module doc); ValueError with one line saying why."""
    text = text.strip()
    if not text:
        raise ValueError(f"expected {TARGET_HELP}")
    if _TIME.fullmatch(text):
        return Target(at=read_time(text))
    joined = _JOIN.fullmatch(text)
    if joined:
        day = read_day(joined.group(1))
        return Target(day.absolute, day.word, day.offset, day.weekday, at=read_time(joined.group(2)))
    return read_day(text)
