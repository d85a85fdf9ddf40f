"""A stopped index build (cancelled, killed) is gone on from by the next one, and the index it
finishes is the very index a build from scratch makes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import harbor_pages
from talkback.index import BuildProgress, IndexCancelled, IndexReader, build_index, index_path
from talkback.index import writer as writer_module
from talkback.index.partial import journal_path, partial_path
from talkback.sources import ReadOptions, ReadPoint, read_dump, read_resumable
from talkback.sources import reader as reader_module
from talkback.sources.parallel import PageJob, keep

#: posts in the test folder (and files that are no pages at all, each a problem)
PAGES = 24
BATCH_ROWS = 25


@pytest.fixture
def folder(tmp_path: Path, harbor_path: Path) -> Path:
    """Pages of the bundled sample, each made a little different, with a binary file and an
    empty one among them (problems between posts)."""
    dump = harbor_pages(harbor_path, tmp_path / "dump", PAGES)
    (dump / "page-07b.bin").write_bytes(bytes(range(256)) * 4)
    (dump / "page-15b.txt").write_text("", encoding="utf-8")
    return dump


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "BATCH_ROWS", BATCH_ROWS)


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the index's tables, and every word the full-text index holds with where."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'fts', 'instance')")
    found = {
        table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        for table in ("posts", "comments", "problems", "authors")
    }
    found["fts"] = connection.execute("SELECT * FROM temp.vocab ORDER BY 1, 2, 3, 4").fetchall()
    found["meta"] = connection.execute(
        "SELECT * FROM meta WHERE key NOT IN ('started', 'finished') ORDER BY key"
    ).fetchall()
    connection.close()
    return found


def stop_after(dump: Path, posts: int, options: ReadOptions | None = None) -> None:
    """Build the dump's index and cancel the build once it has indexed ``posts`` posts."""
    cancel = threading.Event()

    def progress(state: BuildProgress) -> None:
        if state.posts >= posts:
            cancel.set()

    with pytest.raises(IndexCancelled):
        build_index(dump, options=options, progress=progress, cancel=cancel)


def fresh_contents(dump: Path, tmp_path: Path) -> dict[str, list[tuple[object, ...]]]:
    return contents(build_index(dump, base=tmp_path / "fresh", resume=False))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_cancelled_build_goes_on_where_it_stopped(
    folder: Path, tmp_path: Path, small_batches: None, workers: int
) -> None:
    options = ReadOptions(workers=workers)
    stop_after(folder, 13, options)
    final = index_path(folder)
    assert not final.exists()
    assert partial_path(final).exists()
    assert IndexReader.open_for(folder) is None  # a stopped build is never taken for an index
    assert list(final.parent.glob("*.building-*")) == []

    parsed: list[str] = []  # the pages handed to the parsing workers
    hand_over = reader_module.in_order

    def counted(items: Iterator[object], *arguments: object) -> object:
        def counting() -> Iterator[object]:
            for item in items:
                if isinstance(item, PageJob):
                    parsed.append(item.where)
                yield item

        return hand_over(counting(), *arguments)  # type: ignore[arg-type]

    again: list[BuildProgress] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader_module, "in_order", counted)
        path = build_index(folder, options=options, progress=again.append)
    resumed = again[0].resumed
    assert 0 < resumed < 13  # it went on from the last batch ended before the cancel
    assert again[0].posts == resumed  # said before anything is read
    assert again[1].posts == resumed + 1
    assert len(parsed) == PAGES - resumed  # the pages before it were not parsed again
    assert not partial_path(final).exists()
    assert contents(path) == fresh_contents(folder, tmp_path)


def test_a_cancel_before_any_batch_ended_keeps_nothing(folder: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):
        build_index(folder, cancel=cancel)
    final = index_path(folder)
    assert list(final.parent.iterdir()) == []


CRASHING_BUILD = """
import os, signal, sys
from talkback.index import build_index, writer, schema
from talkback.sources import ReadOptions
writer.BATCH_ROWS = {batch}
reopen = schema.reopen
def small_cache(path):  # pages spill into the file before the batch ends: a hot journal
    connection = reopen(path)
    connection.execute("PRAGMA cache_size=8")
    return connection
writer.reopen = small_cache
schema.reopen = small_cache
def descendants(pid):
    children = {{}}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{{entry}}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found
def progress(state):
    if state.posts >= {posts}:
        with open(sys.argv[2], "w") as out:  # its forkserver and parsing workers
            out.write(" ".join(map(str, descendants(os.getpid()))))
        os.kill(os.getpid(), signal.SIGKILL)
build_index(sys.argv[1], progress=progress, options=ReadOptions(workers=2))
"""


