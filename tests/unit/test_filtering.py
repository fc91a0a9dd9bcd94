from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from smm_tui.core.filtering import matches
from smm_tui.core.models import Day, Task
from smm_tui.core.timeline import build

NOW = datetime(2026, 11, 26, 9, 10, tzinfo=ZoneInfo("Europe/Berlin"))


def entries():  # type: ignore[no-untyped-def]
    day = Day(date=date(2026, 11, 26), zone="Europe/Berlin", tasks=(
        Task(id="a", title="Answer criticism", start=time(7), kind="reply", platforms=("facebook", "x")),
        Task(id="b", title="Call", start=time(14), kind="meeting", note="bring the Numbers"),
        Task(id="c", title="Wrap up", start=time(8), kind="checkin", status="done", done_at=NOW),
    ))
    return {e.id: e for e in build(day).entries}


def ids(query: str) -> set[str]:
    return {i for i, e in entries().items() if matches(e, query, NOW)}


def test_words_prefixes_and_and() -> None:
    assert ids("") == {"a", "b", "c"}
    assert ids("CRITIC") == {"a"}
    assert ids("numbers") == {"b"}          # the note counts
    assert ids("kind:rep") == {"a"} == ids("k:reply")
    assert ids("platform:face") == {"a"} == ids("p:Facebook")
    assert ids("meeting") == {"b"}          # kind by plain word
    assert ids("status:done") == {"c"}
    assert ids("status:open") == {"a", "b"}
    assert ids("status:overdue") == {"a"}
    assert ids("reply x") == {"a"} and ids("reply call") == set()
