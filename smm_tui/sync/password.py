"""The sync password from the user's `password_command` (e.g. ["pass", "show", "dav"]).

The command runs without a shell, with no stdin, in its own process group,
and is stopped (the whole group) after TIMEOUT seconds; at most MAX_OUTPUT
bytes of its output are read. The password is its first line. It is never
stored, printed or put into an error message: errors name the program and
what went wrong, nothing it printed.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from collections.abc import Sequence

from smm_tui.core.errors import SmmError
from smm_tui.core.text import printable

TIMEOUT = 10.0
MAX_OUTPUT = 64 * 1024


class PasswordFailed(SmmError):
    """password_command did not give a password."""


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def run_password_command(argv: Sequence[str], timeout: float = TIMEOUT) -> str:
    """The first line the command prints; PasswordFailed (naming only the program) otherwise."""
    program = printable(argv[0])
    try:
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except FileNotFoundError:
        raise PasswordFailed(f"sync: password_command: program {program!r} not found") from None
    except OSError as exc:
        raise PasswordFailed(f"sync: password_command: cannot run {program}: {exc.strerror or exc}") from None
    assert proc.stdout is not None
    out = bytearray()
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                _kill_group(proc)
                raise PasswordFailed(f"sync: password_command: {program} did not finish within {timeout:g} s and was stopped")
            if not selector.select(left):
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
            if len(out) > MAX_OUTPUT:
                _kill_group(proc)
                raise PasswordFailed(f"sync: password_command: {program} printed more than {MAX_OUTPUT} bytes")
    proc.stdout.close()
    try:
        status = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise PasswordFailed(f"sync: password_command: {program} did not finish within {timeout:g} s and was stopped") from None
    if status != 0:
        raise PasswordFailed(f"sync: password_command: {program} exited with status {status}")
    text = out.decode("utf-8", "replace")
    password = text.split("\n", 1)[0].rstrip("\r")
    if not password:
        raise PasswordFailed(f"sync: password_command: {program} printed no password")
    return password
