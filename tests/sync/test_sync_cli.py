"""`smm-tui sync` as a user runs it: one summary line, --dry-run, --status, --reset, one-line failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sync_helpers import PASSWORD, USER, Phone, self_signed, start_radicale, write_config

from helpers.cli import NOW, one_line, smm
from helpers.processes import free_port


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return smm("sync", *args, timeout=120)


def test_sync_prints_one_summary_line_and_a_second_run_changes_nothing(
    config_path: Path, collection: str, phone: Phone,
) -> None:
    write_config(config_path, collection)
    first = run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [f"pushed {len(phone.todos())}, pulled 0, conflicts 0, unchanged 0"]
    second = run()
    assert second.stdout.strip() == f"pushed 0, pulled 0, conflicts 0, unchanged {len(phone.todos())}"


def test_dry_run_prints_the_plan_and_changes_nothing(config_path: Path, collection: str, phone: Phone,
                                                     data_dir: Path) -> None:
    write_config(config_path, collection)
    result = run("--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("push: 2026-11-26 05:30 ")
    assert lines[-1].startswith("would do: pushed ")
    assert phone.todos() == {}
    assert not (data_dir / "state" / "sync.toml").exists()


def test_status_shows_server_last_sync_and_pending(config_path: Path, collection: str, phone: Phone) -> None:
    write_config(config_path, collection)
    before = run("--status")
    assert "last sync   never" in before.stdout
    run()
    subprocess.run([sys.executable, "-m", "smm_tui", "done", "1", "--date", "2026-11-26"],
                   env=dict(os.environ, SMM_TUI_NOW=NOW), check=True, capture_output=True)
    after = run("--status")
    assert after.returncode == 0, after.stderr
    assert f"server      {collection}" in after.stdout
    assert "last sync   2026-11-26T09:10+01:00: pushed " in after.stdout
    assert "pending     1 local change(s)" in after.stdout


def test_reset_pairs_again_by_uid_and_deletes_nothing(config_path: Path, collection: str, phone: Phone,
                                                      data_dir: Path) -> None:
    write_config(config_path, collection)
    run()
    count = len(phone.todos())
    (data_dir / "state" / "sync.toml").write_text("this is = not [valid toml")
    result = run("--reset")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"pushed 0, pulled 0, conflicts 0, unchanged {count}"
    assert len(phone.todos()) == count
    assert list((data_dir / "state").glob("sync.toml.broken-*")), "the unreadable status is kept, not deleted"


def test_a_corrupt_status_file_means_a_full_comparison_never_deletions(
    config_path: Path, collection: str, phone: Phone, data_dir: Path,
) -> None:
    write_config(config_path, collection)
    run()
    count = len(phone.todos())
    (data_dir / "state" / "sync.toml").write_bytes(b"\x00" * 100)
    result = run()
    assert result.returncode == 0, result.stderr
    assert "comparing everything by UID, deleting nothing" in result.stderr
    assert result.stdout.strip() == f"pushed 0, pulled 0, conflicts 0, unchanged {count}"


def test_a_wrong_password_is_one_line_exit_1_and_never_shows_the_password(
    config_path: Path, collection: str, data_dir: Path,
) -> None:
    write_config(config_path, collection, password="not-the-password-xyz")
    result = run()
    assert result.returncode == 1
    line = one_line(result)
    assert "refused the login" in line
    assert "not-the-password-xyz" not in result.stdout + result.stderr
    assert not (data_dir / "state" / "sync.toml").exists()


def test_the_password_is_never_stored(config_path: Path, collection: str, data_dir: Path) -> None:
    write_config(config_path, collection)
    assert run().returncode == 0
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_a_server_that_is_not_there_is_one_line_exit_1(config_path: Path) -> None:
    write_config(config_path, f"http://127.0.0.1:{free_port()}/{USER}/smm/")
    result = run()
    assert result.returncode == 1
    assert "cannot connect" in one_line(result)


@pytest.mark.parametrize(("extra", "expected"), [
    ("interval_minutes = 0\n", "sync.interval_minutes"),
    ("colour = 1\n", "sync.colour"),
])
def test_config_problems_are_one_line_each(config_path: Path, extra: str, expected: str) -> None:
    write_config(config_path, "http://127.0.0.1:1/x/", extra=extra)
    result = run()
    assert result.returncode == 1
    assert expected in one_line(result)


def test_a_url_with_a_password_in_it_is_refused_without_repeating_it(config_path: Path) -> None:
    write_config(config_path, "https://alice:hunter2-secret@dav.example.org/alice/smm/")
    result = run()
    assert result.returncode == 1
    line = one_line(result)
    assert "without user:password@" in line and "hunter2-secret" not in line


def test_without_a_sync_section_it_says_how_to_add_one(config_path: Path) -> None:
    result = run()
    assert result.returncode == 2
    assert "[sync]" in one_line(result)


def test_password_command_failures_name_only_the_program(config_path: Path) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('[sync]\nurl = "http://127.0.0.1:1/x/"\npassword_command = ["false"]\n')
    result = run()
    assert result.returncode == 1
    assert one_line(result) == "sync: password_command: false exited with status 1"


def test_a_ca_file_that_is_not_a_file_is_one_line(config_path: Path, tmp_path: Path) -> None:
    write_config(config_path, "https://127.0.0.1:1/x/", extra=f'ca_file = "{tmp_path}"\n')
    result = run()
    assert result.returncode == 1
    assert "not a regular file" in one_line(result)


def test_tls_is_verified_and_a_ca_file_admits_a_self_hosted_server(config_path: Path, tmp_path: Path) -> None:
    root = tmp_path / "tls-radicale"
    root.mkdir()
    cert, key = self_signed(root)
    with start_radicale(root, tls=(cert, key)) as server:
        url = server.new_collection()
        write_config(config_path, url)
        refused = run()
        assert refused.returncode == 1
        assert "TLS certificate could not be verified" in one_line(refused)
        write_config(config_path, url, extra=f'ca_file = "{cert}"\n')
        trusted = run()
        assert trusted.returncode == 0, trusted.stderr
        assert trusted.stdout.startswith("pushed ")
