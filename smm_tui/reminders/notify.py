"""Desktop notifications through the user's `notify_command`, safely.

config.toml gives an argv list, e.g. ["notify-send", "{title}", "{body}"].
Placeholders are filled per argument *after* the list is split, in one pass,
and the program is run without a shell: a task title such as
`x"; touch /tmp/pwned; "` reaches the program as one plain argument, and a
title containing "{body}" is not expanded again. Unknown placeholders are left
as written. The command gets no stdin, its output is captured (for the error
message) and it is stopped after `notify_timeout` seconds.

A failing command (missing program, non-zero exit, timeout) is reported once,
not on every reminder: `send` returns a problem line the first time it fails
and stays quiet until the command has worked again. config.load_settings
refuses a group- or world-writable config.toml that names a command.
"""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Mapping, Sequence

from smm_tui.core.text import printable

PLACEHOLDERS = ("title", "body", "time", "date", "kind", "task_kind", "id", "due", "count", "line")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


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
            result = subprocess.run(
                argv, shell=False, stdin=subprocess.DEVNULL, capture_output=True, timeout=self.timeout, check=False,
            )
        except FileNotFoundError:
            problem = f"program {program!r} not found"
        except subprocess.TimeoutExpired:
            problem = f"{program} did not finish within {self.timeout:g} s and was stopped"
        except OSError as exc:
            problem = f"cannot run {program}: {exc.strerror or exc}"
        else:
            if result.returncode != 0:
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
