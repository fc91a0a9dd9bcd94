"""`smm-tui serve`: the app in a real browser, and the command's own rules (loopback, missing extra, port).

The browser test starts `smm-tui serve` on 127.0.0.1 and a free port over a
temporary data dir with a frozen clock, opens the page in headless Chromium,
waits until the timeline's text is in xterm.js's screen, presses space on
the selected slot and waits until the tick is in the day file on disk.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path
from typing import ClassVar

import pytest
from selenium.webdriver.common.by import By
from served import ServeProcess, browser, free_port, refused, screen, wait_for

from smm_tui.cli import main
from smm_tui.cli.serve import app_command, is_loopback

DAY = "2026-11-26"
NOW = f"{DAY}T09:10:00+01:00"
SCREENSHOT = os.environ.get("SMM_TUI_SERVE_SCREENSHOT")
"""Where to keep the browser's screenshot of the served app (to look at); the test's temp dir when unset."""


def serve_env() -> dict[str, str]:
    env = dict(os.environ, SMM_TUI_NOW=NOW)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


def selected_row(rows: list[str]) -> str | None:
    """The timeline row under the cursor (drawn with a leading ▶), once the timeline is on screen."""
    return next((row for row in rows if row.startswith("▶")), None)


def day_tasks(data_dir: Path) -> list[dict[str, object]] | None:
    path = data_dir / "days" / f"{DAY}.toml"
    try:
        return list(tomllib.loads(path.read_text())["tasks"])
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return None  # not written yet (the store replaces the file whole, never half-written)


def test_the_served_app_shows_the_day_and_a_key_in_the_page_ticks_a_slot_on_disk(data_dir: Path,
                                                                               tmp_path: Path) -> None:
    port = free_port()
    server = ServeProcess(port, tmp_path / "serve.log", serve_env())
    try:
        wait_for("smm-tui serve to listen", server.listening)
        assert f"http://127.0.0.1:{port}" in server.output()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            policy = page.headers["Content-Security-Policy"] or ""
            assert "googleapis" in page.read().decode(), "textual-serve's page still links its web font"
        # ... which the policy keeps the browser from fetching: the page talks to this server only.
        assert "default-src 'self'" in policy and "http" not in policy, policy
        with browser(tmp_path / "profile") as driver:
            driver.get(f"http://127.0.0.1:{port}/")

            def timeline_on_screen() -> list[str] | None:
                rows = screen(driver)
                if rows and any("Publish the blog post on today's news" in r for r in rows) and selected_row(rows):
                    return rows
                return None

            rows = wait_for("the timeline in the browser's terminal", timeline_on_screen)
            text = "\n".join(rows)
            assert "Thursday 26 November 2026" in text and "MORNING" in text and "EVENING" in text
            assert "now 09:10" in text  # the served app runs on the frozen clock of the server's environment
            # Drawn for the browser's size from the first frame: the wide layout, with the selected slot's details
            # (started at 80x24 and resized, the timeline kept its narrow rows and the details stayed empty).
            assert "Position" in text and "08:30–09:30" in text, text
            row = selected_row(rows)
            assert row is not None
            start = row[1:6]
            assert "[ ]" in row, row
            assert day_tasks(data_dir) is None, "opening the day must not write it"

            driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(" ")

            def ticked() -> dict[str, object] | None:
                tasks = day_tasks(data_dir) or []
                return next((t for t in tasks if str(t["start"])[:5] == start and t["status"] == "done"), None)

            task = wait_for(f"the {start} slot to be done in the day file", ticked)
            done_row = wait_for("the tick on screen", lambda: next(
                (r for r in (screen(driver) or []) if r[1:6] == start and "[x]" in r), None))
            assert str(task["title"])[:20] in done_row
            driver.save_screenshot(SCREENSHOT or str(tmp_path / "served.png"))
            # The web font was refused by the policy, before any network: nothing but this server was asked.
            assert any("fonts.googleapis.com" in url for url in refused(driver)), refused(driver)
        # SIGTERM right after the tab closed, while its app may still be quitting: the server waits for it.
        assert server.stop(signal.SIGTERM) == 0, server.output()[-2000:]
        assert not server.group_alive()
        assert "Traceback" not in server.output() and "is closed" not in server.output(), server.output()
    finally:
        server.kill()


def test_ctrl_c_stops_the_server_and_the_app_it_started(data_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    server = ServeProcess(port, tmp_path / "serve.log", serve_env())
    try:
        wait_for("smm-tui serve to listen", server.listening)
        with browser(tmp_path / "profile") as driver:
            driver.get(f"http://127.0.0.1:{port}/")
            wait_for("the timeline", lambda: True if any("MORNING" in r for r in screen(driver) or []) else None)
            # Ctrl-C in a terminal: SIGINT to the whole foreground group, the app processes included.
            assert server.stop(signal.SIGINT, group=True) == 0, server.output()[-2000:]  # the tab is still open
        assert not server.group_alive()
        assert "Traceback" not in server.output(), server.output()
    finally:
        server.kill()


# --- the command's rules, without a browser ------------------------------------------------------------


class FakeServer:
    """Stands in for the web server (cli/webserver.py): records what it was given, serves nothing."""

    made: ClassVar[list[FakeServer]] = []

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        self.command, self.host, self.port, self.title = command, host, port, title
        self.served = False
        FakeServer.made.append(self)

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    import smm_tui.cli.webserver

    FakeServer.made = []
    monkeypatch.setattr(smm_tui.cli.webserver, "SessionServer", FakeServer)
    return FakeServer


def test_loopback_by_default_and_the_same_files_and_date_for_the_app(fake_server: type[FakeServer],
                                                                     tmp_path: Path) -> None:
    data = tmp_path / "my data; $(rm -rf ~)"
    config = tmp_path / "it's config.toml"
    assert main(["serve", "--data-dir", str(data), "--config", str(config), "--date", DAY]) == 0
    (made,) = fake_server.made
    assert (made.host, made.port, made.served) == ("127.0.0.1", 8000, True)
    assert shlex.split(made.command) == [sys.executable, "-m", "smm_tui", "--data-dir", str(data),
                                         "--config", str(config), "--date", DAY]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.7", "example.org", "::"])
def test_a_host_beyond_loopback_needs_public_and_then_warns(fake_server: type[FakeServer], host: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--public" in err and "no authentication" in err
    assert fake_server.made == []
    assert main(["serve", "--host", host, "--public", "--port", "8081"]) == 0
    assert "warning" in capsys.readouterr().err
    assert (fake_server.made[0].host, fake_server.made[0].port) == (host, 8081)


def test_loopback_names() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.9.1", "::1", "localhost", "LOCALHOST"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "10.0.0.1", "localhost.example.org", ""]))


def test_without_textual_serve_one_line_says_how_to_install_it(data_dir: Path) -> None:
    """In a fresh interpreter where textual-serve cannot be imported (as without the extra)."""
    probe = ("import sys\nsys.modules['textual_serve'] = None  # `import textual_serve...` raises ImportError\n"
             "from smm_tui.cli import main\nraise SystemExit(main(['serve', '--port', '1']))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "smm-tui serve: textual-serve is not installed: pip install 'smm-tui[serve]'\n"


@pytest.mark.parametrize("port", ["0", "65536", "http", "٨٠"])
def test_a_bad_port_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", port])
    assert exit_info.value.code == 2
    assert "expected a port number from 1 to 65535" in capsys.readouterr().err


def test_a_taken_port_is_one_line_and_exit_1(data_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = ServeProcess(port, tmp_path / "serve.log", serve_env())
        try:
            assert server.process.wait(timeout=60) == 1
        finally:
            server.kill()
    lines = [line for line in server.output().splitlines() if "smm-tui serve" in line and "cannot listen" in line]
    assert lines == [f"smm-tui serve: cannot listen on 127.0.0.1:{port}: Address already in use"], server.output()
    assert "Traceback" not in server.output()


def test_the_app_command_is_this_python_with_the_context_files(tmp_path: Path) -> None:
    from smm_tui.cli import Context
    from smm_tui.core.clock import SystemClock

    ctx = Context(tmp_path / "a b", tmp_path / "c'd.toml", SystemClock())
    assert shlex.split(app_command(ctx, None)) == [sys.executable, "-m", "smm_tui", "--data-dir",
                                                   str(tmp_path / "a b"), "--config", str(tmp_path / "c'd.toml")]
