"""The day at true scale: rows of fixed time steps, tasks as blocks, free gaps, bands, lanes.

The scaled view and the lanes view of the app draw what this module lays
out, and an exporter can draw the same; nothing here knows about cells or
colours. A layout is plain data:

- **Rows** are fixed steps of real time (5, 10, 15, 30 or 60 minutes) from
  an origin instant, each with the wall time it starts at in the day's zone.
  Steps are taken on instants, so a spring-forward day has fewer rows than a
  fall-back day, and the rows around the change read 01:45, 03:00 (or 02:45,
  02:00); `Row.shift` marks the row where the clocks changed.
- The rows cover the hours that matter: from the hour of the first task (or
  of `now`, when earlier) to the end of the hour of the last end (or of
  `now`), clipped to the day's window (`core.gaps.day_window`) but extended
  past midnight for tasks that run into the next day. `whole_day=True`
  shows 00:00 to 00:00.
- **Blocks**: a task covers the rows its [start, end) touches (at least one,
  so a zero-minute task is visible). Overlapping blocks sit side by side:
  greedy interval colouring on rows gives each block the lowest free
  sub-column, and a *cluster* (blocks chained by overlaps) shares one
  column count, so neighbours line up.
- **Gap labels** ("45 min free") come from `core.gaps` with its rules
  (skipped tasks free their time); a label sits on the first row that lies
  wholly inside its gap, holds no block and is not the now row (the now
  line's rule would paint over it there; see `_gap_labels`).
- **Lanes** are one column per platform: the configured list, else the
  platforms of the day in order of first use, plus one lane for tasks with
  no platform (or only platforms without a lane). A task with several
  platforms is a block in each of its lanes; each lane has its own
  sub-columns and gaps.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, time, timedelta, tzinfo

from smm_tui.core.gaps import MINUTE, Gap, busy, day_window, duration_words, gaps_between
from smm_tui.core.records import record
from smm_tui.core.timeline import BAND_LABELS, BandStarts, Entry, Timeline

STEPS = (5, 10, 15, 30, 60)
"""The row steps in minutes that `+` and `-` walk through."""
DEFAULT_STEP = 15
MIN_GAP_LABEL = 15
"""Gaps shorter than this get no label (they still show as empty rows)."""
OTHER_LANE = ""
"""The lane key of tasks without a platform (or with none that has a lane)."""


@record
class Row(tuple[datetime, time, str, bool]):
    """One step of time."""

    __slots__ = ()
    starts_at: datetime
    """UTC."""
    wall: time
    """Wall time in the day's zone at the row's start: its label."""
    band: str
    """The band this row's wall time falls in (tasks past midnight: the evening)."""
    shift: bool
    """The UTC offset differs from the row before (a DST change happened in between)."""

    def __new__(cls, starts_at: datetime, wall: time, band: str, shift: bool) -> Row:
        return tuple.__new__(cls, (starts_at, wall, band, shift))


@record
class Block(tuple[Entry, int, int, int, int, int]):
    """A task placed on the rows."""

    __slots__ = ()
    entry: Entry
    row: int
    """The first row it covers."""
    span: int
    """How many rows it covers (at least 1)."""
    column: int
    """Its sub-column within its cluster of overlaps, from 0."""
    columns: int
    """The sub-column count of its cluster (1 when it overlaps nothing)."""
    lane: int
    """Its lane (0 when the layout has no lanes)."""

    def __new__(cls, entry: Entry, row: int, span: int, column: int, columns: int, lane: int = 0) -> Block:
        return tuple.__new__(cls, (entry, row, span, column, columns, lane))

    @property
    def end_row(self) -> int:
        """The row after its last."""
        return self.row + self.span


@record
class GapLabel(tuple[Gap, int, str, int]):
    __slots__ = ()
    gap: Gap
    row: int
    text: str
    """'45 min free'."""
    lane: int

    def __new__(cls, gap: Gap, row: int, text: str, lane: int = 0) -> GapLabel:
        return tuple.__new__(cls, (gap, row, text, lane))


@record
class Section(tuple[str, str, int, int]):
    """A band as a run of rows, for shading and its heading."""

    __slots__ = ()
    band: str
    label: str
    row: int
    span: int

    def __new__(cls, band: str, label: str, row: int, span: int) -> Section:
        return tuple.__new__(cls, (band, label, row, span))


@record
class Lane(tuple[str, str]):
    __slots__ = ()
    key: str
    """A platform name, or OTHER_LANE."""
    label: str

    def __new__(cls, key: str, label: str) -> Lane:
        return tuple.__new__(cls, (key, label))


