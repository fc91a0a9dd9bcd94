"""Every smm-tui benchmark in one command: one table, also saved as JSON.

Builds the synthetic year (benchmarks/synth.py: 365 day files x 40 tasks)
once in a temporary directory, then measures, section by section:

- first paint in tmux vs a blank Textual app (benchmarks/first_paint.py; it
  builds its own identical year, as it always has), of the day and of the
  week view (`smm-tui --view week`);
- `smm-tui today` vs the bare pydantic import (benchmarks/today.py);
- tick to durable save: a key press in the app (Textual's Pilot, in process,
  on a copy of the year) until `Store.update_day` has returned, i.e. the day
  file is fsync'd, renamed into place and its directory fsync'd (the file is
  read back after each tick to check it holds the change);
- memory: VmHWM of the app in tmux after a few days back and forth, against a
  blank Textual app; max RSS of `smm-tui today` (GNU time's %M) against the
  pydantic import;
- idle CPU over a window (60 s): the app in tmux (/proc schedstat of its
  process) and `smm-tui remind` (benchmarks/idle_cpu.py), run concurrently;
- exports (benchmarks/export.py) and key-press latency (benchmarks/keypress.py);
- sync against a local Radicale (benchmarks/sync.py): first sync of 30 days x
  40 tasks, a no-change and a one-change sync, with requests and bytes;
- history (benchmarks/history.py): ten years (3,650 day files x 40 tasks, built
  for this section): the cold build of the history index against `cat` of the
  same files, `stats` over 10 years / 1 year / a week, `search` over 10 years,
  a save that keeps the index in step, and the peak memory of `stats`;
- `smm-tui next` against `calcurse --next` and the bare interpreter start
  (benchmarks/next_line.py);
- peers, when installed: khal 0.10 (`khal list` of one day) and calcurse
  (`calcurse -d` of one day) on the same year of events, against
  `smm-tui today --date` of that day; and each program's bare start.

Medians of interleaved runs throughout; ratios against a baseline measured in
the same run. Results: benchmarks/results/<timestamp>.json and
benchmarks/results/latest.json (gitignored).

Usage: python benchmarks/run.py [--quick] [--only SECTION,...] [--markdown]
       python benchmarks/run.py --show benchmarks/results/latest.json [--markdown]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build_year
from benchmarks.timing import median

PY = sys.executable
SCRIPT = str(Path(PY).parent / "smm-tui")
ZONE = "Europe/Berlin"
RESULTS = Path(__file__).resolve().parent / "results"
SECTIONS = ("first_paint", "week_paint", "today", "tick", "memory", "idle", "export", "keypress", "sync", "peers",
            "next", "history", "scaled")


# --- the table -----------------------------------------------------------------------------


@dataclass
class Target:
    """A pass/fail rule on a row's value or its ratio, e.g. Target("ratio", "<=", 1.2)."""

    on: str  # "value" or "ratio"
    op: str  # "<" or "<="
    limit: float

    def check(self, value: float | None, ratio: float | None) -> bool | None:
        subject = ratio if self.on == "ratio" else value
        if subject is None:
            return None
        return subject < self.limit if self.op == "<" else subject <= self.limit

    def label(self, unit: str) -> str:
        suffix = "x" if self.on == "ratio" else f" {unit}".rstrip()
        return f"{self.op} {self.limit:g}{suffix}"

    @classmethod
    def parse(cls, label: str) -> Target:
        """The rule back from its label ("<= 1.2x", "< 20 ms"), for tables re-printed from saved JSON."""
        op, rest = label.split(" ", 1)
        number = rest.split(" ", 1)[0]
        if number.endswith("x"):
            return cls("ratio", op, float(number[:-1]))
        return cls("value", op, float(number))


@dataclass
class Row:
    """One line of the table: a measured figure, its same-run baseline and target."""

    metric: str
    value: float | None
    unit: str = "ms"
    baseline: float | None = None
    baseline_label: str = ""
    target: Target | None = None
    note: str = ""
    section: str = ""
    ratio: float | None = field(default=None)

    def __post_init__(self) -> None:
        if self.ratio is None and self.value is not None and self.baseline:
            self.ratio = round(self.value / self.baseline, 3)

    @property
    def passed(self) -> bool | None:
        return self.target.check(self.value, self.ratio) if self.target is not None else None

    def result(self) -> str:
        if self.value is None:
            return "error" if self.note.startswith("error") else "n/a"
        return {True: "pass", False: "FAIL", None: ""}[self.passed]


def fmt(number: float | None) -> str:
    """Three significant figures or so: 1234, 123, 12.3, 1.23, 0.0123."""
    if number is None:
        return "-"
    size = abs(number)
    if size >= 100:
        return f"{number:.0f}"
    if size >= 10:
        return f"{number:.1f}"
    if size >= 0.1 or size == 0:
        return f"{number:.2f}"
    return f"{number:.2g}"


def _cells(row: Row) -> list[str]:
    value = f"{fmt(row.value)} {row.unit}".rstrip() if row.value is not None else "-"
    baseline = f"{fmt(row.baseline)} {row.unit}".rstrip() if row.baseline is not None else ""
    if row.baseline_label and baseline:
        baseline = f"{baseline} ({row.baseline_label})"
    ratio = f"{fmt(row.ratio)}x" if row.ratio is not None else ""
    target = row.target.label(row.unit) if row.target is not None else ""
    return [row.metric, value, baseline, ratio, target, row.result()]


HEADERS = ["metric", "value", "baseline", "ratio", "target", "result"]


