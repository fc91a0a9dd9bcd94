"""The reminder service on a real store with a frozen clock: persistence, two processes, broken state, notify."""

from __future__ import annotations

import json
import sys
import tomllib
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import filelock
import pytest

from smm_tui.config import Reminders, Settings, load_settings
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import DataError, UsageError
from smm_tui.core.models import Day
from smm_tui.core.store import Store
from smm_tui.reminders.notify import Notifier, fill
from smm_tui.reminders.service import STATE, ReminderService

BERLIN = ZoneInfo("Europe/Berlin")
DAY = datetime(2026, 11, 26).date()


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, 26, hour, minute, second, tzinfo=BERLIN)


def summary(deliveries: list) -> list[tuple[str, str]]:
    return [("digest", str(d.missed_count)) if d.is_digest else (d.reminder.task_id, d.reminder.kind)
            for d in deliveries]


def service(store: Store, clock: FrozenClock, settings: Settings | None = None) -> ReminderService:
    """A fresh service on its own Store object, as a separate process would have."""
    return ReminderService(Store(store.data_dir, clock).open(), settings or Settings(), clock)


def state_doc(store: Store) -> dict:
    return tomllib.loads(store.state_path(STATE).read_text())


# --- persistence -------------------------------------------------------------------------


def test_a_restart_neither_repeats_nor_loses_reminders(store: Store, clock: FrozenClock) -> None:
    first = service(store, clock)
    assert summary(first.poll(at(6, 50))) == [("criticism-0700", "lead")]
    first.close()
    assert "2026-11-26|criticism-0700|lead|07:00" in state_doc(store)["fired"]

    second = service(store, clock)
    assert second.poll(at(6, 50)) == [], "no repeat after a restart"
    assert summary(second.poll(at(7, 0))) == [("criticism-0700", "start")]
    second.close()

    # closed from 07:00 to 07:40: what fell due meanwhile comes as one digest on the next start
    third = service(store, clock)
    out = third.poll(at(7, 40))
    assert summary(out) == [("digest", "3")]
    assert [(r.task_id, r.kind) for r in out[0].reminders] == [("criticism-0700", "nag"), ("advocates-0730", "start")]


def test_close_keeps_the_last_polled_instant_so_nothing_between_is_skipped(store: Store, clock: FrozenClock) -> None:
    first = service(store, clock)
    first.poll(at(6, 55))
    first.close(at(7, 3))  # stopped at 07:03 without polling since 06:55
    assert summary(service(store, clock).poll(at(7, 3))) == [("criticism-0700", "start")]


def test_two_processes_never_both_deliver(store: Store, clock: FrozenClock) -> None:
    tui, headless = service(store, clock), service(store, clock)
    assert summary(tui.poll(at(7, 0))) == [("criticism-0700", "start")]
    assert headless.poll(at(7, 0)) == []
    assert summary(headless.poll(at(7, 20))) == [("advocates-0730", "lead")]
    assert tui.poll(at(7, 20)) == []


