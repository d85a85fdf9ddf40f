"""Searching in the window, driven as a person would: typing, F3, Enter, Esc, the authors list."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import big_post, load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from talkback.core.model import Block, Comment, Post
from talkback.gui.detail_html import render
from talkback.gui.main_window import MainWindow
from talkback.gui.match_rows import MATCH_BACKGROUND
from talkback.gui.search_bar import DEBOUNCE_MS
from talkback.gui.tree_model import MatchRole
from talkback.gui.tree_order import CHUNK, Column
from talkback.search import compile_query

pytestmark = pytest.mark.gui


def current_id(window: MainWindow) -> str | None:
    node = window.tree.current_node()
    return node.id if node is not None else None


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type ``text`` into the search field and wait until its result is in the tree."""
    search = window.features.search
    field = window.search_bar.field
    field.setFocus()
    field.selectAll()
    with qtbot.waitSignal(search.changed, timeout=10_000):
        QTest.keyClicks(field, text)


def shown_rows(window: MainWindow, parent: QModelIndex | None = None) -> list[tuple[str, object]]:
    """Every row of the tree (depth first) as (id, MatchRole)."""
    model = window.model
    parent = parent or QModelIndex()
    rows: list[tuple[str, object]] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        rows.append((index.data(Qt.ItemDataRole.UserRole + 1), index.data(MatchRole)))
        rows += shown_rows(window, index)
    return rows


def highlighted_pixels(window: MainWindow) -> int:
    image = window.tree.viewport().grab().toImage()
    target = MATCH_BACKGROUND.rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == target
    )


