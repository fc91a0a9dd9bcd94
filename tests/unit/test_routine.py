from __future__ import annotations

from datetime import date, time
from pathlib import Path

from smm_tui.core.codec import routine_from_toml
from smm_tui.core.models import Routine, Slot
from smm_tui.core.routine import DEFAULT_ROUTINE_TOML, expand

THURSDAY = date(2026, 11, 26)
SATURDAY = date(2026, 11, 28)


def default() -> Routine:
    return routine_from_toml(Path("routine.toml"), DEFAULT_ROUTINE_TOML.encode())


def test_default_routine_is_the_hectic_schedule() -> None:
    d = expand(default(), THURSDAY, "Europe/Berlin")
    times = [(t.start.strftime("%H:%M"), t.kind) for t in d.ordered()]
    assert times[0] == ("05:30", "checkin")
    assert ("12:00", "checkin") in times
    assert times[-1] == ("23:00", "checkin")
    assert len(d.tasks) == 20
    lunch = next(t for t in d.tasks if t.slot == "lunch")
    assert lunch.platforms == ("foursquare",)
    assert {t.kind for t in d.tasks} >= {"checkin", "monitor", "reply", "publish", "meeting",
                                         "research", "analytics", "schedule"}


def test_monitoring_rounds_every_two_hours_are_separate_tasks() -> None:
    d = expand(default(), THURSDAY, "Europe/Berlin")
    rounds = [t for t in d.ordered() if t.slot == "monitor"]
    assert [t.start for t in rounds] == [time(h, 0) for h in (10, 12, 14, 16, 18)]
    assert [t.id for t in rounds] == ["monitor-1000", "monitor-1200", "monitor-1400", "monitor-1600", "monitor-1800"]


def test_weekday_rules() -> None:
    weekday = {t.slot for t in expand(default(), THURSDAY, "Europe/Berlin").tasks}
    weekend = {t.slot for t in expand(default(), SATURDAY, "Europe/Berlin").tasks}
    assert {"leads", "microblog", "results"} <= weekday
    assert not {"leads", "microblog", "results"} & weekend
    assert "wake" in weekend


def test_expansion_is_stable() -> None:
    a = expand(default(), THURSDAY, "Europe/Berlin")
    b = expand(default(), THURSDAY, "Europe/Berlin")
    assert a == b
    assert [t.id for t in a.tasks] == [t.id for t in b.tasks]


def test_custom_cadence_includes_until() -> None:
    r = Routine(slots=(Slot(id="m", title="M", start=time(9, 0), every=45, until=time(11, 15), kind="monitor"),))
    d = expand(r, THURSDAY, "UTC")
    assert [t.start for t in d.ordered()] == [time(9, 0), time(9, 45), time(10, 30), time(11, 15)]


def test_only_some_weekdays() -> None:
    r = Routine(slots=(Slot(id="w", title="W", start=time(9, 0), weekdays=("sat",)),))
    assert expand(r, THURSDAY, "UTC").tasks == ()
    assert len(expand(r, SATURDAY, "UTC").tasks) == 1
