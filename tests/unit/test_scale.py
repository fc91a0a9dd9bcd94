"""The time-scale layout without Textual: rows, sub-columns, gap labels, DST days, lanes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.models import Day, Task
from smm_tui.core.scale import (
    DEFAULT_STEP,
    OTHER_LANE,
    STEPS,
    Layout,
    coarser,
    finer,
    lanes_of,
    layout,
    place,
)
from smm_tui.core.timeline import Timeline, build

DAY = date(2026, 11, 26)
BERLIN = ZoneInfo("Europe/Berlin")


def day(*specs: tuple[str, int] | tuple[str, int, tuple[str, ...]], on: date = DAY,
        zone: str = "Europe/Berlin") -> Timeline:
    tasks = []
    for n, spec in enumerate(specs):
        platforms = spec[2] if len(spec) == 3 else ()  # type: ignore[misc]
        tasks.append(Task(id=f"t{n}", title=f"T{n}", start=time.fromisoformat(spec[0]), minutes=spec[1],
                          platforms=platforms))
    return build(Day(date=on, zone=zone, tasks=tuple(tasks)))


def labels(lay: Layout) -> list[str]:
    return [row.wall.strftime("%H:%M") for row in lay.rows]


def placed(lay: Layout) -> dict[str, tuple[int, int, int, int]]:
    return {b.entry.id: (b.row, b.span, b.column, b.columns) for b in lay.blocks}


def test_rows_cover_the_hours_in_use_in_fixed_steps() -> None:
    lay = layout(day(("09:10", 30), ("10:00", 60)))
    assert lay.step == DEFAULT_STEP
    assert labels(lay) == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45"]
    assert placed(lay) == {"t0": (0, 3, 0, 1), "t1": (4, 4, 0, 1)}  # 09:10-09:40 touches 09:00..09:30
    assert len(layout(day(("09:10", 30)), whole_day=True).rows) == 96


def test_overlaps_sit_side_by_side_and_a_cluster_shares_its_count() -> None:
    lay = layout(day(("09:00", 60), ("09:15", 30), ("09:30", 60), ("11:00", 30), ("11:00", 30)))
    assert placed(lay) == {
        "t0": (0, 4, 0, 3),  # 09:00-10:00
        "t1": (1, 2, 1, 3),  # 09:15-09:45 beside it
        "t2": (2, 4, 2, 3),  # 09:30-10:30 overlaps both: a third column, and the cluster has three
        "t3": (8, 2, 0, 2),  # 11:00 twice: a cluster of its own with two
        "t4": (8, 2, 1, 2),
    }


def test_place_is_greedy_interval_colouring() -> None:
    assert place([(0, 4), (1, 2), (3, 4), (8, 2), (8, 2), (12, 1)]) == [
        (0, 2), (1, 2), (1, 2), (0, 2), (1, 2), (0, 1)]
    assert place([(0, 2), (0, 2), (0, 2), (2, 1)]) == [(0, 3), (1, 3), (2, 3), (0, 1)]


def test_gap_labels_need_a_whole_free_row_and_a_minimum() -> None:
    lay = layout(day(("09:00", 30), ("10:15", 30), ("10:55", 5)), min_gap=15)
    texts = [(g.text, lay.rows[g.row].wall.strftime("%H:%M")) for g in lay.gaps]
    # 09:30-10:15 (45 min) gets a label on its first free row; 10:45-10:55 is too short; after 11:00 the
    # rows end at 11:00 (the hour of the last end), so no gap is left on them.
    assert texts == [("45 min free", "09:30")]


def label_rows(lay: Layout) -> list[tuple[str, str, int]]:
    """(label, wall time of its row, lane) of every gap label."""
    return [(g.text, lay.rows[g.row].wall.strftime("%H:%M"), g.lane) for g in lay.gaps]


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=BERLIN)


def test_a_gap_label_moves_off_the_now_row_to_the_gaps_next_free_row() -> None:
    """The now line is drawn over its whole row's free space, so a label there would not be seen."""
    tl = day(("09:00", 30), ("10:15", 45))  # free 09:30-10:15: the rows 09:30, 09:45, 10:00
    assert label_rows(layout(tl)) == [("45 min free", "09:30", 0)]
    lay = layout(tl, now=at(9, 35))
    assert lay.now_row is not None and lay.rows[lay.now_row].wall == time(9, 30)
    assert label_rows(lay) == [("45 min free", "09:45", 0)]
    # the now line on the gap's last row: the label stays on the first, above it
    assert label_rows(layout(tl, now=at(10, 5))) == [("45 min free", "09:30", 0)]
    # the now line elsewhere changes nothing
    assert label_rows(layout(tl, now=at(9, 5))) == [("45 min free", "09:30", 0)]


