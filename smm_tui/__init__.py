"""smm-tui: a terminal day planner for social media managers.

Kept tiny on purpose: the CLI's fast path imports this package, so nothing
here may import pydantic, textual or touch the file system.
"""
from __future__ import annotations

__version__ = "0.1.0"