def test_typing_filters_the_tree_to_matches_and_dimmed_ancestors(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    type_query(qtbot, window, "deck OR photos")
    assert shown_rows(window) == [
        ("p1", False),
        ("p1-c1", True),
        ("p1-c3", True),
        ("p1-c4", True),
        ("p1-c7", True),
    ]
    post_index = window.model.index(0, 0)
    dim = post_index.data(Qt.ItemDataRole.ForegroundRole)
    assert dim is not None and dim.color() != QColor(Qt.GlobalColor.black)
    assert window.model.index(0, 0, post_index).data(Qt.ItemDataRole.ForegroundRole) is None
    assert current_id(window) == "p1-c1"  # the first match is selected
    assert window.features.search.count_label.text() == "1 of 4 matches"
    # the matched word is highlighted in the tree and in the detail panel
    qtbot.waitExposed(window)
    assert highlighted_pixels(window) > 20
    assert window.detail.first_match_cursor() is not None
    assert 'class="match"' not in window.detail.toPlainText()
    assert window.features.actions.export_results.isEnabled()


def test_typing_is_debounced(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> None:
    load(qtbot, window, harbor_path)
    runner = window.features.search.runner
    started: list[str] = []
    real_search = runner.search

    def counting(archive, query):  # type: ignore[no-untyped-def]
        started.append(query.text)
        return real_search(archive, query)

    runner.search = counting  # type: ignore[method-assign]
    field = window.search_bar.field
    field.setFocus()
    QTest.keyClicks(field, "pier")
    assert started == []  # nothing runs while the keys come
    assert window.search_bar.debounce.isActive()
    assert window.search_bar.debounce.interval() == DEBOUNCE_MS
    with qtbot.waitSignal(window.features.search.changed, timeout=5000):
        pass
    assert started == ["pier"]  # one search for four keys
    assert window.features.search.count_label.text().endswith("4 matches")


def test_a_malformed_query_shows_a_message_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    type_query(qtbot, window, "pier")
    bar = window.search_bar
    QTest.keyClicks(bar.field, ' "unclosed')
    qtbot.waitUntil(lambda: bar.error_text != "", timeout=3000)
    assert "at character 6" in bar.error_text
    assert bar.error.isVisible()
    assert window.features.search.result is not None
    assert window.features.search.result.query.text == "pier"  # the last good search stays
    assert window.model.is_filtered
    with qtbot.waitSignal(window.features.search.changed, timeout=5000):
        QTest.keyClick(bar.field, Qt.Key.Key_QuoteDbl)
    assert bar.error_text == "" and not bar.error.isVisible()
    for text in ("(deck", "author:", "date:2008-99-99", "/[/"):
        window.features.search.on_text(text)
        assert bar.error_text.startswith("⚠ "), text


def test_f3_and_enter_step_through_matches_in_page_order_and_wrap(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    type_query(qtbot, window, "deck OR photos")
    # sorted by date, newest first: stepping still follows the page
    window.tree.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree)
    seen = [current_id(window)]
    for _ in range(4):
        QTest.keyClick(window.tree, Qt.Key.Key_F3)
        seen.append(current_id(window))
    assert seen == ["p1-c1", "p1-c3", "p1-c4", "p1-c7", "p1-c1"]
    assert "wrapped" in window.statusBar().currentMessage()
    QTest.keyClick(window.tree, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert current_id(window) == "p1-c7"
    assert window.features.search.count_label.text() == "4 of 4 matches"
    field = window.search_bar.field
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert current_id(window) == "p1-c1"
    QTest.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert current_id(window) == "p1-c7"
    assert QApplication.focusWidget() is field  # stepping keeps the cursor in the field


def test_the_first_match_is_highlighted_when_it_is_the_row_the_filter_left_current(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    """The row shown (p1-c7) does not match: the search's filter hides it and the tree's first
    row, the post, becomes current; the post is the first match, so it stays current, and the
    detail panel shows it with its matches highlighted all the same."""
    load(qtbot, window, harbor_path, select="p1-c7")
    type_query(qtbot, window, "engineers")
    assert current_id(window) == "p1"
    assert window.detail.node is window.model.archive.posts[0]
    assert window.detail.first_match_cursor() is not None


def test_detail_highlights_keep_hostile_text_escaped(qtbot: QtBot) -> None:
    post = Post(id="p1", title="A <b>bold</b> deck", author="Ed")
    hostile = (
        '<script>alert("deck")</script> & deck <img src=x onerror=deck()> see http://x.test/deck'
    )
    post.comments = [Comment("p1-c1", "<i>Deck</i> hand", None, [Block("text", hostile)])]
    post.link()
    comment = post.comments[0]
    spans_of = compile_query("deck").spans
    html = render(comment, lambda _id, _near: None, spans_of=spans_of)
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert '&lt;script&gt;alert(&quot;<span class="match">deck</span>&quot;)' in html
    assert '&amp; <span class="match">deck</span> &lt;img' in html
    # the author's name too, where the first match is (the anchor the panel scrolls to)
    first = '<a name="talkback-first-match"><span class="match">Deck</span></a>'
    assert f"&lt;i&gt;{first}&lt;/i&gt;" in html
    # a match inside a web address stays inside its link, and is not the first-match anchor
    assert '<a href="http://x.test/deck">http://x.test/<span class="match">deck</span></a>' in html
    assert html.count('name="talkback-first-match"') == 1
    assert render(post, lambda _id, _near: None, spans_of=spans_of).count('class="match"') == 1


def test_esc_clears_the_search_and_keeps_the_row(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    type_query(qtbot, window, "deck OR photos")
    window.features.search.find_next()
    assert current_id(window) == "p1-c3"
    with qtbot.waitSignal(window.features.search.changed):
        QTest.keyClick(window.search_bar.field, Qt.Key.Key_Escape)
    assert not window.model.is_filtered
    assert window.search_bar.text == ""
    assert current_id(window) == "p1-c3"
    assert window.features.search.count_label.isHidden()
    assert len(shown_rows(window)) == 12
    assert window.detail.first_match_cursor() is None
    assert highlighted_pixels(window) == 0
    # Esc from the tree (the window's Clear Search) does the same
    type_query(qtbot, window, "pier")
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree)
    with qtbot.waitSignal(window.features.search.changed):
        QTest.keyClick(window.tree, Qt.Key.Key_Escape)
    assert not window.model.is_filtered


def test_clicking_an_author_filters_the_tree(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    panel = window.features.authors
    assert not panel.isVisible()  # hidden until asked for (View > Authors)
    window.features.authors.toggleViewAction().trigger()
    assert panel.isVisible()
    qtbot.waitUntil(lambda: panel.counts.rowCount() > 0, timeout=5000)
    names = panel.names()
    assert names[:2] == ["Ines Bravo", "Sam Pettigrew"]  # two comments each, then by name
    assert panel.summary.text() == "9 authors"
    row = names.index("Sam Pettigrew")
    qtbot.waitExposed(window)
    rect = panel.list.visualRect(panel.counts.index(row, 0))
    with qtbot.waitSignal(window.features.search.changed, timeout=5000):
        QTest.mouseClick(
            panel.list.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
    assert window.search_bar.text == 'author:"Sam Pettigrew"'
    assert [node.id for node in window.features.search.result.matches] == ["p1-c1", "p1-c4"]
    panel.filter.setText("ROS")
    assert panel.names() == ["Rosa Lindqvist"]
    assert panel.summary.text() == "1 of 9 authors"
    panel.filter.setText("")
    panel.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert panel.names() == sorted(names)
    panel.list.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert panel.names() == names


def test_esc_in_the_authors_filter_clears_that_filter_not_the_search(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    panel = window.features.authors
    panel.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: panel.counts.rowCount() > 0, timeout=5000)
    with qtbot.waitSignal(window.features.search.changed, timeout=5000):
        window.features.filter_by_author("Sam Pettigrew")
    window.activateWindow()
    panel.filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.filter)
    QTest.keyClicks(panel.filter, "ines")
    assert panel.names() == ["Ines Bravo"]
    QTest.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.filter.text() == "" and len(panel.names()) == 9
    assert window.search_bar.text == 'author:"Sam Pettigrew"' and window.model.is_filtered
    # with nothing to clear in it, Esc there clears the search, as it does anywhere
    with qtbot.waitSignal(window.features.search.changed, timeout=5000):
        QTest.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert not window.model.is_filtered


def test_next_comment_skips_rows_the_search_hides(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    type_query(qtbot, window, "pier")
    window.tree.select_node(window.model.archive.posts[0])
    # p1-c1, p1-c3 and p1-c4 are shown (dimmed) as the context of a match below them; N and P
    # step through the matches only, as they do through what the overview's filters keep
    rows = dict(shown_rows(window))
    assert [rows[row_id] for row_id in ("p1-c1", "p1-c3", "p1-c4")] == [False, False, False]
    steps = []
    for _ in range(4):
        window.go_next_comment()
        steps.append(current_id(window))
    assert steps == ["p1-c2", "p1-c5", "p1-c7", "p1-c7"]  # p1-c6 is hidden, p1-c7 the last
    window.go_previous_comment()
    assert current_id(window) == "p1-c5"
    assert not window.select_id("p1-c6")
    assert "hidden by the search" in window.statusBar().currentMessage()


def test_a_big_post_is_filtered_and_stepped_through_its_row_windows(
    qtbot: QtBot, window: MainWindow
) -> None:
    post = big_post(6000, reply_rate=0.1)
    window.model.reset("big.txt")  # a dump is open: the tree is shown (not the welcome view)
    window.model.append_posts([post])
    search = window.features.search
    with qtbot.waitSignal(search.changed, timeout=10_000):
        search.search_for("says")
    post_index = window.model.index(0, 0)
    roots = sum(1 for comment in post.comments if comment.parent is None)
    assert roots > CHUNK
    assert window.model.rowCount(post_index) == CHUNK  # still a window of rows
    assert search.result is not None and search.result.count == 6000
    search.find_previous()  # wraps to the last comment, far beyond the window
    assert current_id(window) == "p1-c6000"
    with qtbot.waitSignal(search.changed, timeout=10_000):
        search.search_for('"number 5999"')
    assert [node.id for node in search.result.matches] == ["p1-c5999"]
    assert current_id(window) == "p1-c5999"
    expected = {"p1", "p1-c5999", *(c.id for c in post.comments[5998].ancestors())}
    assert {row_id for row_id, _match in shown_rows(window)} == expected


def test_posts_read_after_a_search_are_searched_too(qtbot: QtBot, window: MainWindow) -> None:
    first, second = big_post(50, post_id="p1"), big_post(50, post_id="p2")
    search = window.features.search
    search.set_loading(True)
    window.model.append_posts([first])
    with qtbot.waitSignal(search.changed, timeout=5000):
        search.search_for('"number 7"')
    assert [node.id for node in search.result.matches] == ["p1-c7"]
    window.model.append_posts([second])
    with qtbot.waitSignal(search.changed, timeout=5000):
        search.set_loading(False)
    assert [node.id for node in search.result.matches] == ["p1-c7", "p2-c7"]
    assert not window.model.is_shown(second.comments[0])


def test_clearing_gives_back_the_rows_open_before_the_search(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    model, tree = window.model, window.tree
    sam = model.archive.posts[0].comments[0]  # p1-c1, the top of a long thread
    tree.collapse(model.index_of(sam))
    ines = model.archive.posts[0].comments[1]
    tree.select_node(ines)
    type_query(qtbot, window, "deck OR photos")
    assert tree.isExpanded(model.index_of(sam))  # the search opens every thread it shows
    with qtbot.waitSignal(window.features.search.changed):
        window.features.search.clear()
    assert not tree.isExpanded(model.index_of(sam))
    assert tree.isExpanded(model.index(0, 0))
    assert current_id(window) == "p1-c1"  # the row the search left you on


def test_the_authors_list_sorts_and_filters_in_every_order(qtbot: QtBot) -> None:
    from talkback.gui.authors_panel import AuthorCounts
    from talkback.search import rank_authors

    ranked = rank_authors(
        [("Zoë", 2), ("al", 3), ("Bo", 2), ("ann", 1), ("Abe", 3), ("zoe", 1), ("Cy", 1)]
    )
    counts = AuthorCounts()
    counts.set_counts(ranked)

    def shown() -> list[str]:
        return [counts.name(row) for row in range(counts.rowCount())]

    assert shown() == ["Abe", "al", "Zoë", "Bo", "ann", "Cy"]  # most comments, ties by name
    expected = {
        (0, Qt.SortOrder.AscendingOrder): sorted(ranked, key=lambda row: row[2]),
        (0, Qt.SortOrder.DescendingOrder): sorted(ranked, key=lambda row: row[2], reverse=True),
        (1, Qt.SortOrder.AscendingOrder): sorted(ranked, key=lambda row: row[1]),
        (1, Qt.SortOrder.DescendingOrder): ranked,
    }
    for needle in ("", "a", "zo"):
        counts.set_filter(needle)
        for (column, order), rows in expected.items():
            counts.sort(column, order)
            assert shown() == [row[0] for row in rows if needle in row[2]], (needle, column)
