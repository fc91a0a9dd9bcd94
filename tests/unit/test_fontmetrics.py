"""Text measurement for the svg export: the table matches the font, fitting and wrapping keep to the width."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from smm_tui.core.export import fontmetrics
from smm_tui.core.export.fontmetrics import ELLIPSIS, fit, text_width, wrap

ROOT = Path(__file__).resolve().parents[2]


def test_the_width_table_is_what_the_generator_makes_from_the_installed_font() -> None:
    spec = importlib.util.spec_from_file_location("font_metrics", ROOT / "tools" / "font_metrics.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    font = generator.FONT_DIR / generator.FACES["BOLD"]
    assert font.exists(), f"{font} is missing: apt-get install fonts-dejavu-core"
    expected = generator.module_text()
    assert (ROOT / "smm_tui" / "core" / "export" / "fontmetrics_data.py").read_text(encoding="utf-8") == expected, \
        "run python tools/font_metrics.py"


def test_widths_of_known_and_fallback_characters() -> None:
    # DejaVu Sans Bold: 'W' is 2259/2048 em, 'i' 702/2048 em.
    assert fontmetrics.advance("W", bold=True) == 2259 / 2048 and fontmetrics.advance("i", bold=True) == 702 / 2048
    assert fontmetrics.advance("中") == 1.0 and fontmetrics.advance("🎉") >= 1.245
    assert fontmetrics.advance("\u200d") == 0.0 and fontmetrics.advance("\ufe0f") == 0.0
    assert text_width("ab", 10) == (fontmetrics.advance("a") + fontmetrics.advance("b")) * 10 * fontmetrics.MARGIN


def test_fit_and_wrap_never_exceed_the_width() -> None:
    for text in ("W" * 500, "word " * 100, "中文" * 250, "👨‍👩‍👧" * 100, "a", ""):
        assert text_width(fit(text, 300, 12.5, bold=True), 12.5, bold=True) <= 300
        lines = wrap(text, 300, 12.5, bold=True)
        assert 1 <= len(lines) <= 2 and all(text_width(line, 12.5, bold=True) <= 300 for line in lines)
    assert fit("short", 300, 12) == "short"
    assert wrap("one two three", 1000, 12) == ["one two three"]
    lines = wrap("alpha beta gamma delta " * 10, 200, 12)
    assert lines[0].endswith(("alpha", "beta", "gamma", "delta")) and lines[1].endswith(ELLIPSIS)


def test_a_cut_never_splits_an_emoji_sequence() -> None:
    family = "👨‍👩‍👧"
    shown = fit(family * 20, 100, 12)
    assert shown.endswith(ELLIPSIS) and shown[:-1].endswith("👧") and (len(shown) - 1) % len(family) == 0
    flags = fit("🇩🇪🇫🇷" * 20, 100, 12)
    assert (len(flags) - 1) % 2 == 0
    for width in range(20, 200, 7):  # every cut point: never a lone indicator, joiner or skin tone
        for text in ("🇩🇪" * 30, "👍🏽" * 30, "é" * 60, family * 20):
            head = fit(text, width, 12)[:-1]
            assert text.startswith(head) and (text[len(head):][:1] in ("", text[0]))
