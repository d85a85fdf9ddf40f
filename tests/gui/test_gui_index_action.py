"""File > Build Index: the open dump indexed in the background, then reopened from the index."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401
from pytestqt.qtbot import QtBot

from talkback.gui import loader as loader_module
from talkback.gui.index_action import IndexBuilder
from talkback.gui.main_window import MainWindow
from talkback.index import IndexReader

pytestmark = pytest.mark.gui


def _action(window: MainWindow) -> object:
    from PySide6.QtGui import QAction

    found = window.findChild(QAction, "buildIndex")
    assert found is not None
    return found


def test_build_index_then_reopen_without_parsing(
    qtbot: QtBot, window: MainWindow, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    action = _action(window)
    assert not action.isEnabled()  # type: ignore[attr-defined]  # no dump open
    dump = tmp_path / "pier.txt"
    dump.write_bytes(harbor_path.read_bytes())
    load(qtbot, window, dump)
    assert action.isEnabled()  # type: ignore[attr-defined]
    builder = window.findChild(IndexBuilder)
    assert builder is not None
    with qtbot.waitSignal(builder.finished, timeout=30_000):
        action.trigger()  # type: ignore[attr-defined]
    assert IndexReader.open_for(dump) is not None
    assert window.statusBar().currentMessage().startswith("Index built: 1 post, 11 comments (")

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the dump was parsed although a current index exists")

    monkeypatch.setattr(loader_module, "read_dump", no_parsing)
    monkeypatch.setattr(loader_module, "read_dump_in_child", no_parsing)
    load(qtbot, window, dump, select="p1-c7")
    # the posts come from the index at once; the comments of p1 are read from it when selected
    qtbot.waitUntil(lambda: getattr(window.tree.current_node(), "id", None) == "p1-c7")


def test_a_failed_build_says_why_in_one_line(
    qtbot: QtBot, window: MainWindow, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from talkback.gui import extra_actions

    shown: list[str] = []
    monkeypatch.setattr(
        extra_actions, "show_index_failure", lambda parent, line: shown.append(line)
    )
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TALKBACK_CACHE_DIR", str(blocked))
    load(qtbot, window, harbor_path)
    builder = window.findChild(IndexBuilder)
    assert builder is not None
    with qtbot.waitSignal(builder.failed, timeout=30_000) as failure:
        _action(window).trigger()  # type: ignore[attr-defined]
    line = failure.args[0]
    assert "\n" not in line and "index" in line
    assert shown == [line]
