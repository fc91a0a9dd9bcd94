"""Test-only start-up hook: tracing and fault injection for `smm-tui` subprocesses.

Python imports `sitecustomize` at start-up when it is on sys.path. The
torture tests put this directory on PYTHONPATH only for the subprocesses they
spawn, and this file does nothing unless SMM_TORTURE_ROOT is set. Nothing of
this ships with smm-tui: product code has no test hooks.
"""

import os
import sys

if os.environ.get("SMM_TORTURE_ROOT"):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import harness

    harness.activate_from_env()
    sys.path.pop(0)
