"""Running headless Chromium from the tests: found on PATH, its own process group, a timeout, capped output.

Debian's `chromium` package (installed by .ci/run when missing, with the
DejaVu, Noto CJK and Noto Color Emoji fonts the svg export names, and
poppler-utils for pdftoppm).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

TIMEOUT = 60.0
OUTPUT_CAP = 20_000_000
NAMES = ("chromium", "chromium-browser")


def executable() -> str:
    """The Chromium on PATH; AssertionError saying how to install it when there is none."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("headless Chromium is needed by the browser tests: "
                         "apt-get install chromium fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji")


def run(profile: Path, *args: str, timeout: float = TIMEOUT) -> str:
    """Run headless Chromium with `args`; its stdout (at most OUTPUT_CAP bytes), or AssertionError.

    The browser runs in its own session so a timeout kills it and every
    helper process it started; `profile` keeps it away from the user's.
    """
    argv = [executable(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--font-render-hinting=none", f"--user-data-dir={profile}", *args]
    return run_tool(argv, timeout).decode("utf-8", errors="replace")


def run_tool(argv: list[str], timeout: float = TIMEOUT) -> bytes:
    """Run `argv` in its own session with a timeout that kills the group; stdout capped at OUTPUT_CAP."""
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"{argv[0]} did not finish within {timeout:.0f} s: {' '.join(argv[1:])}") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    if process.returncode != 0:
        raise AssertionError(f"{argv[0]} exited {process.returncode}: {err[-2000:].decode(errors='replace')}")
    return out[:OUTPUT_CAP]
