"""Helpers for the window's tests: synthetic threads, fixtures for a window on temporary settings,
and loading a dump into it. Import the fixtures by their function names (``window_fixture``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from talkback.core.model import Block, Comment, Post
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings


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
