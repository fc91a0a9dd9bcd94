"""The no-change check of `smm-tui sync` (sync/quick.py): one request and few imports when nothing changed.

Each test runs the real command in a fresh interpreter against a real Radicale
behind the fault proxy (which counts the requests). The first run pushes, the
second finds nothing to do and records so, the third is the quick check. The
guard of the shortcut is the list of modules the third run imported: no
pydantic, no icalendar, not caldav's client nor its HTTP stack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fault_proxy import FaultProxy
from sync_helpers import Phone, write_config

from helpers.cli import NOW
from smm_tui.core.sync import status
from smm_tui.sync import quick

PROBE = """
import json, sys
from smm_tui.cli import main
rc = main(["sync"])
sys.stdout.write("PROBE " + json.dumps({"rc": rc, "modules": sorted(sys.modules)}) + "\\n")
raise SystemExit(rc)
"""
HEAVY = ("pydantic", "icalendar", "caldav.davclient", "niquests", "urllib3", "smm_tui.config", "smm_tui.core.store",
         "smm_tui.sync.client", "smm_tui.sync.run")
LUNCH = "2026-11-26-lunch-1200@smm-tui.invalid"


def sync(*, probe: bool = False) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """`smm-tui sync` in a fresh interpreter; with `probe`, also the modules it had imported at the end."""
    env = dict(os.environ, SMM_TUI_NOW=NOW)
    argv = [sys.executable, "-c", PROBE] if probe else [sys.executable, "-m", "smm_tui", "sync"]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    modules: list[str] = json.loads(lines[-1][len("PROBE "):])["modules"] if lines else []
    result.stdout = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("PROBE "))
    return result, modules


def settled(config_path: Path, url: str) -> str:
    """Push, then one round that finds nothing to do (it records that); the summary line of the latter."""
    write_config(config_path, url)
    first, _ = sync()
    assert first.returncode == 0 and first.stdout.startswith("pushed "), first.stderr
    second, _ = sync()
    assert second.returncode == 0 and second.stdout.startswith("pushed 0, pulled 0, conflicts 0, unchanged "), \
        second.stdout
    return second.stdout


def test_nothing_changed_one_request_and_no_heavy_imports(config_path: Path, collection: str, phone: Phone,
                                                          proxy: FaultProxy) -> None:
    line = settled(config_path, proxy.url(collection))
    proxy.requests.clear()
    third, modules = sync(probe=True)
    assert third.returncode == 0 and third.stdout == line
    assert proxy.requests == ["REPORT"]  # no login retry, no listing of bodies
    loaded = [name for name in HEAVY if name in modules]
    assert loaded == [], loaded


def test_a_local_change_makes_a_full_round(config_path: Path, data_dir: Path, collection: str, phone: Phone,
                                           proxy: FaultProxy) -> None:
    settled(config_path, proxy.url(collection))
    subprocess.run([sys.executable, "-m", "smm_tui", "done", "lunch-1200", "--date", "2026-11-26"],
                   env=dict(os.environ, SMM_TUI_NOW=NOW), check=True, capture_output=True)
    after, modules = sync(probe=True)
    assert after.stdout.startswith("pushed 1, pulled 0, conflicts 0"), after.stdout
    assert "caldav.davclient" in modules
    assert str(phone.todos()[LUNCH]["STATUS"]) == "COMPLETED"


def test_a_change_on_the_phone_makes_a_full_round(config_path: Path, data_dir: Path, collection: str, phone: Phone,
                                                  proxy: FaultProxy) -> None:
    from datetime import UTC, datetime

    settled(config_path, proxy.url(collection))
    phone.tick(LUNCH, at=datetime(2026, 11, 26, 8, 5, tzinfo=UTC))
    after, _ = sync()
    assert after.stdout.startswith("pushed 0, pulled 1, conflicts 0"), after.stdout
    again, modules = sync(probe=True)  # a round with a pull is not recorded: this one is full and quiet
    assert again.stdout.startswith("pushed 0, pulled 0, conflicts 0") and "caldav.davclient" in modules


def test_an_edited_config_is_checked_by_the_full_round(config_path: Path, collection: str, phone: Phone,
                                                       proxy: FaultProxy) -> None:
    settled(config_path, proxy.url(collection))
    with config_path.open("a") as f:
        f.write("interval_minutes = 0\n")
    broken, modules = sync(probe=True)
    assert broken.returncode == 1 and "interval_minutes" in broken.stderr and "pydantic" in modules
    assert broken.stdout == ""


def test_a_server_that_is_gone_is_one_line_as_from_the_full_round(config_path: Path, collection: str, phone: Phone,
                                                                  proxy: FaultProxy, data_dir: Path) -> None:
    settled(config_path, proxy.url(collection))
    proxy.close()  # the port answers no more
    quick_try, modules = sync(probe=True)
    assert "caldav.davclient" not in modules
    (data_dir / "state" / "sync-quick.toml").unlink()  # the full round, for comparison
    full_try, _ = sync()
    assert quick_try.returncode == full_try.returncode == 1
    assert quick_try.stderr == full_try.stderr
    assert quick_try.stderr.count("\n") == 1 and "cannot connect" in quick_try.stderr


def test_the_status_file_name_is_the_one_the_status_module_writes() -> None:
    assert f"{status.NAME}.toml" == quick.STATUS_FILE


def test_a_record_naming_another_password_command_is_not_used(config_path: Path, data_dir: Path, collection: str,
                                                              phone: Phone, proxy: FaultProxy, tmp_path: Path) -> None:
    settled(config_path, proxy.url(collection))
    record = data_dir / "state" / "sync-quick.toml"
    planted = tmp_path / "planted"
    text = record.read_text()
    start = text.index("password_command = [")
    end = text.index("]", start) + 1
    record.write_text(text[:start] + f'password_command = ["touch", "{planted}"]' + text[end:])
    after, modules = sync(probe=True)
    assert after.returncode == 0 and after.stdout.startswith("pushed 0, pulled 0, conflicts 0")
    assert not planted.exists() and "caldav.davclient" in modules  # the full round ran, with config's command
