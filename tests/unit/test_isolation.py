"""The core never imports textual; the fast path of `today` never imports pydantic."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_core_does_not_import_textual() -> None:
    run(
        "import importlib, pkgutil, sys, smm_tui.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'smm_tui.core.'): importlib.import_module(m.name)\n"
        "assert 'textual' not in sys.modules, sorted(k for k in sys.modules if k.startswith('textual'))\n"
    )


def test_cli_module_import_is_light() -> None:
    run(
        "import sys, smm_tui.cli\n"
        "heavy = [m for m in ('pydantic', 'textual', 'arrow', 'icalendar') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )


def test_fast_path_modules_do_not_import_pydantic() -> None:
    run(
        "import sys\n"
        "import smm_tui.core.snapshot, smm_tui.core.timeline, smm_tui.core.agenda, smm_tui.core.clock, smm_tui.paths\n"
        "assert 'pydantic' not in sys.modules\n"
    )
