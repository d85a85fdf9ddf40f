"""The index cache listed and pruned: real indexes of tiny dumps, a stopped build's partial, a
damaged file, a dump deleted after indexing, a live build's temp files that must survive."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from talkback.index import BuildProgress, IndexCancelled, build_index, cache_dir, index_path
from talkback.index import cache as cache_module
from talkback.index import writer as writer_module
from talkback.index.cache import CacheEntry, list_cache, prune, unused_reason
from talkback.index.partial import partial_path
from talkback.sources import ReadOptions

ONE_WORKER = ReadOptions(workers=1)
DAY = 86400.0


def copy_page(harbor_path: Path, target: Path) -> Path:
    target.write_bytes(harbor_path.read_bytes())
    return target


def stopped_build(folder: Path, harbor_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of six pages whose build was cancelled after a few posts: its partial's path."""
    folder.mkdir()
    text = harbor_path.read_text(encoding="utf-8")
    for number in range(6):
        (folder / f"page-{number}.txt").write_text(text.replace("pier", f"pier{number}"))
    monkeypatch.setattr(writer_module, "BATCH_ROWS", 5)  # every post ends a batch
    cancel = threading.Event()

    def progress(state: BuildProgress) -> None:
        if state.posts >= 3:
            cancel.set()

    with pytest.raises(IndexCancelled):
        build_index(folder, options=ONE_WORKER, progress=progress, cancel=cancel)
    partial = partial_path(index_path(folder))
    assert partial.is_file()
    return partial


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