def format_table(rows: Sequence[Row], *, markdown: bool = False) -> str:
    """The table as aligned text (terminal) or as a Markdown table (docs/performance.md), notes numbered below."""
    cells = [_cells(row) for row in rows]
    notes: list[str] = []
    for row, line in zip(rows, cells, strict=True):
        if row.note:
            notes.append(row.note)
            line[0] = f"{line[0]} [{len(notes)}]"
    if markdown:
        out = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in cells]
    else:
        widths = [max(len(h), *(len(line[i]) for line in cells)) for i, h in enumerate(HEADERS)]
        out = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)).rstrip(),
               "  ".join("-" * w for w in widths)]
        out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells]
    if notes:
        out.append("")
        bullet = "- " if markdown else ""  # a Markdown list, or the notes run together into one paragraph
        out += [f"{bullet}[{index}] {note}" for index, note in enumerate(notes, 1)]
    return "\n".join(out)


def to_document(rows: Sequence[Row], machine: dict[str, Any], settings: dict[str, Any],
                raw: dict[str, Any]) -> dict[str, Any]:
    """The JSON document: machine, settings, every row (with its verdict) and each section's raw figures."""
    out_rows = []
    for row in rows:
        item = asdict(row)
        item["target"] = row.target.label(row.unit) if row.target is not None else None
        item["passed"] = row.passed
        item["result"] = row.result()
        out_rows.append(item)
    return {"machine": machine, "settings": settings, "rows": out_rows, "raw": raw}


def rows_from_document(document: dict[str, Any]) -> list[Row]:
    """The rows of a saved JSON document (to re-print a table without measuring again)."""
    rows = []
    for item in document["rows"]:
        fields = {key: item[key] for key in ("metric", "value", "unit", "baseline", "baseline_label", "note",
                                             "section", "ratio") if key in item}
        target = Target.parse(item["target"]) if item.get("target") else None
        rows.append(Row(**fields, target=target))
    return rows


def header(machine: dict[str, Any], quick: bool = False) -> str:
    """The line above the table: when and where it was measured."""
    load = machine.get("load average (1 min) at start, at end")
    loads = f"; load average {load[0]:.2f} at start, {load[1]:.2f} at end" if load else ""
    return (f"smm-tui benchmarks, {machine['date']}: {machine['cores']} cores, {machine['cpu']}, "
            f"Python {machine['python']}, Textual {machine.get('textual', '?')}{loads}"
            + (" (--quick)" if quick else ""))


def save_document(document: dict[str, Any], directory: Path, stamp: str) -> Path:
    """Write `<stamp>.json` and `latest.json` in `directory` (created if missing); the stamped path."""
    from smm_tui.core.atomicfile import write_atomic

    directory.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(document, indent=2, default=str) + "\n").encode()
    path = directory / f"{stamp}.json"
    write_atomic(path, data, durable=False)
    write_atomic(directory / "latest.json", data, durable=False)
    return path


def machine_info() -> dict[str, Any]:
    """Where the figures come from: date, cores, CPU model, Python and Textual versions."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001 - informational only
        textual = "?"
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": model or platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "textual": textual,
        "system": f"{platform.system()} {platform.release()}",
    }


# --- helpers ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 100 samples is the 95th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def max_rss_mb(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Max RSS in MB of one run of `argv`, as /usr/bin/time reports it (GNU time, %M).

    Not os.wait4 or RUSAGE_CHILDREN from here: a child forked from this process
    starts with a copy of its memory (a Textual-sized Python), and Linux keeps
    that copy's peak in the child's ru_maxrss across exec. /usr/bin/time is a
    small C program, so what it reports is the program's own peak.
    """
    time_bin = shutil.which("time", path="/usr/bin:/bin") or ""
    if not time_bin:
        raise RuntimeError("GNU time (/usr/bin/time) is needed for max RSS: apt-get install time")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        result = subprocess.run([time_bin, "-f", "%M", "-o", report.name, *argv], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:3])} exited with {result.returncode}: "
                               f"{result.stderr.decode(errors='replace')[:200]}")
        return int(report.read().split()[-1]) / 1024  # kilobytes


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return out


def python_pid(root: int) -> int:
    """The python process at or under `root` (a tmux pane may run it under a shell or `env`)."""
    todo = [root]
    while todo:
        pid = todo.pop(0)
        try:
            if "python" in os.path.basename(os.readlink(f"/proc/{pid}/exe")):
                return pid
        except OSError:
            pass
        todo += _children(pid)
    raise RuntimeError(f"no python process under pid {root}")


def vm_hwm_mb(pid: int) -> float:
    """Peak resident set size so far (VmHWM) of a running process, in MB."""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for pid {pid}")


