"""Day and routine files: models <-> TOML text.

Day files put `date` and `zone` first, then one `[[tasks]]` table per task in
agenda order with keys in the model's field order, so a hand edit and an app
save produce the same shape and diffs stay small.
"""

from __future__ import annotations

from pathlib import Path

from smm_tui.core import tomlfile
from smm_tui.core.models import Day, Routine

DAY_HEADER = """\
# smm-tui day file. Edit freely while the app runs: it notices and reloads.
# Times are local wall-clock times in `zone`. Comments below this header are
# not kept when smm-tui saves the day (keep notes in `note` fields instead).
"""


def day_to_toml(day: Day) -> str:
    data = day.model_dump(mode="python")
    data["tasks"] = [t.model_dump(mode="python") for t in day.ordered()]
    if not data["note"]:
        del data["note"]
    for task in data["tasks"]:
        for key in ("note", "platforms"):
            if not task[key]:
                del task[key]
    return tomlfile.dumps(DAY_HEADER, data)


def day_from_toml(path: Path, data: bytes) -> Day:
    return tomlfile.load_model(path, data, Day)


def routine_from_toml(path: Path, data: bytes) -> Routine:
    return tomlfile.load_model(path, data, Routine)