@pytest.fixture
def cache(tmp_path: Path, harbor_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A cache holding one of everything, and the dumps beside it."""
    kept = copy_page(harbor_path, tmp_path / "kept.txt")
    gone = copy_page(harbor_path, tmp_path / "gone.txt")
    paths = {
        "kept": kept,
        "kept_index": build_index(kept, options=ONE_WORKER),
        "gone_index": build_index(gone, options=ONE_WORKER),
        "partial": stopped_build(tmp_path / "folder", harbor_path, monkeypatch),
    }
    gone.unlink()
    folder = cache_dir()
    paths["damaged"] = folder / f"damaged-{'0' * 24}.sqlite"
    paths["damaged"].write_bytes(b"this is not a database" * 50)
    live = folder / f"live-{'1' * 24}.sqlite.building-{os.getpid()}-abcd"
    live.write_bytes(b"being written")
    (folder / f"{live.name}.rows").mkdir()
    (folder / f"{live.name}.rows" / "post-1").write_bytes(b"rows" * 10)
    paths["live"] = live
    dead = folder / f"dead-{'2' * 24}.sqlite.building-{dead_pid()}-beef"
    dead.write_bytes(b"half a build")
    (folder / f"{dead.name}-journal").write_bytes(b"journal")
    paths["dead"] = dead
    paths["foreign"] = folder / "notes.txt"
    paths["foreign"].write_text("not Talkback's")
    return paths


def by_name(entries: list[CacheEntry]) -> dict[str, CacheEntry]:
    return {entry.name: entry for entry in entries}


def test_the_listing_says_what_each_file_is(cache: dict[str, Path], tmp_path: Path) -> None:
    entries = by_name(list_cache())
    assert "notes.txt" not in entries  # not a name Talkback gives: neither listed nor touched
    kept = entries[cache["kept_index"].name]
    assert (kept.kind, kept.state, kept.dump_exists) == ("index", "complete", True)
    assert kept.dump == str(cache["kept"])
    assert kept.size == cache["kept_index"].stat().st_size > 0
    gone = entries[cache["gone_index"].name]
    assert (gone.state, gone.dump, gone.dump_exists) == (
        "complete",
        str(tmp_path / "gone.txt"),
        False,
    )
    partial = entries[cache["partial"].name]
    assert (partial.kind, partial.state) == ("partial", "partial")
    assert partial.dump == str(tmp_path / "folder") and partial.dump_exists
    assert partial.index_name == index_path(tmp_path / "folder").name
    assert entries[cache["damaged"].name].state == "unreadable"
    live = entries[cache["live"].name]
    assert (live.kind, live.state, len(live.files)) == ("build", "building", 2)
    assert live.size == len(b"being written") + 40  # the rows folder counts
    dead = entries[cache["dead"].name]
    assert (dead.state, len(dead.files), dead.size) == ("stopped", 2, len(b"half a build") + 7)
    assert [entry.size for entry in list_cache()] == sorted(e.size for e in entries.values())[::-1]


def test_prune_removes_what_nothing_uses(cache: dict[str, Path]) -> None:
    before = by_name(list_cache())
    report = prune()
    removed = {entry.name: reason for entry, reason in report.removed}
    assert removed == {cache["gone_index"].name: "dump gone", cache["damaged"].name: "unreadable"}
    assert (
        report.freed == before[cache["gone_index"].name].size + before[cache["damaged"].name].size
    )
    assert report.failed == []
    for name in ("kept_index", "partial", "live", "dead", "foreign", "kept"):
        assert cache[name].exists(), name
    assert not cache["gone_index"].exists() and not cache["damaged"].exists()


def test_old_partials_and_dead_builds_go_a_live_build_stays(cache: dict[str, Path]) -> None:
    for name in ("partial", "dead", "live"):
        age(cache[name], 10)
    report = prune(older_than_days=7)
    removed = {entry.name for entry, _ in report.removed}
    assert {cache["partial"].name, cache["dead"].name} <= removed
    assert not cache["dead"].with_name(cache["dead"].name + "-journal").exists()
    # ten days idle is past the writer's own rule: its process id was reused
    assert cache["live"].name in removed
    assert cache["kept_index"].exists()


def test_prune_everything_spares_live_builds_and_the_kept_dump(cache: dict[str, Path]) -> None:
    report = prune(everything=True, keep=[cache["kept"]])
    assert cache["kept_index"].exists() and cache["live"].exists()
    assert (cache["live"].parent / f"{cache['live'].name}.rows" / "post-1").exists()
    assert {entry.name for entry in report.kept} == {cache["kept_index"].name, cache["live"].name}
    assert sorted(path.name for path in cache_dir().iterdir()) == sorted(
        [cache["kept_index"].name, cache["live"].name, f"{cache['live'].name}.rows", "notes.txt"]
    )
    assert cache["kept"].exists()  # the dumps themselves are never touched
    assert prune(everything=True).removed[0][0].name == cache["kept_index"].name


def test_a_dry_run_removes_nothing(cache: dict[str, Path]) -> None:
    files = sorted(cache_dir().iterdir())
    report = prune(everything=True, dry_run=True)
    assert len(report.removed) == 5
    assert sorted(cache_dir().iterdir()) == files


def test_a_changed_dump_makes_its_index_outdated(tmp_path: Path, harbor_path: Path) -> None:
    dump = copy_page(harbor_path, tmp_path / "page.txt")
    path = build_index(dump, options=ONE_WORKER)
    assert list_cache(check_current=True)[0].current is True
    with dump.open("a", encoding="utf-8") as handle:
        handle.write("\nmore words\n")
    assert list_cache()[0].state == "complete"  # not fingerprinted unless asked
    entry = list_cache(check_current=True)[0]
    assert (entry.state, entry.current) == ("outdated", False)
    assert [reason for _, reason in prune(check_current=True).removed] == ["outdated"]
    assert not path.exists()


def test_an_index_of_another_schema_version_is_outdated(tmp_path: Path, harbor_path: Path) -> None:
    path = build_index(copy_page(harbor_path, tmp_path / "page.txt"), options=ONE_WORKER)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    connection.close()
    assert list_cache()[0].state == "outdated"


def test_a_dump_given_by_a_relative_path_is_known_from_any_folder(
    tmp_path: Path, harbor_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_page(harbor_path, tmp_path / "page.txt")
    monkeypatch.chdir(tmp_path)
    build_index("page.txt", options=ONE_WORKER)
    assert list_cache()[0].dump == str(tmp_path / "page.txt")
    monkeypatch.chdir(tmp_path.parent)
    entry = list_cache()[0]
    assert (entry.source, entry.dump, entry.dump_exists) == (
        "page.txt", str(tmp_path / "page.txt"), True
    )  # fmt: skip
    (tmp_path / "page.txt").unlink()
    assert [entry.dump for entry, _why in prune().removed] == [str(tmp_path / "page.txt")]


def test_a_relative_source_of_an_older_build_is_known_only_from_its_folder(
    tmp_path: Path, harbor_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_page(harbor_path, tmp_path / "page.txt")
    monkeypatch.chdir(tmp_path)
    path = build_index("page.txt", options=ONE_WORKER)
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM meta WHERE key='dump'")  # as builds before it was recorded
    connection.commit()
    connection.close()
    assert list_cache()[0].dump == str(tmp_path / "page.txt")
    monkeypatch.chdir(tmp_path.parent)
    entry = list_cache()[0]
    assert (entry.source, entry.dump, entry.dump_exists) == ("page.txt", None, None)
    assert prune().removed == []  # not known to be gone: kept


def test_a_file_replaced_after_the_listing_is_not_removed(
    tmp_path: Path, harbor_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = copy_page(harbor_path, tmp_path / "page.txt")
    path = build_index(dump, options=ONE_WORKER)
    listed = list_cache()
    build_index(dump, options=ONE_WORKER, resume=False)  # a new build replaced it
    monkeypatch.setattr(cache_module, "list_cache", lambda *args, **kwargs: listed)
    report = prune(everything=True)
    assert report.removed == [] and "changed" in report.failed[0][1]
    assert path.exists()


def test_an_entry_gone_before_its_removal_frees_nothing(
    cache: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = list_cache()
    cache["partial"].rename(cache["partial"].with_name("taken-over"))  # as claim_partial does
    monkeypatch.setattr(cache_module, "list_cache", lambda *args, **kwargs: listed)
    report = prune(older_than_days=0)
    assert cache["partial"].name not in {entry.name for entry, _ in report.removed}
    assert report.failed == []
    assert cache["partial"].with_name("taken-over").exists()


def test_a_missing_or_unreadable_cache_is_empty(tmp_path: Path) -> None:
    assert list_cache(tmp_path / "nowhere") == []
    assert prune(tmp_path / "nowhere", everything=True).removed == []
    (tmp_path / "file").write_text("x")
    assert list_cache(tmp_path / "file") == []


def test_a_file_that_cannot_be_removed_is_reported(
    cache: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refused)  # as in a folder the user may not write
    report = prune()
    assert report.removed == []
    assert {entry.name for entry, _ in report.failed} == {
        cache["gone_index"].name,
        cache["damaged"].name,
    }
    assert all(why.endswith(": Permission denied") for _, why in report.failed)
    monkeypatch.undo()
    assert cache["gone_index"].exists()


def test_unused_reason_never_names_a_live_build(cache: dict[str, Path]) -> None:
    live = by_name(list_cache())[cache["live"].name]
    assert unused_reason(live, 0, time.time() + 100 * DAY) is None
