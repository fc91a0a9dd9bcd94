"""Running headless Chromium from the tests: found on PATH, its own process group, a timeout, capped output;
and the pages the layout checks load (svg pictures and a check script that leaves its findings as JSON).

Debian's `chromium` package (installed by .ci/run when missing, with the
DejaVu, Noto CJK and Noto Color Emoji fonts the svg export names, and
poppler-utils for pdftoppm).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

TIMEOUT = 60.0
OUTPUT_CAP = 20_000_000
NAMES = ("chromium", "chromium-browser")
BOXES_JS = """function inside(b, box, tol) {
  return b.x >= box.x - tol && b.y >= box.y - tol &&
         b.x + b.width <= box.x + box.width + tol && b.y + b.height <= box.y + box.height + tol;
}
function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
"""
"""Box geometry for the check scripts: `inside(b, box, tol)` and `overlap(a, b)` on getBBox() rectangles."""


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


def page_result(profile: Path, page: Path, *args: str, budget: int = 20000) -> Any:
    """Load `page` (`args` go before it: a window size) and return the JSON its script left in the DOM.

    The page's script writes `<pre id="result">RESULT{json}END</pre>` once its
    fonts are ready; `budget` is Chromium's virtual time for that, in ms.
    """
    dom = run(profile, *args, f"--virtual-time-budget={budget}", "--dump-dom", page.as_uri())
    found = re.search(r"<pre id=\"result\">RESULT(.*?)END</pre>", dom, re.S)
    assert found, "the check script did not run: " + dom[-500:]
    return json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


def pictures_page(page: Path, pictures: list[tuple[str, str]], check: str) -> Path:
    """Write an html page of every (name, svg markup), each svg tagged data-name="name", then `check`."""
    body = "\n".join(markup.replace("<svg ", f'<svg data-name="{name}" ', 1) for name, markup in pictures)
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}{check}</body></html>',
                    encoding="utf-8")
    return page
