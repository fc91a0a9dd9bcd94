"""The import contracts in .importlinter hold, and they catch what a runtime check cannot.

test_isolation.py imports the core and looks at sys.modules, so an import that
sits inside a function nobody calls, or under `if TYPE_CHECKING:`, passes it.
lint-imports reads every import statement; these tests break a copy of the
package in exactly those ways and expect the contract to say so. .ci/run runs
lint-imports itself; this keeps the contracts honest when they are edited.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")
CORE = "smm_tui.core imports neither Textual nor anything of smm_tui outside core"
SERVICES = "Services and settings import neither the UI nor the CLI"
UI = "The UI does not import the CLI"
LAYERS = "Layers: cli -> ui -> services -> core"
REMINDERS = "The reminders package (engine, deliveries, service, loop, notify) never imports Textual"
UI_DOWNWARD = "UI modules import downward only: app -> its services -> screens -> widgets -> commands and messages"


def lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=where, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(where)))


def test_the_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = " ".join(result.stdout.split())  # lint-imports wraps long contract names
    for name in (CORE, SERVICES, UI, LAYERS, REMINDERS, UI_DOWNWARD):
        assert f"{name} KEPT" in kept


@pytest.mark.parametrize(
    ("module", "added", "broken"),
    [
        ("core/text.py", "def _late() -> None:\n    import textual.app\n", CORE),
        ("core/text.py", "import typing\nif typing.TYPE_CHECKING:\n    from smm_tui.config import Settings\n", CORE),
        ("core/store.py", "def _late() -> None:\n    from smm_tui.ui import run_app\n", CORE),
        ("reminders/service.py", "def _late() -> None:\n    from smm_tui.ui.app import SmmApp\n", SERVICES),
        ("themes/spec.py", "import typing\nif typing.TYPE_CHECKING:\n    from smm_tui.ui.app import SmmApp\n", SERVICES),
        ("ui/loading.py", "def _late() -> None:\n    from smm_tui.cli import main\n", UI),
        ("config.py", "def _late() -> None:\n    from smm_tui.ui import run_app\n", LAYERS),
        ("reminders/engine.py", "def _late() -> None:\n    import textual.timer\n", REMINDERS),
        ("ui/widgets/header.py", "import typing\nif typing.TYPE_CHECKING:\n    from smm_tui.ui.app import SmmApp\n",
         UI_DOWNWARD),
        ("ui/screens/export.py", "def _late() -> None:\n    from smm_tui.ui.exporting import Exports\n", UI_DOWNWARD),
    ],
    ids=["core-late-textual", "core-type-checking-config", "core-late-ui", "service-late-ui",
         "service-type-checking-ui", "ui-late-cli", "layers-config-late-ui", "reminders-late-textual",
         "widget-type-checking-app", "screen-late-app-service"],
)
def test_a_hidden_import_breaks_its_contract(tmp_path: Path, module: str, added: str, broken: str) -> None:
    shutil.copytree(ROOT / "smm_tui", tmp_path / "smm_tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    with (tmp_path / "smm_tui" / module).open("a") as source:
        source.write("\n\n" + added)
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken} BROKEN" in " ".join(result.stdout.split())
