"""`python -m smm_tui` runs the same entry point as the `smm-tui` script."""
from __future__ import annotations

from smm_tui.cli import main

raise SystemExit(main())