def test_a_gap_label_skips_a_row_a_moment_holds_when_it_leaves_the_now_row() -> None:
    # a zero-minute task splits no gap but holds the row 09:45: the next free row is 10:00
    lay = layout(day(("09:00", 30), ("09:45", 0), ("10:30", 30)), now=at(9, 31))
    assert label_rows(lay) == [("1 h free", "10:00", 0)]


def test_a_one_row_gap_under_the_now_line_has_no_label() -> None:
    tl = day(("09:00", 30), ("09:45", 15))  # free 09:30-09:45: the one row 09:30
    assert label_rows(layout(tl)) == [("15 min free", "09:30", 0)]
    assert label_rows(layout(tl, now=at(9, 40))) == []


def test_gap_labels_leave_the_now_row_in_every_lane() -> None:
    tl = day(("09:00", 30, ("x",)), ("10:15", 45, ("x",)), ("09:00", 15, ("linkedin",)),
             ("10:30", 30, ("linkedin",)))
    assert label_rows(layout(tl, lanes=True)) == [("45 min free", "09:30", 0), ("1 h 15 min free", "09:15", 1)]
    assert label_rows(layout(tl, lanes=True, now=at(9, 20))) == [("45 min free", "09:30", 0),
                                                                 ("1 h 15 min free", "09:30", 1)]
    assert label_rows(layout(tl, lanes=True, now=at(9, 30))) == [("45 min free", "09:45", 0),
                                                                 ("1 h 15 min free", "09:15", 1)]


def test_skipped_tasks_are_blocks_but_free_their_time() -> None:
    tl = build(Day(date=DAY, zone="Europe/Berlin", tasks=(
        Task(id="a", title="A", start=time(9, 0), minutes=60, status="skipped"),
        Task(id="b", title="B", start=time(10, 0), minutes=60))))
    lay = layout(tl)
    assert set(placed(lay)) == {"a", "b"}
    assert [g.text for g in lay.gaps] == []  # the free hour has no row without a block
    assert [g.gap.minutes for g in layout(tl, whole_day=True).gaps][:1] == [600]


def test_now_row_and_rows_reaching_now() -> None:
    tl = day(("09:00", 30))
    now = datetime(2026, 11, 26, 11, 20, tzinfo=BERLIN)
    lay = layout(tl, now=now)
    assert labels(lay)[-1] == "11:45" and lay.now_row is not None
    assert lay.rows[lay.now_row].wall == time(11, 15)
    assert layout(tl, now=datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)).now_row is None


def test_task_past_midnight_extends_the_rows_into_the_next_day() -> None:
    lay = layout(day(("22:30", 30), ("23:30", 90)), step=30)
    assert labels(lay) == ["22:00", "22:30", "23:00", "23:30", "00:00", "00:30"]
    assert placed(lay)["t1"] == (3, 3, 0, 1)
    assert [row.band for row in lay.rows] == ["evening"] * 6
    assert lay.row_at(datetime(2026, 11, 27, 0, 45, tzinfo=BERLIN)) == 5


def test_spring_forward_day_has_23_hours_of_rows() -> None:
    tl = day(("01:30", 60), on=date(2026, 3, 29))  # Berlin: 02:00 -> 03:00
    lay = layout(tl, step=60, whole_day=True)
    assert len(lay.rows) == 23
    assert labels(lay)[:4] == ["00:00", "01:00", "03:00", "04:00"]
    assert [row.shift for row in lay.rows[:4]] == [False, False, True, False]
    assert placed(lay)["t0"] == (1, 2, 0, 1)  # 01:30 CET + 60 min = 03:30 CEST: the rows 01:00 and 03:00
    assert len(layout(tl, step=15, whole_day=True).rows) == 92


