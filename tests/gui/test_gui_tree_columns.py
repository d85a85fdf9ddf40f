"""The tree's columns: Author, Date and Replies sized to what they show, the Thread column the
rest, in a narrow window too, with the Authors dock open, after a resize; a column the user
sized keeps its width."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings
from talkback.gui.tree_columns import SIDE_COLUMNS, THREAD_SHARE, fit_widths
from talkback.gui.tree_order import Column

pytestmark = pytest.mark.gui

NATURAL = {Column.AUTHOR: 130, Column.DATE: 170, Column.REPLIES: 50}
LEAST = {Column.AUTHOR: 80, Column.DATE: 120, Column.REPLIES: 50}


def widths(window: MainWindow) -> dict[Column, int]:
    header = window.tree.header()
    return {column: header.sectionSize(column) for column in Column}


def thread_share(window: MainWindow) -> float:
    return widths(window)[Column.THREAD] / window.tree.viewport().width()


def settle(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    qtbot.wait(20)


def date_text(window: MainWindow, row: int = 0) -> str:
    """The Date cell of the post's ``row``-th comment, as the tree draws it."""
    tree = window.tree
    index = window.model.index(row, Column.DATE, window.model.index(0, 0))
    option = QStyleOptionViewItem()
    delegate = tree.itemDelegateForIndex(index)
    delegate.initStyleOption(option, index)
    return option.text  # type: ignore[attr-defined, no-any-return]


def date_fits(window: MainWindow) -> bool:
    """Whether the Date column is wide enough for its text (Qt cuts it with "…" otherwise)."""
    text = window.tree.fontMetrics().horizontalAdvance(date_text(window))
    return text < widths(window)[Column.DATE] - 4


def test_the_side_columns_give_way_to_the_thread_column() -> None:
    assert fit_widths(1000, NATURAL, LEAST) == NATURAL  # room enough: each as wide as its text
    # a little short: the dates go compact first (nothing is lost), the names stay whole
    assert fit_widths(520, NATURAL, LEAST) == {**NATURAL, Column.DATE: 120}
    # shorter: the names give way as well, down to their least width and no further
    tight = fit_widths(450, NATURAL, LEAST)
    assert tight[Column.DATE] == 120 and 80 <= tight[Column.AUTHOR] < 130
    assert 450 - sum(tight.values()) == round(450 * THREAD_SHARE)
    assert fit_widths(200, NATURAL, LEAST) == LEAST


def test_a_narrow_window_leaves_the_thread_column_the_room(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    settle(qtbot, window, 900, 650)
    load(qtbot, window, harbor_path)
    qtbot.wait(20)
    # fixed widths left the Thread column a quarter of the tree: "Closing the…", "Eig…"
    assert thread_share(window) >= THREAD_SHARE - 0.01
    assert date_fits(window)  # written out or compact, whole: never "Oct 14, 201…"
    assert not window.tree.horizontalScrollBar().isVisible()
    dock = window.features.authors
    dock.show()
    qtbot.waitUntil(lambda: dock.list.isVisible())
    qtbot.wait(20)
    # the dock takes 210 pixels of the tree: the others shrink, the Thread column keeps text
    # (it was 28 pixels, the arrow and "…")
    viewport = window.tree.viewport().width()
    assert widths(window)[Column.THREAD] >= 0.3 * viewport
    assert sum(widths(window).values()) <= viewport
    assert not window.tree.horizontalScrollBar().isVisible()
    assert date_text(window) == "2011-10-14 21:20"  # as search takes dates: nothing lost
    assert date_fits(window)
    dock.close()
    settle(qtbot, window, 1920, 1080)
    # wide: dates written out, names whole, the Thread column takes everything else
    assert date_text(window) == "Oct 14, 2011  9:20 PM"
    assert thread_share(window) > 0.6
    author = widths(window)[Column.AUTHOR]
    names = window.tree.fontMetrics().horizontalAdvance("Marguerite Okafor")
    assert names < author < names * 1.5


def test_a_column_the_user_sized_keeps_its_width(
    qtbot: QtBot, tmp_path: Path, harbor_path: Path
) -> None:
    settings_path = tmp_path / "columns.ini"
    first = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(first)
    first.show()
    settle(qtbot, first, 1280, 800)
    load(qtbot, first, harbor_path)
    first.tree.header().resizeSection(Column.AUTHOR, 260)  # as a drag of its edge does
    settle(qtbot, first, 1000, 700)
    assert widths(first)[Column.AUTHOR] == 260  # kept through a resize
    fitted_date = widths(first)[Column.DATE]
    first.close()

    second = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(second)
    second.show()
    load(qtbot, second, harbor_path)
    assert widths(second)[Column.AUTHOR] == 260  # and in the next run
    assert widths(second)[Column.DATE] == fitted_date  # the others fitted, as before
    assert second.tree.columns.user_sized == {Column.AUTHOR}
    second.tree.columns.fit_all()  # the header's menu: Fit Columns
    assert widths(second)[Column.AUTHOR] < 260
    assert not second.tree.columns.user_sized
    second.close()


def test_a_saved_header_of_fixed_widths_is_fitted_again(
    qtbot: QtBot, settings: Settings, harbor_path: Path
) -> None:
    # what every earlier run saved: 140, 168 and 76 pixels, which the user never chose
    old = MainWindow(settings)
    qtbot.addWidget(old)
    with old.tree.columns.setting_widths():
        for column, width in zip(SIDE_COLUMNS, (140, 168, 76), strict=True):
            old.tree.header().resizeSection(column, width)
    settings.header_state = old.tree.header().saveState()
    settings.sync()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, window, 900, 650)
    load(qtbot, window, harbor_path)
    qtbot.wait(20)
    assert thread_share(window) >= THREAD_SHARE - 0.01


def test_the_columns_fit_a_dump_opened_in_a_sorted_tree(
    qtbot: QtBot, tmp_path: Path, harbor_path: Path
) -> None:
    """The tree sorted by date when the window closed is sorted so in the next run: the dump's
    rows then come by a relayout of the tree, not as inserted rows, and are measured all the
    same (the Author and Date columns were left as wide as their titles: "Marg…", "Oct 1…")."""
    settings_path = tmp_path / "sorted.ini"
    first = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(first)
    first.show()
    settle(qtbot, first, 1280, 800)
    load(qtbot, first, harbor_path)
    fitted = widths(first)
    first.tree.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
    first.close()

    second = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(second)
    second.show()
    settle(qtbot, second, 1280, 800)
    load(qtbot, second, harbor_path)
    assert second.tree.header().sortIndicatorSection() == Column.DATE
    assert widths(second)[Column.AUTHOR] == fitted[Column.AUTHOR]
    assert widths(second)[Column.DATE] >= fitted[Column.DATE]  # room for the sort arrow too
    assert date_fits(second)
    second.close()
