"""Relative times in the slot details: worded by arrow, from the injected clock, never in the first frame."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smm_tui.core.clock import FrozenClock
from smm_tui.core.relative import humanize
from smm_tui.core.store import Store
from smm_tui.core.timeline import build
from smm_tui.ui.widgets.detail import detail_content

DAY = date(2026, 11, 26)


@pytest.mark.parametrize(("minutes", "words"), [
    (-125, "2 hours ago"), (-60, "an hour ago"), (-5, "5 minutes ago"), (0, "just now"),
    (20, "in 20 minutes"), (61, "in an hour"),
])
def test_humanize_words_the_distance_from_the_given_now(clock: FrozenClock, minutes: int, words: str) -> None:
    now = clock.now()
    assert humanize(now + timedelta(minutes=minutes), now) == words


def test_the_details_say_how_long_ago_or_until_once_humanize_is_there(store: Store, clock: FrozenClock) -> None:
    now = clock.now()  # 09:10
    store.update_day(DAY, lambda d: d.toggle("wake-0530", now - timedelta(hours=2)))
    timeline = build(store.load_day(DAY))
    done, overdue, upcoming = (timeline.entry(i) for i in ("wake-0530", "news-0600", "monitor-1000"))
    assert done is not None and overdue is not None and upcoming is not None

    def text(entry: object, with_humanize: bool) -> str:
        return detail_content(entry, now, 10, humanize=humanize if with_humanize else None).plain  # type: ignore[arg-type]

    assert "done at 07:10\n" + " " * 10 + "2 hours ago\n" in text(done, True)
    assert "overdue\n" + " " * 10 + "started 3 hours ago\n" in text(overdue, True)
    assert "open\n" + " " * 10 + "starts in 50 minutes\n" in text(upcoming, True)
    # The first frame (no arrow yet): clock times only.
    assert "done at 07:10\n" in text(done, False) + "\n" and "ago" not in text(done, False)
    assert "starts in" not in text(upcoming, False)
