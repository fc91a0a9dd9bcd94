"""`done`/`undone`/`skip` take several REFs (all or none, one save); `add` without --kind guesses the kind
from the title and says which it chose."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.cli import smm
from helpers.ondisk import tasks_on_disk
from smm_tui.core.kind_guess import FALLBACK, WORDS, guess_kind
from smm_tui.core.kinds import KINDS

DAY = "2026-11-26"


def test_done_takes_several_refs_in_one_save(data_dir: Path) -> None:
    result = smm("done", "5", "6", "news-0600", "--date", DAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "done: blog-0830  08:30  Publish the blog post on today's news",
        "done: leads-0930  09:30  Follow up with sales and marketing on social leads",
        "done: news-0600  06:00  Scan news feeds for articles and videos worth sharing",
    ]
    done = {k for k, v in tasks_on_disk(data_dir).items() if v["status"] == "done"}
    assert done == {"blog-0830", "leads-0930", "news-0600"}

    result = smm("undone", "5", "blog-0830", "6", "--date", DAY)  # a task named twice changes once
    assert result.returncode == 0, result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["blog-0830", "leads-0930"]
    assert {k for k, v in tasks_on_disk(data_dir).items() if v["status"] == "done"} == {"news-0600"}

    result = smm("skip", "1", "2", "--date", DAY)
    assert result.returncode == 0, result.stderr
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [["skipped:", "wake-0530"],
                                                                        ["skipped:", "news-0600"]]
    statuses = tasks_on_disk(data_dir)
    assert statuses["wake-0530"]["status"] == "skipped" and statuses["news-0600"]["status"] == "skipped"


def test_one_unknown_ref_changes_nothing(data_dir: Path) -> None:
    result = smm("done", "5", "99", "6", "--date", DAY)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "no task '99'" in result.stderr and "nothing was changed" in result.stderr
    assert all(t["status"] == "todo" for t in tasks_on_disk(data_dir).values()), "all or none"


@pytest.mark.parametrize(("title", "kind", "word"), [
    ("Answer the agency's questions", "reply", "answer"),
    ("Post the launch thread", "publish", "post"),
    ("Weekly sync with sales", "meeting", "sync"),
    ("Sweep brand mentions", "monitor", "mentions"),
    ("Monthly analytics report", "analytics", "analytics"),
    ("Schedule the night posts", "schedule", "schedule"),
    ("Read up on new trends", "research", "read"),
    ("Lunch", "break", "lunch"),
])
def test_add_without_kind_guesses_from_the_title_and_says_so(data_dir: Path, title: str, kind: str,
                                                            word: str) -> None:
    result = smm("add", title, "--at", "10:15", "--date", DAY)
    assert result.returncode == 0, result.stderr
    new_id = result.stdout.strip()
    assert tasks_on_disk(data_dir)[new_id]["kind"] == kind
    assert result.stderr == f'smm-tui add: kind {kind} (from "{word}" in the title; --kind to choose)\n'


def test_add_without_kind_and_no_known_word_says_it_used_the_fallback(data_dir: Path) -> None:
    result = smm("add", "Water the office plants", "--at", "10:15", "--date", DAY)
    assert result.returncode == 0, result.stderr
    assert tasks_on_disk(data_dir)[result.stdout.strip()]["kind"] == FALLBACK
    assert "kind checkin (no word of the title names a kind; --kind to choose)" in result.stderr


def test_add_with_kind_is_quiet_and_wins(data_dir: Path) -> None:
    result = smm("add", "Answer the phone", "--at", "10:15", "--kind", "break", "--date", DAY)
    assert result.returncode == 0 and result.stderr == ""
    assert tasks_on_disk(data_dir)[result.stdout.strip()]["kind"] == "break"


def test_the_guess_table_names_only_real_kinds() -> None:
    assert set(WORDS.values()) <= set(KINDS)
    assert guess_kind("Posting the reel") == ("publish", "posting")
    assert guess_kind("ＲＥＰＬＹ in fullwidth") == (FALLBACK, ""), "ASCII words only"
