"""TOML in and out, with errors a person can act on.

Reading: bytes -> dict with `path:line:col: reason` for syntax errors (on
Python 3.11 the position only exists inside the message, newer Pythons add
attributes; both are handled) and for invalid UTF-8. Validation errors become
`tasks[3].start`-style field paths, mapped back to a line when the file has the
usual one-table-per-entry shape.

Writing: models -> TOML text with a fixed key order and no None values
(tomli-w refuses None), so files diff cleanly and read well.

Hostile input: tomllib is pure Python and can be made to spend quadratic time
and memory by a small file (one dotted key of 100,000 parts - 200 kB -
exhausted 24 GB here; 2 MB of 30-part table headers took 12 s), and lets
int()'s 4300-digit limit escape as a bare ValueError. So files are bounded
before parsing - size, parts of a dotted key, number of table headers - which
keeps the slowest file we could build at ~2.5 s here (any valid 1 MB file
takes ~0.8 s); every failure is still one DataError naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from smm_tui.core.errors import DataError, Problem, SaveError
from smm_tui.core.regular import MAX_FILE_BYTES, read_regular
from smm_tui.core.text import shown

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")
"""The model load_model validates into, and so returns."""

FORMAT_VERSION = 1

MAX_KEY_PARTS = 12
"""Longest dotted key accepted (`a.b.c` has 3 parts; smm-tui's files need 2).
tomllib's cost grows with the square of a key's parts: 8,000 parts took
0.7 s and 260 MB, 100,000 parts ran the machine out of memory. The scan does
not skip strings (a scanner that can be fooled would let the worst case back
in), so a title with 13 dot-separated words in a row is refused too."""
MAX_TABLES = 5_000
"""Most table headers (`[x]`, `[[tasks]]`) accepted in one file; a day has one
per task. 1 MB of short headers alone took 1.7-3.9 s."""

# Possessive quantifiers and the look-behind keep this scan linear on any input.
_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_LONG_KEY = re.compile(rf"(?<![A-Za-z0-9_-]){_KEY_PART}(?:[ \t]*+\.[ \t]*+{_KEY_PART}){{{MAX_KEY_PARTS},}}")
_LONG_NUMBER = re.compile(r"[0-9A-Fa-f_]{1000,}")
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)

_POSITION = re.compile(r"\s*\(at line ([0-9]+), column ([0-9]+)\)$")
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


def read_bytes(path: Path) -> bytes:
    """A file's bytes, reading at most one byte more than MAX_FILE_BYTES (parse refuses those).

    Raises OSError like Path.read_bytes, so callers keep their own messages; a
    FIFO or device is refused unopened-for-reading (core.regular.NotRegular).
    """
    return read_regular(path, MAX_FILE_BYTES + 1)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse(path: Path, data: bytes) -> dict[str, Any]:
    """Parse TOML bytes; any failure is a DataError with the file's line and column."""
    if len(data) > MAX_FILE_BYTES:
        raise DataError([Problem(
            path, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; is it the right file? "
                  "(smm-tui does not read files this large)")])
    text = decode(path, data)
    if (match := _LONG_KEY.search(text)) is not None:
        raise DataError([Problem(
            path, f"a dotted key with more than {MAX_KEY_PARTS} parts (smm-tui does not read keys this deep)",
            _line_of(text, match.start()))])
    for count, match in enumerate(_TABLE_HEADER.finditer(text), start=1):
        if count > MAX_TABLES:
            raise DataError([Problem(
                path, f"more than {MAX_TABLES} tables (smm-tui does not read files this large)",
                _line_of(text, match.start()))])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError([_syntax_problem(path, text, exc)]) from None
    except RecursionError:
        raise DataError([Problem(path, "TOML nesting is too deep")]) from None
    except ValueError:
        # tomllib lets int()'s digit limit (sys.get_int_max_str_digits) through as a bare ValueError.
        match = _LONG_NUMBER.search(text)
        line = _line_of(text, match.start()) if match else None
        raise DataError([Problem(path, "TOML syntax: a number with too many digits", line)]) from None


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


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")


def field_path(loc: tuple[int | str, ...]) -> str:
    """('tasks', 3, 'start') -> 'tasks[3].start'; odd keys from the file are quoted and shortened."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = str(part) if _BARE_KEY.fullmatch(str(part)) else shown(str(part))
            out += f".{name}" if out else name
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


TableIndex = dict[str, list[tuple[int, dict[str, int]]]]


def table_index(text: str) -> TableIndex:
    """Table name -> (header line, key lines) of each table of that name, in file order.

    Built once per file: locating every validation error by rescanning the
    text made a file with thousands of broken tasks take minutes.
    """
    index: TableIndex = {}
    for name, header, keys in _table_lines(text):
        index.setdefault(name, []).append((header, keys))
    return index


def locate(text: str | TableIndex, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line of a validation error location like ('tasks', 3, 'start')."""
    index = table_index(text) if isinstance(text, str) else text
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        entries = index.get(loc[0], [])
        if loc[1] < len(entries):
            header, keys = entries[loc[1]]
            if len(loc) >= 3 and isinstance(loc[2], str) and loc[2] in keys:
                return keys[loc[2]]
            return header
        return None
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], str) and loc[0] in index:
        header, keys = index[loc[0]][0]
        return keys.get(loc[1], header)
    if loc and isinstance(loc[0], str):
        top = index[""][0][1]
        if loc[0] in top:
            return top[loc[0]]
        if loc[0] in index:
            return index[loc[0]][0][0]
    return None


