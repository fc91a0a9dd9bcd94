"""Reusable machinery for the torture tests: kill writers, inject faults, check the data dir.

Three tools, meant to be combined by any durability test (the TUI ones too):

- `trace_writes(root, emit, stop_at=...)`: wraps the os calls that change
  files (open, write, fsync, close, replace, link, unlink, fchmod, mkdir,
  rename, chmod) so that every call touching a path under `root` is reported
  as an event *before* it runs ("replace days/.2026-11-26.toml.*.smm-tmp ->
  days/2026-11-26.toml"). With `stop_at=n` the process stops itself
  (SIGSTOP) right before the n-th event: a kill then lands exactly between
  two steps of the write path.
- `run_and_kill(action, root, delay=.. | stop_at=..)`: runs `action` in a
  forked child (the store already imported, so a trial costs milliseconds)
  with tracing on, SIGKILLs it after `delay` seconds or at event `stop_at`,
  and returns a `Trial` saying in which phase the kill landed. `spawn_traced`
  does the same for a real subprocess (e.g. `smm-tui done`) through the
  `inject/sitecustomize.py` hook, activated only by environment variables
  this module sets.
- `run_concurrently(actions)`: each action in its own forked process, all
  released at once, for lost-update tests.
- `fail_calls(root, "fsync", errno.EIO)`: makes one os call fail (only for
  paths under `root`), in-process as a context manager or in a subprocess
  through the same hook (`failure_env`).
- `assert_store_sound(data_dir)`: what must hold after any crash: no temp
  files once a Store has opened, every day file and every backup parses and
  validates, routine.toml unchanged, files 0600 and dirs 0700. Returns the
  bytes of every day file for the caller's before/after comparison.
- `DayLedger(data_dir, clock)`: before/after bookkeeping for crash trials:
  `state(day)` before a writer runs, `verify(day, before, after, trial)` after.
- `tree_snapshot(root)`: bytes + mode of every file, to assert "nothing changed".
- `run_cli` / `run_cli_all` / `assert_one_line_refusal` / `assert_no_terminal_controls`
  / `assert_every_command_refuses`: the CLI contract (exit 1/2, one line,
  nothing raw on the terminal, no file changed) for any subcommand list.
- `report(name, **figures)`: figures printed in the "torture report" section.

This module imports only the standard library at top level: the hook loads
it into every traced `smm-tui` subprocess before anything else.
"""

from __future__ import annotations

import errno as errno_module
import functools
import gc
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HOOK_DIR = HERE / "inject"

SEED = int(os.environ.get("SMM_TORTURE_SEED", "20261126"))
"""Seed of every random choice in the torture tests (fixed by default: CI runs are reproducible)."""

REPORTS: dict[str, dict[str, Any]] = {}


def report(name: str, **figures: Any) -> None:
    """Record what a torture test measured; printed in the run's "torture report" section."""
    REPORTS.setdefault(name, {}).update(figures)


ENV_TRACE_FD = "SMM_TORTURE_TRACE_FD"
ENV_TRACE_ROOT = "SMM_TORTURE_ROOT"
ENV_STOP_AT = "SMM_TORTURE_STOP_AT"
ENV_FAIL = "SMM_TORTURE_FAIL"

PATH_CALLS = ("open", "replace", "rename", "link", "unlink", "mkdir", "chmod")
FD_CALLS = ("write", "fsync", "close", "fchmod")
TRACED = PATH_CALLS + FD_CALLS

_TEMP_RANDOM = re.compile(r"\.[A-Za-z0-9_]{8}\.smm-tmp$")


# --- which paths a call touches ------------------------------------------------------------


def _fd_path(fd: Any) -> str | None:
    if not isinstance(fd, int):
        fd = getattr(fd, "fileno", lambda: None)()
        if fd is None:
            return None
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


