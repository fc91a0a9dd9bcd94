"""The scaled layout's records (core/scale.py, core/gaps.py) and the command table's (ui/commands.py)
are plain tuples with named fields.

They were NamedTuples; defining one of those costs ~80 µs (it execs generated
source) and seven of them sat on the scaled view's first frame. These tests
hold the replacement to what the NamedTuples did (compare, hash and unpack as
tuples; defaults; typed fields) and keep the generated kind from coming back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from smm_tui.core.gaps import Gap
from smm_tui.core.models import Day, Task
from smm_tui.core.scale import Block, GapLabel, Lane, Layout, Row, Section, layout
from smm_tui.core.timeline import build
from smm_tui.ui.commands import Command, all_commands

AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 26, 9, 45, tzinfo=UTC)


@pytest.mark.parametrize("cls", [Row, Block, GapLabel, Section, Lane, Layout, Gap, Command])
def test_records_are_tuples_not_generated_named_tuples(cls: type) -> None:
    assert cls.__bases__ == (tuple,)
    assert not hasattr(cls, "_make") and not hasattr(cls, "_fields")  # no NamedTuple (its cost) again
    assert cls.__slots__ == ()  # no instance dict: as small as the tuple


def test_records_compare_hash_and_unpack_as_tuples_by_field() -> None:
    gap = Gap(AT, LATER, time(10), time(10, 45))
    assert (gap.starts_at, gap.ends_at, gap.start, gap.end, gap.minutes) == (AT, LATER, time(10), time(10, 45), 45)
    assert gap == (AT, LATER, time(10), time(10, 45)) and hash(gap) == hash(tuple(gap))
    label = GapLabel(gap, 3, "45 min free")
    assert (label.gap, label.row, label.text, label.lane) == (gap, 3, "45 min free", 0)
    starts_at, wall, band, shift = Row(AT, time(10), "morning", False)
    assert (starts_at, wall, band, shift) == (AT, time(10), "morning", False)
    section = Section("lunch", "Lunch", 4, 2)
    assert (section.band, section.label, section.row, section.span) == ("lunch", "Lunch", 4, 2)
    assert Lane("x", "X") == ("x", "X") and Lane("x", "X").key == "x" and Lane("x", "X").label == "X"
    assert {Lane("x", "X"), Lane("x", "X")} == {Lane("x", "X")}


def test_a_layout_keeps_its_fields_and_defaults() -> None:
    timeline = build(Day(date=date(2026, 11, 26), zone="UTC",
                         tasks=(Task(id="a", title="A", start=time(9, 0), minutes=30),)))
    lay = layout(timeline)
    step, rows, blocks, gaps, sections, now_row, lanes = lay
    assert (step, now_row, lanes) == (15, None, ())
    assert (lay.step, lay.rows, lay.blocks, lay.gaps, lay.sections) == (step, rows, blocks, gaps, sections)
    block = blocks[0]
    assert (block.entry.id, block.row, block.span, block.column, block.columns, block.lane, block.end_row) == \
        ("a", 0, 2, 0, 1, 0, 2)
    assert Block(block.entry, 0, 2, 0, 1) == block  # the lane defaults to 0
    assert lay.row_at(datetime(2026, 11, 26, 9, 20, tzinfo=UTC)) == 1 and lay.row_at(AT.replace(hour=8)) is None
    assert Layout(step, rows, blocks, gaps, sections, now_row) == lay  # the lanes default to none
    assert [(s.band, s.row, s.span) for s in sections] == [("morning", 0, 4)]


def test_a_command_keeps_its_fields_defaults_and_binding() -> None:
    plain = Command("task.toggle", "space", "toggle", "Done")
    assert (plain.id, plain.keys, plain.action, plain.description) == ("task.toggle", "space", "toggle", "Done")
    assert (plain.palette, plain.show, plain.key_display, plain.app_level) == (None, False, None, False)
    full = Command("app.quit", "q", "quit", "Quit", "app: quit", show=True, key_display="Q", app_level=True)
    assert (full.palette, full.show, full.key_display, full.app_level) == ("app: quit", True, "Q", True)
    binding = full.binding()
    assert (binding.key, binding.action, binding.description, binding.show, binding.id, binding.key_display) == \
        ("q", "quit", "Quit", True, "app.quit", "Q")
    ids = [command.id for command in all_commands()]
    assert len(ids) == len(set(ids)) > 40 and all(isinstance(c, Command) for c in all_commands())
