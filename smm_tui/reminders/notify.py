"""Desktop notifications through the user's `notify_command`, safely.

config.toml gives an argv list, e.g. ["notify-send", "{title}", "{body}"].
Placeholders are filled per argument *after* the list is split, in one pass,
and the program is run without a shell: a task title such as
`x"; touch /tmp/pwned; "` reaches the program as one plain argument, and a
title containing "{body}" is not expanded again. Unknown placeholders are left
as written. The command gets no stdin and runs in its own process group
(session): after `notify_timeout` seconds the whole group is killed, so a
`sh -c "sleep 1000"` leaves no `sleep` behind (subprocess.run's timeout kills
only the direct child). The command counts as finished when its own process
exits: a background child it left (`sleep 1000 & exit 0`) keeps the output
pipe open but does not make it "not finishing". At most OUTPUT_CAP bytes of
its output are kept (for the error message); the rest is read and dropped as
it comes, so `yes {title}` cannot fill memory.

A failing command (missing program, non-zero exit, timeout) is reported once,
not on every reminder: `send` returns a problem line the first time it fails
and stays quiet until the command has worked again. config.load_settings
refuses a group- or world-writable config.toml that names a command.
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smm_tui.core.text import printable

PLACEHOLDERS = ("title", "body", "time", "date", "kind", "task_kind", "id", "due", "count", "line")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


OUTPUT_CAP = 4096
"""Bytes of the command's output (stdout and stderr together) kept for the error message."""
DRAIN_SECONDS = 0.2
"""After the command exits, how long output still flowing from children it left is read."""

STATS = {"groups_killed": 0}
"""Process groups killed after a timeout in this process (the torture report counts them)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one run of the command ended."""

    returncode: int | None
    """None: it did not exit within the timeout and its process group was killed."""
    stderr: bytes
    """The first OUTPUT_CAP bytes of what it wrote to stderr (stdout is read and dropped)."""
    pid: int
    """The command's pid, which is also its process group's id."""


def run_capped(argv: Sequence[str], timeout: float) -> Outcome:
    """Run `argv` in its own process group: a timeout kills the group, output is capped.

    Raises what Popen raises (FileNotFoundError, OSError) when it cannot start.
    """
    proc = subprocess.Popen(
        list(argv), shell=False, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, close_fds=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    err_fd = proc.stderr.fileno()
    kept = bytearray()
    deadline = time.monotonic() + timeout
    drain_until: float | None = None
    returncode: int | None = None
    killed = False
    with selectors.DefaultSelector() as selector:
        for pipe in (proc.stdout, proc.stderr):
            os.set_blocking(pipe.fileno(), False)
            selector.register(pipe.fileno(), selectors.EVENT_READ)
        while selector.get_map():
            now = time.monotonic()
            if returncode is None:
                returncode = proc.poll()
                if returncode is None and now >= deadline:
                    killed = True
                    break
                if returncode is not None:
                    drain_until = now + DRAIN_SECONDS
            if drain_until is not None and now >= drain_until:
                break  # exited; what still writes is a child it left in the background
            limit = drain_until if drain_until is not None else deadline
            for key, _events in selector.select(min(0.05, max(0.0, limit - now))):
                try:
                    chunk = os.read(key.fd, 65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    selector.unregister(key.fd)
                elif key.fd == err_fd and len(kept) < OUTPUT_CAP:
                    kept += chunk[: OUTPUT_CAP - len(kept)]
    if returncode is None and not killed:  # both pipes closed: it is about to exit, or detached them
        try:
            returncode = proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            killed = True
    if killed:
        _kill_group(proc)
        STATS["groups_killed"] += 1
        proc.wait()
        returncode = None
    proc.stdout.close()
    proc.stderr.close()
    return Outcome(returncode, bytes(kept), proc.pid)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the command's whole process group (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def fill(template: Sequence[str], fields: Mapping[str, str]) -> list[str]:
    """Each argument of `template` with its {placeholders} replaced; never joined, never re-split."""
    return [_PLACEHOLDER.sub(lambda m: fields.get(m.group(1), m.group(0)), arg) for arg in template]


class Notifier:
    """Runs notify_command for each delivery; thread-safe so the TUI can call it from a worker."""

    def __init__(self, argv: Sequence[str] | None, timeout: float) -> None:
        self.argv = tuple(argv) if argv else None
        self.timeout = timeout
        self._failing = False
        self._lock = threading.Lock()

    def send(self, fields: Mapping[str, str]) -> str | None:
        """Run the command once; a one-line problem the first time it fails, else None."""
        if not self.argv:
            return None
        argv = fill(self.argv, fields)
        program = printable(argv[0])
        problem: str | None = None
        try:
            result = run_capped(argv, self.timeout)
        except FileNotFoundError:
            problem = f"program {program!r} not found"
        except OSError as exc:
            problem = f"cannot run {program}: {exc.strerror or exc}"
        else:
            if result.returncode is None:
                problem = f"{program} did not finish within {self.timeout:g} s and was stopped"
            elif result.returncode != 0:
                said = result.stderr.decode("utf-8", "replace").strip().splitlines()
                reason = f": {printable(said[0][:200])}" if said else ""
                problem = f"{program} exited with status {result.returncode}{reason}"
        with self._lock:
            if problem is None:
                self._failing = False
                return None
            if self._failing:
                return None
            self._failing = True
        return f"notify_command failed: {problem} (reported once; reminders are still shown here)"
