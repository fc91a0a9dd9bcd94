"""KeptScrolls: the scrolls a view was last asked for, done again at each new size (ui/widgets)."""

from __future__ import annotations

from smm_tui.ui.widgets.kept_scrolls import KeptScrolls


class View:
    """A stand-in view: a height and a log of the scrolls it did (each asks `KeptScrolls` first, as views do)."""

    def __init__(self) -> None:
        self.height = 0
        self.done: list[str] = []
        self.scrolls = KeptScrolls(lambda: self.height)

    def scroll(self, name: str) -> None:
        if not self.scrolls.keep(lambda: self.scroll(name)):
            self.done.append(name)


def test_scrolls_wait_for_a_height_then_run_in_order_at_each_new_size() -> None:
    view = View()
    view.scroll("now")
    view.scroll("cursor")
    assert view.done == []
    view.scrolls.resized()  # still no height: nothing (and no loop)
    assert view.done == []
    view.height = 22
    view.scrolls.resized()
    assert view.done == ["now", "cursor"]
    view.height = 20  # the footer came: the same scrolls again
    view.scrolls.resized()
    assert view.done == ["now", "cursor", "now", "cursor"]


def test_a_scroll_asked_with_a_height_is_done_now_and_alone_again_at_the_next_size() -> None:
    view = View()
    view.scroll("now")
    view.height = 22
    view.scroll("moved")  # the user moved: done now, and it replaces the kept one
    assert view.done == ["moved"]
    view.height = 20
    view.scrolls.resized()
    assert view.done == ["moved", "moved"]
