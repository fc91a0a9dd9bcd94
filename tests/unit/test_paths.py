"""smm_tui.paths: the folders resolved without pathlib or platformdirs agree with platformdirs."""

from __future__ import annotations

import os
import sys

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_tui import paths
from smm_tui.core.errors import UsageError

_ABSOLUTE = st.sampled_from(["/", "/home/ana", "/home/ana/", "/srv/x y", "/home/ünï", "//double"])
_SETTING = st.one_of(st.none(), st.just(""), st.sampled_from(["relative", "~/tilde", ".", "x/y"]), _ABSOLUTE)


def _environment(home: str | None, data: str | None, config: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SMM_TUI_", "XDG_")) and k not in {"HOME", "ANDROID_DATA", "ANDROID_ROOT"}}
    for name, value in (("HOME", home), ("XDG_DATA_HOME", data), ("XDG_CONFIG_HOME", config)):
        if value is not None:
            env[name] = value
    return env


@settings(max_examples=150, deadline=None)
@given(home=st.one_of(st.none(), _ABSOLUTE, st.sampled_from(["", "relative/home"])), data=_SETTING, config=_SETTING)
def test_the_folders_are_platformdirs_own(home: str | None, data: str | None, config: str | None) -> None:
    """The XDG shortcut (which spares every command platformdirs' import) answers as platformdirs does."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(_environment(home, data, config))
    try:
        try:
            expected_data = platformdirs.user_data_dir(paths.APP_NAME, appauthor=False)
            expected_config = os.path.join(platformdirs.user_config_dir(paths.APP_NAME, appauthor=False),
                                           "config.toml")
        except RuntimeError:  # no usable home at all: platformdirs' error, ours in one line
            with pytest.raises(UsageError, match="home folder"):
                paths.data_dir_name()
            return
        assert paths.data_dir_name() == expected_data
        assert paths.config_file_name() == expected_config
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_the_shortcut_is_taken_with_a_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """With an absolute $HOME on Linux, platformdirs is not even imported (what the shortcut is for)."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.setenv("HOME", "/home/ana")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("SMM_TUI_DATA_DIR", raising=False)
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it now would raise ImportError
    assert paths.data_dir_name() == "/home/ana/.local/share/smm-tui"


def test_a_tilde_of_nobody_is_refused_in_one_line() -> None:
    with pytest.raises(UsageError, match="no such folder"):
        paths.expand_name("~surely-no-such-user-here/data")
    assert paths.expand_name("plain/relative") == "plain/relative"
    assert str(paths.expand("~/x")) == os.path.expanduser("~/x")
