"""Sizes that follow the user's font: a reader with low vision sets a large font on the desktop
(Qt gives it to the application), and the window's text, rows and dialogs grow with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from talkback.gui import sizing
from talkback.gui.detail_view import DetailView
from talkback.gui.formatting import compact_date, short_date
from talkback.gui.help_dialogs import SearchSyntaxDialog
from talkback.gui.index_cache_dialog import IndexCacheDialog
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings
from talkback.gui.shortcuts_dialog import ShortcutsDialog
from talkback.gui.status import ProblemsDialog
from talkback.gui.tree_model import NodeRole
from talkback.gui.tree_order import Column
from talkback.sources import load_archive

pytestmark = pytest.mark.gui


@pytest.fixture(name="app_font")
def app_font_fixture(qapp: QApplication) -> Iterator[QFont]:
    """The application's font, put back as it was after the test."""
    original = QFont(qapp.font())
    yield original
    qapp.setFont(original)


def set_point_size(app: QApplication, size: float) -> None:
    font = QFont(app.font())
    font.setPointSizeF(size)
    app.setFont(font)


def body_point_size(document: QTextDocument, text: str) -> float:
    """The point size the page draws the fragment holding ``text`` in."""
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if text in fragment.text():
                return fragment.charFormat().font().pointSizeF()
            fragments += 1
        block = block.next()
    raise AssertionError(f"{text!r} is not on the page")


def test_the_detail_panel_text_follows_the_application_font(
    qtbot: QtBot, app_font: QFont, harbor_path: Path
) -> None:
    post = load_archive(harbor_path).posts[0]
    theo = next(c for c in post.comments if c.author == "Theo Marchetti")
    by_id = {c.id: c for c in post.comments}
    set_point_size(QApplication.instance(), 10)  # type: ignore[arg-type]
    view = DetailView()
    qtbot.addWidget(view)
    view.show_node(theo, lambda node_id, _near: by_id.get(node_id))
    small_body = body_point_size(view.document(), "Eight inches is a lot")
    small_meta = body_point_size(view.document(), "October 14, 2011")
    assert small_body > 10 > small_meta  # the reading text a little larger, the byline smaller
    # a reader sets 20 pt on the desktop while the window is open: the page is drawn again
    set_point_size(QApplication.instance(), 20)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: body_point_size(view.document(), "Eight inches") > small_body)
    assert body_point_size(view.document(), "Eight inches is a lot") == pytest.approx(
        small_body * 2
    )
    assert body_point_size(view.document(), "October 14, 2011") == pytest.approx(small_meta * 2)


def test_the_reading_column_widens_with_the_font(
    qtbot: QtBot, app_font: QFont, window: MainWindow, harbor_path: Path
) -> None:
    # about 80 characters a line, whatever their size: a larger font needs a wider column
    load(qtbot, window, harbor_path, select="p1-c7")
    window.resize(1900, 900)
    window.splitter.setSizes([300, 1600])
    set_point_size(QApplication.instance(), 10)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: window.detail.centring_margin() > 0)
    margin_small = window.detail.centring_margin()
    set_point_size(QApplication.instance(), 14)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: window.detail.centring_margin() < margin_small)
    assert window.detail.viewportMargins().left() == window.detail.centring_margin()


def dialogs(window: MainWindow) -> list[QWidget]:
    """The windows sized in text: Problems, Search Syntax, Index Cache."""
    return [
        ProblemsDialog(window),
        SearchSyntaxDialog(window),
        IndexCacheDialog(lambda: None, window),
    ]


def test_the_dialogs_grow_with_the_font(
    qtbot: QtBot, app_font: QFont, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sizing, "screen_room", lambda _widget: QSize(8000, 6000))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sizes: dict[str, list[QSize]] = {}
    for points in (10, 20):
        set_point_size(app, points)
        for dialog in dialogs(window):
            sizes.setdefault(type(dialog).__name__, []).append(dialog.size())
            dialog.deleteLater()
    # they were 760 × 360, 760 × 640 and 860 × 380 pixels at any size of font
    for name, (small, large) in sizes.items():
        assert large.width() > 1.7 * small.width(), name
        assert large.height() > 1.7 * small.height(), name