def test_a_reminder_is_claimed_under_the_lock(store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both see it due; the one that gets the lock second finds it taken and delivers nothing."""
    tui, headless = service(store, clock), service(store, clock)
    headless.poll(at(6, 59))
    assert summary(tui.poll(at(7, 0))) == [("criticism-0700", "start")]
    monkeypatch.setattr(headless, "_refresh", lambda: None)  # its lock-free look predates tui's save
    assert headless.poll(at(7, 0)) == []


def test_state_entries_older_than_two_days_are_pruned(store: Store, clock: FrozenClock) -> None:
    store.write_state(STATE, {"fired": {"2026-11-20|old|start|09:00": at(9, 0), "2026-11-25|y|start|09:00": at(9, 0)},
                              "snoozed": {}})
    svc = service(store, clock)
    svc.poll(at(6, 50))
    assert set(state_doc(store)["fired"]) == {"2026-11-25|y|start|09:00", "2026-11-26|criticism-0700|lead|07:00"}


# --- outside changes -----------------------------------------------------------------------


def test_done_elsewhere_cancels_the_reminders(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock)
    assert summary(svc.poll(at(6, 50))) == [("criticism-0700", "lead")]
    other = Store(store.data_dir, clock).open()  # `smm-tui done` in another terminal
    other.update_day(DAY, lambda d: d.set_status("criticism-0700", "done", at(6, 55)))
    assert svc.poll(at(7, 0)) == []
    assert [summary(svc.poll(at(7, m))) for m in (20, 30)] == [[("advocates-0730", "lead")],
                                                              [("advocates-0730", "start")]], "no nag for a done task"


def test_editing_a_time_elsewhere_rearms(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock)
    svc.poll(at(6, 50))
    svc.poll(at(7, 0))
    path = store.day_path(DAY)
    other = Store(store.data_dir, clock).open()

    def move(day: Day) -> Day:
        return day.replace_task(day.task("criticism-0700").edited(start=time(8, 0)))

    other.update_day(DAY, move)
    assert path.exists()
    out = [d for minute in range(1, 61) for d in svc.poll(at(7, 0) + timedelta(minutes=minute))]
    moved = [(d.reminder.kind, d.at) for d in out if d.reminder.task_id == "criticism-0700"]
    assert moved == [("lead", at(7, 50)), ("start", at(8, 0))]
    assert out[-1].reminder.key == "2026-11-26|criticism-0700|start|08:00"


def test_a_broken_day_file_is_reported_once_and_other_days_still_remind(store: Store, clock: FrozenClock) -> None:
    tomorrow = store.day_path(datetime(2026, 11, 27).date())
    tomorrow.write_text("version = 1\ndate = [\n")
    svc = service(store, clock)
    assert summary(svc.poll(at(6, 50))) == [("criticism-0700", "lead")]
    problems = svc.problems()
    assert len(problems) == 1 and problems[0].startswith(f"{tomorrow}:") and "paused" in problems[0]
    svc.poll(at(7, 0))
    assert svc.problems() == []


# --- snooze and done ----------------------------------------------------------------------------


def test_snooze_survives_a_restart(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock)
    [start] = svc.poll(at(7, 0))
    assert svc.snooze(start, 10, now=at(7, 1)) == at(7, 11)
    again = service(store, clock)
    assert again.poll(at(7, 10)) == []
    [back] = again.poll(at(7, 11))
    assert back.reminder.snoozed_from == "2026-11-26|criticism-0700|start|07:00"
    assert back.line() == ("07:11  start  07:00  Answer overnight criticism - politely, never delete it  "
                           "(reply, snoozed, started 11 min ago)")


def test_snooze_until_the_next_slot_and_bad_snoozes(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock)
    [start] = svc.poll(at(7, 0))
    assert svc.snooze(start, next_slot=True, now=at(7, 2)) == at(7, 30)
    with pytest.raises(UsageError):
        svc.snooze(start, 0, now=at(7, 2))
    svc.close(at(7, 2))
    later = service(store, clock)
    [digest] = [d for d in later.poll(at(9, 0)) if d.is_digest]
    with pytest.raises(UsageError, match="digest"):
        later.snooze(digest, 5, now=at(9, 0))


def test_mark_done_ticks_the_task_and_stops_the_nags(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock)
    [start] = svc.poll(at(7, 0))
    svc.mark_done(start.reminder, now=at(7, 5))
    assert store.load_day(DAY).task("criticism-0700").status == "done"
    assert all(d.reminder.task_id != "criticism-0700" for m in range(30, 60, 5) for d in svc.poll(at(7, m)))


# --- broken or unsavable state ----------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"garbage = [\n", b'fired = "not a table"\n', b"\x00\x00\x00\x00"])
def test_a_broken_state_file_is_set_aside_and_reported_once(store: Store, clock: FrozenClock, content: bytes) -> None:
    path = store.state_path(STATE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    svc = service(store, clock)
    assert summary(svc.poll(at(6, 50))) == [("criticism-0700", "lead")]
    problems = svc.problems()
    assert len(problems) == 1 and "moved to" in problems[0] and "fresh one" in problems[0]
    aside = list(path.parent.glob("reminders.toml.broken-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content, "the evidence is kept byte for byte"
    assert "2026-11-26|criticism-0700|lead|07:00" in state_doc(store)["fired"]
    svc.poll(at(7, 0))
    assert svc.problems() == []
    assert svc.poll(at(6, 50)) == [] and service(store, clock).poll(at(6, 50)) == []


def test_a_busy_store_is_reported_once_and_nothing_repeats(store: Store, clock: FrozenClock) -> None:
    svc = ReminderService(Store(store.data_dir, clock, lock_timeout=0.05).open(), Settings(), clock)
    holder = filelock.FileLock(str(store.data_dir / ".lock"))
    with holder:
        assert summary(svc.poll(at(7, 0))) == [("criticism-0700", "start")], "delivered even when it cannot be saved"
        assert summary(svc.poll(at(7, 0, 30))) == []
        assert summary(svc.poll(at(7, 20))) == [("advocates-0730", "lead")]
        problems = svc.problems()
        assert len(problems) == 1 and "another smm-tui process" in problems[0]
    svc.poll(at(7, 21))
    assert svc.problems() == []
    assert {"2026-11-26|criticism-0700|start|07:00", "2026-11-26|advocates-0730|lead|07:30"} <= set(
        state_doc(store)["fired"]), "saved once the lock is free"


# --- timers ----------------------------------------------------------------------------------


def test_next_wake_and_sleep_seconds(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock)
    assert svc.next_wake(at(6, 45)) == at(6, 50)
    assert svc.sleep_seconds(at(6, 45)) == 30.0, "never longer than the coarse check"
    assert svc.sleep_seconds(at(6, 49, 50)) == 10.0
    svc.poll(at(6, 50))
    assert svc.next_wake(at(6, 50)) == at(7, 0)
    assert svc.next_wake(at(23, 30)) == at(23, 45), "the last nag of the day's open reply slot"
    assert svc.next_wake(at(23, 50)) == datetime(2026, 11, 27, 5, 20, tzinfo=BERLIN), "tomorrow is looked at tonight"


def test_sleep_uses_the_configured_check_interval(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock, Settings(reminders=Reminders(check_seconds=7)))
    assert svc.sleep_seconds(at(6, 0, 1)) == 7.0


# --- notify_command --------------------------------------------------------------------------------

ECHO = "import json, sys; open(sys.argv[1], 'w').write(json.dumps(sys.argv[2:]))"


def hostile_day(store: Store, title: str) -> None:
    from smm_tui.core.models import Task

    store.update_day(DAY, lambda d: d.with_task(Task(id="evil", title=title, start=time(9, 20), kind="reply")))


def test_notify_command_gets_a_hostile_title_as_plain_text(store: Store, clock: FrozenClock, tmp_path: Path) -> None:
    out, pwned = tmp_path / "argv.json", tmp_path / "pwned"
    title = f'x"; touch {pwned}; " $(touch {pwned}) `touch {pwned}` {{body}}'
    hostile_day(store, title)
    settings = Settings(notify_command=(sys.executable, "-c", ECHO, str(out), "{title}", "{body}", "{time}",
                                        "{kind}", "{id}", "{date}", "<{unknown}>", "{title}{kind}"))
    svc = service(store, clock, settings)
    [delivery] = [d for d in svc.poll(at(9, 20)) if d.reminder.task_id == "evil"]
    svc.notify(delivery)
    assert json.loads(out.read_text()) == [
        title, "Reply 09:20-09:50: starts now", "09:20", "start", "evil", "2026-11-26", "<{unknown}>", title + "start"]
    assert not pwned.exists()
    assert svc.problems() == []


def test_fill_substitutes_per_argument_in_one_pass() -> None:
    assert fill(["a {title} b", "{body}", "{{title}}"], {"title": "{body} x y", "body": "B"}) == [
        "a {body} x y b", "B", "{{body} x y}"]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["/nonexistent/notifier", "{title}"], "program '/nonexistent/notifier' not found"),
        ([sys.executable, "-c", "import sys; sys.stderr.write('boom\\n'); sys.exit(3)"], "exited with status 3: boom"),
        ([sys.executable, "-c", "import time; time.sleep(30)"], "did not finish within 0.3 s"),
    ],
)
def test_a_failing_notify_command_is_reported_once(argv: list[str], fragment: str, tmp_path: Path) -> None:
    notifier = Notifier(argv, timeout=0.3)
    first = notifier.send({"title": "t"})
    assert first is not None and fragment in first and first.startswith("notify_command failed: ")
    assert notifier.send({"title": "t"}) is None, "not again on every reminder"
    # once it works again, a new failure is news again
    notifier.argv = (sys.executable, "-c", "pass")
    assert notifier.send({}) is None
    notifier.argv = tuple(argv)
    assert notifier.send({"title": "t"}) is not None


def test_service_reports_notify_failures_once(store: Store, clock: FrozenClock) -> None:
    svc = service(store, clock, Settings(notify_command=("/nonexistent/notifier",)))
    for minute in (50, 0):
        for delivery in svc.poll(at(6 if minute else 7, minute)):
            svc.notify(delivery)
    assert len(svc.problems()) == 1


# --- config ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[reminders]\nnag_minutes = 0\n",
        "[reminders]\ncheck_seconds = 0\n",
        "[reminders]\nsnooze_minutes = [5, 0]\n",
        "[reminders]\nsnooze_minutes = []\n",
        "[reminders]\nnotify_timeout = 0\n",
        "[reminders]\ngrace_minutes = -1\n",
        "[reminders]\nbogus = 1\n",
        'notify_command = []\n',
    ],
)
def test_config_refuses_zero_intervals_and_unknown_keys(config_path: Path, text: str) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(text)
    with pytest.raises(DataError):
        load_settings(config_path)


def test_config_reminder_keys_load(config_path: Path) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('lead_minutes = 5\n[reminders]\nsnooze_minutes = [1, 15]\ncheck_seconds = 10\n'
                           'nag_kinds = ["reply", "meeting"]\nkind_leads = { meeting = 20 }\n')
    config_path.chmod(0o600)
    r = load_settings(config_path).reminders
    assert (r.snooze_minutes, r.check_seconds, r.nag_kinds, dict(r.kind_leads)) == (
        (1, 15), 10, ("reply", "meeting"), {"meeting": 20})
