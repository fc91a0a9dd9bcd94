"""Whether the CalDAV sync can run here: caldav is the optional extra `smm-tui[sync]`.

caldav brings an HTTP stack (niquests, urllib3-future) whose `.pth` file runs
at every interpreter start, for every smm-tui command - about 9 ms of a
status bar's `smm-tui next` - so users who never sync do not install it.
`smm-tui sync` and the app's sync desk ask here first and, when it is
missing, say in one line how to install it rather than failing on an import.
"""

from __future__ import annotations

import importlib.util

INSTALL_HINT = "pip install 'smm-tui[sync]'"
MISSING = f"sync needs the CalDAV extra: {INSTALL_HINT}"
"""The one line shown when caldav is not installed (the CLI prefixes the program name)."""


def missing() -> str | None:
    """The line to show when caldav cannot be imported here, else None (nothing is imported to find out)."""
    try:
        found = importlib.util.find_spec("caldav") is not None
    except (ImportError, ValueError):  # a broken install (no spec): as good as missing
        found = False
    return None if found else MISSING
