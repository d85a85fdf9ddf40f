"""Helpers for the window's tests: synthetic threads, fixtures for a window on temporary settings,
loading a dump into it, and holding the window's reads of indexed posts. Import the fixtures by
their function names (``window_fixture``).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from talkback.core.model import Block, Comment, Post
from talkback.gui import post_fetcher
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings
from talkback.gui.theme import ThemeKeeper
from talkback.index import browse
from talkback.index.browse import IndexedPost


def big_post(comments: int, *, reply_rate: float = 0.3, seed: int = 7, post_id: str = "p1") -> Post:
    """A linked post with ``comments`` comments, about ``reply_rate`` of them replies."""
    rng = random.Random(seed)
    post = Post(id=post_id, title=f"Generated post {post_id}", author="Editor")
    post.published = "2009-01-01T08:00:00"
    for number in range(1, comments + 1):
        parent = None
        if number > 1 and rng.random() < reply_rate:
            parent = f"{post_id}-c{rng.randint(max(1, number - 30), number - 1)}"
        post.comments.append(
            Comment(
                id=f"{post_id}-c{number}",
                author=f"Reader {rng.randint(1, 400):03d}",
                published=f"2009-01-{1 + rng.randint(0, 27):02d}T{rng.randint(0, 23):02d}:00:00",
                blocks=[Block("text", f"Comment number {number} says something.")],
                parent_id=parent,
            )
        )
    post.link()
    return post


def load(qtbot: QtBot, window: MainWindow, path: Path | str, select: str | None = None) -> None:
    """Open ``path`` in ``window`` and wait until the load ends."""
    with qtbot.waitSignal(window.load_finished, timeout=20_000):
        window.open_dump(path, select=select)


def held_reads(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Every read of a post waits, once started (the first event), until the second is set."""
    started, gate = threading.Event(), threading.Event()
    real = post_fetcher.read_post

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(post_fetcher, "read_post", held)
    return started, gate


def held_after_first_page(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[threading.Event, threading.Event]:
    """Pages of 4 rows (a post of more comments shows its first page first; the harbor post's 11
    make three pages), and every read held after its first page (the first event, set when it
    is given) until the second event is set."""
    monkeypatch.setattr(browse, "PAGE_ROWS", 4)
    shown, gate = threading.Event(), threading.Event()
    real = post_fetcher.read_post

    def held(
        reader: Any, post: IndexedPost, stop: Callable[[], bool], first_page: Any = None
    ) -> Any:
        def page(contents: Any) -> None:
            first_page(contents)
            shown.set()
            gate.wait(10)

        return real(reader, post, stop, page if first_page is not None else None)

    monkeypatch.setattr(post_fetcher, "read_post", held)
    return shown, gate


@pytest.fixture(name="settings")
def settings_fixture(tmp_path: Path) -> Settings:
    """Settings in a temporary INI file."""
    return Settings.at(tmp_path / "settings.ini")


@pytest.fixture(name="window")
def window_fixture(qtbot: QtBot, settings: Settings) -> Iterator[MainWindow]:
    """A shown main window on temporary settings, closed (and its loads drained) afterwards."""
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.index_first.shutdown()
    main.loader.shutdown()
    main.features.shutdown()


@pytest.fixture(name="restore_theme")
def restore_theme_fixture() -> Iterator[QApplication]:
    """The application, its palette, style and theme keeper put back as they were after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, style = QPalette(app.palette()), app.style().name()
    yield app
    keeper = app.findChild(ThemeKeeper)
    if keeper is not None:
        keeper.apply("system")
        keeper.setParent(None)
    app.setStyle(style)
    app.setPalette(palette)


def open_every_dialog(window: MainWindow) -> list[QDialog]:
    """Open the window's five dialogs (Problems, Search Syntax, Keyboard Shortcuts, About, Index
    Cache) through their actions; the dialogs shown."""
    window.show_problems()
    actions = {action.objectName(): action for action in window.findChildren(QAction)}
    for name in ("searchSyntax", "shortcuts", "about", "indexCache"):
        actions[name].trigger()
    return [dialog for dialog in window.findChildren(QDialog) if dialog.isVisible()]
