from __future__ import annotations

from pathlib import Path

import pytest

from smm_tui.core import tomlfile
from smm_tui.core.codec import day_from_toml, routine_from_toml
from smm_tui.core.errors import DataError

P = Path("days/2026-11-26.toml")


def problem(data: bytes) -> str:
    with pytest.raises(DataError) as info:
        day_from_toml(P, data)
    return str(info.value.problems[0])


def test_syntax_error_has_line_and_column() -> None:
    assert problem(b'version = 1\ndate = 2026-11-26\nzone = "UTC\n') == (
        f"{P}:3:12: TOML syntax: Illegal character '\\n'"
    )


def test_error_at_end_of_document_names_the_last_line() -> None:
    msg = problem(b'version = 1\ndate = 2026-11-26\n[[tasks]\n')
    assert msg.startswith(f"{P}:3")
    assert "(at " not in msg


def test_end_of_document_message_is_mapped_to_last_line() -> None:
    text = 'version = 1\nzone = "UTC"\ndate = 2026-11-26\nnote = """never closed\n'
    msg = problem(text.encode())
    assert msg.startswith((f"{P}:4", f"{P}:5"))
    assert "TOML syntax" in msg


def test_invalid_utf8_names_line_and_byte() -> None:
    assert problem(b'version = 1\ntitle = "caf\xe9"\n') == (
        f"{P}:2:13: invalid UTF-8 (byte 0xe9); save the file as UTF-8"
    )


def test_impossible_time_is_a_syntax_error_with_position() -> None:
    text = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\n[[tasks]]\nid = "a"\ntitle = "A"\nstart = 25:00:00\n'
    msg = problem(text)
    assert msg.startswith(f"{P}:7:")


def test_unknown_kind_names_field_line_and_choices() -> None:
    text = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\n[[tasks]]\nid = "a"\ntitle = "A"\nstart = 09:00:00\nkind = "party"\n'
    msg = problem(text)
    assert msg.startswith(f"{P}:8: tasks[0].kind: Input should be 'checkin'")
    assert "(got 'party')" in msg


def test_unknown_key_is_named() -> None:
    text = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\nnotes = "typo"\n'
    assert problem(text) == f"{P}:4: notes: unknown key (check the spelling)"


def test_missing_key_is_named() -> None:
    text = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\n[[tasks]]\nid = "a"\nstart = 09:00:00\n'
    assert problem(text) == f"{P}:4: tasks[0].title: required key is missing"


def test_future_format_version_is_refused() -> None:
    assert problem(b'version = 2\ndate = 2026-11-26\nzone = "UTC"\n') == (
        f"{P}:1: version: unsupported format version 2 (this smm-tui reads 1)"
    )


def test_every_problem_is_reported() -> None:
    text = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\n[[tasks]]\nid = "A B"\ntitle = ""\nstart = 09:00:00\n'
    with pytest.raises(DataError) as info:
        day_from_toml(P, text)
    assert [p.field for p in info.value.problems] == ["tasks[0].id", "tasks[0].title"]


def test_routine_errors_use_slots_paths() -> None:
    text = b'version = 1\n[[slots]]\nid = "m"\ntitle = "M"\nstart = 10:00:00\nevery = 60\n'
    with pytest.raises(DataError) as info:
        routine_from_toml(Path("routine.toml"), text)
    assert str(info.value) == "routine.toml:2: slots[0]: 'every' and 'until' go together: give both or neither"


def test_field_path() -> None:
    assert tomlfile.field_path(("tasks", 3, "start")) == "tasks[3].start"
    assert tomlfile.field_path(("bands", "lunch")) == "bands.lunch"


def test_dumps_drops_none_and_keeps_order() -> None:
    text = tomlfile.dumps("# h\n", {"b": 1, "a": None, "c": (1, 2)})
    assert text.startswith("# h\nversion = 1\nb = 1\n")
    assert "a =" not in text


# --- hostile input: every case below escaped as a non-DataError or hung before ----------------


def test_dotted_key_too_deep_is_refused_before_tomllib_sees_it() -> None:
    # 100,000 parts (200 kB) made tomllib exhaust 24 GB of memory.
    head = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\n'
    for text in (head + b"x." * 100_000 + b"y = 1\n", head + b"[" + b".".join([b"a"] * 50_000) + b"]\n",
                 head + b"note = {" + b'"a".' * 12 + b"b = 1}\n"):
        assert problem(text) == f"{P}:4: a dotted key with more than 12 parts (smm-tui does not read keys this deep)"


