"""The fast ics writer gives exactly the bytes icalendar gives for the same calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui.core.export import ExportOptions, ics
from smm_tui.core.export.ics_fast import fold
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import Day, Task
from smm_tui.core.timeline import build

ZONES = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns"]
# DST change days (both directions) and ordinary ones.
DATES = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1), date(2026, 11, 26),
         date(2026, 4, 5), date(2, 1, 2), date(9996, 12, 30)]

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=120)
words = st.sampled_from(["Lunch", "Réponse, rapide; vite", "emoji 🎉🎉", "a\\nb", "x" * 80, "ü" * 60, "tab\tend",
                         "line\r\nbreak", "日本語のタイトル" * 6, "\\N literal", "^caret^", "comma,\\"])


@st.composite
def tasks(draw: st.DrawFn, n: int) -> Task:
    title = draw(st.one_of(words, text.filter(lambda t: t.strip())))
    status = draw(st.sampled_from(["todo", "done", "skipped"]))
    return Task(
        id=f"t{n}", title=title, start=time(draw(st.integers(0, 23)), draw(st.integers(0, 59))),
        minutes=draw(st.sampled_from([0, 15, 30, 90, 24 * 60])), kind=draw(st.sampled_from(KINDS)),  # type: ignore[arg-type]
        platforms=tuple(draw(st.lists(st.sampled_from(["x", "blog", "email", "lin,ked", "a;b"]), max_size=3, unique=True))),
        status=status,  # type: ignore[arg-type]
        done_at=datetime(2026, 11, 26, 9, 5, 7, 123456, tzinfo=UTC) if status == "done" else None,
        note=draw(st.one_of(st.just(""), words, text)), lead=draw(st.one_of(st.none(), st.sampled_from([0, 5, 90, 1440, 1505]))),
        slot=draw(st.one_of(st.none(), st.just("lunch"))),
        uid=draw(st.one_of(st.none(), st.just("meeting@example.org#20261126T090000Z"), words)),
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), zone=st.sampled_from(ZONES), day=st.sampled_from(DATES), at_start=st.booleans(),
       now=st.sampled_from([datetime(2026, 11, 26, 8, 0, 0, 999, tzinfo=UTC), datetime(1, 1, 3, 0, 0, tzinfo=UTC)]))
def test_fast_writer_equals_icalendar(data: st.DataObject, zone: str, day: date, at_start: bool, now: datetime) -> None:
    count = data.draw(st.integers(0, 6))
    day_tasks = tuple(data.draw(tasks(n)) for n in range(count))
    timeline = build(Day(date=day, zone=zone, tasks=day_tasks))
    options = ExportOptions(now=now, at_start=at_start, kind_leads={"reply": 3})
    reference = bytes(ics.calendar([timeline], options).to_ical())
    assert ics.render_range([timeline], options) == reference


def test_several_days_and_zones_in_one_file() -> None:
    days = [build(Day(date=d, zone=z, tasks=(Task(id="a", title="Standup, daily", start=time(2, 30), minutes=60),)))
            for d, z in [(date(2026, 3, 29), "Europe/Berlin"), (date(2026, 3, 30), "America/New_York"),
                         (date(2026, 10, 25), "Europe/Berlin")]]
    options = ExportOptions(now=datetime(2026, 11, 26, tzinfo=UTC))
    assert ics.render_range(days, options) == bytes(ics.calendar(days, options).to_ical())


def test_folding_follows_the_library_at_the_edges() -> None:
    from icalendar.parser.content_line import Contentline

    for line in ["X" * 74, "X" * 75, "X" * 150, "é" * 37 + "X", "é" * 38, "A" * 73 + "\\,", "🎉" * 30, "A" * 73 + "^n"]:
        assert fold(line).encode() == Contentline(line).to_ical()
