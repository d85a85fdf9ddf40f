"""The overview panel and the tree's filters, driven as a person would: click bars, names, keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import big_post, load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from talkback.core.model import Comment, Post
from talkback.gui.charts import BarChart
from talkback.gui.main_window import MainWindow
from talkback.gui.tree_model import NodeRole, ThreadModel
from talkback.gui.tree_order import Column
from talkback.resources import resource

pytestmark = pytest.mark.gui


def shown_nodes(model: ThreadModel, parent: QModelIndex | None = None) -> list[Post | Comment]:
    """Every node the model shows, depth first."""
    parent = parent if parent is not None else QModelIndex()
    found: list[Post | Comment] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index.data(NodeRole))
        found.extend(shown_nodes(model, index))
    return found


def kept_comments(model: ThreadModel) -> list[Comment]:
    """The comments shown that the filter keeps (not shown only as context)."""
    return [
        node
        for node in shown_nodes(model)
        if isinstance(node, Comment) and not model.is_context(node)
    ]


def click_bar(qtbot: QtBot, chart: BarChart, index: int) -> None:
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(index).center().toPoint())


def open_overview(qtbot: QtBot, window: MainWindow, path: Path | str) -> None:
    window.workspace.show_overview()
    load(qtbot, window, path)
    overview = window.workspace.overview
    qtbot.waitUntil(lambda: overview.overview is not None and not overview.is_counting())


def test_timeline_counts_every_comment_and_a_bar_filters_the_tree(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    open_overview(qtbot, window, harbor_path)
    panel = window.workspace.overview
    archive = window.model.archive
    assert sum(bar.value for bar in panel.timeline.bars) == archive.comment_count == 11
    busiest = max(range(len(panel.timeline.bars)), key=lambda i: panel.timeline.bars[i].value)
    expected = panel.timeline.bars[busiest].value

    click_bar(qtbot, panel.timeline, busiest)

    assert window.model.kept_comments == expected
    kept = kept_comments(window.model)
    assert len(kept) == expected
    assert all(c.published and c.published.startswith("2011-10-14T21") for c in kept)
    # every shown comment that is not kept is there as the context of a kept reply
    for node in shown_nodes(window.model):
        if isinstance(node, Comment) and window.model.is_context(node):
            assert any(reply in kept for reply in node.walk())
    bar = window.workspace.filter_bar
    assert bar.isVisible()
    assert f"Showing {expected} of 11 comments" in bar.summary.text()
    assert [button.text() for button in bar.buttons] == ["Oct 14, 2011, 9 PM–10 PM"]
    assert panel.timeline.selected == busiest

    click_bar(qtbot, panel.timeline, busiest)  # a second click shows everything again
    assert not window.model.is_filtered
    assert not bar.isVisible()
    assert panel.timeline.selected is None
    assert len([n for n in shown_nodes(window.model) if isinstance(n, Comment)]) == 11


def test_clicking_an_author_shows_only_their_comments(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    open_overview(qtbot, window, harbor_path)
    panel = window.workspace.overview
    names = [bar.label for bar in panel.authors.bars]
    index = names.index("Sam Pettigrew")
    assert panel.authors.bars[index].value == 2

    click_bar(qtbot, panel.authors, index)

    kept = kept_comments(window.model)
    assert [c.author for c in kept] == ["Sam Pettigrew", "Sam Pettigrew"]
    assert window.filters.get("author") is not None
    current = window.tree.current_node()
    assert current is not None  # the selection stays on something shown

    window.extras.show_all.trigger()
    assert not window.filters
    assert not window.model.is_filtered


def test_depth_and_thread_size_bars_filter_too(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    open_overview(qtbot, window, harbor_path)
    panel = window.workspace.overview
    deepest = len(panel.depths.bars) - 1
    click_bar(qtbot, panel.depths, deepest)
    assert [c.id for c in kept_comments(window.model)] == ["p1-c7"]  # Theo, three replies down
    click_bar(qtbot, panel.sizes, 0)  # threads of a single comment, together with the depth
    assert kept_comments(window.model) == []
    assert len(window.filters.active()) == 2
    window.filters.clear("depth")
    singles = kept_comments(window.model)
    assert len(singles) == panel.sizes.bars[0].value
    assert all(not c.children and c.parent is None for c in singles)


def test_keyboard_moves_between_bars_and_enter_filters(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    open_overview(qtbot, window, harbor_path)
    chart = window.workspace.overview.timeline
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Right)  # the second hour: 10 PM, two comments
    QTest.keyClick(chart, Qt.Key.Key_Return)
    assert window.model.kept_comments == chart.bars[1].value == 2


def test_overview_of_one_post_or_of_the_whole_archive(qtbot: QtBot, window: MainWindow) -> None:
    open_overview(qtbot, window, resource("samples", "harbor-town-blog.wxr.xml"))
    panel = window.workspace.overview
    archive = window.model.archive
    assert len(archive.posts) > 1
    assert panel.scope_all.isVisible()
    first = archive.posts[0]
    assert panel.overview is not None and panel.overview.comments == len(first.comments)

    with qtbot.waitSignal(panel.computed):
        panel.scope_all.click()
    assert panel.overview.comments == archive.comment_count
    assert sum(bar.value for bar in panel.timeline.bars) == archive.comment_count

    other = next(post for post in archive.posts[1:] if post.comments)
    with qtbot.waitSignal(panel.computed):
        panel.scope_post.click()
    with qtbot.waitSignal(panel.computed):
        window.tree.select_node(other)
    assert panel.overview.comments == len(other.comments)
    click_bar(qtbot, panel.timeline, 0)  # limited to the post shown
    assert all(c.post is other for c in kept_comments(window.model))


def test_filters_survive_sorting_and_go_with_the_dump(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    open_overview(qtbot, window, harbor_path)
    panel = window.workspace.overview
    click_bar(qtbot, panel.timeline, 0)
    before = {c.id for c in kept_comments(window.model)}
    window.tree.sortByColumn(Column.AUTHOR, Qt.SortOrder.AscendingOrder)
    assert {c.id for c in kept_comments(window.model)} == before
    window.close_dump()
    assert not window.filters and not window.workspace.filter_bar.isVisible()
    load(qtbot, window, harbor_path)
    assert not window.model.is_filtered


def test_model_integrity_while_filtered(qtmodeltester: ModelTester, harbor_path: Path) -> None:
    from talkback.sources import load_archive

    model = ThreadModel()
    model.append_posts(load_archive(harbor_path).posts)
    qtmodeltester.check(model)
    model.set_filter(lambda node: isinstance(node, Comment) and node.author == "Ines Bravo")
    qtmodeltester.check(model)
    model.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_filter(None)
    qtmodeltester.check(model)


def test_a_filter_over_a_big_post_shows_its_comments_in_windows(
    qtmodeltester: ModelTester,
) -> None:
    post = big_post(9000, reply_rate=0.05)
    model = ThreadModel()
    model.append_posts([post])
    model.set_filter(lambda node: isinstance(node, Comment) and node.order % 2 == 0)
    qtmodeltester.check(model)
    assert model.kept_comments == 4500
    hidden = post.comments[1]
    if not hidden.children:  # a hidden comment with no kept reply below it cannot be revealed
        assert not model.reveal(hidden).isValid()
    kept = post.comments[8000]
    index = model.reveal(kept)
    assert index.isValid() and index.data(NodeRole) is kept


def test_next_and_previous_skip_what_the_filter_hides(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    open_overview(qtbot, window, harbor_path)
    panel = window.workspace.overview
    click_bar(qtbot, panel.authors, [b.label for b in panel.authors.bars].index("Sam Pettigrew"))
    sams = sorted(kept_comments(window.model), key=lambda c: c.order)
    assert len(sams) == 2 and sams[1].order - sams[0].order > 1  # others wrote in between
    window.tree.select_node(sams[0])
    window.commands.next_comment.trigger()
    assert window.tree.current_node() is sams[1]
    window.commands.previous_comment.trigger()
    assert window.tree.current_node() is sams[0]
