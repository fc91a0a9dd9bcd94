"""The task form's parsing and validation (the same rules as the store)."""

from __future__ import annotations

from datetime import time

from smm_tui.ui.screens.task_form import parse_form

GOOD = {"title": "Post", "start": "7:05", "minutes": "15", "kind": "publish", "platforms": "X, linkedin  email",
        "lead": "", "note": "n"}


def test_good_values() -> None:
    values, problems = parse_form(GOOD)
    assert problems == {}
    assert values == {"title": "Post", "start": time(7, 5), "minutes": 15, "kind": "publish",
                      "platforms": ("x", "linkedin", "email"), "lead": None, "note": "n"}


def test_every_field_is_checked() -> None:
    _, problems = parse_form({"title": " ", "start": "24:00", "minutes": "-1", "kind": "party",
                              "platforms": "p" * 40, "lead": "soon", "note": ""})
    assert set(problems) == {"title", "start", "minutes", "kind", "platforms", "lead"}


def test_model_rules_apply_too() -> None:
    _, problems = parse_form({**GOOD, "title": "a\x00b"})
    assert problems == {"title": "must not contain a NUL character"}
