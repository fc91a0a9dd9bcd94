"""`~name` of a user that does not exist, wherever a path is typed (found by the TUI monkey).

Path.expanduser raises RuntimeError for `~nosuchuser/...`. The export
dialog got it first (typing `~G` killed the app, test_tui_queued_keys.py);
the CLI turned it into an "internal error". Every place a user types a path
now says "no such folder" in one line (smm_tui.paths.expand).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from harness import assert_one_line_refusal, run_cli_all, tree_snapshot

pytestmark = pytest.mark.torture

NOBODY = "~nosuchuser-smm-tui"


def test_cli_paths_naming_the_home_of_nobody_are_one_line_refusals(
    data_dir: Path, cli_env: dict[str, str]
) -> None:
    before = tree_snapshot(data_dir)
    cases = [
        ("export", "-f", "ics", "-o", f"{NOBODY}/reports/"),
        ("export", "-f", "svg", "-o", f"{NOBODY}/day.svg"),
        ("export", "-f", "md", "--week", "-o", f"{NOBODY}/reports/"),
        ("export", "-f", "svg", "--stats", "-o", f"{NOBODY}/reports/"),
        ("import", f"{NOBODY}/calendar.ics"),
        ("--data-dir", f"{NOBODY}/data", "today"),
        ("--config", f"{NOBODY}/config.toml", "today"),
    ]
    runs = run_cli_all(cases, cli_env)
    env_runs = run_cli_all([("today",), ("done", "1")], dict(cli_env, SMM_TUI_DATA_DIR=f"{NOBODY}/data"))
    for run in [*runs, *env_runs]:
        assert_one_line_refusal(run, (2,))
        assert "no such folder" in run.stderr and NOBODY in run.stderr, run.stderr
    assert tree_snapshot(data_dir) == before
    assert not any(p.name.startswith("~") for p in Path(os.getcwd()).iterdir())