MAX_PROBLEMS = 50
"""Problems listed per file; a file with thousands of broken entries gets a count for the rest."""


def validation_problems(path: Path, text: str, error: ValidationError) -> list[Problem]:
    problems = []
    index = table_index(text)
    items = error.errors(include_url=False)
    for item in items[:MAX_PROBLEMS]:
        loc = tuple(item["loc"])
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        # Model-level validators report their own "tasks[1].id: ..." prefix in the message.
        if (match := re.match(r"^((?:tasks|slots)\[([0-9]+)\]\.(\w+)): (.*)$", message, re.ASCII)) is not None:
            loc = (match.group(1).split("[")[0], int(match.group(2)), match.group(3))
            message = match.group(4)
        if item["type"] in ("extra_forbidden",):
            message = "unknown key (check the spelling)"
        elif item["type"] == "missing":
            message = "required key is missing"
        elif "input" in item and item["type"] not in ("value_error", "assertion_error"):
            message = f"{message} (got {shown(item['input'])})"
        problems.append(Problem(path, message, locate(index, loc), None, field_path(loc) or None))
    if len(items) > MAX_PROBLEMS:
        problems.append(Problem(path, f"... and {len(items) - MAX_PROBLEMS} more problems"))
    return problems


def load_model(path: Path, data: bytes, model: type[M], *, drop: tuple[str, ...] = ()) -> M:
    """Parse and validate bytes into `model`; DataError with every problem found."""
    from pydantic import ValidationError

    raw = parse(path, data)
    version = raw.pop("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise DataError(
            [Problem(path, f"unsupported format version {shown(version)} (this smm-tui reads {FORMAT_VERSION})",
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


def gate(path: Path, data: bytes, meant: object, read_back: Callable[[Path, bytes], object]) -> bytes:
    """The write gate: `data` when it reads back as `meant` within the read limits, else SaveError.

    Every save passes here before its atomic replace, so the store never writes
    a file it would then refuse to read (over MAX_FILE_BYTES or MAX_TABLES, a
    value TOML cannot hold) or that reads back as something else than was
    meant. The refusal is one line and the file on disk stays as it was.
    """
    try:
        back = read_back(path, data)
    except DataError as exc:
        reason = exc.problems[0].message if exc.problems else str(exc)
        raise SaveError(f"{path}: not saved, the file on disk is unchanged: "
                        f"the new version would not read back: {reason}") from None
    if back != meant:
        raise SaveError(f"{path}: not saved, the file on disk is unchanged: "
                        "the new version reads back differently from what was meant")
    return data


def dumps_gated(path: Path, header: str, document: dict[str, Any]) -> bytes:
    """`dumps` as bytes, through the write gate (a dict reads back as the same dict)."""
    data = dumps(header, document).encode("utf-8")
    return gate(path, data, _clean({"version": FORMAT_VERSION, **document}), parse)


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
