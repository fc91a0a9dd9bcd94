"""What the core reads from the user's settings, as Protocols.

The validated settings model lives outside the core (`smm_tui.config`,
pydantic, read from config.toml); the core takes anything shaped like it.
Typing the parameters with these Protocols instead of `Any` lets mypy check
every attribute the core reads, without the core importing the config layer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from smm_tui.core.models import Kind
    from smm_tui.core.timeline import BandStarts


class BandSettings(Protocol):
    """config `[bands]`: where Lunch, Afternoon and Evening begin."""

    def starts(self) -> BandStarts:
        """The timeline's BandStarts (the one conversion, used by every caller)."""
        ...


class ReminderSettings(Protocol):
    """config `[reminders]`, as far as the reminder rules and the exports read it."""

    @property
    def at_start(self) -> bool: ...

    @property
    def kind_leads(self) -> Mapping[Kind, int]: ...

    @property
    def nag_minutes(self) -> int | None: ...

    @property
    def nag_kinds(self) -> Collection[str]: ...

    @property
    def grace_minutes(self) -> int: ...


class CoreSettings(Protocol):
    """The settings the core reads: the default lead, the bands, the reminder rules and the lanes."""

    @property
    def lead_minutes(self) -> int: ...

    @property
    def bands(self) -> BandSettings: ...

    @property
    def reminders(self) -> ReminderSettings: ...

    @property
    def lanes(self) -> Sequence[str] | None:
        """config `lanes`: the platforms with a lane in the lanes view and export; None: the day's."""
        ...
