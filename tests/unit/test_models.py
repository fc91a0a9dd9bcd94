from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from smm_tui.core.models import Day, Routine, Slot, Task

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 26, 9, 10, tzinfo=BERLIN)


def task(**kw: object) -> Task:
    base: dict[str, object] = {"id": "a1", "title": "Post", "start": time(9, 0)}
    base.update(kw)
    return Task.model_validate(base)


def day(*tasks: Task) -> Day:
    return Day(date=date(2026, 11, 26), zone="Europe/Berlin", tasks=tasks)


def test_toggle_sets_and_clears_done_at() -> None:
    d = day(task())
    done = d.toggle("a1", NOW)
    assert done.task("a1").status == "done"
    assert done.task("a1").done_at == NOW
    undone = done.toggle("a1", NOW)
    assert undone.task("a1").status == "todo"
    assert undone.task("a1").done_at is None
    assert d.task("a1").status == "todo", "models are immutable: the original is unchanged"


def test_skip_then_toggle_makes_done() -> None:
    d = day(task()).set_status("a1", "skipped", NOW)
    assert d.task("a1").status == "skipped" and d.task("a1").done_at is None
    assert d.toggle("a1", NOW).task("a1").status == "done"


def test_progress_ignores_skipped() -> None:
    d = day(task(id="a"), task(id="b"), task(id="c"))
    d = d.set_status("a", "done", NOW).set_status("b", "skipped", NOW)
    assert d.progress() == (1, 2)


def test_resolve_by_position_follows_time_order_and_by_id() -> None:
    d = day(task(id="late", start=time(18, 0)), task(id="early", start=time(6, 0)))
    assert d.resolve("1").id == "early"
    assert d.resolve("2").id == "late"
    assert d.resolve("late").id == "late"
    with pytest.raises(KeyError):
        d.resolve("3")
    with pytest.raises(KeyError):
        d.resolve("nope")


def test_duplicate_ids_are_refused_with_the_field_path() -> None:
    with pytest.raises(ValidationError) as info:
        day(task(id="x"), task(id="x"))
    assert "tasks[1].id: duplicate id 'x' (also tasks[0])" in str(info.value)


def test_with_task_refuses_duplicate() -> None:
    with pytest.raises(ValidationError):
        day(task(id="x")).with_task(task(id="x"))


def test_new_task_id_is_unused_and_well_formed() -> None:
    d = day(task(id="abc123"))
    new = d.new_task_id()
    assert new != "abc123" and not new.isdigit()
    task(id=new)  # valid as an id


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("kind", "party", "Input should be 'checkin'"),
        ("start", "25:00", "hour value is outside expected range"),
        ("title", "", "at least 1 character"),
        ("title", "   ", "must not be empty"),
        ("title", "a\x00b", "NUL"),
        ("minutes", -5, "greater than or equal to 0"),
        ("status", "finished", "Input should be 'todo'"),
        ("platforms", ["two words"], "one word"),
        ("start", time(9, 0, 30), "whole minutes"),
    ],
)
def test_invalid_task_fields(field: str, value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        task(**{field: value})
    assert fragment in str(info.value)


def test_done_at_requires_done_status_and_offset() -> None:
    with pytest.raises(ValidationError, match="only allowed when status is 'done'"):
        task(done_at=NOW)
    with pytest.raises(ValidationError, match="UTC offset"):
        task(status="done", done_at=datetime(2026, 11, 26, 9, 0))


def test_platforms_are_normalised() -> None:
    assert task(platforms=[" X ", "Email"]).platforms == ("x", "email")


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown IANA time zone 'Mars/Olympus'"):
        Day(date=date(2026, 1, 1), zone="Mars/Olympus")


def test_overlaps() -> None:
    d = day(
        task(id="a", start=time(9, 0), minutes=60),
        task(id="b", start=time(9, 30), minutes=30),
        task(id="c", start=time(10, 0), minutes=30),
        task(id="z", start=time(9, 45), minutes=0),
    )
    assert [(a.id, b.id) for a, b in d.overlaps()] == [("a", "b")]


def test_edited_validates() -> None:
    t = task()
    assert t.edited(title="New").title == "New"
    with pytest.raises(ValidationError):
        t.edited(kind="nope")


def test_slot_repeat_needs_every_and_until() -> None:
    with pytest.raises(ValidationError, match="'every' and 'until' go together"):
        Slot(id="m", title="M", start=time(10, 0), every=120)
    with pytest.raises(ValidationError, match="must not be before start"):
        Slot(id="m", title="M", start=time(10, 0), every=60, until=time(9, 0))
    with pytest.raises(ValidationError, match="greater than or equal to 5"):
        Slot(id="m", title="M", start=time(10, 0), every=0, until=time(11, 0))


def test_routine_duplicate_slot_ids() -> None:
    s = Slot(id="m", title="M", start=time(10, 0))
    with pytest.raises(ValidationError, match=r"slots\[1\]\.id: duplicate id 'm'"):
        Routine(slots=(s, s))


def test_dates_outside_the_representable_range_are_refused() -> None:
    # 0001-01-01 00:10 in Berlin is an instant in year 0: building its timeline overflowed.
    from smm_tui.core.wallclock import FIRST_DATE, LAST_DATE

    for bad in (date(1, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValidationError, match="outside the supported dates 0002-01-01 to 9998-12-31"):
            Day(date=bad, zone="Europe/Berlin")
    for good in (FIRST_DATE, LAST_DATE):
        assert Day(date=good, zone="Europe/Berlin").date == good
    with pytest.raises(ValidationError, match="done_at 0001-01-01 is outside"):
        Task(id="a", title="t", start=time(9, 0), status="done",
             done_at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))))


def test_resolve_refuses_odd_numbers_without_crashing() -> None:
    # Found by tests/torture: '9' * 5000 hit int()'s digit limit and '²' (isdigit, not decimal)
    # made int() raise ValueError - both escaped as internal errors from `smm-tui done`.
    day = Day(date=date(2026, 11, 26), zone="UTC", tasks=(Task(id="a", title="A", start=time(9, 0)),))
    # Only ASCII digits are positions: ARABIC-INDIC and FULLWIDTH DIGIT ONE are not.
    for ref in ("9" * 5000, "²", "1²", "0", "2", "\u0661", "\uff11"):
        with pytest.raises(KeyError):
            day.resolve(ref)
    assert day.resolve("1").id == "a"
