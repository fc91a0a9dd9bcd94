"""Time drawn to scale for the poster and lanes pictures: band sections and a time -> y map.

Both pictures draw a task as a block whose height is its duration times one
scale (px per minute) shared by the whole picture, so a crowded morning,
a one-hour lunch and a sparse evening look like what they are.

A block must still hold one line of text. At the poster's scale (about
1.3 px per minute on the reference day) a 5-minute task would be 7 px
tall, so no block is drawn shorter than `min_block` px; and so that such a
block never runs into the task after it, the map is *stretched* between
two task starts that are closer than `min_block` px: that stretch of time
is drawn slower, and the hour ticks beside it, which sit at their true
instants, show where. Everywhere else the scale is exact.

Instants are the timeline's UTC instants (`Entry.starts_at`/`ends_at`), so a
daylight-saving day is drawn with its real 23 or 25 hours; the hour ticks
are the instants whose local wall time is on the hour (a fall-back day shows
"02:00" twice).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import pairwise

from smm_tui.core.gaps import MINUTE
from smm_tui.core.scale import place
from smm_tui.core.timeline import BAND_LABELS, BandStarts, Entry, Timeline
from smm_tui.core.wallclock import resolve, zone


def spoken(t: time) -> str:
    """05:30 -> '5:30 AM', 12:00 -> '12 PM' (the infographic's way of writing a time)."""
    hour = t.hour % 12 or 12
    suffix = "AM" if t.hour < 12 else "PM"
    return f"{hour}:{t.minute:02d} {suffix}" if t.minute else f"{hour} {suffix}"


@dataclass(frozen=True, slots=True)
class Section:
    """One band of the day as a stretch of time: where it starts and ends, and its slots."""

    key: str
    label: str
    hours: str
    """The band's time range in words: "5:30 AM – 12 PM", "7 PM – next day"."""
    start: datetime
    end: datetime
    entries: tuple[Entry, ...]


def day_start(timeline: Timeline) -> datetime:
    """The day's 00:00 in its zone, as a UTC instant."""
    return resolve(timeline.date, time(0), timeline.zone)


def day_end(timeline: Timeline) -> datetime:
    """The next day's 00:00 in the day's zone (`Timeline.over_at`), as a UTC instant."""
    return timeline.over_at or resolve(timeline.date, time(0), timeline.zone, day_offset=1)


def sections(timeline: Timeline, bands: BandStarts) -> list[Section]:
    """The four bands as sections of time, in order.

    Morning runs from the day's first slot (the morning's first start) to
    the lunch start from the config; Lunch and Afternoon from their starts
    to the next band's; Evening from its start to midnight. A section
    reaches further when one of its slots ends later (a meeting from 11:30
    to 12:30 keeps the morning open to 12:30); an empty Morning has no
    length at all.
    """
    starts = {"lunch": bands.lunch, "afternoon": bands.afternoon, "evening": bands.evening}
    instants = {key: resolve(timeline.date, wall, timeline.zone) for key, wall in starts.items()}
    out: list[Section] = []
    for band in timeline.bands:
        entries = band.entries
        if band.key == "morning":
            first = min((e.starts_at for e in entries), default=instants["lunch"])
            start, end = min(first, instants["lunch"]), instants["lunch"]
            hours = (f"{spoken(entries[0].start)} – {spoken(bands.lunch)}" if entries
                     else f"until {spoken(bands.lunch)}")
        elif band.key == "lunch":
            start, end = instants["lunch"], instants["afternoon"]
            hours = f"{spoken(bands.lunch)} – {spoken(bands.afternoon)}"
        elif band.key == "afternoon":
            start, end = instants["afternoon"], instants["evening"]
            hours = f"{spoken(bands.afternoon)} – {spoken(bands.evening)}"
        else:
            start, end = instants["evening"], day_end(timeline)
            hours = f"{spoken(bands.evening)} – next day"
        end = max([end, start, *(e.ends_at for e in entries)])
        out.append(Section(band.key, BAND_LABELS[band.key], hours, start, end, entries))
    return out


class Scale:
    """The y offset (px) of an instant within a stretch of time, linear but for the stretches.

    `per_minute` is the scale; `starts` are the instants where a block
    begins. Between two neighbouring break points (the stretch's ends and
    every start) the map is linear; a piece that begins at a block's start
    is at least `min_block` px tall, so the block drawn there, at least that
    tall, ends before the next block begins.
    """

    def __init__(self, start: datetime, end: datetime, starts: Iterable[datetime], per_minute: float,
                 min_block: float) -> None:
        begins = {s for s in starts if start <= s <= end}
        points = sorted({start, end, *begins})
        ys = [0.0]
        for a, b in pairwise(points):
            piece = per_minute * ((b - a) / MINUTE)
            ys.append(ys[-1] + (max(piece, min_block) if a in begins else piece))
        if end in begins:  # a zero-length block at the very end still needs its line
            points.append(end + MINUTE)
            ys.append(ys[-1] + min_block)
        self.points = points
        self.ys = ys
        self.min_block = min_block

    @property
    def height(self) -> float:
        return self.ys[-1]

    def y(self, at: datetime) -> float:
        """The offset of `at` (clamped to the stretch)."""
        points, ys = self.points, self.ys
        if at <= points[0]:
            return 0.0
        if at >= points[-1]:
            return ys[-1]
        index = bisect_right(points, at) - 1
        a, b = points[index], points[index + 1]
        return ys[index] + (ys[index + 1] - ys[index]) * ((at - a) / (b - a))

    def block(self, entry: Entry) -> tuple[float, float]:
        """The top and height of a slot's block: its true span, or `min_block` when that is shorter."""
        top = self.y(entry.starts_at)
        return top, max(self.y(entry.ends_at) - top, self.min_block)


def hour_ticks(start: datetime, end: datetime, zone_name: str) -> list[tuple[datetime, time]]:
    """Every instant from `start` to `end` whose wall time in the zone is on the hour, with that time."""
    tz = zone(zone_name)
    at = start.replace(second=0, microsecond=0) - timedelta(minutes=start.minute % 15)
    out: list[tuple[datetime, time]] = []
    while at <= end:
        local = at.astimezone(tz)
        if at >= start and local.minute == 0:
            out.append((at, local.time().replace(tzinfo=None)))
        at += timedelta(minutes=15)
    return out


def fit_scale(columns: Sequence[Sequence[Section]], room: float, fixed: float, min_block: float,
              empty: float) -> float:
    """The largest px-per-minute at which every column's sections fit in `room` px.

    `fixed` is the height each section adds besides its time (its heading);
    an empty section without length is `empty` px. When even a tiny scale
    does not fit (more slots than lines on a page), the smallest is
    returned and the picture grows longer than a page.
    """
    def height(per_minute: float) -> float:
        return max(sum(fixed + section_height(s, per_minute, min_block, empty) for s in column)
                   for column in columns)

    low, high = 0.05, 6.0
    if height(high) <= room:
        return high
    for _ in range(40):
        middle = (low + high) / 2
        if height(middle) <= room:
            low = middle
        else:
            high = middle
    return low


def section_scale(section: Section, per_minute: float, min_block: float) -> Scale:
    return Scale(section.start, section.end, (e.starts_at for e in section.entries), per_minute, min_block)


def section_height(section: Section, per_minute: float, min_block: float, empty: float) -> float:
    if section.start == section.end and not section.entries:
        return empty
    return max(section_scale(section, per_minute, min_block).height, empty)



def side_by_side(entries: Sequence[Entry]) -> list[tuple[int, int]]:
    """(sub-column, sub-columns) per entry, so that overlapping slots sit side by side.

    The scaled view's placement (`core.scale.place`) on whole minutes; a
    zero-minute slot counts as one minute, as there.
    """
    if not entries:
        return []
    origin = min(e.starts_at for e in entries)
    spans = [(int((e.starts_at - origin) // MINUTE), max(1, -int(-(e.ends_at - e.starts_at) // MINUTE)))
             for e in entries]
    return place(spans)
