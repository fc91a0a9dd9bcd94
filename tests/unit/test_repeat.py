"""Repeating tasks go into routine.toml without disturbing the user's comments and layout."""

from __future__ import annotations

import difflib
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.cli import main
from smm_tui.core.clock import FrozenClock
from smm_tui.core.codec import routine_from_toml
from smm_tui.core.errors import SaveError
from smm_tui.core.models import WEEKDAYS, Slot, Task
from smm_tui.core.repeat import (
    add_repeating,
    add_slot,
    parse_weekdays,
    remove_from_now_on,
    remove_slot,
    slot_from_task,
    update_routine,
    with_slot,
)
from smm_tui.core.routine import DEFAULT_ROUTINE_TOML
from smm_tui.core.store import Store

DAY = date(2026, 11, 26)  # a Thursday
ROUTINE = routine_from_toml(Path("routine.toml"), DEFAULT_ROUTINE_TOML.encode())

HAND_EDITED = """\
# my routine - keep these notes!
version = 1

[[slots]]   # the first thing I do
id = "wake"
title = "Wake up"     # trailing comment
start = 05:30:00

# --- afternoon ---

[[slots]]
id = "late"
title = "Late check"
start = 17:00:00
weekdays = [ "mon",   "fri" ]  # odd spacing kept
"""


def added_lines(before: str, after: str) -> list[str]:
    return [line[1:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("+ ", "- ")]


def test_adding_a_slot_only_appends_its_table() -> None:
    slot = Slot(id="pin", title="Pin the post", start=time(9, 15), weekdays=("mon", "wed"), every=60, until=time(12, 0))
    text = add_slot(HAND_EDITED, slot)
    assert text.startswith(HAND_EDITED)
    assert text[len(HAND_EDITED):].startswith("\n[[slots]]\nid = \"pin\"\n")
    base = routine_from_toml(Path("r"), HAND_EDITED.encode())
    assert routine_from_toml(Path("r"), text.encode()) == with_slot(base, slot)


def test_removing_a_slot_keeps_the_comments_around_it() -> None:
    text = remove_slot(DEFAULT_ROUTINE_TOML, "lunch")
    removed = added_lines(DEFAULT_ROUTINE_TOML, text)
    assert removed and all(line.startswith(("id", "title", "start", "minutes", "kind", "platforms", "[[slots]]", ""))
                           for line in removed)
    assert "# --- Lunch" in text and "# --- Afternoon" in text
    with pytest.raises(KeyError):
        remove_slot(DEFAULT_ROUTINE_TOML, "nope")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([s.id for s in ROUTINE.slots]), unique=True, max_size=4),
       st.integers(min_value=1, max_value=3))
def test_add_then_remove_gives_back_the_file_byte_for_byte(existing: list[str], count: int) -> None:
    text = DEFAULT_ROUTINE_TOML
    for slot_id in existing:  # some hand-removed slots first: the layout differs from the default
        text = remove_slot(text, slot_id)
    start = text
    ids = [f"new-{n}" for n in range(count)]
    for slot_id in ids:
        text = add_slot(text, Slot(id=slot_id, title=f"T {slot_id}", start=time(8, 0)))
    for slot_id in reversed(ids):
        text = remove_slot(text, slot_id)
    assert text == start


def test_parse_weekdays() -> None:
    assert parse_weekdays("daily") == WEEKDAYS
    assert parse_weekdays("weekdays") == ("mon", "tue", "wed", "thu", "fri")
    assert parse_weekdays("fri,mon,fri") == ("mon", "fri")
    for bad in ("", "funday", "mo", "ｍon", "mon;tue"):
        with pytest.raises(ValueError, match="expected daily"):
            parse_weekdays(bad)


def test_a_repeat_shows_on_days_without_a_file_and_on_the_day_it_was_added(store: Store, clock: FrozenClock) -> None:
    other_worked_day = date(2026, 11, 30)  # a Monday with its own file: never changed by the routine
    store.update_day(other_worked_day, lambda d: d.toggle("wake-0530", clock.now()))
    store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()))
    worked_bytes = store.day_path(other_worked_day).read_bytes()
    task = Task(id="x", title="Story round", start=time(10, 5), kind="monitor")
    slot = add_repeating(store, DAY, lambda r: slot_from_task(task, r, WEEKDAYS, 120, time(16, 0)))
    assert slot.id == "story-round"
    assert "# --- Lunch" in store.routine_path.read_text()
    for day in (DAY, date(2026, 12, 3)):
        starts = sorted(t.start for t in store.load_day(day).tasks if t.slot == "story-round")
        assert starts == [time(10, 5), time(12, 5), time(14, 5)], day
    assert store.day_path(other_worked_day).read_bytes() == worked_bytes


def test_remove_from_now_on_keeps_the_past_and_what_was_done(store: Store, clock: FrozenClock) -> None:
    past, later = date(2026, 11, 20), date(2026, 11, 28)
    for day in (past, DAY, later):
        store.update_day(day, lambda d: d.toggle("news-0600", clock.now()) if d.date == DAY else d.toggle("wake-0530",
                                                                                                         clock.now()))
    changed = remove_from_now_on(store, DAY, "news")
    assert changed == 1  # `later` lost its open occurrence; DAY keeps its done one; `past` is history
    assert "news-0600" in {t.id for t in store.load_day(past).tasks}
    assert store.load_day(DAY).task("news-0600").status == "done"
    assert "news-0600" not in {t.id for t in store.load_day(later).tasks}
    assert "news-0600" not in {t.id for t in store.load_day(date(2026, 12, 5)).tasks}
    assert 'id = "news"' not in store.routine_path.read_text()


def test_a_routine_edit_that_would_not_read_back_is_refused(store: Store) -> None:
    before = store.routine_path.read_bytes()
    with pytest.raises(SaveError, match="unchanged"):
        update_routine(store, lambda text, routine: (text + "\nbroken = [\n", routine))
    with pytest.raises(SaveError, match="reads back differently"):
        update_routine(store, lambda text, routine: (text, with_slot(routine, Slot(id="z", title="z", start=time(1)))))
    assert store.routine_path.read_bytes() == before


def test_cli_add_repeat_and_delete_from_now_on(clock: FrozenClock, data_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "Pin the best post", "--at", "09:15", "--repeat", "mon,thu", "--platform", "x"], clock) == 0
    out, err = capsys.readouterr()
    assert out == "pin-the-best-post\n"
    assert err.startswith("smm-tui add: kind ")  # guessed from the title, as a one-off add says
    store = Store(data_dir, clock)
    assert "pin-the-best-post-0915" in {t.id for t in store.load_day(DAY).tasks}
    assert "pin-the-best-post-0915" not in {t.id for t in store.load_day(date(2026, 11, 27)).tasks}
    assert main(["delete", "pin-the-best-post-0915", "--from-now-on"], clock) == 0
    assert "pin-the-best-post-0915" not in {t.id for t in store.load_day(date(2026, 11, 30)).tasks}
    assert main(["delete", "1", "--from-now-on"], clock) == 0
    capsys.readouterr()
    assert main(["add", "x", "--at", "10:00", "--every", "60"], clock) == 2
    assert main(["add", "x", "--at", "10:00", "--repeat", "funday"], clock) == 2
    assert len(capsys.readouterr().err.splitlines()) == 2
