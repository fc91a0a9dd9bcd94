"""Modal: a ModalScreen that closes once, however many closing keys are queued behind it.

A terminal hands keys over as fast as they come (typed, pasted, a held
key), and the app forwards each to the screen on top when it reads it. So a
second Enter typed while the first one's save runs lands in the same dialog
too, after it closed. Textual's `dismiss` pops whatever screen is on top:
called twice it popped the day screen underneath (ScreenStackError, the app
died) or a dialog opened in the meantime. Here `dismiss` does nothing unless
this screen is the active one, and `closing` lets an action that does work
before dismissing (save, export) stop early.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from textual.app import App

ResultT = TypeVar("ResultT")


class ClosesOnce:
    """Mixin for a Screen: dismiss is a no-op once the screen is no longer on top (see module doc)."""

    is_active: bool

    @property
    def closing(self) -> bool:
        """True when this screen is no longer the active one (dismissed, or covered by another)."""
        return not self.is_active

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self.closing:
            return AwaitComplete()
        return super().dismiss(result)  # type: ignore[misc, no-any-return]  # mixin: super() is the Screen


class Modal(ClosesOnce, ModalScreen[ResultT]):
    """A modal screen that closes once, however many closing keys are queued behind it."""


def open_command_palette(app: App[Any]) -> None:
    """ctrl+p: our palette on top, unless one is open already (or the app turned it off)."""
    from textual.command import CommandPalette

    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(command_palette())


def command_palette() -> ModalScreen[Any]:
    """Textual's command palette, closing once (its Enter had the same double dismiss, and ran the command twice),
    surviving PageUp/PageDown typed before its list is laid out (KeyError in OptionList) and a
    search that starts as it closes (NoMatches in the search worker), and drawing control
    characters pasted into its search as pictures (widgets/controls.py).

    Built on first use (ctrl+p): the palette is not part of the first frame.
    """
    from textual import on, work
    from textual.command import CommandPalette
    from textual.css.query import NoMatches
    from textual.widgets import Button, Input, OptionList

    # The palette's search, unwrapped from its worker: no public hook to catch its errors.
    gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]  # noqa: SLF001 - see above

    class PaletteOnce(ClosesOnce, CommandPalette):
        def on_mount(self) -> None:
            from textual.command import CommandInput

            from smm_tui.ui.widgets.controls import show_controls

            show_controls(*self.query(CommandInput))  # a pasted search is drawn, never sent raw

        @on(Input.Submitted)
        @on(Input.Changed)
        @on(Button.Pressed)
        @on(OptionList.OptionSelected)
        def _ignore_once_closed(self, event: Input.Submitted | Input.Changed | Button.Pressed
                                | OptionList.OptionSelected) -> None:
            if self.closing:  # queued behind the key that closed it: nothing to choose or search
                event.prevent_default()
                event.stop()

        @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)  # noqa: SLF001 - the group it replaces
        async def _gather_commands(self, search_value: str) -> None:
            try:
                await gather(self, search_value)
            except NoMatches:
                # No list to show hits in: the palette closed before this search ran (a
                # character typed right before Enter/Escape), or - on a busy machine, with keys
                # queued behind ctrl+p - it ran before the palette's list was mounted. Then
                # search again once the screen has refreshed (a few times at most).
                self._early_searches = getattr(self, "_early_searches", 0) + 1
                if not self.closing and self._early_searches <= 3:
                    self.call_after_refresh(self._gather_commands, search_value)

        def _action_command_list(self, action: str) -> None:
            if action not in ("page_up", "page_down"):
                super()._action_command_list(action)
                return
            try:
                super()._action_command_list(action)
            except KeyError:
                # Textual's OptionList pages through a line index it has not built yet when
                # PageDown comes right after the palette got its first hits: nothing to page.
                pass

    return PaletteOnce(id="--command-palette")
