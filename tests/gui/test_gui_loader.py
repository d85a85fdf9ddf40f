"""The background loader: batches while reading, cancel between posts, stale loads dropped."""

from __future__ import annotations

import gc
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import big_post
from pytestqt.qtbot import QtBot

from talkback.core.model import Archive, Post, Problem
from talkback.core.parser import DumpError
from talkback.core.serialize import archive_to_dict
from talkback.gui import child_process, parse_process
from talkback.gui import loader as loader_module
from talkback.gui.loader import CollectorPolicy, Loader
from talkback.sources import ReadOptions, load_archive

pytestmark = pytest.mark.gui


class SlowDump:
    """Stands in for read_dump: yields posts one by one, slowly, and records how far it got."""

    def __init__(self, posts: int, delay: float) -> None:
        self.posts = posts
        self.delay = delay
        self.yielded = 0
        self.release = threading.Event()

    def __call__(self, path: str, options: ReadOptions) -> Iterator[Post | Problem]:
        for number in range(1, self.posts + 1):
            time.sleep(self.delay)
            self.yielded += 1
            yield big_post(3, post_id=f"p{number}")
            if number == 5:
                yield Problem(f"{path}:page5", "skipped a broken page")


def test_posts_arrive_in_batches_before_the_end(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowDump(posts=40, delay=0.01)
    monkeypatch.setattr(loader_module, "read_dump", slow)
    loader = Loader()
    batches: list[list[Post]] = []
    problems: list[Problem] = []
    progress: list[tuple[int, int]] = []
    loader.posts_loaded.connect(batches.append)
    loader.problems_found.connect(problems.extend)
    loader.progress.connect(lambda pages, comments: progress.append((pages, comments)))
    with qtbot.waitSignal(loader.posts_loaded, timeout=5000):
        loader.start("many.txt")
    assert loader.is_loading  # the first post is shown while the rest is still being read
    with qtbot.waitSignal(loader.finished, timeout=10_000):
        pass
    assert len(batches) > 1
    assert [post.id for batch in batches for post in batch] == [f"p{n}" for n in range(1, 41)]
    assert [str(problem) for problem in problems] == ["many.txt:page5: skipped a broken page"]
    assert progress[-1] == (40, 120)
    assert not loader.is_loading
    loader.shutdown()


def test_cancel_stops_between_posts(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = SlowDump(posts=500, delay=0.01)
    monkeypatch.setattr(loader_module, "read_dump", slow)
    loader = Loader()
    arrived: list[Post] = []
    loader.posts_loaded.connect(arrived.extend)
    with qtbot.waitSignal(loader.posts_loaded, timeout=5000):
        loader.start("many.txt")
    with qtbot.waitSignal(loader.cancelled, timeout=1000):
        loader.cancel()
    shown = len(arrived)
    assert loader.shutdown(timeout_ms=5000)  # the worker noticed the flag and ended
    assert slow.yielded < 500
    qtbot.wait(50)
    assert len(arrived) == shown  # nothing arrives after Cancel


def test_a_newer_load_replaces_the_older(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, harbor_path: Path
) -> None:
    monkeypatch.setattr(loader_module, "read_dump", SlowDump(posts=300, delay=0.01))
    loader = Loader()
    arrived: list[Post] = []
    loader.posts_loaded.connect(arrived.extend)
    loader.start("old.txt")
    monkeypatch.undo()
    with qtbot.waitSignal(loader.finished, timeout=10_000):
        loader.start(harbor_path)
    loader.shutdown()
    qtbot.wait(50)
    assert [post.title for post in arrived] == [
        "Harbor Town council votes to close the old ferry pier"
    ]


def test_errors_are_reported_not_raised(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str, options: ReadOptions) -> Iterator[Post]:
        raise DumpError(path, "not a comment page")
        yield  # a generator, like read_dump

    def buggy(path: str, options: ReadOptions) -> Iterator[Post]:
        yield big_post(1)
        raise RuntimeError("boom")

    loader = Loader()
    messages: list[str] = []
    loader.failed.connect(messages.append)
    for reader in (broken, buggy):
        monkeypatch.setattr(loader_module, "read_dump", reader)
        with qtbot.waitSignal(loader.finished, timeout=5000):
            loader.start("bad.txt")
    assert messages == [
        "bad.txt: not a comment page",
        "bad.txt: internal error: RuntimeError: boom",
    ]
    loader.shutdown()


def test_collection_pauses_while_loading_and_the_archive_is_frozen_after() -> None:
    policy = CollectorPolicy()
    assert gc.isenabled()
    try:
        policy.load_starting()
        assert not gc.isenabled() and policy.paused
        kept = [object() for _ in range(1000)]
        policy.load_ended()
        assert gc.isenabled() and not policy.paused
        assert gc.get_freeze_count() >= len(kept)
        policy.load_starting()  # the next load hands the frozen objects back
        assert gc.get_freeze_count() == 0
        policy.load_ended()
        policy.dump_closed()  # so does closing the dump
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_child_process_reads_the_same_archive(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, harbor_path: Path
) -> None:
    monkeypatch.setattr(parse_process, "CHILD_PROCESS_MIN_BYTES", 0)
    loader = Loader()
    arrived: list[Post] = []
    loader.posts_loaded.connect(arrived.extend)
    with qtbot.waitSignal(loader.finished, timeout=20_000):
        loader.start(harbor_path)
    loader.shutdown()
    expected = archive_to_dict(load_archive(harbor_path))
    archive = Archive(str(harbor_path))
    for post in arrived:
        archive.add_post(post)
    assert archive_to_dict(archive) == expected
    walt = arrived[0].comments[2]
    assert walt.parent is arrived[0].comments[0] and walt.post is arrived[0]


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The parsing child processes the loader starts (every dump is parsed in one)."""
    monkeypatch.setattr(parse_process, "CHILD_PROCESS_MIN_BYTES", 0)
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        child: subprocess.Popen[bytes] = real_popen(*args, **kwargs)
        started.append(child)
        return child

    monkeypatch.setattr(child_process.subprocess, "Popen", popen)
    return started


def test_cancel_kills_the_child_process(
    qtbot: QtBot, children: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    comments = "".join(
        f"Words {n} of a comment.\n\nReader on March 1, 2008 at 9:{n % 60:02d} AM\n\n"
        for n in range(20_000)
    )
    page.write_text(
        "Title\n\nposted at 9:00 am on March 1, 2008 by Editor\n\nBody.\n\nComments\n\n" + comments,
        encoding="utf-8",
    )
    loader = Loader()
    arrived: list[Post] = []
    loader.posts_loaded.connect(arrived.extend)
    loader.start(page)
    qtbot.waitUntil(lambda: bool(children), timeout=5000)
    loader.cancel()
    assert loader.shutdown(timeout_ms=5000)
    assert children[0].returncode == -signal.SIGKILL  # stopped in the middle, not finished
    qtbot.wait(50)
    assert arrived == []


def test_cancel_once_the_childs_parsing_workers_run_ends_the_load(
    qtbot: QtBot, children: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    """The child parses a folder's pages in worker processes of its own; they, their forkserver
    and multiprocessing's resource tracker must not hold the window's end of the child's output
    open (the load would wait on it for ever, as would the window's exit)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    comments = "".join(
        f"Words {n} of a comment.\n\nReader on March 1, 2008 at 9:{n % 60:02d} AM\n\n"
        for n in range(1500)
    )
    for number in range(60):  # far more than is parsed by the time the first post arrives
        (folder / f"page-{number:02d}.txt").write_text(
            f"Title {number}\n\nposted at 9:00 am on March 1, 2008 by Editor\n\nBody.\n\n"
            f"Comments\n\n{comments}",
            encoding="utf-8",
        )
    loader = Loader()
    arrived: list[Post] = []
    loader.posts_loaded.connect(arrived.extend)
    loader.start(folder)
    qtbot.waitUntil(lambda: bool(arrived), timeout=20_000)  # parsed by a worker: they run
    loader.cancel()
    ended = loader.shutdown(timeout_ms=5000)
    if not ended:  # reaped, the child is gone for its workers, which then end: so does the load
        children[0].wait()
        loader.shutdown()
    assert ended


def test_a_current_index_is_read_instead_of_the_dump(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, harbor_path: Path, tmp_path: Path
) -> None:
    from talkback.index import IndexReader, build_index
    from talkback.index.browse import IndexedPost, fill_post, read_post

    dump = tmp_path / "pier.txt"
    dump.write_bytes(harbor_path.read_bytes())
    built = build_index(dump)

    def no_parsing(*args: Any, **kwargs: Any) -> Iterator[Post | Problem]:
        raise AssertionError("the dump was parsed although a current index exists")

    monkeypatch.setattr(loader_module, "read_dump", no_parsing)
    monkeypatch.setattr(loader_module, "read_dump_in_child", no_parsing)
    loader = Loader()
    arrived: list[Post] = []
    indexed: list[tuple[str, int]] = []
    loader.posts_loaded.connect(arrived.extend)
    loader.indexed.connect(lambda path, count: indexed.append((path, count)))
    with qtbot.waitSignal(loader.finished, timeout=20_000):
        loader.start(dump)
    loader.shutdown()
    assert indexed == [(str(built), 11)]
    # summaries only: no comment is read until the window asks for a post's
    assert all(type(post) is IndexedPost and not post.comments for post in arrived)
    assert [post.comment_total for post in arrived] == [11]  # type: ignore[attr-defined]
    reader = IndexReader(built)
    for post in arrived:
        assert isinstance(post, IndexedPost)
        contents = read_post(reader, post)
        assert contents is not None
        fill_post(post, contents)
    reader.close()
    archive = Archive(str(dump))
    for post in arrived:
        archive.add_post(post)
    monkeypatch.undo()
    assert archive_to_dict(archive)["posts"] == archive_to_dict(load_archive(dump))["posts"]
    theo = arrived[0].comments[6]
    assert theo.parent is arrived[0].comments[3] and theo.post is arrived[0]
