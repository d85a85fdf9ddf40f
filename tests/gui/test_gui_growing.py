"""While a big dump's index is being built, the window lists the posts its ended batches hold and
reads them from the file being written; the finished index then takes their place."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import settings_fixture, window_fixture  # noqa: F401
from pytestqt.qtbot import QtBot

from conftest import harbor_pages
from talkback.core.model import Post
from talkback.gui import loader as loader_module
from talkback.gui.auto_index import IndexingState
from talkback.gui.index_process import NICENESS, build_in_child
from talkback.gui.main_window import MainWindow
from talkback.gui.search_features import WAITING_FOR_INDEX
from talkback.index import fingerprint, index_path
from talkback.index import writer as writer_module
from talkback.index.rows import post_rows
from talkback.index.writer import IndexWriter
from talkback.sources import ReadOptions, ReadPoint, read_dump

pytestmark = pytest.mark.gui

PAGES = 12


@pytest.fixture
def folder(tmp_path: Path, harbor_path: Path) -> Path:
    """Pages of the bundled sample, each a little different."""
    return harbor_pages(harbor_path, tmp_path / "dump", PAGES)


class Build:
    """An index build the test drives a batch at a time (what the indexing child does)."""

    def __init__(self, dump: Path) -> None:
        self.posts: Iterator[Post | object] = read_dump(dump, ReadOptions(workers=1))
        self.writer = IndexWriter(index_path(dump), str(dump), fingerprint(dump))
        self.written = 0

    def batch(self, posts: int) -> None:
        """Write ``posts`` more posts and end the batch."""
        for _ in range(posts):
            post = next(self.posts)
            assert isinstance(post, Post)
            self.writer.add_rows(post_rows(post))
            self.written += 1
        self.writer.reached(ReadPoint(self.written, self.written, 0))

    def finish(self) -> Path:
        """Write the rest and publish the index."""
        for post in self.posts:
            assert isinstance(post, Post)
            self.writer.add_rows(post_rows(post))
        return self.writer.commit()


@pytest.fixture
def build(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Build:
    monkeypatch.setattr(loader_module, "GROWING_POLL_SECONDS", 0.05)
    monkeypatch.setattr(writer_module, "BATCH_ROWS", 1)  # a batch ends wherever the test says
    return Build(folder)


def _growing(qtbot: QtBot, window: MainWindow, folder: Path, build: Build) -> None:
    """The window is told of the build (as the indexing child tells it) and lists its posts."""
    first = window.index_first
    first._on_building(str(folder), 10**6)
    first._on_writing(str(folder), str(build.writer.temp_path))
    assert window.workspace.currentWidget() is first.panel  # nothing written yet
    build.batch(3)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)
    assert window.workspace.currentWidget() is window.workspace.splitter
    assert first.banner.isVisible() and first.growing


def test_posts_are_listed_as_batches_end_and_read_from_the_file_being_written(
    qtbot: QtBot, window: MainWindow, folder: Path, build: Build
) -> None:
    _growing(qtbot, window, folder, build)
    first = window.index_first
    first._on_progress(IndexingState(posts=3, comments=33, bytes_read=30, bytes_total=100))
    assert first.banner.text().startswith("Indexing: 30% read, 3 posts so far.")
    assert window.path == str(folder) and window.lazy.active and window.lazy.fetcher.growing
    build.batch(4)
    qtbot.waitUntil(lambda: window.model.rowCount() == 7, timeout=10_000)
    assert [post.id for post in window.model.archive.posts] == [f"p{n}" for n in range(1, 8)]
    second = window.model.index(1, 0)
    window.tree.setCurrentIndex(second)  # read from the file being written
    qtbot.waitUntil(lambda: window.model.archive.posts[1].comments != [], timeout=10_000)
    assert len(window.model.archive.posts[1].comments) == 11
    assert "Harbor 1" in window.detail.toPlainText()
    # the build ends: the dump opens from the finished index, the selection kept
    build.finish()
    with qtbot.waitSignal(window.load_finished, timeout=20_000):
        first._open_indexed(str(folder), None)
    assert window.model.rowCount() == PAGES
    assert getattr(window.tree.current_node(), "id", None) == "p2"
    assert not first.banner.isVisible() and not first.growing
    assert window.lazy.active and not window.lazy.fetcher.growing


def test_a_search_waits_for_the_finished_index(
    qtbot: QtBot, window: MainWindow, folder: Path, build: Build
) -> None:
    _growing(qtbot, window, folder, build)
    search = window.features.search
    search.search_for("pier3")  # the posts listed have no text yet: it would find nothing
    assert search.count_label.text() == WAITING_FOR_INDEX and search.result is None
    build.batch(4)
    qtbot.waitUntil(lambda: window.model.rowCount() == 7, timeout=10_000)
    qtbot.wait(300)
    assert search.count_label.text() == WAITING_FOR_INDEX and search.result is None
    build.finish()
    with qtbot.waitSignal(window.load_finished, timeout=20_000):
        window.index_first._open_indexed(str(folder), None)
    qtbot.waitUntil(lambda: search.result is not None, timeout=10_000)
    assert search.result is not None and search.result.count >= 1
    assert getattr(window.tree.current_node(), "id", None) == "p4"  # the page of pier3


def test_cancelling_while_posts_are_listed_closes_the_dump(
    qtbot: QtBot, window: MainWindow, folder: Path, build: Build
) -> None:
    _growing(qtbot, window, folder, build)
    window.loader.cancel()  # Esc also reaches the loader: the listing goes on
    assert window.loader.is_growing
    window.index_first.indexer.cancelled.emit(str(folder))
    assert window.path is None and window.workspace.is_welcome()
    assert not window.loader.is_loading and not window.index_first.banner.isVisible()
    assert "dump was closed" in window.statusBar().currentMessage()
    build.writer.abort()


def test_the_child_names_the_file_it_writes(folder: Path, tmp_path: Path) -> None:
    named: list[tuple[str, bool]] = []
    priorities: list[int] = []

    def writing(path: str) -> None:
        named.append((path, Path(path).exists()))
        pid = int(path.rsplit(".building-", 1)[1].split("-", 1)[0])  # the child's own
        priorities.append(os.getpriority(os.PRIO_PROCESS, pid))

    outcome, final = build_in_child(str(folder), threading.Event(), lambda _progress: None, writing)
    assert outcome == "built"
    assert len(named) == 1
    path, existed = named[0]
    assert existed and Path(path).parent == Path(final).parent
    assert Path(path).name.startswith(Path(final).name + ".building-")
    # the window comes first: the build runs at a lower priority
    assert priorities == [os.getpriority(os.PRIO_PROCESS, 0) + NICENESS]
