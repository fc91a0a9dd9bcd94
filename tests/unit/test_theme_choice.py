"""Saving the theme rewrites only the `theme` line of config.toml."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from smm_tui.themes.choice import ConfigNotRewritable, rewrite_theme_line, save_theme_choice


@pytest.mark.parametrize(("before", "after"), [
    ("", 'theme = "paper"\n'),
    ('theme = "hectic"\n', 'theme = "paper"\n'),
    ("theme='hectic'   # my favourite\nbell = false\n", 'theme="paper"   # my favourite\nbell = false\n'),
    ("# my config\n\nbell = false\n[bands]\nlunch = 12:30:00\n",
     '# my config\n\ntheme = "paper"\nbell = false\n[bands]\nlunch = 12:30:00\n'),
    ("[reminders]\nat_start = false\n", 'theme = "paper"\n[reminders]\nat_start = false\n'),
    ("bell = false", 'theme = "paper"\nbell = false'),
    ('bell = true\n[x]\ntheme = "not-top-level"\n', 'theme = "paper"\nbell = true\n[x]\ntheme = "not-top-level"\n'),
    ('theme = "hectic"\r\nbell = true\r\n', 'theme = "paper"\r\nbell = true\r\n'),
])
def test_rewrite_keeps_everything_else(before: str, after: str) -> None:
    assert rewrite_theme_line(before, "paper") == after


@pytest.mark.parametrize("text", [
    "theme = \n",                 # does not parse
    'theme = """multi\nline"""\n',  # not a one-line string
    "theme = [\"a\"]\n",
])
def test_refuses_what_it_cannot_rewrite_safely(text: str) -> None:
    with pytest.raises(ConfigNotRewritable):
        rewrite_theme_line(text, "paper")


def test_save_creates_missing_config_privately_and_reports_broken_ones(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "config.toml"
    assert save_theme_choice(config, "midnight") is None
    assert tomllib.loads(config.read_text()) == {"theme": "midnight"}
    assert os.stat(config).st_mode & 0o777 == 0o600
    config.write_text("theme = \n")
    problem = save_theme_choice(config, "paper")
    assert problem is not None and str(problem).startswith(f"{config}: theme not saved: it does not parse")
    assert config.read_text() == "theme = \n"
