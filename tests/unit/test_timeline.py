from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from smm_tui.core.agenda import json_document, render_json, render_text
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.timeline import SCHEMA, BandStarts, Counts, Timeline, build

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 26)
GOLDEN = Path(__file__).parent.parent / "data" / "today-2026-11-26.txt"


def test_bands_in_order_with_the_hectic_day(store: Store) -> None:
    tl = build(store.load_day(DAY), source="routine")
    assert [b.label for b in tl.bands] == ["Morning", "Lunch", "Afternoon", "Evening"]
    assert [e.start.strftime("%H:%M") for e in tl.bands[1].entries] == ["12:00", "12:00"]
    assert [e.position for e in tl.entries] == list(range(1, 21))
    assert tl.entries[0].starts_at == datetime(2026, 11, 26, 5, 30, tzinfo=BERLIN)


def test_custom_band_starts() -> None:
    bands = BandStarts(time(11, 30), time(12, 30), time(18, 0))
    assert bands.band_of(time(11, 45)) == "lunch"
    assert bands.band_of(time(18, 0)) == "evening"
    assert bands.band_of(time(0, 0)) == "morning"


def test_current_next_and_overdue(store: Store) -> None:
    tl = build(store.load_day(DAY))
    now = datetime(2026, 11, 26, 10, 15, tzinfo=BERLIN)
    current = tl.current(now)
    assert current is not None and current.id == "monitor-1000"
    nxt = tl.next_up(now)
    assert nxt is not None and nxt.id == "lunch-1200"
    assert tl.entry("wake-0530").is_overdue(now)
    assert not tl.entry("monitor-1000").is_overdue(now)


def test_slot_across_dst_change_lasts_its_real_length() -> None:
    d = Day(date=date(2026, 3, 29), zone="Europe/Berlin",
            tasks=(Task(id="n", title="Night", start=time(1, 30), minutes=60),))
    entry = build(d).entries[0]
    assert entry.ends_at - entry.starts_at == timedelta(minutes=60)
    assert entry.starts_at.tzinfo == UTC
    assert entry.end == time(3, 30)


def test_doc_round_trip(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    d = store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()).set_status("news-0600", "skipped", clock.now()))
    tl = build(d, source="file")
    doc = tl.to_doc()
    assert doc["schema"] == SCHEMA and doc["version"] == 1
    assert Timeline.from_doc(json.loads(json.dumps(doc))) == tl
    assert doc["counts"]["done"] == 1 and doc["counts"]["skipped"] == 1
    assert doc["counts"]["by_kind"]["checkin"] == {"planned": 3, "done": 1, "skipped": 0, "open": 2}


def test_text_agenda_golden(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    d = store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()).set_status("news-0600", "skipped", clock.now()))
    text = render_text(build(d), clock.now())
    assert text == GOLDEN.read_text()


def test_text_escapes_control_characters() -> None:
    d = Day(date=DAY, zone="UTC", tasks=(Task(id="x", title="boom\x1b[2J\nnext", start=time(9, 0)),))
    text = render_text(build(d), None)
    assert "\x1b" not in text and "boom\\x1b[2J\\nnext" in text


def test_json_document_adds_overdue_and_escapes_c1() -> None:
    d = Day(date=DAY, zone="UTC", tasks=(Task(id="x", title="a\x9bb\u202e", start=time(9, 0)),))
    now = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("UTC"))
    doc = json_document(build(d), now)
    assert doc["bands"][0]["tasks"][0]["overdue"] is True
    out = render_json(build(d), now)
    assert "\x9b" not in out and "\\u009b" in out and "\\u202e" in out
    assert json.loads(out)["bands"][0]["tasks"][0]["title"] == "a\x9bb\u202e"


def test_timeline_values_behave_like_frozen_dataclasses(store: Store) -> None:
    """The value classes are hand-written for start-up time; they keep dataclass semantics."""
    import copy
    import pickle
    from dataclasses import FrozenInstanceError

    import pytest

    from smm_tui.core.timeline import Counts

    tl = build(store.load_day(DAY), source="routine")
    again = Timeline.from_doc(json.loads(json.dumps(tl.to_doc())))
    assert again == tl and hash(again) == hash(tl) and again is not tl
    assert tl != build(store.load_day(DAY), source="file")
    assert copy.deepcopy(tl) == tl and pickle.loads(pickle.dumps(tl)) == tl
    entry = tl.entries[0]
    with pytest.raises(FrozenInstanceError):
        entry.title = "changed"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del entry.title  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        entry.other = 1  # type: ignore[attr-defined]
    assert repr(Counts(3, 1, 1)) == "Counts(planned=3, done=1, skipped=1, overdue=0, missed=0)"
    assert Counts(3, 1, 1).open == 1
    assert Counts(3, 1, 1) != (3, 1, 1) and BandStarts() == BandStarts(time(12), time(13), time(19))
    assert entry.uid is None and not hasattr(entry, "__dict__")
    match Counts(3, 1, 1):
        case Counts(planned, done, skipped):
            assert (planned, done, skipped) == (3, 1, 1)


def test_states_and_counts_follow_one_definition() -> None:
    """planned = every slot; done + skipped + open = planned; overdue today, missed once the day is over."""
    done_at = datetime(2026, 11, 26, 9, tzinfo=UTC)
    tasks = (Task(id="a", title="A", start=time(9, 0), status="done", done_at=done_at),
             Task(id="b", title="B", start=time(10, 0), status="skipped"),
             Task(id="c", title="C", start=time(11, 0), kind="reply"),
             Task(id="d", title="D", start=time(23, 30), minutes=60, kind="reply"))
    for zone_name in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"):
        tl = build(Day(date=DAY, zone=zone_name, tasks=tasks))
        tz = ZoneInfo(zone_name)
        noon = datetime(2026, 11, 26, 12, 0, tzinfo=tz)
        assert [tl.state(e, noon) for e in tl.entries] == ["done", "skipped", "overdue", "open"]
        assert tl.counts(noon) == Counts(4, 1, 1, overdue=1) and tl.counts(noon).open == 2
        assert tl.counts(noon).summary() == "1/4 done, 1 skipped, 2 open (1 overdue)"
        assert tl.counts_by_kind(noon)["reply"] == Counts(2, 0, 0, overdue=1)
        just_after_midnight = datetime(2026, 11, 27, 0, 10, tzinfo=tz)  # d runs until 00:30
        assert [tl.state(e, just_after_midnight) for e in tl.entries] == ["done", "skipped", "missed", "open"]
        later = datetime(2026, 11, 27, 0, 40, tzinfo=tz)
        assert tl.counts(later) == Counts(4, 1, 1, missed=2)
        assert tl.counts(later).summary() == "1/4 done, 1 skipped, 2 open (2 missed)"
        assert tl.counts() == Counts(4, 1, 1)  # no moment: nothing is late
        # A timeline from an older cache (no over_at) answers the same, from the zone.
        doc = tl.to_doc()
        del doc["over_at"]
        old = Timeline.from_doc(doc)
        assert old.over_at is None and old.counts(later) == tl.counts(later) and old.counts(noon) == tl.counts(noon)
