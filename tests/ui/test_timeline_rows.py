"""Where the now line goes among the timeline's rows (ui.widgets.timeline.build_rows)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers.ondisk import DAY
from smm_tui.core.store import Store
from smm_tui.core.timeline import build
from smm_tui.ui.widgets.timeline import Row, build_rows

BERLIN = ZoneInfo("Europe/Berlin")


def outline(rows: list[Row]) -> list[str]:
    """Rows as short labels: band names, task ids, 'now', '' for blank lines."""
    out = []
    for row in rows:
        if row.kind == "band":
            out.append(row.text.upper())
        elif row.kind == "entry":
            assert row.entry is not None
            out.append(row.entry.id)
        elif row.kind == "now":
            out.append("now")
        elif row.kind == "blank":
            out.append("")
        else:
            out.append(f"({row.text})")
    return out


def around_now(store: Store, hour: int, minute: int, query: str = "") -> list[str]:
    now = datetime(2026, 11, 26, hour, minute, tzinfo=BERLIN)
    rows = outline(build_rows(build(store.load_day(DAY)), now, show_now=True, query=query))
    i = rows.index("now")
    assert rows.count("now") == 1
    return rows[max(0, i - 2): i + 3]


def test_in_the_gap_before_another_band_the_now_line_stays_after_the_last_slot(store: Store) -> None:
    # 10:20: the morning's last slot started at 10:00, lunch begins at 12:00.
    assert around_now(store, 10, 20) == ["leads-0930", "monitor-1000", "now", "", "LUNCH"]


def test_between_slots_of_one_band(store: Store) -> None:
    assert around_now(store, 9, 10) == ["advocates-0730", "blog-0830", "now", "leads-0930", "monitor-1000"]


def test_at_a_slot_start_the_line_is_after_that_slot(store: Store) -> None:
    assert around_now(store, 12, 0) == ["lunch-1200", "monitor-1200", "now", "", "AFTERNOON"]


@pytest.mark.parametrize(("hour", "minute", "expected"), [
    (4, 0, ["MORNING", "now", "wake-0530", "news-0600"]),        # before the first slot: under its heading
    (23, 30, ["night-owls-2100", "last-look-2300", "now"]),      # after the last one: at the end
])
def test_before_the_first_and_after_the_last_slot(store: Store, hour: int, minute: int,
                                                  expected: list[str]) -> None:
    assert around_now(store, hour, minute) == expected


def test_with_a_filter_the_line_follows_the_last_shown_slot(store: Store) -> None:
    # Only meetings: 09:30 (morning), 14:00 and 16:00 (afternoon); at 10:20 the line stays in the morning.
    assert around_now(store, 10, 20, query="kind:meeting") == ["MORNING", "leads-0930", "now", "", "AFTERNOON"]