def test_a_killed_build_goes_on_where_it_stopped(
    folder: Path, tmp_path: Path, small_batches: None
) -> None:
    code = CRASHING_BUILD.format(batch=BATCH_ROWS, posts=17)
    left = tmp_path / "left.txt"
    process = subprocess.run([sys.executable, "-c", code, str(folder), str(left)], check=False)
    assert process.returncode == -signal.SIGKILL
    # its parsing workers (and so their forkserver) end on their own, soon
    pids = [int(pid) for pid in left.read_text().split()]
    assert len(pids) >= 3  # the forkserver and two workers at least
    deadline = time.monotonic() + 15
    while (alive := [pid for pid in pids if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive == []
    final = index_path(folder)
    [temp] = [path for path in final.parent.glob("*.building-*") if path.is_file()
              and not path.name.endswith("-journal")]  # fmt: skip
    assert journal_path(temp).exists()  # killed in the middle of a batch
    assert IndexReader.open_for(folder) is None

    again: list[BuildProgress] = []
    path = build_index(folder, progress=again.append)
    assert 0 < again[0].resumed < 17
    assert sorted(os.listdir(final.parent)) == [final.name]
    assert contents(path) == fresh_contents(folder, tmp_path)


def test_a_stopped_build_of_a_changed_dump_is_not_gone_on_from(
    folder: Path, small_batches: None
) -> None:
    stop_after(folder, 10)
    assert partial_path(index_path(folder)).exists()
    (folder / "page-00.txt").write_text("A new first page\n", encoding="utf-8")
    again: list[BuildProgress] = []
    build_index(folder, progress=again.append)
    assert again[0].resumed == 0
    assert not partial_path(index_path(folder)).exists()


def test_resume_false_starts_over(folder: Path, small_batches: None) -> None:
    stop_after(folder, 10)
    again: list[BuildProgress] = []
    build_index(folder, progress=again.append, resume=False)
    assert again[0].resumed == 0
    assert not partial_path(index_path(folder)).exists()


@pytest.mark.parametrize("workers", [0, 2])
def test_a_read_from_a_point_gives_the_rest_of_the_dump(folder: Path, workers: int) -> None:
    options = ReadOptions(workers=workers)
    whole = [
        (item.id, len(item.comments)) if not hasattr(item, "message") else item.message
        for item in read_dump(folder, options)
    ]
    points = [item for item in read_resumable(folder, keep, options) if isinstance(item, ReadPoint)]
    assert [point.items for point in points] == list(range(1, PAGES + 3))
    assert points[-1] == ReadPoint(PAGES + 2, PAGES, 2)
    start = points[9]
    rest = [
        item
        for item in read_resumable(folder, keep, options, start)
        if not isinstance(item, ReadPoint)
    ]
    shown = [
        (item.id, len(item.comments)) if not hasattr(item, "message") else item.message
        for item in rest
    ]
    assert shown == whole[start.posts + start.problems :]


def test_talkback_index_says_it_went_on_and_rebuild_starts_over(
    folder: Path, small_batches: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from talkback.cli import main

    stop_after(folder, 10)
    assert main(["index", str(folder)]) == 0
    assert "going on from" in capsys.readouterr().out
    stop_after(folder, 10)
    assert main(["index", "--rebuild", str(folder)]) == 0
    assert "going on from" not in capsys.readouterr().out
    assert not partial_path(index_path(folder)).exists()


def test_the_progress_line_of_talkback_index() -> None:
    from talkback.cli.index_command import ProgressLine
    from talkback.sources import ReadProgress

    line = ProgressLine(started=100.0)
    line.update(ReadProgress(346_000_000, 1_018_000_000, 3120, 0, "big/page-3120.txt"))
    line.update(BuildProgress(posts=3120, comments=734_002, problems=0))
    assert line.text(152.5) == (
        "indexing: 34% · 346 of 1,018 MB · 3,120 posts · 734,002 comments · 0:52"
    )
    line.update(BuildProgress(posts=3121, comments=734_100, problems=0, resumed=2900))
    assert line.text(160.0).endswith("· 1:00 (going on from 2,900 posts)")
    line.update(ReadProgress(1_018_000_000, 1_018_000_000, 9000, 0, "big", done=True))
    assert line.text(250.0).endswith("2:30 (going on from 2,900 posts); finishing the index…")


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