def test_fall_back_day_has_25_hours_of_rows() -> None:
    tl = day(("01:30", 120), ("02:30", 30), on=date(2026, 11, 1), zone="America/New_York")
    lay = layout(tl, step=60, whole_day=True)
    assert len(lay.rows) == 25
    assert labels(lay)[:5] == ["00:00", "01:00", "01:00", "02:00", "03:00"]
    assert lay.rows[2].shift
    # 01:30 (the first, EDT) for 2 real hours ends at 02:30 EST, in the row of the 02:30 task
    assert placed(lay)["t0"] == (1, 3, 0, 2) and placed(lay)["t1"] == (3, 1, 1, 2)


def test_bands_as_sections() -> None:
    lay = layout(day(("11:00", 30), ("13:30", 30)), step=60)
    assert [(s.band, s.row, s.span) for s in lay.sections] == [("morning", 0, 1), ("lunch", 1, 1),
                                                              ("afternoon", 2, 1)]


def test_steps_walk_and_refuse_others() -> None:
    assert [finer(s) for s in STEPS] == [5, 5, 10, 15, 30]
    assert [coarser(s) for s in STEPS] == [10, 15, 30, 60, 60]
    with pytest.raises(ValueError, match="step must be one of"):
        layout(day(), step=7)


def test_lanes_one_per_platform_a_task_in_each_of_its_lanes() -> None:
    tl = day(("09:00", 30, ("x",)), ("09:00", 30, ("linkedin", "x")), ("10:00", 60), ("16:00", 30, ("linkedin",)))
    lay = layout(tl, lanes=True)
    assert [(lane.key, lane.label) for lane in lay.lanes] == [("x", "x"), ("linkedin", "linkedin"),
                                                             (OTHER_LANE, "no platform")]
    in_lanes = sorted((b.lane, b.entry.id, b.column, b.columns) for b in lay.blocks)
    assert in_lanes == [(0, "t0", 0, 2), (0, "t1", 1, 2), (1, "t1", 0, 1), (1, "t3", 0, 1), (2, "t2", 0, 1)]
    linkedin_gaps = [(g.gap.start, g.gap.end) for g in lay.gaps if g.lane == 1]
    assert linkedin_gaps == [(time(9, 30), time(16, 0)), (time(16, 30), time(17, 0))]
    configured = layout(tl, lanes=["LinkedIn", "youtube"])
    assert [lane.key for lane in configured.lanes] == ["linkedin", "youtube", OTHER_LANE]
    assert configured.lanes[-1].label == "other"  # it holds the x-only task
    assert lanes_of([]) == ((OTHER_LANE, "no platform"),)


def test_visible_ids_limit_the_blocks() -> None:
    tl = day(("09:00", 30), ("10:00", 30))
    assert [b.entry.id for b in layout(tl, visible={"t1"}).blocks] == ["t1"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1439), st.integers(0, 240)), max_size=40),
       st.sampled_from(STEPS),
       st.sampled_from([(date(2026, 3, 8), "America/New_York"), (date(2026, 11, 1), "America/New_York"),
                        (date(2026, 3, 29), "Europe/Berlin"), (DAY, "Europe/Berlin")]),
       st.booleans())
def test_no_two_blocks_of_a_column_overlap_and_every_task_appears_once(
        specs: list[tuple[int, int]], step: int, where: tuple[date, str], whole_day: bool) -> None:
    on, zone = where
    tasks = tuple(Task(id=f"t{n}", title="x", start=time(s // 60, s % 60), minutes=m)
                  for n, (s, m) in enumerate(specs))
    tl = build(Day(date=on, zone=zone, tasks=tasks))
    lay = layout(tl, step, whole_day=whole_day)
    assert sorted(b.entry.id for b in lay.blocks) == sorted(t.id for t in tasks)
    for block in lay.blocks:
        assert block.row >= 0 and block.end_row <= len(lay.rows) and block.span >= 1
        assert 0 <= block.column < block.columns
    for a in lay.blocks:
        for b in lay.blocks:
            if a is not b and a.column == b.column and a.row < b.end_row and b.row < a.end_row:
                raise AssertionError(f"{a} and {b} overlap in one sub-column")
            if a.row < b.end_row and b.row < a.end_row:
                assert a.columns == b.columns  # one cluster, one count
    for label in lay.gaps:
        assert not any(b.row <= label.row < b.end_row for b in lay.blocks)
