"""`smm-tui next`: the status-bar line, its fast path, and that the fast path answers as the validated one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smm_tui.cli import Context, build_timeline
from smm_tui.cli.next import cached_doc, day_slots, quick_args
from smm_tui.cli.parser import build_parser
from smm_tui.core.clock import FrozenClock
from smm_tui.core.kinds import KINDS
from smm_tui.core.models import Day, Task
from smm_tui.core.store import Store
from smm_tui.core.text import printable
from smm_tui.core.upcoming import (
    DEFAULT_FORMAT,
    NEXT,
    PLACEHOLDERS,
    RUNNING,
    countdown,
    document,
    line,
    parse_template,
    pick,
)

DAY = "2026-11-26"
BERLIN = ZoneInfo("Europe/Berlin")
FORMAT = "{start}-{end}|{kind}|{platforms}|{title}|{countdown}"


def run(*args: str, now: str = "09:10", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, SMM_TUI_NOW=f"{DAY}T{now}:00+01:00", **(env or {}))
    return subprocess.run([sys.executable, "-m", "smm_tui", "next", *args], capture_output=True, text=True,
                          env=full_env, timeout=60)


def test_running_slot_then_next_one_then_the_day_is_over(data_dir: Path) -> None:
    assert run("--format", FORMAT).stdout == (
        "08:30-09:30|publish|blog|Publish the blog post on today's news|now, 20m left\n")
    assert run("--format", FORMAT, now="23:10").stdout == (
        "23:00-23:15|checkin|email,x|Last look at feeds and email|now, 5m left\n")
    over = run("--format", FORMAT, now="23:40")
    assert (over.returncode, over.stdout, over.stderr) == (0, "\n", "")
    assert run(now="09:10").stdout == "08:30 Publish the blog post on today's news (now, 20m left)\n"


def test_ticked_slots_are_passed_over_and_the_next_one_counts_down(data_dir: Path) -> None:
    env = {"SMM_TUI_NOW": f"{DAY}T09:10:00+01:00"}
    done = subprocess.run([sys.executable, "-m", "smm_tui", "done", "5", "--date", DAY], capture_output=True,
                          text=True, env=dict(os.environ, **env), timeout=60)
    assert done.returncode == 0, done.stderr
    assert run("--format", "{start} {title} {countdown}").stdout == (
        "09:30 Follow up with sales and marketing on social leads in 20m\n")


def test_json_is_one_line_with_the_slot_and_its_countdown(data_dir: Path) -> None:
    result = run("--json", now="09:10")
    assert result.returncode == 0 and result.stdout.count("\n") == 1
    doc = json.loads(result.stdout)
    assert doc == {"date": DAY, "state": "now", "countdown": "now, 20m left", "minutes_left": 20, "position": 5,
                   "id": doc["id"], "title": "Publish the blog post on today's news", "start": "08:30",
                   "end": "09:30", "minutes": 60, "kind": "publish", "platforms": ["blog"],
                   "starts_at": "2026-11-26T07:30:00+00:00", "ends_at": "2026-11-26T08:30:00+00:00"}
    assert json.loads(run("--json", now="23:40").stdout) == {"date": DAY, "state": "over"}


@pytest.mark.parametrize(("template", "expected"), [
    ("{bad}", "unknown placeholder {bad}"),
    ("{title.__class__}", "unknown placeholder {title.__class__}"),
    ("{start", "a single '{' at character 1"),
    ("x}", "a single '}' at character 2"),
])
def test_a_bad_template_is_one_line_and_exit_2(data_dir: Path, template: str, expected: str) -> None:
    result = run("--format", template)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and expected in result.stderr, result.stderr


def test_a_broken_day_file_is_the_usual_one_line_error_even_after_a_warm_snapshot(data_dir: Path) -> None:
    assert run("--date", DAY).returncode == 0  # the routine day: snapshot written
    (data_dir / "days").mkdir(exist_ok=True)
    (data_dir / "days" / f"{DAY}.toml").write_text(f'date = {DAY}\nzone = "Europe/Berlin"\n'
                                                      '[[tasks]]\nid = "a"\ntitle = 5\nstart = 09:00:00\n')
    result = run("--date", DAY)
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and f"{DAY}.toml:5: tasks[0].title" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_the_quick_arguments_read_as_the_parser_reads_them() -> None:
    for argv in (["next"], ["next", "--json"], ["next", "--format", "{title}", "--data-dir", "/d", "--config=/c"],
                 ["next", "--format={start} {{x}}", "--json", "--format", "{end}"]):
        quick = quick_args(argv)
        assert quick is not None, argv
        assert vars(quick) == vars(build_parser().parse_args(argv)), argv
    for argv in (["next", "--date", "tomorrow"], ["next", "-h"], ["next", "--format", "{x}"], ["next", "--jsonx"],
                 ["next", "--format"], ["next", "--data-dir", "--json"], ["next", "--json=1"]):
        assert quick_args(argv) is None, argv  # argparse decides, with its usual messages


def test_next_on_a_warm_day_imports_no_pydantic_textual_toml_zones_or_argparse(data_dir: Path) -> None:
    """The fast path's guard (cli/next.py says what each of these costs), on the real clock as a status bar runs it
    (a frozen clock from $SMM_TUI_NOW needs the zone database). typing too: the interpreter does not load it by
    itself, and the modules on this path keep it for mypy (`TYPE_CHECKING = False`)."""
    env = {k: v for k, v in os.environ.items() if k != "SMM_TUI_NOW"}
    first = subprocess.run([sys.executable, "-m", "smm_tui", "next"], capture_output=True, text=True, timeout=60, env=env)
    assert first.returncode == 0, first.stderr  # validates today's (routine) day and writes its snapshot
    probe = ("import sys\nfrom smm_tui.cli import main\nstatus = main(['next', '--json'])\n"
             "heavy = ('pydantic', 'textual', 'tomllib', 'zoneinfo', 'argparse', 'dataclasses', 'smm_tui.core.store',"
             " 'smm_tui.core.timeline', 'typing')\n"
             "print([m for m in heavy if m in sys.modules], status, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
    assert result.stderr.strip() == "[] 0", result.stderr
    assert json.loads(result.stdout)["state"] in ("now", "next", "over")


ROOT = Path(__file__).resolve().parents[2]
# What `next` must not import, each for a reason cli/next.py gives: re (and enum) via the launcher, json or
# core.text; pathlib (with urllib.parse); platformdirs (tempfile, shutil); and the heavy ones above.
NOT_ON_THE_STATUS_BAR_PATH = ("re", "enum", "json", "pathlib", "platformdirs", "functools", "typing", "argparse",
                              "dataclasses", "pydantic", "textual", "tomllib", "zoneinfo", "smm_tui.core.store")


@pytest.mark.parametrize("where", ["env", "xdg"])
def test_the_installed_command_runs_next_without_re_json_pathlib_or_platformdirs(isolated_env: Path,
                                                                                   where: str) -> None:
    """The real launcher (scripts/smm-tui), on a bare interpreter (-S: no site-packages' .pth files, which
    import re themselves in the test install), with the data dir given by $SMM_TUI_DATA_DIR or found by the
    XDG rule (no $SMM_TUI_DATA_DIR, as a status bar usually runs it). -X importtime lists every module."""
    env = {k: v for k, v in os.environ.items() if k != "SMM_TUI_NOW"}
    if where == "xdg":
        env.pop("SMM_TUI_DATA_DIR")
        env.pop("SMM_TUI_CONFIG")
        env.pop("XDG_DATA_HOME")
    first = subprocess.run([sys.executable, "-m", "smm_tui", "next"], capture_output=True, text=True, timeout=60,
                           env=env)
    assert first.returncode == 0, first.stderr  # validates today's (routine) day and writes its snapshot
    data = Path(env.get("SMM_TUI_DATA_DIR") or isolated_env / ".local" / "share" / "smm-tui")
    assert list((data / ".cache").glob("day-*.snap")), "the first run left a snapshot"
    bare = subprocess.run([sys.executable, "-S", "-X", "importtime", str(ROOT / "scripts" / "smm-tui"), "next"],
                          capture_output=True, text=True, timeout=60, env=dict(env, PYTHONPATH=str(ROOT)))
    assert bare.returncode == 0, bare.stderr
    assert bare.stdout == first.stdout
    imported = {row.rpartition("|")[2].strip() for row in bare.stderr.splitlines() if row.startswith("import time:")}
    assert "smm_tui.core.snapshot" in imported, "the probe saw the fast path"
    assert sorted(imported.intersection(NOT_ON_THE_STATUS_BAR_PATH)) == []


# --- the picking rules, without a process ---------------------------------------------------------------


def _timeline(tmp: Path, day: date, tasks: list[Task]) -> tuple[Context, FrozenClock]:
    clock = FrozenClock(datetime.combine(day, time(9), tzinfo=BERLIN), "Europe/Berlin")
    store = Store(tmp / "data", clock).open()
    store.save_day(Day(date=day, zone="Europe/Berlin", tasks=tuple(tasks)))
    return Context(tmp / "data", tmp / "config.toml", clock), clock


def test_countdown_words(tmp_path: Path) -> None:
    day = date(2026, 11, 26)
    ctx, _ = _timeline(tmp_path, day, [Task(id="a", title="A", start=time(10), minutes=90, kind="meeting")])
    (entry,) = build_timeline(ctx, day).entries
    at = datetime(2026, 11, 26, 10, tzinfo=BERLIN)
    assert countdown(NEXT, entry, at - timedelta(minutes=12)) == "in 12m"
    assert countdown(NEXT, entry, at - timedelta(seconds=20)) == "in 1m"  # rounded up, never "in 0m"
    assert countdown(NEXT, entry, at - timedelta(minutes=65)) == "in 1h 5m"
    assert countdown(NEXT, entry, at - timedelta(hours=2)) == "in 2h"
    assert countdown(NEXT, entry, at) == "now"
    assert countdown(RUNNING, entry, at + timedelta(minutes=82)) == "now, 8m left"
    assert countdown(RUNNING, entry, at) == "now, 1h 30m left"


def test_overlapping_running_slots_show_the_one_begun_last_and_titles_are_made_safe(tmp_path: Path) -> None:
    day = date(2026, 11, 26)
    ctx, _ = _timeline(tmp_path, day, [
        Task(id="a", title="Long", start=time(9), minutes=120, kind="meeting"),
        Task(id="b", title="Short \x1b[2J", start=time(9, 30), minutes=15, kind="reply", platforms=("x",)),
    ])
    entries = build_timeline(ctx, day).entries
    at = datetime(2026, 11, 26, 9, 35, tzinfo=BERLIN)
    assert pick(entries, at) == (RUNNING, entries[1])
    assert line(entries, at, parse_template("{title}|{platforms}")) == "Short \\x1b[2J|x"
    assert line(entries, at + timedelta(minutes=15), parse_template("{title}")) == "Long"


# --- the fast path answers as the validated path ------------------------------------------------------

titles = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), min_size=1, max_size=12)
tasks_strategy = st.lists(
    st.tuples(st.integers(0, 23 * 60 + 59), st.integers(0, 240), st.sampled_from(("todo", "todo", "done", "skipped")),
              st.sampled_from(KINDS), titles),
    max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.dates(date(2026, 1, 1), date(2027, 12, 31)), spec=tasks_strategy,
       moments=st.lists(st.integers(-120, 26 * 60), min_size=1, max_size=6))
@example(day=date(2026, 3, 29), spec=[(120, 90, "todo", "meeting", "gap"), (150, 30, "todo", "reply", "in the gap")],
         moments=[60, 119, 121, 150, 180, 200])  # spring forward in Berlin: 02:00-03:00 does not exist
@example(day=date(2026, 10, 25), spec=[(150, 60, "todo", "meeting", "twice"), (170, 10, "done", "reply", "x")],
         moments=[120, 150, 160, 200, 215])  # fall back: 02:00-03:00 happens twice
def test_the_snapshot_path_answers_as_the_validated_path(day: date, spec: list[tuple[int, int, str, str, str]],
                                                         moments: list[int]) -> None:
    tasks = [Task(id=f"t{i}", title=title.strip() or "x", start=time(start // 60, start % 60), minutes=minutes,
                  kind=kind, status=status, platforms=("x", "blog")[: i % 3],
                  done_at=datetime(2026, 1, 1, tzinfo=UTC) if status == "done" else None)
             for i, (start, minutes, status, kind, title) in enumerate(spec)]
    template = parse_template(DEFAULT_FORMAT + " {end} {kind} {platforms}")
    with tempfile.TemporaryDirectory() as tmp:
        ctx, _ = _timeline(Path(tmp), day, tasks)
        validated = build_timeline(ctx, day).entries  # also writes the snapshot
        assert cached_doc(ctx, day) is not None
        fast = day_slots(ctx, day)
        assert type(fast[0]).__name__ == "_DocSlot" if fast else True  # the fast path answered
        midnight = datetime.combine(day, time(0), tzinfo=BERLIN).astimezone(UTC)
        for minute in moments:
            now = (midnight + timedelta(minutes=minute, seconds=17)).astimezone(BERLIN)
            assert line(fast, now, template) == line(validated, now, template)
            assert document(day, fast, now) == document(day, validated, now)


# --- the template grammar: scanned by hand (no `re` on this path), read as the regular expression reads it -----

_ORACLE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]", re.ASCII)


def _oracle_parse(text: str) -> str:
    """The grammar as one regular expression (what parse_template replaced), rendered with `<name>` markers."""
    out, at = [], 0
    for match in _ORACLE.finditer(text):
        out.append(text[at:match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            out.append(token[0])
        elif match.group(1) is None:
            raise ValueError(f"a single {token!r} at character {match.start() + 1}: write {token * 2} for a brace")
        elif match.group(1) in PLACEHOLDERS:
            out.append(f"<{match.group(1)}>")
        else:
            raise ValueError(f"unknown placeholder {printable(token)}")
        at = match.end()
    return "".join(out) + text[at:]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "{{", "}}", "a", " ", "é", "\x1b", "{title}", "{start}", "{nope}",
                                 "{countdown}", "title", "{}"]), max_size=12).map("".join))
def test_the_template_scanner_reads_as_the_regular_expression(text: str) -> None:
    try:
        expected = _oracle_parse(text)
    except ValueError as exc:
        with pytest.raises(ValueError) as raised:
            parse_template(text)
        assert str(raised.value).split(":")[0] == str(exc).split(":")[0]
        return
    parts = parse_template(text)
    assert "".join(f"<{value}>" if named else value for named, value in parts) == expected