def test_the_dialogs_stay_within_the_screen(
    qtbot: QtBot, app_font: QFont, window: MainWindow
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    set_point_size(app, 24)
    room = window.screen().availableGeometry()
    for dialog in [*dialogs(window), ShortcutsDialog(window)]:
        assert dialog.width() <= room.width() and dialog.height() <= room.height()
        dialog.deleteLater()


def test_at_a_large_font_the_overviews_notes_stay_whole(
    qtbot: QtBot, app_font: QFont, settings: Settings, harbor_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    set_point_size(app, 20)  # the desktop's font, as the window opens
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.workspace.show_overview()
    load(qtbot, window, harbor_path)
    overview = window.workspace.overview
    qtbot.waitUntil(lambda: overview.overview is not None and not overview.is_counting())
    window.features.authors.show()
    qtbot.wait(50)
    captions = [
        overview.timeline_caption,
        overview.authors_caption,
        overview.sizes_caption,
        overview.depths_caption,
    ]
    for caption in captions:
        # beside its heading, "per hour · click a bar to filter" was cut into a column narrower
        # than its words ("er", "ur", "ck")
        room = caption.contentsRect().width()
        widest = max(caption.fontMetrics().horizontalAdvance(w) for w in caption.text().split())
        assert widest <= room, caption.text()
    # the welcome view (not shown) no longer sets the window's least width: its column of 32
    # lines of text held the tree and the tabs 1,010 pixels wide at 20 points
    welcome = window.workspace.welcome
    assert window.workspace.minimumSizeHint().width() < welcome.minimumSizeHint().width()
    # the Authors dock, as wide as 30 characters of the font, shows whole names
    names = window.features.authors.list
    assert names.columnWidth(0) >= names.fontMetrics().horizontalAdvance("Marguerite Okafor")
    window.loader.shutdown()
    window.features.shutdown()


def test_a_filters_button_grows_its_cross_with_the_font(
    qtbot: QtBot, app_font: QFont, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    bar = window.workspace.filter_bar
    for points in (10, 20):
        set_point_size(app, points)
        window.filters.clear()
        window.features.filter_by_author("Ines Bravo")
        qtbot.waitUntil(lambda: bool(bar.buttons))
        chip = bar.buttons[0]
        # a 16-pixel ✕ beside 20-point words
        assert chip.iconSize().height() >= 0.75 * chip.fontMetrics().height()
        assert chip.iconSize().height() >= 16


def overview_with_two_filters(qtbot: QtBot, settings: Settings, path: Path) -> MainWindow:
    """A window opened on ``path`` at the application's font, on the Overview tab, narrowed to an
    author and an hour, the Authors dock shown."""
    window = MainWindow(settings, remember=False)
    qtbot.addWidget(window)
    window.show()
    window.workspace.show_overview()
    load(qtbot, window, path)
    overview = window.workspace.overview
    qtbot.waitUntil(lambda: overview.overview is not None and not overview.is_counting())
    overview._activate("authors", 0)
    overview._activate("timeline", 1)
    window.features.authors.show()
    qtbot.wait(50)
    return window


def test_at_a_large_font_the_filters_buttons_go_under_the_summary(
    qtbot: QtBot, app_font: QFont, settings: Settings, harbor_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for points in (10, 20):
        set_point_size(app, points)
        window = overview_with_two_filters(qtbot, settings, harbor_path)
        bar = window.workspace.filter_bar
        assert len(bar.buttons) == 2
        # at 10 points all on one line; at 20 the summary, two buttons and Show All on one
        # line held the tree's column 900 pixels wide, and the overview scrolled sideways
        assert bar.one_row == (points == 10)
        below = bar.buttons[0].mapTo(bar, bar.buttons[0].rect().topLeft()).y()
        assert (below > bar.summary.geometry().bottom()) == (points == 20)
        assert bar.width() >= bar.minimumSizeHint().width()
        overview = window.workspace.overview
        page = overview.widget()
        assert page is not None and page.width() <= overview.viewport().width()
        assert not overview.horizontalScrollBar().isVisible()
        window.loader.shutdown()
        window.features.shutdown()
        window.close()


def test_a_font_changed_while_the_window_is_open_refits_it(
    qtbot: QtBot, app_font: QFont, window: MainWindow, harbor_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.resize(1600, 1000)
    welcome = window.workspace.welcome
    set_point_size(app, 18)  # the reader raises the desktop's font: the window is open
    qtbot.wait(50)
    # the welcome view kept the sizes of the old font: its buttons cut their words short
    # ("Open the Sampl"), its column as wide as 32 lines of the old font
    for button in (welcome.open_button, welcome.folder_button, welcome.sample_button):
        assert button.width() >= button.sizeHint().width(), button.text()
    line = welcome.fontMetrics().height()
    assert welcome.column.width() >= line * 30
    load(qtbot, window, harbor_path)
    window.features.authors.show()
    qtbot.wait(50)
    # the authors' rows kept their old height (the names overlapped), the tree its old widths
    names = window.features.authors.list
    assert names.verticalHeader().defaultSectionSize() >= names.fontMetrics().height()
    # (the header raised the Date column to its least width for the new font, which was taken
    # for the user sizing it: it stayed 49 pixels wide, its dates cut to "2…")
    tree = window.tree
    assert not tree.columns.user_sized
    node = tree.model().index(0, 0).data(NodeRole)
    date = (
        compact_date(node.published) if tree.columns.dates.compact else short_date(node.published)
    )
    assert tree.columnWidth(Column.DATE) >= tree.fontMetrics().horizontalAdvance(date)
