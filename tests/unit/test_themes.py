from __future__ import annotations

from pathlib import Path

import pytest

from smm_tui.core.errors import DataError
from smm_tui.core.kinds import KINDS
from smm_tui.themes.spec import DEFAULT_THEME, builtin_themes, load_theme_file, load_themes


def test_builtin_themes_load_and_cover_every_kind() -> None:
    themes = builtin_themes()
    assert {"hectic", "midnight", "paper", "contrast"} <= set(themes)
    assert DEFAULT_THEME in themes
    assert {themes[n].dark for n in themes} == {True, False}
    for spec in themes.values():
        assert set(spec.kind_colors()) == set(KINDS)
        assert spec.variables()["kind-checkin"].startswith("#")


def test_kind_colours_are_distinct_within_each_builtin_theme() -> None:
    for spec in builtin_themes().values():
        colours = list(spec.kind_colors().values())
        assert len(set(colours)) == len(colours), spec.name


def test_typo_in_theme_file_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('dark = true\n[colors]\nprimary = "#123456"\nbackgorund = "#000000"\n')
    with pytest.raises(DataError) as info:
        load_theme_file(path)
    assert str(info.value) == f"{path}:4: colors.backgorund: unknown key (check the spelling)"


def test_bad_colour_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[colors]\nprimary = "reddish"\n')
    with pytest.raises(DataError, match=r"mine.toml:2: colors.primary: expected a hex colour like '#E4572E', got 'reddish'"):
        load_theme_file(path)


def test_loader_returns_good_and_failed_and_user_overrides(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text('[colors]\nprimary = "#abc"\n[kinds]\nbreak = "#010203"\n')
    (tmp_path / "bad.toml").write_text("[colors\n")
    (tmp_path / "hectic.toml").write_text('description = "mine"\n[colors]\nprimary = "#000000"\n')
    from smm_tui.themes import builtin_dir as builtin_themes_dir

    themes, failures = load_themes(builtin_themes_dir(), tmp_path)
    assert themes["good"].colors.primary == "#AABBCC" or themes["good"].colors.primary == "#ABC"
    assert themes["good"].kind_colors()["break"] == "#010203"
    assert themes["hectic"].description == "mine"
    assert [p.path.name for p in failures] == ["bad.toml"]
    assert str(failures[0]).startswith(f"{tmp_path / 'bad.toml'}:1:")
