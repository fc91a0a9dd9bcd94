"""Bad input: hypothesis mutates valid day files, routine.toml, config.toml and theme files.

Loading through the real loaders (Store.load_day / load_routine / check /
update_day, config.load_settings, themes.load_theme_file / load_themes) must
give a valid object or a DataError - never another exception - whose every
problem names the file, carries a line or a field, and fits on one line; and
the file must be left byte-for-byte as it was. A valid mutated day must also
render (timeline, text and JSON agenda) without an exception.
"""

from __future__ import annotations

import math
import re
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as wall
from pathlib import Path
from typing import Any

import harness
import pytest
import tomli_w
from corpus import HOSTILE_TEXTS
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from smm_tui.config import load_settings
from smm_tui.core.agenda import render_json, render_text
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import DataError, Problem, SaveError, StoreBusy
from smm_tui.core.models import Task
from smm_tui.core.routine import DEFAULT_ROUTINE_TOML
from smm_tui.core.store import Store
from smm_tui.core.timeline import build
from smm_tui.core.tomlfile import MAX_FILE_BYTES
from smm_tui.themes import builtin_dir as builtin_themes_dir
from smm_tui.themes.spec import load_theme_file, load_themes

pytestmark = pytest.mark.torture

DAY = date(2026, 11, 26)
BERLIN_NOW = datetime(2026, 11, 26, 9, 10, tzinfo=timezone(timedelta(hours=1)))
FUZZ = settings(max_examples=200, deadline=None, database=None,
                phases=[Phase.generate, Phase.shrink],  # "explain" traces every line: minutes on 1 MB files
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
"""200 examples per file kind, seeded with harness.SEED (SMM_TORTURE_SEED replays other ones)."""

CONFIG_TOML = b"""\
theme = "hectic"
lead_minutes = 10
bell = true
notify_command = ["notify-send", "{title}", "{body}"]

[bands]
lunch = 12:00:00
afternoon = 13:00:00
evening = 19:00:00

[reminders]
at_start = true
nag_minutes = 15
nag_kinds = ["reply"]
grace_minutes = 5
kind_leads = { meeting = 15 }

[keymap]
"task.toggle" = "space,x"
"""

# --- building blocks of hostile files ----------------------------------------------------------

SNIPPETS = [
    b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\n[[tasks]]\n", b"\n[tasks]\n", b'"', b'"""', b"'''", b"= ",
    b"\n[", b"}", b"{", b"]", b"\n", b"\r\n", b"\t", b"#", b"\\", b"\\u0000", b"\\uD800", b"\x1b[2J",
    b"x." * 20 + b"y = 1\n", b"9" * 5000, b"1e400", b"nan", b"-inf", b"0001-01-01", b"9999-12-31T23:59:59+23:59",
    b"24:60:00", b"[" * 2000, b"{a=" * 300, b"\ndate = 2026-11-27\n", b'\nzone = "Mars/Olympus"\n',
    b"\nversion = 2\n", b'\nid = "dup"\n', b"\nminutes = -1\n", b'\nstatus = "maybe"\n', b"\n\xef\xbb\xbf",
]

TOML_SCALARS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1441, 10**30, -(10**30), 2**63, 2**64 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from([*HOSTILE_TEXTS, "", "x" * 100_000, "Europe/Berlin", "../../etc/passwd", "#12345", "done"]),
    st.text(max_size=40),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.none() | st.sampled_from([UTC, timezone(timedelta(hours=14)),
                                                         timezone(timedelta(hours=-23, minutes=-59))])),
)


def _nested(depth: int, leaf: Any, as_list: bool) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value] if as_list else {"a": value}
    return value


TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
) | st.builds(_nested, st.integers(1, 400), TOML_SCALARS, st.booleans())


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out.extend(_paths(value, (*prefix, index)))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any, *, delete: bool = False) -> None:
    for part in path[:-1]:
        doc = doc[part]
    if delete:
        del doc[path[-1]]
    else:
        doc[path[-1]] = value


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """One or more byte-level or value-level mutations of a valid file."""
    data = original
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate", "value", "value", "huge"]))
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "flip":
            for _ in range(draw(st.integers(1, 8))):
                if data:
                    at = draw(st.integers(0, len(data) - 1))
                    data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            piece = draw(st.sampled_from(SNIPPETS) | st.binary(min_size=1, max_size=16))
            data = data[:at] + piece + data[at:]
        elif kind == "delete" and data:
            start = draw(st.integers(0, len(data) - 1))
            data = data[:start] + data[start + draw(st.integers(1, 200)) :]
        elif kind == "duplicate" and data:
            start = draw(st.integers(0, len(data) - 1))
            piece = data[start : start + draw(st.integers(1, 400))]
            data = data[:start] + piece + piece + data[start:]
        elif kind == "huge":
            filler = draw(st.sampled_from([b"# padding\n", b"[[tasks]]\n", b"x = 1\n", b"\x00"]))
            data = data + filler * (draw(st.integers(1, 3)) * (MAX_FILE_BYTES // len(filler)) // 2)
        else:  # a value-level change that keeps the file valid TOML
            try:
                doc = tomllib.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
                continue
            paths = _paths(doc)
            action = draw(st.sampled_from(["replace", "delete", "unknown"]))
            if action == "unknown" or not paths:
                target: Any = doc
                if paths:
                    parent = draw(st.sampled_from(paths))
                    holder = doc
                    for part in parent:
                        holder = holder[part]
                    if isinstance(holder, dict):
                        target = holder
                target[draw(st.sampled_from(["extra", "Title", "tasks2", "version", "colour", "nag_minutes"]))] = draw(TOML_VALUES)
            elif action == "delete":
                _set(doc, draw(st.sampled_from(paths)), None, delete=True)
            else:
                _set(doc, draw(st.sampled_from(paths)), draw(TOML_VALUES))
            try:
                data = tomli_w.dumps(doc).encode()
            except (TypeError, ValueError, RecursionError):
                continue  # tomli-w cannot write it (e.g. nesting too deep): not a file anyone can have
    return data


# --- what every failure must look like ----------------------------------------------------------

FILE_LEVEL = re.compile(r"^(file is larger than|TOML nesting is too deep|value nesting is too deep|"
                        r"notify_command must be a list|\.\.\. and [0-9]+ more problems$)")


def assert_clean(problems: list[Problem], path: Path) -> None:
    assert problems, "DataError without problems"
    for problem in problems:
        text = str(problem)
        assert problem.path == path, f"problem names another file: {text}"
        assert text.startswith(f"{path}"), text
        assert "\n" not in text and len(text) < 600, f"not one short line: {text[:300]!r}"
        assert problem.line is not None or problem.field or FILE_LEVEL.match(problem.message), (
            f"no line and no field: {text}")
        if problem.line is not None:
            assert problem.line >= 1


OUTCOMES: Counter[str] = Counter()
MESSAGES: set[str] = set()


def run_loader(load: Callable[[], Any], path: Path) -> Any:
    """The loader's result, or None after a clean DataError (checked); anything else fails the test."""
    started = time.perf_counter()
    try:
        result = load()
    except DataError as exc:
        assert_clean(exc.problems, path)
        OUTCOMES[f"{path.name}: refused"] += 1
        MESSAGES.add(re.sub(r"[0-9]+", "N", exc.problems[0].message)[:40])
        return None
    finally:
        elapsed = time.perf_counter() - started
        OUTCOMES["slowest load ms"] = max(OUTCOMES["slowest load ms"], int(elapsed * 1000))
        assert elapsed < 8, "a loader took over 8 s"
    OUTCOMES[f"{path.name}: loaded"] += 1
    return result


def check_file(path: Path, data: bytes, loaders: list[Callable[[], Any]]) -> list[Any]:
    path.write_bytes(data)
    results = [run_loader(load, path) for load in loaders]
    assert path.read_bytes() == data, "a loader changed the file"
    return results


# --- the fuzz tests ----------------------------------------------------------------------------


def _fresh_store(tmp: str) -> tuple[Store, FrozenClock]:
    clock = FrozenClock(BERLIN_NOW, "Europe/Berlin")
    return Store(Path(tmp) / "data", clock, settle=0).open(), clock


def _valid_day_file() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        store, clock = _fresh_store(tmp)
        store.update_day(DAY, lambda d: d.toggle("wake-0530", clock.now()).set_status("news-0600", "skipped", clock.now()))
        for n, title in enumerate(HOSTILE_TEXTS[:6]):
            store.update_day(DAY, lambda d, n=n, t=title: d.with_task(
                Task(id=f"t{n}", title=t, start=wall(10, n), note=t, platforms=("x", "email"), lead=5)))
        return store.day_path(DAY).read_bytes()


VALID_DAY = _valid_day_file()


@FUZZ
@seed(harness.SEED)
@given(st.data())
def test_fuzzed_day_files(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, clock = _fresh_store(tmp)
        path = store.day_path(DAY)
        content = data.draw(mutated(VALID_DAY))
        day, _ = check_file(path, content, [lambda: store.load_day(DAY), lambda: Store(store.data_dir, clock).check()])
        if day is None:
            # Broken: an attempted change must fail cleanly and leave the file alone.
            with pytest.raises(DataError) as info:
                store.update_day(DAY, lambda d: d.toggle(d.tasks[0].id, clock.now()) if d.tasks else d)
            assert_clean(info.value.problems, path)
            assert path.read_bytes() == content
            problems = Store(store.data_dir, clock).check()
            assert problems and all(p.path == path for p in problems)
        else:
            timeline = build(day)
            render_text(timeline, clock.now())
            render_json(timeline, clock.now())
            try:
                store.update_day(DAY, lambda d: d.model_copy(update={"note": "fuzzed and saved"}))
            except (SaveError, StoreBusy) as exc:  # pragma: no cover - would be a finding
                pytest.fail(f"saving a valid day failed: {exc}")
            assert store.load_day(DAY).note == "fuzzed and saved"


@FUZZ
@seed(harness.SEED)
@given(st.data())
def test_fuzzed_routine(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, clock = _fresh_store(tmp)
        path = store.routine_path
        content = data.draw(mutated(DEFAULT_ROUTINE_TOML.encode()))
        routine, day, _ = check_file(path, content, [store.load_routine, lambda: store.load_day(DAY),
                                                     lambda: Store(store.data_dir, clock).check()])
        if routine is None:
            assert day is None
            with pytest.raises(DataError):
                store.update_day(DAY, lambda d: d)
            assert path.read_bytes() == content and not store.has_day_file(DAY)
        else:
            timeline = build(day)
            render_text(timeline, clock.now())


@FUZZ
@seed(harness.SEED)
@given(st.data())
def test_fuzzed_config(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        content = data.draw(mutated(CONFIG_TOML))
        path.write_bytes(content)
        path.chmod(0o600)
        (settings_,) = check_file(path, content, [lambda: load_settings(path)])
        if settings_ is not None:
            assert settings_.reminders.notify_timeout > 0 and math.isfinite(settings_.reminders.notify_timeout)
            assert settings_.lead_minutes >= 0


THEME_FILES = sorted(builtin_themes_dir().glob("*.toml"))


@FUZZ
@seed(harness.SEED)
@given(st.data())
def test_fuzzed_theme_files(data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(THEME_FILES)).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.toml"
        content = data.draw(mutated(original))
        spec, _ = check_file(path, content, [lambda: load_theme_file(path), lambda: load_themes(Path(tmp))])
        themes, failures = load_themes(Path(tmp))
        if spec is None:
            assert not themes and failures
            assert_clean(failures, path)
        else:
            assert themes == {spec.name: spec} and not failures
            assert all(re.fullmatch(r"#[0-9A-F]{3,8}", c) for c in spec.kind_colors().values())


# --- the big ones, explicitly -------------------------------------------------------------------


@pytest.mark.parametrize("target", ["day", "routine", "config", "theme"])
def test_a_10_mb_file_is_refused_quickly_and_left_alone(data_dir: Path, clock: FrozenClock, target: str) -> None:
    store = Store(data_dir, clock).open()
    path = {"day": store.day_path(DAY), "routine": store.routine_path,
            "config": data_dir / "config.toml", "theme": data_dir / "big-theme.toml"}[target]
    content = VALID_DAY + b"".join(b"[[tasks]]\nid = 'x%d'\ntitle = 'padding'\nstart = 09:00:00\n" % i
                                   for i in range(10 * 1024 * 1024 // 50))
    loader = {"day": lambda: store.load_day(DAY), "routine": store.load_routine,
              "config": lambda: load_settings(path), "theme": lambda: load_theme_file(path)}[target]
    path.write_bytes(content)
    started = time.perf_counter()
    with pytest.raises(DataError) as info:
        loader()
    elapsed = time.perf_counter() - started
    assert str(info.value) == (f"{path}: file is larger than 1 MB; is it the right file? "
                               "(smm-tui does not read files this large)")
    assert elapsed < 0.5, f"refusing a 10 MB file took {elapsed:.2f} s"
    assert path.read_bytes() == content


def test_zz_report_outcomes() -> None:
    """Not a check: records what the fuzzing above exercised (runs last in this module)."""
    harness.report("fuzz", **dict(sorted(OUTCOMES.items())), distinct_refusals=len(MESSAGES))