def test_ordinary_dotted_keys_and_dotted_text_still_load() -> None:
    assert tomlfile.parse(P, b'"task.toggle" = "x"\na.b.c = 1\nt = "see e.g. v1.2.3 and a.b.c.d.e"\n')["a"] == {"b": {"c": 1}}


def test_a_number_beyond_the_int_digit_limit_is_a_data_error() -> None:
    text = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\n[[tasks]]\nminutes = ' + b"9" * 5000 + b"\n"
    assert problem(text) == f"{P}:5: TOML syntax: a number with too many digits"


def test_hostile_values_are_shown_short_in_messages() -> None:
    deep = "{a = " * 300 + "1" + "}" * 300
    text = f'version = 1\ndate = 2026-11-26\nzone = "{"A" * 100_000}"\nnote = {deep}\n'.encode()
    with pytest.raises(DataError) as info:
        day_from_toml(P, text)
    assert all(len(str(p)) < 300 for p in info.value.problems), [len(str(p)) for p in info.value.problems]
    huge = b'version = 1\ndate = 2026-11-26\nzone = "UTC"\n[[tasks]]\nminutes = ' + b"9" * 4000 + b"\n"
    with pytest.raises(DataError) as info:
        day_from_toml(P, huge)
    assert "tasks[0].minutes: Input should be less than or equal to 1440 (got <a number with 4000 digits>)" in str(info.value)


def test_oversized_file_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# padding\n" * (tomlfile.MAX_FILE_BYTES // 10 + 1))
    data = tomlfile.read_bytes(big)
    assert len(data) == tomlfile.MAX_FILE_BYTES + 1, "reading stops just past the cap"
    with pytest.raises(DataError, match=r"file is larger than 1 MB"):
        tomlfile.parse(big, data)


def test_too_many_tables_are_refused_with_the_line() -> None:
    text = "".join(f"[t{i}]\n" for i in range(tomlfile.MAX_TABLES + 5))
    with pytest.raises(DataError) as info:
        tomlfile.parse(P, text.encode())
    assert str(info.value) == f"{P}:{tomlfile.MAX_TABLES + 1}: more than 5000 tables (smm-tui does not read files this large)"


def test_a_file_with_thousands_of_broken_tasks_is_reported_quickly() -> None:
    # Found by the fuzz suite (seed 7): every error rescanned the whole text to find its line,
    # so 5,000 tasks with four errors each took minutes.
    import time

    text = 'version = 1\ndate = 2026-11-26\nzone = "UTC"\n' + "[[tasks]]\nminutes = -1\n" * 4_900
    started = time.perf_counter()
    with pytest.raises(DataError) as info:
        day_from_toml(P, text.encode())
    assert time.perf_counter() - started < 2
    problems = info.value.problems
    assert len(problems) == tomlfile.MAX_PROBLEMS + 1
    assert str(problems[0]) == f"{P}:4: tasks[0].id: required key is missing"
    assert str(problems[-1]) == f"{P}: ... and {4 * 4_900 - tomlfile.MAX_PROBLEMS} more problems"


def test_odd_unknown_keys_are_named_quoted_and_short() -> None:
    # Found by the fuzz suite (seed 5): a 2,000-character key with a newline made a two-line error.
    text = ('version = 1\ndate = 2026-11-26\nzone = "UTC"\n"' + "9" * 2000 + '\\ntheme" = 1\n').encode()
    message = problem(text)
    assert "\n" not in message and len(message) < 200
    assert message.startswith(f"{P}: '99999") and message.endswith("theme': unknown key (check the spelling)")
    assert tomlfile.field_path(("keymap", "task.toggle")) == "keymap.'task.toggle'"


def test_shown_values_stay_short_however_they_nest() -> None:
    # Found by the fuzz suite (seed 17): reprlib bounds each level, not the total (600 characters).
    from smm_tui.core.text import shown

    nested = {f"k{i}" * 20: {f"j{j}" * 20: ["x" * 80] * 5 for j in range(5)} for i in range(5)}
    assert len(shown(nested)) <= 100
