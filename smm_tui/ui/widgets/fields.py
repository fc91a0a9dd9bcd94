"""Text fields of the dialogs (task form, export folder): edit what is there, keys go where they were typed.

Two defaults of Textual's Input do not suit a form that edits existing values:

- An Input selects all of its text when it gets focus, so Tab into
  "x, facebook, instagram" and typing ", linkedin" replaced the platforms
  instead of adding one. Our fields keep their text on focus, cursor at
  the end (`select_on_focus=False`, a public Input option). Home / ctrl+a
  go to the start of the line and End / ctrl+e to its end, as in readline
  (Input's own bindings), ctrl+u and ctrl+k delete to the start / end.
- Textual hands each key to the widget that has focus when the app reads
  the key, but Tab moves the focus only when it has bubbled from the field
  up to the screen's binding. Keys typed in one burst right behind a Tab
  ("Tab instagram", typed fast or pasted by a tool) were routed to the old
  field before the focus moved: "instagram" went into the title.
  `FOCUS_BINDINGS` make Tab and shift+Tab priority bindings of the dialog,
  which the app runs as the key arrives, so the focus has moved before the
  next key is routed.
- For the same reason a field's own editing keys (Home, ctrl+k, Enter, ...)
  ran after the letters typed behind them: a printable key is inserted as
  the field reads it, a binding runs once the key has bubbled up to the app.
  "ctrl+a ctrl+k 10:15" in one burst gave "09:1010:15". A `Field` runs its
  own bindings as it reads the key, in the order typed.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.widgets import Input

FOCUS_BINDINGS = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
]
"""Tab and shift+Tab for a dialog with fields: move the focus as the key arrives (see module doc)."""


EDIT_KEYS = {key.strip(): binding.action for binding in Input.BINDINGS if isinstance(binding, Binding)
             for key in binding.key.split(",")}
"""Key -> action of Input's own editing bindings (Home, ctrl+a, ctrl+k, Enter, ...)."""


class Field(Input):
    """An Input that keeps its text on focus and edits in the order keys were typed (see module doc)."""

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        action = EDIT_KEYS.get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)


def text_field(value: str, **kwargs: Any) -> Input:
    """A `Field`: keeps its text on focus, cursor at the end (see module doc)."""
    return Field(value, **kwargs)
