"""Crash safety of the index: killed at random, built twice at once, written where it cannot be.

Whatever happens to a build, a reader sees either no index or a complete one, the next open
rebuilds what is missing, and nothing half-written is ever taken for an index.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dumps import page_files, tar_bytes
from talkback.core import archive_to_dict
from talkback.index import IndexReader, IndexWriteError, build_index, ensure_index, index_path
from talkback.index import writer as index_writer
from talkback.index.writer import STALE_SECONDS, remove_stale_temp_files
from talkback.sources import load_archive

PAGES = 1500


@pytest.fixture(scope="module")
def many_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A tar of PAGES generated pages (about a second to index) and its comment count."""
    dump = tmp_path_factory.mktemp("dump") / "many.tar"
    dump.write_bytes(tar_bytes(page_files(PAGES)))
    return dump, load_archive(dump).comment_count


def temp_files(dump: Path) -> list[Path]:
    final = index_path(dump)
    return sorted(final.parent.glob(f"{final.name}.building-*")) if final.parent.exists() else []


def assert_whole(reader: IndexReader, comments: int) -> None:
    """The index is complete: its meta says so and every row it promises is there."""
    assert reader.meta["state"] == "complete"
    assert (reader.post_count, reader.comment_count) == (PAGES, comments)
    rows = reader.connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    assert rows == comments
    assert reader.connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def index_command(dump: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "talkback", "index", "-q", *extra, str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_builds_killed_at_random_points_are_detected_and_rebuilt(
    many_pages: tuple[Path, int],
) -> None:
    dump, comments = many_pages
    started = time.monotonic()
    full = index_command(dump, "--rebuild")
    assert full.wait(timeout=60) == 0
    took = time.monotonic() - started
    index_path(dump).unlink()
    rng = random.Random(8)
    outcomes = []
    for _ in range(6):
        delay = rng.uniform(0.05, took * 1.1)
        process = index_command(dump, "--rebuild")
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader = IndexReader.open_for(dump)
        if reader is None:  # killed mid-way: no index at all, at most a temp file
            outcomes.append("none")
            assert not index_path(dump).exists()
        else:  # killed after the rename: the index is whole
            outcomes.append("whole")
            assert_whole(reader, comments)
            reader.close()
            index_path(dump).unlink()
    assert "none" in outcomes, f"no kill landed inside a build: {outcomes}"
    reader, built = ensure_index(dump)  # the next open rebuilds
    assert built
    assert_whole(reader, comments)
    reader.close()
    assert temp_files(dump) == []  # the dead builds' leftovers are gone


@pytest.mark.slow
def test_two_processes_building_at_once_leave_one_valid_index(
    many_pages: tuple[Path, int],
) -> None:
    dump, comments = many_pages
    seen: list[int] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def read_meanwhile() -> None:
        while not stop.is_set():
            try:
                reader = IndexReader.open_for(dump)
                if reader is not None:
                    assert_whole(reader, comments)
                    seen.append(reader.comment_count)
                    reader.close()
            except BaseException as error:  # reported below, in the test's thread
                failures.append(error)
                return
            time.sleep(0.005)

    watcher = threading.Thread(target=read_meanwhile)
    watcher.start()
    try:
        first, second = index_command(dump, "--rebuild"), index_command(dump, "--rebuild")
        results = [process.communicate(timeout=60) for process in (first, second)]
        deadline = time.monotonic() + 2
        while not seen and not failures and time.monotonic() < deadline:
            time.sleep(0.01)  # the reader has a moment to see the finished index too
    finally:
        stop.set()
        watcher.join()
    assert not failures, failures[0]
    assert first.returncode == 0 and second.returncode == 0, results
    assert results[0][0].decode().strip() == results[1][0].decode().strip() == str(index_path(dump))
    reader = IndexReader.open_for(dump)
    assert reader is not None
    assert_whole(reader, comments)
    reader.close()
    assert temp_files(dump) == []
    assert seen, "the reader never saw an index"


def test_two_threads_building_at_once(tmp_path: Path, harbor_path: Path) -> None:
    # Two windows of one process: each build has its own temp file, neither removes the other's.
    dump = tmp_path / "dump.txt"
    dump.write_bytes(harbor_path.read_bytes())
    barrier = threading.Barrier(2)
    paths: list[Path] = []
    errors: list[BaseException] = []

    def slow_progress(_state: object) -> None:
        barrier.wait(timeout=10)  # both builds are under way before either finishes
        time.sleep(0.05)

    def build() -> None:
        try:
            paths.append(build_index(dump, progress=slow_progress))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert paths == [index_path(dump)] * 2
    reader = IndexReader.open_for(dump)
    assert reader is not None
    assert archive_to_dict(reader.load_archive()) == archive_to_dict(load_archive(dump))
    reader.close()
    assert temp_files(dump) == []


def test_temp_files_of_live_builds_are_kept_and_idle_ones_removed(
    tmp_path: Path, harbor_path: Path
) -> None:
    final = index_path(tmp_path / "dump.txt")
    final.parent.mkdir(parents=True)
    mine = final.with_name(f"{final.name}.building-{os.getpid()}-0a1b2c3d")
    idle = final.with_name(f"{final.name}.building-{os.getpid()}-99887766")
    dead = final.with_name(f"{final.name}.building-999999999-00000000")
    for path in (mine, idle, dead):
        path.write_bytes(b"half an index")
    old = time.time() - STALE_SECONDS - 60
    os.utime(idle, (old, old))  # a live process id that wrote nothing for an hour: reused
    remove_stale_temp_files(final)
    assert mine.exists() and not idle.exists() and not dead.exists()


def test_a_damaged_index_file_is_rebuilt(tmp_path: Path, harbor_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_bytes(harbor_path.read_bytes())
    path = build_index(dump)
    path.write_bytes(path.read_bytes()[:3000])  # cut short by something outside Talkback
    assert IndexReader.open_for(dump) is None
    reader, built = ensure_index(dump)
    assert built and reader.comment_count == 11
    reader.close()
    path.write_bytes(b"not a database at all" * 100)
    assert IndexReader.open_for(dump) is None


def test_read_only_location_is_one_clear_error(
    tmp_path: Path, harbor_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root writes anywhere, so the read-only cache folder is simulated at mkdir.
    def refuse(path: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(os, "mkdir", refuse)
    with pytest.raises(IndexWriteError) as caught:
        build_index(harbor_path)
    message = str(caught.value)
    assert message == (
        f"{index_path(harbor_path)}: cannot write the index (read-only file system); "
        "parse and search work without it"
    )
    assert "\n" not in message
    assert not private_cache.joinpath("index").exists()


def test_disk_full_mid_build_leaves_nothing(
    many_pages: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    dump, _ = many_pages
    real_create = index_writer.create

    def small_disk(path: Path) -> sqlite3.Connection:
        connection = real_create(path)
        connection.execute("PRAGMA max_page_count=40")  # SQLite then finds the disk full
        return connection

    monkeypatch.setattr(index_writer, "create", small_disk)
    progress: list[object] = []
    with pytest.raises(IndexWriteError, match=r"cannot write the index \(disk full\)"):
        build_index(dump, progress=progress.append)
    assert 0 < len(progress) < PAGES  # it filled up mid-way, not at the end
    assert not index_path(dump).exists() and temp_files(dump) == []
    monkeypatch.setattr(index_writer, "create", real_create)
    reader, built = ensure_index(dump)  # once there is room again
    assert built and reader.post_count == PAGES
    reader.close()
