"""config.toml: defaults, validation, and values that must never reach the file system raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_tui.config import Settings, load_settings
from smm_tui.core.errors import DataError


def test_missing_config_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == Settings()


@pytest.mark.parametrize("name", ["a\\u0000b", "../../etc/passwd", "/abs", "Hectic", "", "x" * 41])
def test_theme_must_be_a_theme_name_not_a_path(tmp_path: Path, name: str) -> None:
    # The theme is looked up as <themes dir>/<name>.toml: a NUL or a path must be refused here.
    path = tmp_path / "config.toml"
    path.write_text(f'theme = "{name}"\n')
    with pytest.raises(DataError) as info:
        load_settings(path)
    assert str(info.value).startswith(f"{path}:1: theme: String should match pattern")


def test_theme_names_like_the_shipped_ones_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "high-contrast_2"\n')
    assert load_settings(path).theme == "high-contrast_2"
