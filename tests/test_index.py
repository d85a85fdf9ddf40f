"""The on-disk index: a faithful copy of the parse, invalidation, cancellation, crash leftovers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from talkback.core import archive_to_dict
from talkback.index import (
    BuildProgress,
    IndexCancelled,
    IndexReader,
    build_index,
    ensure_index,
    index_path,
)
from talkback.index.writer import remove_stale_temp_files
from talkback.sources import ReadOptions, load_archive


@pytest.fixture
def dump(tmp_path: Path, harbor_path: Path) -> Path:
    copy = tmp_path / "dump.txt"
    shutil.copy2(harbor_path, copy)
    return copy


def test_index_holds_exactly_what_the_parser_gives(dump: Path) -> None:
    reader, built = ensure_index(dump)
    assert built
    from_index = reader.load_archive()
    parsed = load_archive(dump)
    assert archive_to_dict(from_index) == archive_to_dict(parsed)
    assert (reader.post_count, reader.comment_count) == (1, 11)
    reader.close()


def test_real_page_round_trip(tmp_path: Path, hotair_path: Path) -> None:
    reader, _ = ensure_index(hotair_path)
    assert archive_to_dict(reader.load_archive()) == archive_to_dict(load_archive(hotair_path))
    reader.close()


def test_reopen_uses_the_index(dump: Path) -> None:
    ensure_index(dump)[0].close()
    reader, built = ensure_index(dump)
    assert not built
    reader.close()


def test_changed_dump_is_rebuilt(dump: Path) -> None:
    ensure_index(dump)[0].close()
    with dump.open("a", encoding="utf-8") as handle:
        handle.write("\nLate comment.\n\nZed on October 16, 2011 at 9:00 AM\n")
    assert IndexReader.open_for(dump) is None
    reader, built = ensure_index(dump)
    assert built and reader.comment_count == 12
    reader.close()


def test_touched_dump_is_rebuilt(dump: Path) -> None:
    ensure_index(dump)[0].close()
    stat = dump.stat()
    os.utime(dump, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert IndexReader.open_for(dump) is None


def test_other_schema_version_or_options_is_not_current(dump: Path) -> None:
    path = build_index(dump)
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    assert IndexReader.open_for(dump) is None
    build_index(dump)
    assert IndexReader.open_for(dump) is not None
    forced = ReadOptions(dialect="signature-after")
    assert ensure_index(dump, options=forced)[1] is True


def test_cancel_leaves_nothing(dump: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):
        build_index(dump, cancel=cancel)
    final = index_path(dump)
    assert not final.exists()
    assert list(final.parent.glob("*.building-*")) == []


def test_progress_is_reported(dump: Path) -> None:
    seen: list[BuildProgress] = []
    build_index(dump, progress=seen.append)
    final = seen[-1]
    assert (final.posts, final.comments, final.problems, final.resumed) == (1, 11, 0, 0)
    assert final.writing.startswith(f"{index_path(dump)}.building-")


def test_unreadable_dump(tmp_path: Path) -> None:
    from talkback.core.parser import DumpError

    with pytest.raises(DumpError, match="no such file"):
        build_index(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(DumpError, match="empty file"):
        build_index(empty)
    assert list(index_path(empty).parent.glob("*")) == []


def test_stale_temp_files_of_dead_builds_are_removed(dump: Path) -> None:
    final = index_path(dump)
    final.parent.mkdir(parents=True, exist_ok=True)
    dead = final.with_name(f"{final.name}.building-999999999")
    dead.write_bytes(b"half an index")
    assert IndexReader.open_for(dump) is None  # a temp file is never taken for an index
    remove_stale_temp_files(final)
    assert not dead.exists()


def test_thread_paging(dump: Path) -> None:
    reader, _ = ensure_index(dump)
    post_rowid = reader.post_rowid("p1")
    assert post_rowid is not None
    roots = reader.children(post_rowid, None)
    assert [row.comment.id for row in roots] == ["p1-c1", "p1-c2", "p1-c5", "p1-c6", "p1-c9",
                                                  "p1-c11"]  # fmt: skip
    assert reader.children(post_rowid, None, offset=2, limit=2)[0].comment.id == "p1-c5"
    sam = roots[0]
    assert sam.reply_count == 1
    walt = reader.children(post_rowid, sam.rowid)[0]
    assert (walt.comment.id, walt.depth) == ("p1-c3", 1)
    reader.close()


def test_full_text_match(dump: Path) -> None:
    reader, _ = ensure_index(dump)
    rowids = reader.match_rowids("apres")  # accents folded: "Après"
    assert len(rowids) == 1
    assert reader.children  # the rowid is a comment's
    assert rowids[0] > 0
    assert reader.match_rowids("ferry pier") and reader.match_rowids("title:ferry") == [-1]
    reader.close()


def test_user_dump_is_never_changed(dump: Path) -> None:
    before = (dump.read_bytes(), dump.stat().st_mtime_ns)
    ensure_index(dump)[0].close()
    ensure_index(dump)[0].close()
    assert (dump.read_bytes(), dump.stat().st_mtime_ns) == before
    assert list(dump.parent.iterdir()) == [dump]


def write_many_comments(path: Path, count: int) -> None:
    """A page with ``count`` distinct signed comments (distinct names and minutes)."""
    lines = ["Many comments", "", "posted at 9:00 am on May 1, 2008 by Editor", "", "Body.", "",
             "Comments", ""]  # fmt: skip
    for number in range(count):
        hour, minute = divmod(number, 60)
        day = 1 + hour // 24
        lines += [f"Comment number {number} says something about item {number * 7}.", "",
                  f"user{number} on May {day}, 2008 at {hour % 24}:{minute:02d}", ""]  # fmt: skip
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_killed_build_is_never_taken_for_an_index(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    write_many_comments(big, 6000)
    final = index_path(big)
    process = subprocess.Popen([sys.executable, "-m", "talkback", "index", str(big)])
    deadline = time.monotonic() + 30
    while not list(final.parent.glob("*.building-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)  # killed while its temp file is being written
    process.wait()
    assert list(final.parent.glob("*.building-*")), "the build was not caught mid-way"
    assert IndexReader.open_for(big) is None
    reader, _ = ensure_index(big)
    assert reader.comment_count == 6000
    assert list(index_path(big).parent.glob("*.building-*")) == []
    reader.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    from talkback.core.parser import DumpError

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    errors: list[BaseException] = []

    def build() -> None:
        try:
            build_index(pipe)
        except BaseException as error:  # handed to the test thread
            errors.append(error)

    worker = threading.Thread(target=build, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # blocked opening the pipe: let it go before failing
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
        pytest.fail("build_index waited for a writer on a named pipe")
    assert len(errors) == 1 and isinstance(errors[0], DumpError)
    assert "pipe" in str(errors[0])
