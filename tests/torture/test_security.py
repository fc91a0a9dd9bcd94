"""Security checks that need only the core: private modes, unsafe dirs and configs, data never code.

- data and config files 0600, directories 0700 - also after backup rotation
  and whatever the umask;
- a world-writable data dir is refused by every command (also `today`'s
  snapshot fast path);
- a group- or world-writable config.toml that names a notify_command is
  refused (config.load_settings), and smm-tui never chmods the user's file;
- config and theme files are data: loading them never runs anything.
"""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import harness
import pytest
from harness import assert_every_command_refuses, assert_private, run_cli, run_cli_all

from smm_tui.config import load_settings
from smm_tui.core.backups import BACKUPS
from smm_tui.core.clock import FrozenClock
from smm_tui.core.errors import DataError
from smm_tui.core.store import Store
from smm_tui.themes.spec import load_theme_file, load_themes

pytestmark = pytest.mark.torture

DAY = "2026-11-26"


def test_modes_stay_private_after_rotations_whatever_the_umask(
    data_dir: Path, cli_env: dict[str, str], clock: FrozenClock
) -> None:
    """Files 0600 and dirs 0700 after enough saves to rotate every backup, from the CLI with umask 000."""
    marks = [("done" if n % 2 == 0 else "undone", "2", "--date", DAY) for n in range(BACKUPS + 2)]
    for args in [*marks, ("today", "--date", DAY), ("add", "x", "--at", "09:00", "--date", "2026-12-01")]:
        result = subprocess.run(harness.cli_argv(*args), env=cli_env, capture_output=True, text=True, timeout=60,
                                umask=0)
        assert result.returncode == 0, result.stderr
    assert Store(data_dir, clock).backup_path(date(2026, 11, 26), BACKUPS).exists(), "every backup was rotated"
    assert (data_dir / ".cache").is_dir(), "the snapshot cache is covered too"
    assert_private(data_dir)


def test_modes_stay_private_for_a_new_data_dir_created_with_a_wide_umask(tmp_path: Path, cli_env: dict[str, str]) -> None:
    data = tmp_path / "deep" / "new" / "data"
    result = subprocess.run(harness.cli_argv("--data-dir", str(data), "done", "1"), env=cli_env, capture_output=True,
                            text=True, timeout=60, umask=0)
    assert result.returncode == 0, result.stderr
    assert_private(data)
    for parent in (tmp_path / "deep", tmp_path / "deep" / "new"):
        assert stat.S_IMODE(parent.stat().st_mode) == 0o700, "created parents are private too"


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o707])
def test_world_writable_data_dir_is_refused_by_every_command(data_dir: Path, cli_env: dict[str, str], mode: int) -> None:
    # Warm the snapshot first: `today` must not serve it from an unsafe dir.
    assert run_cli(("today", "--date", DAY), cli_env).code == 0
    assert (data_dir / ".cache").is_dir()
    os.chmod(data_dir, mode)
    try:
        assert_every_command_refuses(data_dir, cli_env, "refusing a world-writable data dir")
    finally:
        os.chmod(data_dir, 0o700)


def test_group_writable_data_dir_is_accepted(data_dir: Path, cli_env: dict[str, str]) -> None:
    """Only world-writable is refused (a shared group dir is the user's choice); documented in docs/files.md."""
    os.chmod(data_dir, 0o770)
    try:
        assert run_cli(("done", "3", "--date", DAY), cli_env).code == 0
    finally:
        os.chmod(data_dir, 0o700)


NOTIFY = 'notify_command = ["notify-send", "{title}"]\n'


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666, 0o622])
def test_writable_config_naming_a_command_is_refused(config_path: Path, cli_env: dict[str, str], mode: int) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(NOTIFY)
    os.chmod(config_path, mode)
    expected = (f"{config_path}: refusing a group- or world-writable file because it names a notify_command "
                f"to run; run: chmod go-w {config_path}")
    with pytest.raises(DataError) as info:
        load_settings(config_path)
    assert str(info.value) == expected
    check, today = run_cli_all([("check",), ("today", "--date", DAY)], cli_env)
    assert check.code == 1 and check.stdout.splitlines()[0] == expected
    assert today.code == 0 and today.stderr == f"smm-tui: warning: {expected} (using default settings)\n"
    assert stat.S_IMODE(config_path.stat().st_mode) == mode, "smm-tui must not chmod the user's file"


def test_writable_config_without_a_command_is_only_data(config_path: Path) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("lead_minutes = 5\n")
    os.chmod(config_path, 0o666)
    assert load_settings(config_path).lead_minutes == 5
    config_path.write_text(NOTIFY)
    os.chmod(config_path, 0o600)
    assert load_settings(config_path).notify_command == ("notify-send", "{title}")


def test_config_and_themes_are_data_never_run(tmp_path: Path, config_path: Path, cli_env: dict[str, str]) -> None:
    """Shell, Python and template syntax in config and theme values is inert data."""
    marker = tmp_path / "PWNED"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(
        f'notify_command = ["sh", "-c", "touch {marker}"]\n'
        f'[keymap]\n"task.toggle" = "$(touch {marker})"\n'
    )
    os.chmod(config_path, 0o600)
    themes = config_path.parent / "themes"
    themes.mkdir()
    (themes / "evil.toml").write_text(
        f'name = "evil"\ndescription = "__import__(\'os\').system(\'touch {marker}\')"\n'
        f'[colors]\nprimary = "#123456"\n'
    )
    (themes / "evil.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (themes / "name.toml").write_text(f'name = "$(touch {marker})"\n[colors]\nprimary = "#123456"\n')
    settings = load_settings(config_path)
    assert settings.notify_command == ("sh", "-c", f"touch {marker}")  # loaded as argv, not run
    loaded, failures = load_themes(themes)
    assert set(loaded) == {"evil"}, "only *.toml files are themes, and a name must be a name"
    assert [p.path.name for p in failures] == ["name.toml"] and failures[0].field == "name"
    assert loaded["evil"].description.startswith("__import__")
    for args in (("check",), ("today", "--date", DAY), ("done", "1", "--date", DAY), ("paths",)):
        run_cli(args, cli_env)
    with pytest.raises(DataError):
        load_theme_file(themes / "name.toml")
    assert not marker.exists(), "something in a config or theme file was executed"
