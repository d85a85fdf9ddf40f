"""The search as one of the window's named filters, combined with the overview's."""

from __future__ import annotations

from pathlib import Path

from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot
from test_gui_search import current_id, shown_rows, type_query

from talkback.core.model import Comment
from talkback.gui.formatting import Node
from talkback.gui.main_window import MainWindow


def by_sam(node: Node) -> bool:
    return isinstance(node, Comment) and node.author == "Sam Pettigrew"


def test_search_is_a_named_filter_combined_with_the_others(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    type_query(qtbot, window, "deck OR photos")
    search = window.features.search
    named = window.filters.get("search")
    assert named is not None and named.label == "matching deck OR photos"
    assert window.model.kept_comments == 4
    bar = window.workspace.filter_bar
    assert bar.isVisibleTo(window) and bar.summary.text() == "Showing 4 of 11 comments:"
    assert search.count_label.text() == "1 of 4 matches"

    window.filters.set("author", "by Sam Pettigrew", by_sam)
    # only Sam's matches are kept; the others are gone, their ancestors dimmed once
    assert shown_rows(window) == [("p1", False), ("p1-c1", True), ("p1-c3", False), ("p1-c4", True)]
    assert bar.summary.text() == "Showing 2 of 11 comments:"
    assert [button.text() for button in bar.buttons] == [
        "matching deck OR photos",
        "by Sam Pettigrew",
    ]
    window.tree.select_node(window.model.archive.posts[0].comments[0])
    assert search.count_label.text() == "1 of 2 matches (4 in all)"
    search.find_next()
    assert current_id(window) == "p1-c4"  # p1-c3 is a match the author filter hides
    assert search.count_label.text() == "2 of 2 matches (4 in all)"
    search.find_next()
    assert current_id(window) == "p1-c1"  # wrapped, past p1-c7
    window.go_next_comment()
    assert current_id(window) == "p1-c4"

    # removing the search's chip clears the search; the author filter stays
    with qtbot.waitSignal(search.changed):
        bar.buttons[0].click()
    assert search.result is None and window.search_bar.text == ""
    assert not search.count_label.isVisibleTo(window)
    assert window.filters.get("author") is not None and window.model.kept_comments == 2
    assert not window.select_id("p1-c7")  # Theo's: hidden by the author filter, not the search
    assert "hidden by the filters; Show All" in window.statusBar().currentMessage()


def test_show_all_clears_the_search_too(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    window.filters.set("author", "by Sam Pettigrew", by_sam)
    type_query(qtbot, window, "pier")
    assert window.features.search.count_label.text().endswith("(4 in all)")
    with qtbot.waitSignal(window.features.search.changed):
        window.extras.show_all.trigger()
    assert not window.model.is_filtered and not window.filters
    assert window.search_bar.text == "" and window.features.search.result is None
    assert not window.workspace.filter_bar.isVisibleTo(window)


def test_show_all_and_authors_have_their_own_shortcuts(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    assert window.extras.show_all.shortcut() == QKeySequence("Ctrl+Shift+A")
    toggle = window.features.authors.toggleViewAction()
    assert toggle.shortcut() == QKeySequence("Ctrl+Shift+U")
    # no two actions that can be triggered at the same time share a key (Esc cancels a load or,
    # once the dump is read, clears the search: never both enabled)
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        key = action.shortcut().toString()
        if key and action.isEnabled():
            assert key not in seen, (key, seen.get(key), action.objectName())
            seen[key] = action.objectName()
    assert seen["Ctrl+Shift+A"] == "showAll" and seen["Ctrl+Shift+U"] == "toggleAuthors"


def test_long_filters_leave_the_reading_panel_its_room(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    """The filter bar's buttons give way (their words cut, the tooltip keeping them) rather than
    hold the tree's column wide: two long filters made it 880 pixels at the least, a 900-pixel
    window could not be had (it stayed 1,011 wide) and the Reading panel was 127 pixels."""
    load(qtbot, window, harbor_path)
    query = 'author:"Marguerite Okafor" OR deck OR photos OR pier OR council OR "south float"'
    type_query(qtbot, window, query)
    window.filters.set("author", "by Sam Pettigrew in “Harbor Town council votes”", by_sam)
    window.resize(900, 700)
    qtbot.waitUntil(lambda: window.width() == 900)
    qtbot.wait(20)
    assert window.splitter.sizes()[1] >= 300
    bar = window.workspace.filter_bar
    assert bar.width() <= window.splitter.sizes()[0]
    for button, named in zip(bar.buttons, window.filters.active(), strict=True):
        assert button.toolTip() == f"Stop showing only {named.label}"
        text = button.fontMetrics().horizontalAdvance(button.text())
        assert text < button.width()  # its words, cut as need be, are inside it
    assert bar.buttons[0].text().endswith("…")
    window.resize(2400, 800)  # room again: the words come back
    qtbot.waitUntil(
        lambda: bar.buttons[1].text() == "by Sam Pettigrew in “Harbor Town council votes”"
    )


def test_an_ampersand_in_a_filter_shows_on_its_button(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    """Not taken for a mnemonic: "by Tom & Jerry" read "by Tom  Jerry", with Alt+space."""
    load(qtbot, window, harbor_path)
    window.filters.set("author", "by Tom & Jerry", by_sam)
    button = window.workspace.filter_bar.buttons[0]
    assert button.text() == "by Tom && Jerry"  # drawn "by Tom & Jerry", no letter underlined
    assert button.toolTip() == "Stop showing only by Tom & Jerry"
