"""Theme files -> Textual themes, and the cached loader agreeing with the validating one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from smm_tui.core.kinds import KINDS
from smm_tui.themes import builtin_dir as builtin_themes_dir
from smm_tui.themes import cache as ui_themes
from smm_tui.themes import spec as core_themes
from smm_tui.themes.bridge import to_textual


def test_default_theme_names_agree() -> None:
    assert ui_themes.DEFAULT_THEME == core_themes.DEFAULT_THEME


def test_every_builtin_becomes_a_textual_theme_with_kind_variables() -> None:
    for name, spec in core_themes.builtin_themes().items():
        theme = to_textual(ui_themes.spec_doc(spec))
        assert theme.name == name and theme.dark == spec.dark and theme.primary == spec.colors.primary
        assert set(theme.variables) == {f"kind-{k}" for k in KINDS}
        assert theme.variables == spec.variables()


def test_cached_loader_equals_validating_loader_and_reports_the_same_failures(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    user = tmp_path / "themes"
    user.mkdir()
    (user / "mine.toml").write_text('description = "mine"\n[colors]\nprimary = "#abc"\n')
    (user / "hectic.toml").write_text('[colors]\nprimary = "#000000"\n')
    (user / "broken.toml").write_text('[colors]\nprimary = "nope"\n')
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    specs, failures = core_themes.load_themes(builtin_themes_dir(), user)
    for _ in range(2):  # first run validates and fills the cache, second is served from it
        docs, cached_failures = ui_themes.load_all(config, data)
        assert docs == {name: ui_themes.spec_doc(spec) for name, spec in specs.items()}
        assert [str(p) for p in cached_failures] == [str(p) for p in failures]
    assert docs["hectic"]["colors"]["primary"] == "#000000", "a user theme overrides the built-in one"
    assert len(list((data / ".cache").glob("theme-*.json"))) == len(specs) + 1  # + the overridden built-in


def test_no_theme_cache_in_a_missing_or_world_writable_data_dir(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    missing = tmp_path / "missing"
    assert ui_themes.quick_theme("paper", config, missing) is not None
    assert not missing.exists()
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert ui_themes.quick_theme("paper", config, shared) is not None
    assert list(shared.iterdir()) == []


def test_quick_theme_hits_the_cache_without_pydantic(tmp_path: Path) -> None:
    import subprocess

    config, data = tmp_path / "config.toml", tmp_path / "data"
    data.mkdir(mode=0o700)
    assert ui_themes.quick_theme("paper", config, data)["name"] == "paper"  # type: ignore[index]
    code = (
        "import sys; from pathlib import Path; from smm_tui.themes.cache import quick_theme;"
        f"doc = quick_theme('paper', Path({str(config)!r}), Path({str(data)!r}));"
        "assert doc['name'] == 'paper'; assert 'pydantic' not in sys.modules, 'cache miss'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.parametrize("name", ["", "../etc", ".hidden", "nope"])
def test_quick_theme_refuses_odd_names(tmp_path: Path, name: str) -> None:
    assert ui_themes.quick_theme(name, tmp_path / "config.toml", tmp_path / "data") is None