@record
class Layout(tuple[int, tuple[Row, ...], tuple[Block, ...], tuple[GapLabel, ...], tuple[Section, ...], int | None,
                   tuple[Lane, ...]]):
    __slots__ = ()
    step: int
    rows: tuple[Row, ...]
    blocks: tuple[Block, ...]
    """In agenda order within each lane (lane by lane)."""
    gaps: tuple[GapLabel, ...]
    sections: tuple[Section, ...]
    now_row: int | None
    """The row holding `now`, None when `now` is not on these rows."""
    lanes: tuple[Lane, ...]
    """Empty without lanes."""

    def __new__(cls, step: int, rows: tuple[Row, ...], blocks: tuple[Block, ...], gaps: tuple[GapLabel, ...],
                sections: tuple[Section, ...], now_row: int | None, lanes: tuple[Lane, ...] = ()) -> Layout:
        return tuple.__new__(cls, (step, rows, blocks, gaps, sections, now_row, lanes))

    def row_at(self, at: datetime) -> int | None:
        """The row holding an instant, or None outside the rows."""
        if not self.rows or at < self.rows[0].starts_at:
            return None
        index = int((at - self.rows[0].starts_at) // (self.step * MINUTE))
        return index if index < len(self.rows) else None


def finer(step: int) -> int:
    """The next smaller step of STEPS (the smallest stays)."""
    smaller = [s for s in STEPS if s < step]
    return smaller[-1] if smaller else STEPS[0]


def coarser(step: int) -> int:
    """The next larger step of STEPS (the largest stays)."""
    larger = [s for s in STEPS if s > step]
    return larger[0] if larger else STEPS[-1]


def _hour_floor(at: datetime) -> datetime:
    """The start of the UTC hour holding `at` (a wall hour in every zone with whole-hour offsets)."""
    return at.replace(minute=0, second=0, microsecond=0)


def _window(entries: Sequence[Entry], first: datetime, last: datetime, now: datetime | None,
            whole_day: bool) -> tuple[datetime, datetime]:
    latest = max((e.ends_at for e in entries), default=last)
    end_of_all = max(last, latest)
    if whole_day or not entries:
        return first, end_of_all
    starts = [e.starts_at for e in entries]
    ends = [max(e.ends_at, e.starts_at + MINUTE) for e in entries]
    if now is not None and first <= now < end_of_all:
        starts.append(now)
        ends.append(now + MINUTE)
    begin = max(first, _hour_floor(min(starts)))
    finish = min(end_of_all, _hour_floor(max(ends) - MINUTE) + timedelta(hours=1))
    return begin, finish


def _rows(origin: datetime, end: datetime, step: int, tz: tzinfo, bands: BandStarts,
          first: datetime, last: datetime) -> tuple[Row, ...]:
    rows = []
    delta = step * MINUTE
    at, offset = origin, None
    while at < end:
        local = at.astimezone(tz)
        wall = local.time().replace(tzinfo=None)
        band = "evening" if at >= last else bands.band_of(wall)
        rows.append(Row(at, wall, band, offset is not None and local.utcoffset() != offset))
        offset = local.utcoffset()
        at += delta
    return tuple(rows)


def _rows_of(entry: Entry, origin: datetime, step: int, count: int) -> tuple[int, int]:
    """(first row, span) of an entry, clipped to the rows."""
    delta = step * MINUTE
    first = int((entry.starts_at - origin) // delta)
    last = -int(-(entry.ends_at - origin) // delta)  # ceiling: the row after the last touched
    first = max(0, min(first, count - 1))
    return first, max(1, min(last, count) - first)


def place(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy interval colouring of (first row, span) pairs: (sub-column, column count) for each.

    Spans are taken in order of their first row (ties: the longer first);
    each gets the lowest sub-column whose last block has ended. A cluster (a
    run of spans chained by overlaps) shares the largest count it needed.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1], i))
    placed: list[tuple[int, int]] = [(0, 1)] * len(spans)
    column_ends: list[int] = []
    cluster: list[int] = []
    cluster_end = -1

    def close() -> None:
        for member in cluster:
            placed[member] = (placed[member][0], len(column_ends))

    for i in order:
        first, span = spans[i]
        if cluster and first >= cluster_end:
            close()
            cluster.clear()
            column_ends = []
        column = next((c for c, end in enumerate(column_ends) if end <= first), len(column_ends))
        if column == len(column_ends):
            column_ends.append(first + span)
        else:
            column_ends[column] = first + span
        placed[i] = (column, 0)
        cluster_end = max(cluster_end, first + span) if cluster else first + span
        cluster.append(i)
    close()
    return placed


def _blocks(entries: Sequence[Entry], origin: datetime, step: int, count: int, lane: int) -> list[Block]:
    spans = [_rows_of(e, origin, step, count) for e in entries]
    return [Block(e, first, span, column, columns, lane)
            for e, (first, span), (column, columns) in zip(entries, spans, place(spans), strict=True)]


def _gap_labels(gaps: Iterable[Gap], blocks: Sequence[Block], origin: datetime, step: int, count: int,
                lane: int, min_minutes: int, now_row: int | None) -> list[GapLabel]:
    """Each long enough gap's label on its first free row, never on the now row.

    The now line is drawn across every free cell of its row, so a label there
    would vanish under it. When the now line crosses the row the label would
    take, the label moves to the gap's next free row; when the now line is on
    the gap's last free row, the label already sits on an earlier one. A gap
    with a single free row has no other place: the now line wins and that
    gap gets no label.
    """
    taken = {row for block in blocks for row in range(block.row, block.end_row)}
    if now_row is not None:
        taken.add(now_row)
    delta = step * MINUTE
    labels = []
    for gap in gaps:
        if gap.minutes < min_minutes:
            continue
        first = -int(-(gap.starts_at - origin) // delta)
        last = int((gap.ends_at - origin) // delta)  # rows [first, last) lie wholly inside the gap
        row = next((r for r in range(max(first, 0), min(last, count)) if r not in taken), None)
        if row is not None:
            labels.append(GapLabel(gap, row, f"{duration_words(gap.minutes)} free", lane))
    return labels


def _sections(rows: Sequence[Row]) -> tuple[Section, ...]:
    sections: list[Section] = []
    for index, row in enumerate(rows):
        if sections and sections[-1].band == row.band:
            band, label, first, span = sections[-1]
            sections[-1] = Section(band, label, first, span + 1)
        else:
            sections.append(Section(row.band, BAND_LABELS[row.band], index, 1))
    return tuple(sections)


def lanes_of(entries: Iterable[Entry], configured: Sequence[str] | None = None) -> tuple[Lane, ...]:
    """The lanes: `configured` platforms (else the day's, in order of first use), then the other lane.

    The other lane is there when a task would have no lane otherwise (or when there are no tasks).
    """
    entries = list(entries)
    if configured:
        keys = list(dict.fromkeys(p.strip().lower() for p in configured if p.strip()))
    else:
        keys = list(dict.fromkeys(p for e in entries for p in e.platforms))
    homeless = [e for e in entries if not any(p in keys for p in e.platforms)]
    lanes = [Lane(key, key) for key in keys]
    if homeless or not lanes:
        label = "other" if any(e.platforms for e in homeless) else "no platform"
        lanes.append(Lane(OTHER_LANE, label))
    return tuple(lanes)


def layout(timeline: Timeline, step: int = DEFAULT_STEP, *, now: datetime | None = None,
           bands: BandStarts | None = None, visible: Collection[str] | None = None,
           lanes: Sequence[str] | bool = False, whole_day: bool = False,
           min_gap: int = MIN_GAP_LABEL) -> Layout:
    """Lay the day out on rows of `step` minutes.

    Args:
        now: Marks the now row, and keeps the rows reaching it.
        bands: Where the bands start (config's; default 12:00, 13:00, 19:00).
        visible: Ids of the tasks to place (the list's filter); None: all.
        lanes: False for one column; True for lanes of the day's platforms; a
            list of platform names for those lanes (config's `lanes`).
        whole_day: Rows from 00:00 to 00:00 rather than the hours in use.
        min_gap: Gaps shorter than this many minutes get no label.
    """
    if step not in STEPS:
        raise ValueError(f"step must be one of {', '.join(map(str, STEPS))} minutes, not {step}")
    entries = [e for e in timeline.entries if visible is None or e.id in visible]
    first, last = day_window(timeline)
    origin, end = _window(entries, first, last, now, whole_day)
    tz = timeline.wall_zone()  # rows and gaps lie within a day of the day: its steady offset will do
    rows = _rows(origin, end, step, tz, bands or BandStarts(), first, last)
    count = len(rows)
    sections = _sections(rows)
    now_row = None
    if now is not None and rows and origin <= now < end:
        now_row = min(int((now - origin) // (step * MINUTE)), count - 1)
    if lanes is False:
        blocks = _blocks(entries, origin, step, count, 0)
        gaps = gaps_between(busy(entries), origin, min(end, last), tz)
        labels = _gap_labels(gaps, blocks, origin, step, count, 0, min_gap, now_row)
        return Layout(step, rows, tuple(blocks), tuple(labels), sections, now_row)
    lane_list = lanes_of(entries, None if lanes is True else lanes)
    keys = [lane.key for lane in lane_list]
    all_blocks: list[Block] = []
    all_labels: list[GapLabel] = []
    for index, lane in enumerate(lane_list):
        if lane.key == OTHER_LANE:
            mine = [e for e in entries if not any(p in keys for p in e.platforms)]
        else:
            mine = [e for e in entries if lane.key in e.platforms]
        blocks = _blocks(mine, origin, step, count, index)
        gaps = gaps_between(busy(mine), origin, min(end, last), tz)
        all_blocks.extend(blocks)
        all_labels.extend(_gap_labels(gaps, blocks, origin, step, count, index, min_gap, now_row))
    return Layout(step, rows, tuple(all_blocks), tuple(all_labels), sections, now_row, lane_list)
