"""Validated theme documents from a cache, so the first paint skips pydantic.

A theme document is a validated `ThemeSpec` as plain JSON data (`spec_doc`);
`bridge.to_textual` turns it into a Textual theme. Built-in themes and the
user's themes dir are loaded and validated (`spec`, pydantic) in a background
worker after the first paint; broken user files are reported together in one
notification and the app falls back to the default theme.

For the first paint the chosen theme comes from a small content-addressed
cache (`<data dir>/.cache/theme-NAME.json`, keyed by the theme file's path
and exact bytes and the code version), like `core.snapshot` for timelines:
validating a theme with pydantic would cost more than the whole start-up
budget. A miss validates that one file the slow way and refreshes the cache.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui import __version__
from smm_tui.core.datadir import cache_dir
from smm_tui.core.regular import MAX_FILE_BYTES, read_regular
from smm_tui.core.snapshot import blake2b
from smm_tui.themes import DEFAULT_THEME, builtin_dir

if TYPE_CHECKING:
    from smm_tui.core.errors import Problem
    from smm_tui.themes.spec import ThemeSpec

__all__ = ["DEFAULT_THEME", "cache_usable", "load_all", "quick_theme", "spec_doc", "theme_file_doc"]

CACHE_FORMAT = 1


def spec_doc(spec: ThemeSpec) -> dict[str, Any]:
    """A validated spec as plain JSON data (what the cache stores)."""
    return {
        "name": spec.name,
        "description": spec.description,
        "dark": spec.dark,
        "colors": {k: v for k, v in spec.colors.model_dump().items() if v is not None},
        "kinds": spec.kind_colors(),
    }


def theme_dirs(config: Path) -> tuple[Path, Path]:
    """(built-in dir, user dir); user themes override built-ins of the same name."""
    from smm_tui.paths import themes_dir

    return builtin_dir(), themes_dir(config)


def cache_usable(data_dir: Path) -> bool:
    """Caches are read and written only in a data dir the store would accept.

    It must exist (the store creates it, privately) and not be world-writable
    (the store refuses such a dir, and nothing may be written into it).
    """
    try:
        mode = os.stat(data_dir).st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) and not mode & stat.S_IWOTH


def _cache_path(data_dir: Path, theme_file: Path) -> Path:
    """One cache file per theme file (named by a hash of its path)."""
    tag = blake2b(str(theme_file).encode(), digest_size=8).hexdigest()
    return cache_dir(data_dir) / f"theme-{tag}.json"


def _key(path: Path, data: bytes) -> str:
    digest = blake2b(digest_size=20)
    digest.update(f"{__version__}|{CACHE_FORMAT}|{path}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def _save_cache(data_dir: Path, theme_file: Path, key: str, doc: dict[str, Any]) -> None:
    from smm_tui.core.atomicfile import ensure_dir, write_atomic

    if not cache_usable(data_dir):
        return
    path = _cache_path(data_dir, theme_file)
    try:
        ensure_dir(path.parent)
        write_atomic(path, json.dumps({"key": key, "doc": doc}).encode(), durable=False)
    except OSError:
        pass  # a cache that cannot be written is simply not used


def _cached(data_dir: Path, theme_file: Path, key: str) -> dict[str, Any] | None:
    if not cache_usable(data_dir):
        return None
    try:
        cached = json.loads(read_regular(_cache_path(data_dir, theme_file), MAX_FILE_BYTES))
    except (OSError, ValueError):
        return None
    doc = cached.get("doc") if isinstance(cached, dict) and cached.get("key") == key else None
    return doc if isinstance(doc, dict) else None


def theme_file_doc(theme_file: Path, data_dir: Path) -> tuple[dict[str, Any] | None, Problem | None]:
    """One theme file as a validated spec document: from the cache, else validated (and cached)."""
    try:
        data = read_regular(theme_file, MAX_FILE_BYTES + 1)
    except OSError as exc:
        from smm_tui.core.errors import Problem

        return None, Problem(theme_file, f"cannot read: {exc.strerror or exc}")
    key = _key(theme_file, data)
    doc = _cached(data_dir, theme_file, key)
    if doc is not None:
        return doc, None  # the hit path imports nothing more (first-paint budget)
    from smm_tui.core.errors import DataError
    from smm_tui.themes.spec import load_theme_file

    try:
        spec = load_theme_file(theme_file)
    except DataError as exc:
        return None, exc.problems[0]
    doc = spec_doc(spec)
    _save_cache(data_dir, theme_file, key, doc)
    return doc, None


def quick_theme(name: str, config: Path, data_dir: Path) -> dict[str, Any] | None:
    """The spec document of theme `name` for the first paint; None when no valid file has that name.

    Looks at `<user themes dir>/NAME.toml` then the built-in one (the user's
    wins, as in `load_themes`); a cache hit costs one small read, a miss
    validates that file (pydantic) once and refreshes the cache.
    """
    if not name or "/" in name or name.startswith("."):
        return None
    builtin, user = theme_dirs(config)
    for directory in (user, builtin):
        path = directory / f"{name}.toml"
        if not path.is_file():
            continue
        doc, _problem = theme_file_doc(path, data_dir)  # a problem is reported by load_all later
        if doc is not None and doc.get("name") == name:
            return doc
    return None


def load_all(config: Path, data_dir: Path) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Every valid theme (built-in, then the user's overriding by name) and the broken files.

    Same rules as `spec.load_themes`, but files whose exact bytes were
    validated before come from the cache, so an unchanged set of themes costs
    no pydantic at all.
    """
    docs: dict[str, dict[str, Any]] = {}
    failures: list[Problem] = []
    for directory in theme_dirs(config):
        try:
            paths = sorted(directory.glob("*.toml"))
        except OSError:
            continue
        for path in paths:
            doc, problem = theme_file_doc(path, data_dir)
            if problem is not None:
                failures.append(problem)
            elif doc is not None:
                docs[doc["name"]] = doc
    return dict(sorted(docs.items())), failures
