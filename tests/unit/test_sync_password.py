"""password_command: first line only, stopped with its whole process group on timeout, capped output, quiet errors."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from smm_tui.sync.password import MAX_OUTPUT, PasswordFailed, run_password_command


def _alive(pid: int) -> bool:
    """Running (a killed process waiting to be reaped by whoever adopted it counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_first_line_is_the_password() -> None:
    assert run_password_command([sys.executable, "-c", "print('pw with spaces'); print('second line')"]) == "pw with spaces"


def test_a_hanging_command_is_stopped_with_its_children(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    script = (f"import os, subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
              f"open({str(marker)!r}, 'w').write(str(p.pid)); time.sleep(60)")
    started = time.monotonic()
    with pytest.raises(PasswordFailed, match=r"did not finish within 0\.5 s"):
        run_password_command([sys.executable, "-c", script], timeout=0.5)
    assert time.monotonic() - started < 10
    child = int(marker.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the kill is asynchronous: wait for the grandchild to be gone
        if not _alive(child):
            break
        time.sleep(0.02)
    else:
        pytest.fail("the password command's child survived")


def test_endless_output_is_cut_off() -> None:
    with pytest.raises(PasswordFailed, match=f"more than {MAX_OUTPUT} bytes"):
        run_password_command([sys.executable, "-c", "import sys\nwhile True: sys.stdout.write('x' * 65536)"])


@pytest.mark.parametrize(("argv", "expected"), [
    (["no-such-program-smm"], "program 'no-such-program-smm' not found"),
    ([sys.executable, "-c", "import sys; print('secret'); sys.exit(3)"], "exited with status 3"),
    ([sys.executable, "-c", "pass"], "printed no password"),
])
def test_failures_name_the_program_and_never_what_it_printed(argv: list[str], expected: str) -> None:
    with pytest.raises(PasswordFailed) as caught:
        run_password_command(argv)
    assert expected in str(caught.value)
    assert "secret" not in str(caught.value)
