"""`smm-tui serve` in headless Chromium: the server process, the browser, and reading xterm.js's screen.

The browser is Debian's chromium driven through Debian's chromedriver by
Selenium (.ci/run installs chromium-driver when `chromedriver` is missing).
Nothing leaves 127.0.0.1: the page of textual-serve links a web font from
Google, and Chromium's host resolver is told that every other name does not
exist.

What the page shows is read from xterm.js's own buffer (its public API,
`buffer.active.getLine(i).translateToString()`): the terminal draws on a
canvas, and textual-serve keeps its `Terminal` object in a closure. A script
that runs before the page's own catches the object as textual-serve stores
it (`this.terminal = new Terminal(...)`, through a one-time setter on
Object.prototype that puts the property back as a plain one), so the page
runs unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from chromium import executable
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

T = TypeVar("T")
DEADLINE = 40.0
OUTPUT_CAP = 200_000

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {configurable: true, set(value) {
  Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
  if (value && value.buffer && typeof value.write === "function") { window.__smmTerminal = value; }
}});
"""
READ_SCREEN = """
const t = window.__smmTerminal;
if (!t) { return null; }
const buffer = t.buffer.active, rows = [];
for (let i = 0; i < t.rows; i++) { const line = buffer.getLine(i); rows.push(line ? line.translateToString(true) : ""); }
return rows;
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, probe: Callable[[], T | None], deadline: float = DEADLINE) -> T:
    """Poll `probe` until it returns something other than None; AssertionError naming `what` at the deadline."""
    end = time.monotonic() + deadline
    while True:
        found = probe()
        if found is not None:
            return found
        if time.monotonic() > end:
            raise AssertionError(f"waited {deadline:.0f} s for {what}")
        time.sleep(0.05)  # polling a browser or a file with a deadline: there is no event to wait on


def chromedriver() -> str:
    found = shutil.which("chromedriver")
    if not found:
        raise AssertionError("the serve browser test needs chromedriver: apt-get install chromium-driver")
    return found


class ServeProcess:
    """`smm-tui serve` on 127.0.0.1 in its own process group; its output goes to a file, read capped."""

    def __init__(self, port: int, log: Path, env: dict[str, str], *args: str) -> None:
        self.port = port
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "smm_tui", "serve", "--port", str(port), *args],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def output(self) -> str:
        with self.log.open("rb") as source:
            return source.read(OUTPUT_CAP).decode(errors="replace")

    def listening(self) -> bool | None:
        if self.process.poll() is not None:
            raise AssertionError(f"smm-tui serve exited {self.process.returncode}: {self.output()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return None

    def group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self, sig: int = signal.SIGTERM, *, group: bool = False) -> int:
        """Send `sig` to the server (or its whole group, as a terminal's Ctrl-C does); its exit status."""
        if group:
            os.killpg(self.process.pid, sig)
        else:
            self.process.send_signal(sig)
        return self.process.wait(timeout=DEADLINE)

    def kill(self) -> None:
        if self.group_alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=DEADLINE)


CATCH_REFUSED = """
window.__smmRefused = [];
document.addEventListener("securitypolicyviolation", (e) => window.__smmRefused.push(e.blockedURI));
"""
"""What the page's Content-Security-Policy kept the browser from loading, as `refused(driver)` reads it."""


def refused(driver: webdriver.Chrome) -> list[str]:
    """The addresses the page's policy refused so far (its violation events)."""
    return [str(url) for url in driver.execute_script("return window.__smmRefused || []")]


@contextmanager
def browser(profile: Path, width: int = 1280, height: int = 860) -> Iterator[webdriver.Chrome]:
    """Headless Chromium through chromedriver, every host but 127.0.0.1 unresolvable."""
    options = webdriver.ChromeOptions()
    options.binary_location = executable()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                     f"--window-size={width},{height}", "--force-device-scale-factor=1",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver()), options=options)
    try:
        driver.set_page_load_timeout(DEADLINE)
        driver.set_script_timeout(DEADLINE)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_REFUSED})
        yield driver
    finally:
        driver.quit()


def screen(driver: webdriver.Chrome) -> list[str] | None:
    """The terminal's rows as text, or None before textual-serve has made its terminal."""
    rows = driver.execute_script(READ_SCREEN)
    return [str(row) for row in rows] if isinstance(rows, list) else None
