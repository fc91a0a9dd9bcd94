"""Saving the chosen theme in config.toml without touching anything else.

config.toml belongs to the user: comments, key order and formatting stay as
they are. The app rewrites only the top-level `theme = ...` line (keeping a
trailing comment), or inserts one above the first table when there is none,
then checks by parsing both versions that nothing but `theme` changed. A
config that does not parse is never rewritten: the caller tells the user.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from smm_tui.core import tomlfile
from smm_tui.core.atomicfile import ensure_dir, write_atomic
from smm_tui.core.errors import Problem, SaveError
from smm_tui.core.regular import MAX_FILE_BYTES, read_regular

_TABLE = re.compile(r"^\s*\[")
_THEME_LINE = re.compile(
    r"""^(?P<lead>\s*theme\s*=\s*)(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')(?P<rest>\s*(?:\#.*)?)$"""
)
_THEME_KEY = re.compile(r"^\s*theme\s*=")


class ConfigNotRewritable(ValueError):
    """The config cannot be changed safely; the message says why, in one line."""


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rewrite_theme_line(text: str, name: str) -> str:
    """`text` with its top-level theme set to `name`; ConfigNotRewritable when that is not safe."""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigNotRewritable(f"it does not parse ({exc})") from None
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    new_line = f"theme = {_quote(name)}"
    for index in range(first_table):
        line = lines[index]
        if not _THEME_KEY.match(line):
            continue
        body = line.rstrip("\r\n")
        ending = line[len(body):] or "\n"
        match = _THEME_LINE.match(body)
        if match is None:
            raise ConfigNotRewritable("its `theme = ...` line is not a simple quoted string")
        lines[index] = f"{match.group('lead')}{_quote(name)}{match.group('rest')}{ending}"
        break
    else:
        # No theme yet: insert after the leading comment block, before the first key or table.
        insert_at = 0
        while insert_at < first_table and (not lines[insert_at].strip() or lines[insert_at].lstrip().startswith("#")):
            insert_at += 1
        if lines and not lines[-1].endswith("\n") and insert_at == len(lines):
            lines[-1] += "\n"
        lines.insert(insert_at, new_line + "\n")
    result = "".join(lines)
    after = tomllib.loads(result)
    expected = {**before, "theme": name}
    if after != expected:
        raise ConfigNotRewritable("rewriting the theme line would change other settings")
    return result


def _within_limits(path: Path, data: bytes) -> bool:
    """True when `data` parses within the read limits (DataError otherwise)."""
    tomlfile.parse(path, data)
    return True


def save_theme_choice(config: Path, name: str) -> Problem | None:
    """Write the theme into config.toml (created when missing); a Problem instead of raising."""
    try:
        text = read_regular(config, MAX_FILE_BYTES + 1).decode("utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        return Problem(config, f"theme not saved: cannot read the config ({exc})")
    try:
        new_text = rewrite_theme_line(text, name)
    except ConfigNotRewritable as exc:
        return Problem(config, f"theme not saved: {exc}; fix the file or set theme = {_quote(name)} by hand")
    if new_text == text:
        return None
    try:
        # The write gate: the new config reads back within the read limits (rewrite_theme_line
        # already checked it parses to the same settings with the new theme).
        data = tomlfile.gate(config, new_text.encode("utf-8"), True, _within_limits)
        ensure_dir(config.parent)
        write_atomic(config, data)  # a symlinked config.toml (dotfiles) is written through
    except SaveError as exc:
        return Problem(config, f"theme not saved: {str(exc).removeprefix(f'{config}: ')}")
    except OSError as exc:
        return Problem(config, f"theme not saved: {exc.strerror or exc}")
    return None