def _call_paths(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
    if kwargs.get("dir_fd") is not None or kwargs.get("src_dir_fd") is not None:
        return []  # relative to a directory descriptor: not one of ours (the store never does this)
    if name in FD_CALLS:
        found = _fd_path(args[0]) if args else None
        return [found] if found else []
    count = 2 if name in ("replace", "rename", "link") else 1
    out = []
    for arg in args[:count]:
        if isinstance(arg, (str, bytes, os.PathLike)):
            out.append(os.path.abspath(os.fsdecode(arg)))
    return out


def _relative(root: str, path: str) -> str | None:
    if path == root:
        return "."
    if path.startswith(root + os.sep):
        return _TEMP_RANDOM.sub(".*.smm-tmp", path[len(root) + 1 :])
    return None


# --- tracing --------------------------------------------------------------------------------


@contextmanager
def trace_writes(
    root: Path | str, emit: Callable[[str], None], *, stop_at: int | None = None
) -> Iterator[None]:
    """Report every file-changing os call under `root` to `emit` before it runs (see module doc)."""
    install_trace(str(root), emit, stop_at)
    try:
        yield
    finally:
        uninstall()


_ORIGINALS: dict[str, Callable[..., Any]] = {}


def install_trace(root: str, emit: Callable[[str], None], stop_at: int | None) -> None:
    real_root = os.path.realpath(root)
    count = 0

    def wrap(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(original)
        def traced(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            relative = [r for p in _call_paths(name, args, kwargs)
                        if (r := _relative(real_root, os.path.realpath(p) if name not in FD_CALLS else p)) is not None]
            if relative:
                count += 1
                event = f"{name} {' -> '.join(relative)}"
                if stop_at is not None and count == stop_at:
                    emit(f"STOP {event}")
                    os.kill(os.getpid(), signal.SIGSTOP)
                emit(f"{time.perf_counter_ns()} {event}")
            return original(*args, **kwargs)

        return traced

    _patch(wrap)


def _patch(wrap: Callable[[str, Callable[..., Any]], Callable[..., Any]]) -> None:
    for name in TRACED:
        _ORIGINALS.setdefault(name, getattr(os, name))
        setattr(os, name, wrap(name, getattr(os, name)))


def uninstall() -> None:
    for name, original in _ORIGINALS.items():
        setattr(os, name, original)
    _ORIGINALS.clear()


# --- fault injection ------------------------------------------------------------------------


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


@contextmanager
def fail_calls(
    root: Path | str, call: str, code: int, *, nth: int = 1, times: int = 1, match: str = ""
) -> Iterator[list[str]]:
    """Make the `nth` (and following `times - 1`) calls of os.<call> under `root` raise OSError(code).

    Only calls whose path (relative to root) contains `match` count. Yields
    the list of failures injected (as "call path" strings) so a test can
    assert that the fault was really hit.
    """
    hits: list[str] = []
    install_failure(str(root), call, code, nth, times, hits, match)
    try:
        yield hits
    finally:
        uninstall()


def install_failure(root: str, call: str, code: int, nth: int, times: int, hits: list[str], match: str = "") -> None:
    if call not in TRACED:
        raise ValueError(f"cannot inject into os.{call}; choose from {TRACED}")
    real_root = os.path.realpath(root)
    seen = 0

    def wrap(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        if name != call:
            return original

        @functools.wraps(original)
        def failing(*args: Any, **kwargs: Any) -> Any:
            nonlocal seen
            paths = [p for p in _call_paths(name, args, kwargs)
                     if match in (_relative(real_root, os.path.realpath(p) if name not in FD_CALLS else p) or "\0")]
            if paths:
                seen += 1
                if nth <= seen < nth + times:
                    hits.append(f"{name} {paths[0]}")
                    raise _oserror(code)
            return original(*args, **kwargs)

        return failing

    _patch(wrap)


def failure_env(root: Path, call: str, code: int, *, nth: int = 1, times: int = 1, match: str = "") -> dict[str, str]:
    """Environment that makes a Python subprocess fail os.<call> like `fail_calls` (via the hook)."""
    return {
        "PYTHONPATH": _hook_pythonpath(),
        ENV_TRACE_ROOT: str(root),
        ENV_FAIL: f"{call}:{errno_module.errorcode[code]}:{nth}:{times}:{match}",
    }


def _hook_pythonpath() -> str:
    return os.pathsep.join(p for p in (str(HOOK_DIR), os.environ.get("PYTHONPATH", "")) if p)


def activate_from_env() -> None:
    """Called by inject/sitecustomize.py at interpreter start-up in a traced subprocess."""
    root = os.environ.get(ENV_TRACE_ROOT)
    if not root:
        return
    if spec := os.environ.get(ENV_FAIL):
        call, code_name, nth, times, match = spec.split(":", 4)
        install_failure(root, call, getattr(errno_module, code_name), int(nth), int(times), [], match)
    if fd_text := os.environ.get(ENV_TRACE_FD):
        fd = int(fd_text)
        raw_write = os.write
        stop = os.environ.get(ENV_STOP_AT)
        install_trace(root, lambda event: raw_write(fd, f"{event}\n".encode()), int(stop) if stop else None)


# --- killing writers ------------------------------------------------------------------------

BEFORE, MID, AFTER = "before-write", "mid-write", "after-write"


@dataclass
class Trial:
    """What happened to one writer: how it ended and the events it got through."""

    killed: bool
    """True when our SIGKILL ended it (False: it finished, or died on its own)."""
    status: int
    """waitpid status decoded: exit code, or -signal."""
    events: list[str]
    """The traced calls it started, in order ("replace days/.x.smm-tmp -> days/2026-11-26.toml")."""
    times: list[float] = field(default_factory=list)
    """When each event happened, in seconds after the writer was started."""
    stopped_before: str | None = None
    """With stop_at: the event the writer was stopped (and killed) right before."""
    output: str = ""

    @property
    def phase(self) -> str:
        """Where the kill landed: before the first change to a file, inside the write path, or after."""
        if not self.killed:
            return AFTER
        return classify(self.events, self.stopped_before)


def _is_write_start(event: str) -> bool:
    name, _, rest = event.partition(" ")
    if name in ("link", "replace", "rename", "write", "fchmod") and ".lock" not in rest:
        return True
    return name == "open" and ".smm-tmp" in rest


def classify(events: Sequence[str], stopped_before: str | None = None) -> str:
    """before-write: no file touched yet; mid-write: the write path started and the lock
    is still held; after-write: the lock was released (the save is complete)."""
    seen = [*events, *([stopped_before] if stopped_before else [])]
    started = None
    for index, event in enumerate(seen):
        if _is_write_start(event):
            started = index
            break
    if started is None:
        return BEFORE
    done = any(e.startswith("close .lock") for e in events[started:])
    return AFTER if done else MID


def _read_rest(fd: int, consumed: bytes) -> list[str]:
    """All event lines: the bytes already consumed plus everything until the writer's end closes the pipe."""
    chunks = [consumed]
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace").splitlines()


def _split_times(lines: list[str], started_ns: int) -> tuple[list[str], list[float], str | None]:
    """Events and their times; a "STOP <event>" marker becomes the third value."""
    events, times, stopped = [], [], None
    for line in lines:
        stamp, _, event = line.partition(" ")
        if stamp == "STOP":
            stopped = event
            continue
        events.append(event)
        times.append((int(stamp) - started_ns) / 1e9)
    return events, times, stopped


def write_window(trial: Trial) -> tuple[float, float] | None:
    """(start, end) in seconds of a finished writer's write path: first file change to lock release."""
    start = next((i for i, e in enumerate(trial.events) if _is_write_start(e)), None)
    if start is None:
        return None
    end = next((i for i in range(start, len(trial.events)) if trial.events[i].startswith("close .lock")), None)
    if end is None:
        return None
    return trial.times[start], trial.times[end]


def _read_until(fd: int, pid: int, timeout: float, done: Callable[[list[str]], bool]) -> tuple[bytes, bool]:
    """Read event bytes until `done(complete lines so far)` (True) or the pipe closes (False)."""
    import select

    buffer = b""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"writer {pid} got stuck (no progress within {timeout} s)")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return buffer, False
        buffer += chunk
        complete = buffer[: buffer.rfind(b"\n") + 1].decode("utf-8", "replace").splitlines()
        if done(complete):
            return buffer, True


def _stopping(lines: list[str]) -> bool:
    return any(line.startswith("STOP ") for line in lines)


def _writing(lines: list[str]) -> bool:
    return any(_is_write_start(line.partition(" ")[2]) for line in lines)


def _decode_status(status: int) -> int:
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def run_and_kill(
    action: Callable[[], object],
    root: Path,
    *,
    delay: float | None = None,
    stop_at: int | None = None,
    after_write_start: bool = False,
    timeout: float = 30.0,
) -> Trial:
    """Run `action` in a forked writer and SIGKILL it after `delay` s or right before event `stop_at`.

    `delay` counts from the fork, or with after_write_start=True from the
    moment the writer reports the first change to a file (so random kills can
    be spread over the write path itself, whatever start-up cost varies).
    With neither delay nor stop_at the writer runs to the end (calibration).
    The child never returns into the test process: it leaves through os._exit.
    """
    read_fd, write_fd = os.pipe()
    started_ns = time.perf_counter_ns()
    # Forking a big test process is dominated by copy-on-write faults the child's
    # garbage collector would cause by touching every object: freeze them first.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the writer
        gc.disable()
        code = 0
        try:
            os.close(read_fd)
            raw_write = os.write
            install_trace(str(root), lambda event: raw_write(write_fd, f"{event}\n".encode()), stop_at)
            action()
        except BaseException as exc:  # noqa: BLE001 - report and leave, never unwind into pytest
            try:
                _ORIGINALS.get("write", os.write)(2, f"writer failed: {type(exc).__name__}: {exc}\n".encode())
            finally:
                code = 70
        os._exit(code)
    gc.unfreeze()
    os.close(write_fd)
    consumed = b""
    killed = False
    if stop_at is not None:
        consumed, killed = _read_until(read_fd, pid, timeout, _stopping)
    elif delay is not None and after_write_start:
        consumed, killed = _read_until(read_fd, pid, timeout, _writing)
        if killed:
            _sleep_precisely(delay)
    elif delay is not None:
        _sleep_precisely(delay)
        killed = True
    if killed:
        os.kill(pid, signal.SIGKILL)  # a finished child is a zombie until waitpid: kill() still succeeds
    _, status = os.waitpid(pid, 0)
    events, times, stopped_before = _split_times(_read_rest(read_fd, consumed), started_ns)
    if killed and not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        killed = False  # it finished before the signal arrived
    return Trial(killed=killed, status=_decode_status(status), events=events, times=times,
                 stopped_before=stopped_before)


def run_concurrently(actions: Sequence[Callable[[], object]], *, timeout: float = 120.0) -> list[int]:
    """Run each action in its own forked process, all released at the same instant; their exit codes.

    A child exits 0 when its action returned, 70 when it raised (the error is
    written to stderr). The children wait on a pipe until every one is forked,
    so they really contend.
    """
    gate_read, gate_write = os.pipe()
    pids = []
    gc.freeze()
    for action in actions:
        pid = os.fork()
        if pid == 0:
            gc.disable()
            code = 0
            try:
                os.close(gate_write)
                os.read(gate_read, 1)  # returns b"" once the parent closes its end: everyone starts
                action()
            except BaseException as exc:  # noqa: BLE001 - report and leave, never unwind into pytest
                os.write(2, f"writer failed: {type(exc).__name__}: {exc}\n".encode())
                code = 70
            os._exit(code)
        pids.append(pid)
    gc.unfreeze()
    os.close(gate_read)
    os.close(gate_write)
    deadline = time.monotonic() + timeout
    codes = []
    for pid in pids:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes.append(_decode_status(status))
                break
            if time.monotonic() > deadline:
                for other in pids:
                    try:
                        os.kill(other, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                raise TimeoutError(f"concurrent writers still running after {timeout} s")
            time.sleep(0.01)
    return codes


def _sleep_precisely(seconds: float) -> None:
    """time.sleep overshoots by ~0.1 ms; spin the last stretch so short delays mean what they say."""
    end = time.perf_counter() + seconds
    if seconds > 0.002:
        time.sleep(seconds - 0.0015)
    while time.perf_counter() < end:
        pass


def spawn_traced(
    argv: Sequence[str],
    root: Path,
    *,
    env: Mapping[str, str],
    delay: float | None = None,
    stop_at: int | None = None,
    after_write_start: bool = False,
    timeout: float = 60.0,
) -> Trial:
    """Like run_and_kill for a real subprocess (e.g. [python, -m, smm_tui, done, 3]).

    Tracing runs inside the child through inject/sitecustomize.py; `delay` is
    measured from the spawn, or from the first file change with after_write_start.
    """
    read_fd, write_fd = os.pipe()
    full_env = dict(env)
    full_env.update({"PYTHONPATH": _hook_pythonpath(), ENV_TRACE_ROOT: str(root), ENV_TRACE_FD: str(write_fd)})
    if stop_at is not None:
        full_env[ENV_STOP_AT] = str(stop_at)
    started_ns = time.perf_counter_ns()
    proc = subprocess.Popen(list(argv), env=full_env, pass_fds=(write_fd,), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.close(write_fd)
    consumed = b""
    killed = False
    if stop_at is not None:
        consumed, killed = _read_until(read_fd, proc.pid, timeout, _stopping)
    elif delay is not None and after_write_start:
        consumed, killed = _read_until(read_fd, proc.pid, timeout, _writing)
        if killed:
            _sleep_precisely(delay)
    elif delay is not None:
        _sleep_precisely(delay)
        killed = True
    if killed and proc.poll() is None:
        proc.kill()
    output, _ = proc.communicate(timeout=timeout)
    events, times, stopped_before = _split_times(_read_rest(read_fd, consumed), started_ns)
    if killed and proc.returncode != -signal.SIGKILL:
        killed = False
    return Trial(killed=killed, status=proc.returncode, events=events, times=times,
                 stopped_before=stopped_before, output=output.decode("utf-8", "replace"))


# --- invariants -----------------------------------------------------------------------------

TEMP_SUFFIX = ".smm-tmp"


def temp_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob(f"*{TEMP_SUFFIX}"))


_VALID_DAYS: set[tuple[str, bytes]] = set()


def _day_from_toml(path: Path, data: bytes) -> Any:
    from smm_tui.core.codec import day_from_toml

    return day_from_toml(path, data)


@dataclass
class Soundness:
    """What assert_store_sound found: day file bytes by date, and the temp files open() removed."""

    days: dict[str, bytes] = field(default_factory=dict)
    backups: dict[str, bytes] = field(default_factory=dict)
    temps_removed: int = 0


def assert_store_sound(data_dir: Path, clock: Any, *, routine: bytes | None = None, open_store: bool = True) -> Soundness:
    """Everything that must hold for a data dir after any crash (see module doc).

    With open_store, a Store is opened first (as the next start would), which
    must remove every temp file a killed writer left.
    """
    from smm_tui.core.backups import BACKUPS
    from smm_tui.core.codec import day_from_toml
    from smm_tui.core.store import Store

    result = Soundness()
    if open_store:
        before = temp_files(data_dir)
        assert all(p.name.startswith(".") for p in before), before
        Store(data_dir, clock).open()
        leftover = temp_files(data_dir)
        assert not leftover, f"open() left temp files: {leftover}"
        result.temps_removed = len(before)
    store = Store(data_dir, clock)
    if routine is not None:
        assert store.routine_path.read_bytes() == routine, "routine.toml changed"
    def valid_day(path: Path, data: bytes, day_name: str) -> None:
        if (day_name, data) in _VALID_DAYS:  # these exact bytes validated before: same result
            return
        day = day_from_toml(path, data)  # raises DataError if broken: the test fails with the reason
        assert day.date.isoformat() == day_name, f"{path}: holds {day.date}"
        if len(_VALID_DAYS) > 20_000:
            _VALID_DAYS.clear()
        _VALID_DAYS.add((day_name, data))

    for path in sorted(store.days_dir.glob("*.toml")):
        if path.name.startswith("."):
            continue
        data = path.read_bytes()
        valid_day(path, data, path.stem)
        result.days[path.stem] = data
    for path in sorted(store.backups_dir.glob("*.toml.*")):
        if path.name.startswith("."):
            continue
        stem, _, generation = path.name.rpartition(".")
        assert generation.isdigit() and 1 <= int(generation) <= BACKUPS, f"unexpected backup {path.name}"
        data = path.read_bytes()
        valid_day(path, data, stem.removesuffix(".toml"))
        result.backups[path.name] = data
    assert_private(data_dir)
    return result


def assert_private(root: Path, *, skip: Sequence[str] = ()) -> None:
    """Every dir under root is 0700 and every file 0600 (our promise, also after backup rotation)."""
    bad = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            path = Path(dirpath, name)
            if stat.S_IMODE(path.lstat().st_mode) != 0o700 and name not in skip:
                bad.append(f"{path}: {oct(stat.S_IMODE(path.lstat().st_mode))}")
        for name in filenames:
            path = Path(dirpath, name)
            if stat.S_IMODE(path.lstat().st_mode) != 0o600 and name not in skip:
                bad.append(f"{path}: {oct(stat.S_IMODE(path.lstat().st_mode))}")
    mode = stat.S_IMODE(root.stat().st_mode)
    if mode != 0o700:
        bad.append(f"{root}: {oct(mode)}")
    assert not bad, "modes not private: " + ", ".join(bad)


def tree_snapshot(root: Path, *, ignore: Sequence[str] = (".cache", ".lock")) -> dict[str, tuple[int, bytes | None]]:
    """Mode and bytes (None for dirs) of everything under root, skipping `ignore` names."""
    out: dict[str, tuple[int, bytes | None]] = {}
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in ignore]
        for name in dirnames:
            path = Path(dirpath, name)
            out[str(path.relative_to(root))] = (path.lstat().st_mode, None)
        for name in filenames:
            if name in ignore:
                continue
            path = Path(dirpath, name)
            out[str(path.relative_to(root))] = (path.lstat().st_mode, path.read_bytes())
    return out


class DayLedger:
    """What a crash test knows about a data dir: the bytes of each day file and every version it had.

    `state(day)` gives the Day a writer will change (and the bytes before);
    after the writer ended or was killed, `verify(day, before, after, trial)`
    runs assert_store_sound and checks that the day holds exactly `before` or
    `after` (the bytes a completed write produces: codec.day_to_toml), that no
    other day changed, and that every backup is a version some day file had.
    Counts land in `stats` (trials, kills, phases, temps removed).
    """

    def __init__(self, data_dir: Path, clock: Any) -> None:
        from smm_tui.core.store import Store  # lazily: the start-up hook imports this module

        self.data_dir = data_dir
        self.clock = clock
        self.reader = Store(data_dir, clock)
        self.routine = self.reader.routine_path.read_bytes()
        self.current: dict[str, bytes] = {}
        self.history: dict[str, set[bytes]] = {}
        self.stats: Counter[str] = Counter()

    def state(self, day: date) -> tuple[Any, bytes | None]:
        data = self.current.get(day.isoformat())
        if data is None:
            return self.reader.load_day(day), None
        return _day_from_toml(self.reader.day_path(day), data), data

    def verify(self, day: date, before: bytes | None, after: bytes, trial: Trial, what: str) -> None:
        """The invariants after one trial; `after` is the exact bytes a completed write produces."""
        sound = assert_store_sound(self.data_dir, self.clock, routine=self.routine)
        self.stats["temps removed by open"] += sound.temps_removed
        self.stats["max temps left by one kill"] = max(self.stats["max temps left by one kill"], sound.temps_removed)
        key = day.isoformat()
        now = sound.days.get(key)
        assert now in (before, after), (
            f"{what}: {key} is neither the state before nor after the write "
            f"(phase {trial.phase}, stopped before {trial.stopped_before!r}, events {trial.events[-4:]})"
        )
        if not trial.killed:
            assert now == after, f"{what}: a writer that finished left {key} unchanged ({trial.status}, {trial.output})"
        for other, data in self.current.items():
            if other != key:
                assert sound.days.get(other) == data, f"{what}: {other} changed while {key} was written"
        assert now is not None or before is None
        if now is not None:
            self.current[key] = now
            self.history.setdefault(key, set()).add(now)
        for name, data in sound.backups.items():
            date_key = name.split(".")[0]
            assert data in self.history.get(date_key, set()), f"{what}: backup {name} is not a version the file had"
        self.stats["trials"] += 1
        self.stats["killed"] += trial.killed
        self.stats[f"phase {trial.phase}"] += 1
        self.stats["ended with new state"] += now == after and before != after



# --- running the CLI --------------------------------------------------------------------------

TERMINAL_CONTROLS = (
    "".join(chr(c) for c in range(0x20) if chr(c) != "\n")
    + "\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0))
    + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that must never reach a terminal raw (see corpus.py)."""


def cli_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "smm_tui", *args]


def oserror_name(code: int) -> str:
    return errno_module.errorcode[code]


@dataclass
class CliRun:
    """One finished `smm-tui` subprocess."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str


def run_cli(args: Sequence[str], env: Mapping[str, str], *, preexec: Callable[[], None] | None = None) -> CliRun:
    result = subprocess.run(cli_argv(*args), env=dict(env), capture_output=True, timeout=60,
                            stdin=subprocess.DEVNULL, preexec_fn=preexec)
    return CliRun(tuple(args), result.returncode, result.stdout.decode("utf-8", "replace"),
                  result.stderr.decode("utf-8", "replace"))


def run_cli_all(cases: Sequence[Sequence[str]], env: Mapping[str, str], *, workers: int = 3) -> list[CliRun]:
    """Several runs, a few at a time (the machine has 2 cores; start-up dominates)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda args: run_cli(args, env), cases))


def assert_no_terminal_controls(run: CliRun) -> None:
    """No raw ESC/BEL/C1/bidi character in stdout or stderr (newlines are fine)."""
    for name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
        found = sorted({repr(ch) for ch in stream if ch in TERMINAL_CONTROLS})
        assert not found, f"{run.args!r:.200}: raw {found} in {name}"


def assert_one_line_refusal(run: CliRun, codes: tuple[int, ...] = (1, 2)) -> None:
    """Exit 1 or 2, exactly one line on stderr, no traceback or internal error, nothing raw."""
    shown = f"{run.args!r:.200}"
    assert run.code in codes, f"{shown}: exit {run.code}, stderr {run.stderr[:300]!r}"
    assert "Traceback" not in run.stderr, f"{shown}: {run.stderr[-500:]}"
    assert "internal error" not in run.stderr, f"{shown}: {run.stderr}"
    assert len(run.stderr.splitlines()) == 1 and run.stderr.endswith("\n"), f"{shown}: {run.stderr!r:.500}"
    assert_no_terminal_controls(run)


EVERY_COMMAND: list[tuple[str, ...]] = [
    ("today",), ("today", "--json"), (), ("done", "1"), ("undone", "1"), ("skip", "1"),
    ("add", "x", "--at", "09:00"), ("check",),
    ("move", "1", "--to", "tomorrow"), ("edit", "1", "--title", "x"), ("delete", "1"),
    ("add", "x", "--at", "09:00", "--repeat", "daily"), ("stats",), ("search", "x"), ("next",), ("next", "--json"),
]
"""Every subcommand that touches the data dir (the TUI adds itself here once it lands)."""


def assert_every_command_refuses(
    data_dir: Path, env: Mapping[str, str], fragment: str, *, preexec: Callable[[], None] | None = None
) -> None:
    """Each of EVERY_COMMAND with --data-dir: exit 1, one line naming the problem, nothing changed."""
    before = tree_snapshot(data_dir) if data_dir.is_dir() and os.access(data_dir, os.R_OK) else None
    cases = [("--data-dir", str(data_dir), *args) for args in EVERY_COMMAND]
    if preexec is None:
        runs = run_cli_all(cases, env)
    else:  # preexec_fn is not safe with threads around: one at a time
        runs = [run_cli(args, env, preexec=preexec) for args in cases]
    for run in runs:
        assert_one_line_refusal(run, (1,))
        where = run.stdout if run.args[2:3] == ("check",) else run.stderr  # check lists problems on stdout
        assert fragment in where, f"{run.args}: {where!r}"
    if before is not None:
        assert tree_snapshot(data_dir) == before


def without_permission_override() -> None:
    """preexec_fn: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so
    that even root is refused by file permissions (tests run as root here)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
