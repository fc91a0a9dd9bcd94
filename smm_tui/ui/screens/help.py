"""Help: every key (generated from the command table, so remaps show) and what the marks mean."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from smm_tui.core.kinds import GLYPHS, KIND_LABELS, KINDS
from smm_tui.ui.commands import Command, all_commands
from smm_tui.ui.screens.modal import Modal

_KEY_NAMES = {
    "left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?", "slash": "/",
    "space": "space", "pagedown": "PgDn", "pageup": "PgUp",
}


def key_label(keys: str) -> str:
    """'question_mark,f1' -> '? / F1' (Textual key names shown as people type them)."""
    shown = []
    for typed in keys.split(","):
        key = typed.strip()
        label = _KEY_NAMES.get(key, key)
        if label.startswith("f") and label[1:].isdigit():
            label = label.upper()
        shown.append(label)
    return " / ".join(shown)


def help_content(keys_of: Callable[[Command], str]) -> Content:
    """The help text; `keys_of` gives the keys in effect for a command ([keymap] may remap them)."""
    keys_width, id_width = 14, 18
    lines: list[Content] = [Content.assemble(("Keys".ljust(keys_width + 2), "bold $primary"),
                                             ("binding id".ljust(id_width), "$text-muted"), ("what it does", "$text-muted"))]
    palette_only = []
    for command in all_commands():
        if not command.keys:
            palette_only.append(command)
            continue
        keys = key_label(keys_of(command))
        what = command.palette or command.description
        lines.append(Content.assemble((f"  {keys:<{keys_width}}", "bold $accent"),
                                      (f"{command.id:<{id_width}}", "$text-muted"), (what, "")))
    lines.append(Content.assemble((f"  {'ctrl+p':<{keys_width}}", "bold $accent"), (" " * id_width, ""),
                                  ("command palette: task: …, day: …, reminder: …, export: …, theme: …", "")))
    if palette_only:  # commands without a key of their own ("export: day as SVG", ...): one line
        lines.append(Content.assemble((" " * (keys_width + 2), ""), ("(palette only)".ljust(id_width), "$text-muted"),
                                      ("export: day as " + ", ".join(c.palette.removeprefix("export: day as ")
                                                                     for c in palette_only if c.palette), "")))
    lines.append(Content.styled("  Remap keys in config.toml: [keymap] \"task.toggle\" = \"space,x\"", "$text-muted"))
    lines += [Content(""), Content.styled("Marks", "bold $primary")]
    for mark, style, meaning in (
        ("[x]", "bold $success", "done"),
        ("[~]", "$text-muted", "skipped"),
        ("[!]", "bold $error", "overdue: open and its time is over, today (still doable)"),
        ("[-]", "$text-muted", "missed: open on a day that is over"),
        ("[ ]", "", "open"),
        ("▶", "bold $error", "the slot running now (its time is shown reversed)"),
        ("── now", "bold $error", "the current time, between the slots"),
    ):
        lines.append(Content.assemble((f"  {mark:<8}", style), meaning))
    lines += [Content(""), Content.styled("Kinds", "bold $primary"),
              Content.styled("  The header's per-kind counts are glyph + done/planned (hover for this legend).",
                             "$text-muted")]
    for kind in KINDS:
        lines.append(Content.assemble((f"  {GLYPHS[kind]}  ", f"bold $kind-{kind}"),
                                      (f"{KIND_LABELS[kind]:<12}", ""), (kind, "$text-muted")))
    lines += [Content(""), Content.styled("Filter (/)", "bold $primary"),
              Content("  words match title, note, kind or platform; also kind:reply platform:x status:overdue"),
              Content(""), Content.styled("Reminders", "bold $primary"),
              Content("  A reminder pops up with its slot's time, title and kind, the slot flashes and the"),
              Content("  bell rings (config: bell). Snooze and done act on the last one; what came while"),
              Content("  the app was closed or the computer slept comes as one 'missed while away' list."),
              Content(""), Content.styled("Esc, q or ? closes this help.", "$text-muted")]
    return Content("\n").join(lines)


class HelpScreen(Modal[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96; max-width: 100%; height: 90%; background: $panel;
        border: thick $primary; padding: 0 1; }
    """

    def __init__(self, keys_of: Callable[[Command], str]) -> None:
        super().__init__()
        self.keys_of = keys_of

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_content(self.keys_of), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
