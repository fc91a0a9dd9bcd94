"""benchmarks/scaled.py and its section in run.py: the key-to-redraw loop runs for real, first paint is faked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_scaled_section_reports_first_paint_against_its_target_and_every_key(monkeypatch: pytest.MonkeyPatch,
                                                                             tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("benchmarks_run_scaled_under_test", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run  # dataclasses look their module up by name
    spec.loader.exec_module(run)
    import benchmarks.scaled as scaled

    monkeypatch.setattr(scaled, "first_paint", lambda runs: {
        "blank textual app": 200.0, "smm-tui --date D (list)": 220.0, "smm-tui --date D --view scale": 230.0,
        "ratio scaled/blank": 1.15, "ratio list/blank": 1.1, "ratio, median of paired rounds": 1.14, "runs": runs})
    real = scaled.key_to_redraw
    monkeypatch.setattr(scaled, "key_to_redraw", lambda presses: real(4))  # four real presses of each key
    ctx = run.Context(quick=True, year=tmp_path / "year", end=run.date(2026, 11, 27), scratch=tmp_path)
    rows = run.section_scaled(ctx)
    assert (rows[0].ratio, rows[0].result()) == (1.15, "pass")
    assert [row.metric for row in rows[1:]] == [
        f"scaled view, {key} to redraw, {tasks} tasks, {q}"
        for key in ("j", "+") for tasks in (20, 300) for q in ("p50", "p95")]
    assert all(row.value is not None and row.value > 0 for row in rows[1:])