class Pane:
    """One program running in a session of first_paint's private tmux server."""

    def __init__(self, tmux: Any, name: str, command: str, env: dict[str, str]) -> None:
        import shlex

        self.tmux, self.name = tmux, name
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        from benchmarks.first_paint import SIZE

        tmux("new-session", "-d", "-s", name, "-x", SIZE[0], "-y", SIZE[1], f"env {exports} {command}")
        root = int(tmux("list-panes", "-t", name, "-F", "#{pane_pid}").stdout.split()[0])
        self.pid = self._wait_for_python(root)

    @staticmethod
    def _wait_for_python(root: int, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return python_pid(root)
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def screen(self) -> str:
        return str(self.tmux("capture-pane", "-p", "-t", self.name, check=False).stdout)

    def wait_for(self, needle: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in (screen := self.screen()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{needle!r} did not appear within {timeout} s:\n{screen}")
            time.sleep(0.02)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def close(self) -> None:
        self.tmux("kill-session", "-t", self.name, check=False)


def _app_env(tmp: Path, data: Path) -> dict[str, str]:
    env = {"TERM": os.environ.get("TERM", "xterm-256color"), "PATH": os.environ.get("PATH", ""),
           "HOME": str(tmp), "SMM_TUI_DATA_DIR": str(data), "SMM_TUI_CONFIG": str(tmp / "config.toml"),
           "TZ": ZONE}
    return env


# --- sections ---------------------------------------------------------------------------------


@dataclass
class Context:
    """What every section gets: settings, the synthetic year (never modified) and a scratch dir."""

    quick: bool
    year: Path
    end: date  # the year's day files end the day before
    scratch: Path
    raw: dict[str, Any] = field(default_factory=dict)

    def pick(self, full: Any, quick: Any) -> Any:
        return quick if self.quick else full

    def copy_year(self, name: str) -> Path:
        """A copy of the year for an app to run on, with today's carry-over offer already declined.

        The synthetic year ends with open tasks that were added by hand, so the app would offer to
        carry them over (a dialog over the day) and that dialog would take the keys these sections
        send to the timeline. Declining it as a user would keeps the measurement on the day view.
        """
        from smm_tui.core.carry import decline
        from smm_tui.core.clock import FrozenClock
        from smm_tui.core.store import Store

        target = self.scratch / name
        shutil.copytree(self.year, target)
        clock = FrozenClock(datetime.combine(self.end, dtime(9, 0), tzinfo=ZoneInfo(ZONE)), ZONE)
        decline(Store(target, clock).open(), self.end)
        return target


def section_first_paint(ctx: Context) -> list[Row]:
    from benchmarks import first_paint

    runs = ctx.pick(15, 3)
    result = first_paint.measure(runs)
    ctx.raw["first_paint"] = result
    return [Row("first paint in tmux 120x40 (year of history)", result["smm-tui (year of history)"],
                baseline=result["blank textual app"], baseline_label="blank Textual app",
                ratio=result["ratio smm-tui/blank"], target=Target("ratio", "<=", 1.2),
                note=f"medians of {runs} interleaved runs, until the first slot title shows in capture-pane; "
                     f"median of paired-round ratios {result['ratio, median of paired rounds']}x, "
                     f"fastest runs {result['smm-tui, fastest']} vs {result['blank textual app, fastest']} ms "
                     f"({result['ratio of fastest runs']}x)")]


def section_week_paint(ctx: Context) -> list[Row]:
    from benchmarks import first_paint

    runs = ctx.pick(15, 3)
    result = first_paint.measure(runs, week=True)
    ctx.raw["week_paint"] = result
    return [Row("week view first paint in tmux 120x40 (`--view week`, year of history)",
                result["smm-tui (year of history)"], baseline=result["blank textual app"],
                baseline_label="blank Textual app", ratio=result["ratio smm-tui/blank"], target=Target("ratio", "<=", 1.2),
                note=f"medians of {runs} interleaved runs, until a day's count shows in the grid's headings; "
                     f"the day view in the same runs {result['ratio day view/blank, same runs']}x; "
                     f"median of paired-round ratios {result['ratio, median of paired rounds']}x, "
                     f"fastest runs {result['smm-tui, fastest']} vs {result['blank textual app, fastest']} ms "
                     f"({result['ratio of fastest runs']}x)")]


def section_today(ctx: Context) -> list[Row]:
    from benchmarks import today

    runs = ctx.pick(21, 5)
    result = today.measure(runs, year=ctx.year)
    ctx.raw["today"] = result
    floor = result["pydantic floor"]
    return [
        Row("`smm-tui today` (year of history)", result["today (year)"], baseline=floor,
            baseline_label="python -c 'from pydantic import BaseModel'", target=Target("ratio", "<=", 1.15),
            note=f"medians of {runs} interleaved runs; an empty data dir: {result['today (empty)']} ms, "
                 f"yesterday's 40-task file: {result['today yesterday (year, has file)']} ms"),
        Row("`smm-tui today`, no snapshot cache", result["today cold (no snapshot)"], baseline=floor,
            baseline_label="pydantic import"),
    ]


async def _tick_samples(data_dir: Path, day: date, ticks: int) -> tuple[list[float], ...]:
    """Per tick: ms from the key press to the durable save, to the redrawn screen, in fsync(2), and CPU ms of the save."""
    from smm_tui.config import Settings
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.models import Day
    from smm_tui.core.store import Store
    from smm_tui.ui.app import SmmApp

    saved: list[float] = []
    save_cpu: list[float] = []  # CPU ms of the save itself: what is ours, not the disk's or other processes'
    fsyncs: list[tuple[float, float]] = []  # (when it returned, ms)
    real_fsync = os.fsync

    def timed_fsync(fd: int) -> None:  # how much of a save is the disk's (a shared disk has a long tail)
        start = time.perf_counter()
        try:
            real_fsync(fd)
        finally:
            end = time.perf_counter()
            fsyncs.append((end, (end - start) * 1000))

    class TimedStore(Store):
        """The real store; notes the moment update_day returns (fsync, rename and dir fsync all done)."""

        def update_day(self, day: date, change: Callable[[Day], Day]) -> Day:
            cpu = time.thread_time()
            result = super().update_day(day, change)
            saved.append(time.perf_counter())
            save_cpu.append((time.thread_time() - cpu) * 1000)
            return result

    clock = FrozenClock(datetime.combine(day, dtime(9, 10), tzinfo=ZoneInfo(ZONE)), ZONE)
    store = TimedStore(data_dir, clock).open()
    app = SmmApp(data_dir, data_dir.parent / "tick-config.toml", clock, store=store, settings=Settings(),
                 cursor_blink=False)
    to_disk: list[float] = []
    to_screen: list[float] = []
    in_fsync: list[float] = []
    os.fsync = timed_fsync
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _tick_loop(app, pilot, store, day, ticks, saved, fsyncs, to_disk, to_screen, in_fsync)
    finally:
        os.fsync = real_fsync
    return to_disk, to_screen, in_fsync, save_cpu


async def _tick_loop(app: Any, pilot: Any, store: Any, day: date, ticks: int, saved: list[float],
                     fsyncs: list[tuple[float, float]], to_disk: list[float], to_screen: list[float],
                     in_fsync: list[float]) -> None:
    import tomllib

    await pilot.pause()
    for index in range(ticks):
        if index % 2 == 0 and index:
            await pilot.press("j" if (index // 20) % 2 == 0 else "k")  # next task (untimed)
            await pilot.pause()
        task_id = app.day_screen.timeline_view.cursor_id
        entry = app.state.timeline.entry(task_id) if app.state and app.state.timeline and task_id else None
        if entry is None:
            raise RuntimeError("no task under the cursor to tick")
        expected = "todo" if entry.status == "done" else "done"
        count = len(saved)
        fsyncs.clear()
        start = time.perf_counter()
        await pilot.press("x")
        await pilot.pause()
        end = time.perf_counter()
        if len(saved) != count + 1:
            raise RuntimeError(f"tick {index}: {len(saved) - count} saves instead of one")
        to_disk.append((saved[-1] - start) * 1000)
        in_fsync.append(sum(ms for when, ms in fsyncs if when <= saved[-1]))
        to_screen.append((end - start) * 1000)
        document = tomllib.loads(store.day_path(day).read_text())
        status = {task["id"]: task.get("status", "todo") for task in document.get("tasks", [])}
        if status.get(task_id) != expected:
            raise RuntimeError(f"tick {index}: the file says {status.get(task_id)!r}, expected {expected!r}")


def section_tick(ctx: Context) -> list[Row]:
    ticks = ctx.pick(100, 30)
    data = ctx.copy_year("tick")
    to_disk, to_screen, in_fsync, save_cpu = asyncio.run(_tick_samples(data, ctx.end, ticks))
    result = {"ticks": ticks, "p50 ms": round(median(to_disk), 2), "p95 ms": round(percentile(to_disk, 0.95), 2),
              "max ms": round(max(to_disk), 2), "to screen p50 ms": round(median(to_screen), 2),
              "fsync p50 ms": round(median(in_fsync), 2), "fsync p95 ms": round(percentile(in_fsync, 0.95), 2),
              "fsync samples": [round(sample, 2) for sample in in_fsync],
              "save CPU p50 ms": round(median(save_cpu), 2), "save CPU p95 ms": round(percentile(save_cpu, 0.95), 2),
              "samples": [round(sample, 2) for sample in to_disk]}
    ctx.raw["tick"] = result
    where = subprocess.run(["df", "--output=fstype", str(data)], capture_output=True, text=True).stdout.split()
    note = (f"{ticks} ticks (space/x, Pilot, in process, today of a copy of the year) until Store.update_day "
            f"returned: lock, re-read, write, fsync, rename, dir fsync, backup rotation; each checked by "
            f"reading the file back; filesystem {where[-1] if where else '?'}; of which in fsync(2) (3 a save): "
            f"p50 {result['fsync p50 ms']} ms, p95 {result['fsync p95 ms']} ms; CPU time of the save itself "
            f"p50 {result['save CPU p50 ms']} ms, p95 {result['save CPU p95 ms']} ms")
    return [Row("tick to durable save, p50", result["p50 ms"], target=Target("value", "<", 20), note=note),
            Row("tick to durable save, p95", result["p95 ms"], target=Target("value", "<", 20))]


def _tui_peak(tmux: Any, name: str, ctx: Context, data: Path, days: int) -> float:
    from benchmarks.first_paint import FIRST_TITLE

    pane = Pane(tmux, name, SCRIPT, _app_env(ctx.scratch, data))
    try:
        pane.wait_for(FIRST_TITLE)
        for back in range(1, days + 1):
            pane.keys("[")
            pane.wait_for(f"{ctx.end - timedelta(days=back):%A %d %B %Y}")
        for forward in range(days - 1, -1, -1):
            pane.keys("]")
            pane.wait_for(f"{ctx.end - timedelta(days=forward):%A %d %B %Y}")
        time.sleep(0.5)  # let the reload of today's reminders and the snapshot write settle
        return vm_hwm_mb(pane.pid)
    finally:
        pane.close()


def _blank_peak(tmux: Any, name: str, ctx: Context) -> float:
    from benchmarks.first_paint import BLANK_APP, BLANK_TEXT

    script = ctx.scratch / "blank_app.py"
    script.write_text(BLANK_APP)
    pane = Pane(tmux, name, f"{PY} {script}", _app_env(ctx.scratch, ctx.scratch / "unused"))
    try:
        pane.wait_for(BLANK_TEXT)
        time.sleep(0.5)
        return vm_hwm_mb(pane.pid)
    finally:
        pane.close()


def section_memory(ctx: Context) -> list[Row]:
    from benchmarks.first_paint import Tmux

    runs, days = ctx.pick(3, 1), 3
    data = ctx.copy_year("memory")
    tui: list[float] = []
    blank: list[float] = []
    with Tmux() as tmux:
        for index in range(runs):
            tui.append(_tui_peak(tmux, f"mem{index}", ctx, data, days))
            blank.append(_blank_peak(tmux, f"blank{index}", ctx))
    env = dict(os.environ, SMM_TUI_DATA_DIR=str(ctx.year), SMM_TUI_CONFIG=str(ctx.scratch / "config.toml"), TZ=ZONE)
    env.pop("SMM_TUI_NOW", None)
    cold = dict(env, SMM_TUI_NO_SNAPSHOT="1")
    today_argv = [SCRIPT, "today", "--date", "yesterday"]
    max_rss_mb(today_argv, env)  # writes the day's snapshot, as any first run does
    today_rss: list[float] = []
    cold_rss: list[float] = []
    floor_rss: list[float] = []
    for _ in range(ctx.pick(5, 2)):
        today_rss.append(max_rss_mb(today_argv, env))
        cold_rss.append(max_rss_mb(today_argv, cold))
        floor_rss.append(max_rss_mb([PY, "-c", "from pydantic import BaseModel"], None))
    result = {"tui VmHWM MB": [round(v, 1) for v in tui], "blank VmHWM MB": [round(v, 1) for v in blank],
              "today max RSS MB": [round(v, 1) for v in today_rss],
              "today cold max RSS MB": [round(v, 1) for v in cold_rss],
              "floor max RSS MB": [round(v, 1) for v in floor_rss]}
    ctx.raw["memory"] = result
    return [
        Row("memory: app, peak RSS (year of history)", round(median(tui), 1), unit="MB",
            baseline=round(median(blank), 1), baseline_label="blank Textual app",
            note=f"VmHWM from /proc after {days} days back and forth in tmux ([ and ]), median of {runs}"),
        Row("memory: `smm-tui today`, max RSS", round(median(today_rss), 1), unit="MB",
            baseline=round(median(floor_rss), 1), baseline_label="pydantic import", target=Target("value", "<", 60),
            note="GNU time's %M of each run (yesterday: a 40-task day file of the year), median"),
        Row("memory: `smm-tui today`, no snapshot cache", round(median(cold_rss), 1), unit="MB",
            baseline=round(median(floor_rss), 1), baseline_label="pydantic import", target=Target("value", "<", 60)),
    ]


def _tui_idle(ctx: Context, seconds: float, runs: int, settle: float, out: dict[str, Any]) -> None:
    from benchmarks.first_paint import FIRST_TITLE, Tmux
    from benchmarks.idle_cpu import cpu_seconds, voluntary_switches

    samples = []
    try:
        with Tmux() as tmux:
            for index in range(runs):
                data = ctx.copy_year(f"idle{index}")
                pane = Pane(tmux, f"idle{index}", SCRIPT, _app_env(ctx.scratch, data))
                try:
                    pane.wait_for(FIRST_TITLE)
                    time.sleep(settle)  # the loader worker, reminders' first poll, snapshot write
                    wall0, cpu0, sw0 = time.monotonic(), cpu_seconds(pane.pid), voluntary_switches(pane.pid)
                    time.sleep(seconds)
                    wall1, cpu1, sw1 = time.monotonic(), cpu_seconds(pane.pid), voluntary_switches(pane.pid)
                finally:
                    pane.close()
                samples.append({"cpu_percent": round((cpu1 - cpu0) / (wall1 - wall0) * 100, 4),
                                "cpu_seconds": round(cpu1 - cpu0, 4), "wakeups": sw1 - sw0})
        out["samples"] = samples
    except BaseException as exc:  # noqa: BLE001 - reported by the caller's thread, whatever it is
        out["error"] = exc


def section_idle(ctx: Context) -> list[Row]:
    from benchmarks import idle_cpu

    seconds, runs = ctx.pick(60.0, 10.0), ctx.pick(3, 1)
    tui: dict[str, Any] = {}
    worker = threading.Thread(target=_tui_idle, args=(ctx, seconds, runs, ctx.pick(5.0, 2.0), tui))
    worker.start()  # both processes are idle: on 2 cores the windows do not disturb each other
    try:
        remind = idle_cpu.measure(seconds, runs, year=ctx.year)
    finally:
        worker.join()
    if "error" in tui:
        raise tui["error"]
    tui_cpu = median([s["cpu_percent"] for s in tui["samples"]])
    tui_wakeups = median([s["wakeups"] for s in tui["samples"]])
    ctx.raw["idle"] = {"tui": tui["samples"], "remind": remind}
    rows = [
        Row(f"idle CPU: app in tmux, {seconds:.0f} s", round(tui_cpu, 4), unit="%", target=Target("value", "<", 1),
            note=f"CPU time of the app's process (all threads, /proc schedstat) over the window after start-up "
                 f"settled, median of {runs}; {tui_wakeups:.0f} wake-ups; run at the same time as `remind`"),
        Row(f"idle CPU: `smm-tui remind`, {seconds:.0f} s", remind.get("median cpu_percent"), unit="%",
            target=Target("value", "<", 1),
            note=f"benchmarks/idle_cpu.py, median of {runs}; {remind.get('median wakeups', 0):.0f} wake-ups"),
    ]
    if remind.get("median latency_ms") is not None:
        rows.append(Row("reminder fires after its due second", remind["median latency_ms"],
                        target=Target("value", "<", 1000),
                        note=f"`smm-tui remind`, median of {runs}; worst {remind.get('max latency_ms')} ms"))
    return rows


def section_export(ctx: Context) -> list[Row]:
    from benchmarks import export

    runs = ctx.pick(5, 1)  # each round exports the year (about 6 s) in process and through the CLI
    result = export.measure(runs, year=ctx.year, end=ctx.end, warmup=ctx.pick(2, 1))
    ctx.raw["export"] = result
    base = result["cli today (baseline)"]
    return [
        Row("export a day as svg (in process)", result["day svg (in-process)"],
            note=f"exporter only, timeline building included, medians of {runs} interleaved runs; "
                 f"day svg {result['day svg size (kB)']} kB"),
        Row("export a day as ics (in process)", result["day ics (in-process)"]),
        Row("export a week as svg (in process)", result["week svg (in-process)"],
            note=f"one landscape page, seven timelines built; {result['week svg size (kB)']} kB"),
        Row("export the year as ics (in process)", round(result["year ics (in-process)"] / 1000, 2), unit="s",
            note=f"14,600 events, {result['year ics size (kB)']} kB"),
        Row("`smm-tui export -f svg` of a day", result["cli export svg"], baseline=base,
            baseline_label="`today --date` same day, no snapshot"),
        Row("`smm-tui export -f ics` of a day", result["cli export ics"], baseline=base,
            baseline_label="`today --date` same day, no snapshot"),
        Row("`smm-tui export -f svg --week`", result["cli export week svg"], baseline=base,
            baseline_label="`today --date` same day, no snapshot"),
        Row("`smm-tui export -f ics` of the year", round(result["cli export year ics"] / 1000, 2), unit="s"),
    ]


def section_sync(ctx: Context) -> list[Row]:
    from benchmarks import sync

    runs = ctx.pick(7, 3)
    r = sync.measure(runs)
    ctx.raw["sync"] = r

    def traffic(name: str) -> str:
        return f"{r[f'{name} requests']} requests, {r[f'{name} kB sent']} kB sent, {r[f'{name} kB received']} kB received"

    base = round(r["PROPFIND round trip (ms)"] + r["cli today (ms)"], 1)
    return [
        Row("first sync, 30 days x 40 tasks (in process)", round(r["first sync (ms)"] / 1000, 2), unit="s",
            note=f"local Radicale; {traffic('first sync')}"),
        Row("no-change sync (in process)", r["no-change sync (ms)"], baseline=base,
            baseline_label="one PROPFIND round trip + `smm-tui today`", note=traffic("no-change sync")),
        Row("`smm-tui sync` with no change", r["cli sync no-change (ms)"], baseline=base,
            baseline_label="one PROPFIND round trip + `smm-tui today`", target=Target("ratio", "<=", 1.5),
            note="after a round that found nothing to do, the CLI checks its record and asks one sync-collection "
                 "REPORT without loading caldav's client, pydantic or the days (smm_tui/sync/quick.py)"),
        Row("one-change sync (in process)", r["one-change sync (ms)"], note=traffic("one-change sync")),
    ]


def section_keypress(ctx: Context) -> list[Row]:
    from benchmarks import keypress

    presses = ctx.pick(200, 50)
    result = keypress.measure(presses)
    ctx.raw["keypress"] = result
    note = (f"CPU ms from a cursor key to the redrawn screen (Pilot, 120x40), {presses} presses; "
            "no target of its own: a 60 Hz frame is 16.7 ms")
    return [
        Row("key to redrawn screen, routine day, p50", result["routine day (20 slots) median"], note=note),
        Row("key to redrawn screen, routine day, p95", result["routine day (20 slots) p95"]),
        Row("key to redrawn screen, 300 slots, p50", result["300 slots median"]),
        Row("key to redrawn screen, 300 slots, p95", result["300 slots p95"]),
    ]


# --- peers ----------------------------------------------------------------------------------


def _peer_events(year: Path, end: date) -> list[tuple[date, dtime, int, str]]:
    """Every task of the synthetic year as (day, start, minutes, title), read through the store."""
    from smm_tui.core.clock import FrozenClock
    from smm_tui.core.store import Store

    clock = FrozenClock(datetime.combine(end, dtime(9, 0), tzinfo=ZoneInfo(ZONE)), ZONE)
    store = Store(year, clock)
    events = []
    for offset in range(365, 0, -1):
        day = end - timedelta(days=offset)
        for task in store.load_day(day).tasks:
            events.append((day, task.start, task.minutes, task.title))
    return events


def _khal_setup(root: Path, events: list[tuple[date, dtime, int, str]]) -> Path:
    """A vdir of one .ics per event (as vdirsyncer leaves them) and a khal config; the config path."""
    cal = root / "calendars" / "bench"
    cal.mkdir(parents=True)
    for index, (day, start, minutes, title) in enumerate(events):
        begin = datetime.combine(day, start)
        finish = begin + timedelta(minutes=minutes)
        (cal / f"ev{index:05d}.ics").write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//smm-tui bench//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:ev{index:05d}@smm-bench\r\nDTSTAMP:20260101T000000Z\r\n"
            f"DTSTART;TZID={ZONE}:{begin:%Y%m%dT%H%M%S}\r\nDTEND;TZID={ZONE}:{finish:%Y%m%dT%H%M%S}\r\n"
            f"SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    config = root / "khal.conf"
    config.write_text(
        f"[calendars]\n[[bench]]\npath = {cal}\n\n[locale]\nlocal_timezone = {ZONE}\ndefault_timezone = {ZONE}\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\n"
        f"[sqlite]\npath = {root / 'khal.db'}\n")
    return config


def _calcurse_setup(root: Path, events: list[tuple[date, dtime, int, str]]) -> Path:
    """calcurse's own data dir: an `apts` file with one appointment line per event."""
    root.mkdir(parents=True)
    lines = []
    for day, start, minutes, title in events:
        begin = datetime.combine(day, start)
        finish = begin + timedelta(minutes=minutes)
        lines.append(f"{begin:%m/%d/%Y @ %H:%M} -> {finish:%m/%d/%Y @ %H:%M} |{title}\n")
    (root / "apts").write_text("".join(lines))
    (root / "todo").write_text("")
    return root


def _version(program: str) -> str:
    """First line of `program --version` (what was measured)."""
    out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60).stdout
    return out.strip().splitlines()[0] if out.strip() else program


def section_peers(ctx: Context) -> list[Row]:
    from benchmarks.timing import interleaved

    runs = ctx.pick(11, 3)
    day = ctx.end - timedelta(days=1)
    env = dict(os.environ, SMM_TUI_DATA_DIR=str(ctx.year), SMM_TUI_CONFIG=str(ctx.scratch / "config.toml"),
               TZ=ZONE, HOME=str(ctx.scratch), XDG_CONFIG_HOME=str(ctx.scratch / "xdg-config"),
               XDG_DATA_HOME=str(ctx.scratch / "xdg-data"))
    env.pop("SMM_TUI_NOW", None)
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "smm-tui today --date": ([SCRIPT, "today", "--date", day.isoformat()], env),
        "smm-tui --version": ([SCRIPT, "--version"], env),
    }
    rows: list[Row] = []
    missing = [name for name in ("khal", "calcurse") if shutil.which(name) is None]
    events = _peer_events(ctx.year, ctx.end) if len(missing) < 2 else []
    if shutil.which("khal"):
        config = _khal_setup(ctx.scratch / "khal", events)
        khal = shutil.which("khal") or "khal"
        commands["khal list"] = ([khal, "-c", str(config), "list", day.isoformat(), "1d"], env)
        commands["khal --version"] = ([khal, "--version"], env)
        subprocess.run(commands["khal list"][0], env=env, capture_output=True, check=True, timeout=600)  # builds its cache
    if shutil.which("calcurse"):
        folder = _calcurse_setup(ctx.scratch / "calcurse", events)
        calcurse = shutil.which("calcurse") or "calcurse"
        commands["calcurse -d"] = ([calcurse, "-D", str(folder), "-C", str(folder), "-d", f"{day:%m/%d/%Y}"], env)
        commands["calcurse --version"] = ([calcurse, "--version"], env)
    shown: dict[str, int] = {}
    for name, (argv, cmd_env) in commands.items():  # each agenda really lists that day's 40 events
        if not name.endswith("--version"):
            out = subprocess.run(argv, env=cmd_env, capture_output=True, text=True, check=True, timeout=600).stdout
            shown[name] = out.count(f"of {day.isoformat()}")
            if shown[name] != 40:
                raise RuntimeError(f"{name} showed {shown[name]} of the day's 40 events:\n{out[:500]}")
    samples = interleaved(commands, runs)
    result: dict[str, Any] = {name: round(median(values), 1) for name, values in samples.items()}
    for name, (argv, cmd_env) in commands.items():
        if not name.endswith("--version"):
            result[f"{name} max RSS MB"] = round(median([max_rss_mb(argv, cmd_env) for _ in range(3)]), 1)
    ctx.raw["peers"] = result
    ours = result["smm-tui today --date"]
    versions = {peer: _version(peer) for peer in ("khal", "calcurse") if peer not in missing}
    result["versions"] = versions
    for peer, agenda, how in (("khal", "khal list", ("`khal list DAY 1d` on a vdir of one .ics per event, its sqlite "
                                                     "cache warm")),
                              ("calcurse", "calcurse -d", "`calcurse -d DAY` on its apts file")):
        if peer in missing:
            rows.append(Row(f"peer {peer}", None, note=f"{peer} not installed: skipped"))
            continue
        rows.append(Row(f"`smm-tui today --date` vs {agenda}", ours, baseline=result[agenda],
                        baseline_label=peer, target=Target("ratio", "<=", 1.0) if peer == "khal" else None,
                        note=f"one day of 40 events out of the same year (14,600 events): {how}; medians of "
                             f"{runs} interleaved runs, smm-tui's snapshot warm; {versions[peer]}; "
                             f"max RSS smm-tui {result['smm-tui today --date max RSS MB']} MB, "
                             f"{peer} {result[f'{agenda} max RSS MB']} MB"))
        rows.append(Row(f"bare start: `smm-tui --version` vs `{peer} --version`", result["smm-tui --version"],
                        baseline=result[f"{peer} --version"], baseline_label=peer))
    return rows


def section_next(ctx: Context) -> list[Row]:
    """The base install (no `[sync]` extra: what a status bar without sync runs) carries the 1.5x target;
    the test venv, whose sync extra puts urllib3-future's `.pth` into every start, is shown beside it."""
    from benchmarks import next_line

    runs = ctx.pick(21, 5)
    base, why = next_line.base_install(ctx.scratch)
    r = next_line.measure(runs, year=ctx.year, end=ctx.end, scratch=ctx.scratch, zone=ZONE, script=SCRIPT,
                          history=_peer_events, calcurse_setup=_calcurse_setup, base_script=base)
    ctx.raw["next"] = r
    note = (f"status-bar line with today planned as 48 half-hour slots, the same year for both, real clock; "
            f"medians of {runs} interleaved runs, smm-tui's snapshot warm; the interpreter alone "
            f"(`python -c pass`, same site-packages) took {r['python -c pass']} ms in the test venv"
            + (f", {r[next_line.BASE_PASS]} ms in the base install" if base else f"; {why}"))
    calcurse = r["calcurse --next"]
    if calcurse is None:
        note = "calcurse not installed: no peer row; " + note
    target = Target("ratio", "<=", 1.5) if calcurse is not None else None
    rows = []
    if base:
        rows.append(Row("`smm-tui next` (base install) vs calcurse --next", r[next_line.BASE], baseline=calcurse,
                        baseline_label="calcurse", target=target, note=note))
        rows.append(Row("`smm-tui next` (base install, no $SMM_TUI_DATA_DIR: XDG folders) vs calcurse --next",
                        r[next_line.BASE_XDG], baseline=calcurse, baseline_label="calcurse", target=target))
    rows.append(Row("`smm-tui next` (test venv, with [sync]) vs calcurse --next", r["smm-tui next"],
                    baseline=calcurse, baseline_label="calcurse", target=None if base else target,
                    note="" if base else note))
    if calcurse is not None:
        rows.append(Row("bare interpreter `python -c pass` (test venv) vs calcurse --next", r["python -c pass"],
                        baseline=calcurse, baseline_label="calcurse"))
    return rows


def section_history(ctx: Context) -> list[Row]:
    from benchmarks import history

    runs = ctx.pick(11, 3)
    r = history.measure(runs, days=3650, end=ctx.end, root=ctx.scratch)
    ctx.raw["history"] = r
    week, today = r["stats --week"], r["today"]
    return [
        Row("cold index build, 10 years (in process)", r["cold build (s)"], unit="s",
            note=f"{r['files']} files, {r['MB read']} MB: {r['build MB/s']} MB/s against `cat` of the same files "
                 f"{r['cat MB/s']} MB/s ({r['cat (s)']} s); index {r['index MB']} MB"),
        Row("`smm-tui stats` over 10 years", r["stats 10 years"], baseline=week, baseline_label="`stats --week`",
            target=Target("ratio", "<=", 3), note=f"medians of {runs} interleaved runs, warm index"),
        Row("`smm-tui stats` over 1 year", r["stats 1 year"], baseline=round(today + 100, 1),
            baseline_label="`today` + 100 ms", target=Target("ratio", "<=", 1.15)),
        Row("`smm-tui search` over 10 years", r["search 10 years"], baseline=today, baseline_label="`smm-tui today`",
            target=Target("ratio", "<=", 2)),
        Row("save with the index kept in step, p95", r["save p95 (ms)"], target=Target("value", "<", 20),
            note=f"Store.update_day on a day of the 10 years, index present; p50 {r['save p50 (ms)']} ms"),
        Row("`smm-tui stats` over 10 years, max RSS", r["stats 10 years max RSS (MB)"], unit="MB",
            target=Target("value", "<", 100)),
    ]


def section_scaled(ctx: Context) -> list[Row]:
    """The day to scale: first paint of `smm-tui --view scale` and key to redraw (benchmarks/scaled.py)."""
    from benchmarks import scaled

    runs, presses = ctx.pick(15, 3), ctx.pick(200, 50)
    paint = scaled.first_paint(runs)
    keys = scaled.key_to_redraw(presses)
    ctx.raw["scaled"] = {**paint, **keys}
    rows = [Row("scaled view first paint in tmux 120x40 (year of history)", paint["smm-tui --date D --view scale"],
                baseline=paint["blank textual app"], baseline_label="blank Textual app",
                ratio=paint["ratio scaled/blank"], target=Target("ratio", "<=", 1.2),
                note=f"medians of {runs} interleaved runs of `--date D --view scale` on the year's last day, until its "
                     f"first title shows; median of paired-round ratios {paint['ratio, median of paired rounds']}x; "
                     f"the list opened the same way: {paint['smm-tui --date D (list)']} ms ({paint['ratio list/blank']}x)")]
    note = f"CPU ms from the key to the redrawn scaled view (Pilot, 120x40), {presses} presses; a 60 Hz frame is 16.7 ms"
    for key in ("j", "+"):
        for tasks in ("20 tasks", "300 tasks"):
            rows.append(Row(f"scaled view, {key} to redraw, {tasks}, p50", keys[f"{key} {tasks} median"], note=note))
            rows.append(Row(f"scaled view, {key} to redraw, {tasks}, p95", keys[f"{key} {tasks} p95"]))
            note = ""
    return rows


SECTION_FUNCTIONS: dict[str, Callable[[Context], list[Row]]] = {
    "first_paint": section_first_paint,
    "week_paint": section_week_paint,
    "today": section_today,
    "tick": section_tick,
    "memory": section_memory,
    "idle": section_idle,
    "export": section_export,
    "keypress": section_keypress,
    "sync": section_sync,
    "peers": section_peers,
    "next": section_next,
    "history": section_history,
    "scaled": section_scaled,
}


def run_sections(ctx: Context, names: Sequence[str], log: Callable[[str], None]) -> list[Row]:
    """Run each section in turn; a section that fails becomes one "error" row instead of ending the run."""
    rows: list[Row] = []
    for name in names:
        log(f"[{time.strftime('%H:%M:%S')}] {name} ...")
        start = time.monotonic()
        try:
            new = SECTION_FUNCTIONS[name](ctx)
        except Exception as exc:  # noqa: BLE001 - one broken section must not hide the others
            new = [Row(name, None, note=f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")]
        for row in new:
            row.section = name
        rows += new
        log(f"[{time.strftime('%H:%M:%S')}] {name} done in {time.monotonic() - start:.0f} s")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short windows and few runs: a smoke run (~2 min)")
    parser.add_argument("--only", default="", help=f"comma-separated sections ({', '.join(SECTIONS)})")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for docs/performance.md)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to save the JSON (default %(default)s)")
    parser.add_argument("--show", type=Path, metavar="JSON", help="print the table of a saved run instead of measuring")
    args = parser.parse_args(argv)
    if args.show is not None:
        document = json.loads(args.show.read_text())
        print(header(document["machine"], document["settings"].get("quick", False)))
        print()
        print(format_table(rows_from_document(document), markdown=args.markdown))
        return 0
    names = [name.strip() for name in args.only.split(",") if name.strip()] or list(SECTIONS)
    unknown = sorted(set(names) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.monotonic()
    load_at_start = os.getloadavg()[0]  # the machine is shared: how busy it was says how to read the figures
    with tempfile.TemporaryDirectory(prefix="smm-bench-") as tmp:
        scratch = Path(tmp)
        end = datetime.now(ZoneInfo(ZONE)).date()
        log(f"building the synthetic year (365 days x 40 tasks, ending {end - timedelta(days=1)}) in {scratch}")
        build_year(scratch / "year", end=end, zone=ZONE)
        ctx = Context(quick=args.quick, year=scratch / "year", end=end, scratch=scratch)
        rows = run_sections(ctx, names, log)
    machine = machine_info()
    machine["load average (1 min) at start, at end"] = [round(load_at_start, 2), round(os.getloadavg()[0], 2)]
    settings = {"quick": args.quick, "sections": names, "seconds": round(time.monotonic() - started)}
    document = to_document(rows, machine, settings, ctx.raw)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = save_document(document, args.results, stamp)
    print(header(machine, args.quick))
    print()
    print(format_table(rows, markdown=args.markdown))
    print()
    print(f"saved {path} and {args.results / 'latest.json'} ({settings['seconds']} s)")
    return 1 if any(row.result() == "error" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
