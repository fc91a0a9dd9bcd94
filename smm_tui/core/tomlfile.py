"""TOML in and out, with errors a person can act on.

Reading: bytes -> dict with `path:line:col: reason` for syntax errors (on
Python 3.11 the position only exists inside the message, newer Pythons add
attributes; both are handled) and for invalid UTF-8. Validation errors become
`tasks[3].start`-style field paths, mapped back to a line when the file has the
usual one-table-per-entry shape.

Writing: models -> TOML text with a fixed key order and no None values
(tomli-w refuses None), so files diff cleanly and read well.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_tui.core.errors import DataError, Problem

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

FORMAT_VERSION = 1

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text of a file, or a Problem naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise DataError(
            [Problem(path, f"invalid UTF-8 (byte 0x{bad}); save the file as UTF-8", line, column)]
        ) from None


def parse(path: Path, data: bytes) -> dict[str, Any]:
    """Parse TOML bytes; any failure is a DataError with the file's line and column."""
    text = decode(path, data)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError([_syntax_problem(path, text, exc)]) from None
    except RecursionError:
        raise DataError([Problem(path, "TOML nesting is too deep")]) from None


def _syntax_problem(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc.args[0]) if exc.args else str(exc)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    if (match := _POSITION.search(message)) is not None:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    elif _AT_END.search(message):
        message = _AT_END.sub("", message)
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        column = None
    message = getattr(exc, "msg", None) or message
    return Problem(path, f"TOML syntax: {message}", line, column)


def field_path(loc: tuple[int | str, ...]) -> str:
    """('tasks', 3, 'start') -> 'tasks[3].start'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _table_lines(text: str) -> list[tuple[str, int, dict[str, int]]]:
    """For each table header: its array name, line number and the keys' lines beneath it."""
    tables: list[tuple[str, int, dict[str, int]]] = [("", 0, {})]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[[") and "]]" in line:
            tables.append((line[2 : line.index("]]")].strip(), number, {}))
        elif line.startswith("[") and "]" in line:
            tables.append((line[1 : line.index("]")].strip(), number, {}))
        elif "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0].strip().strip('"').strip("'")
            tables[-1][2].setdefault(key, number)
    return tables


def locate(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line of a validation error location like ('tasks', 3, 'start')."""
    tables = _table_lines(text)
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        entries = [t for t in tables if t[0] == loc[0]]
        if loc[1] < len(entries):
            _, header, keys = entries[loc[1]]
            if len(loc) >= 3 and isinstance(loc[2], str) and loc[2] in keys:
                return keys[loc[2]]
            return header
        return None
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], str):
        for name, header, keys in tables:
            if name == loc[0]:
                return keys.get(loc[1], header)
    if loc and isinstance(loc[0], str):
        top = tables[0][2]
        if loc[0] in top:
            return top[loc[0]]
        for name, header, _ in tables:
            if name == loc[0]:
                return header
    return None


def validation_problems(path: Path, text: str, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        # Model-level validators report their own "tasks[1].id: ..." prefix in the message.
        if (match := re.match(r"^((?:tasks|slots)\[(\d+)\]\.(\w+)): (.*)$", message)) is not None:
            loc = (match.group(1).split("[")[0], int(match.group(2)), match.group(3))
            message = match.group(4)
        if item["type"] in ("extra_forbidden",):
            message = "unknown key (check the spelling)"
        elif item["type"] == "missing":
            message = "required key is missing"
        elif "input" in item and item["type"] not in ("value_error", "assertion_error"):
            shown = repr(item["input"])
            if len(shown) > 60:
                shown = shown[:57] + "..."
            message = f"{message} (got {shown})"
        problems.append(Problem(path, message, locate(text, loc), None, field_path(loc) or None))
    return problems


def load_model(path: Path, data: bytes, model: type[BaseModel], *, drop: tuple[str, ...] = ()) -> Any:
    """Parse and validate bytes into `model`; DataError with every problem found."""
    from pydantic import ValidationError

    raw = parse(path, data)
    version = raw.pop("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise DataError(
            [Problem(path, f"unsupported format version {version!r} (this smm-tui reads {FORMAT_VERSION})",
                     locate(decode(path, data), ("version",)), None, "version")]
        )
    for key in drop:
        raw.pop(key, None)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataError(validation_problems(path, decode(path, data), exc)) from None
    except RecursionError:
        raise DataError([Problem(path, "value nesting is too deep")]) from None


def _clean(value: Any) -> Any:
    """Drop Nones (tomli-w refuses them) and turn tuples into lists, recursively."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def dumps(header: str, document: dict[str, Any]) -> str:
    """A commented header, then the document in the given key order."""
    import tomli_w

    body = tomli_w.dumps(_clean({"version": FORMAT_VERSION, **document}))
    return header + body
