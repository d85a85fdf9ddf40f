"""The Overview tab reflows to the width it is given: beside the Authors dock in a narrow window
it never scrolls sideways; where there is room it keeps its figures in a row, its small charts
side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow
from talkback.gui.overview_layout import figure_columns

pytestmark = pytest.mark.gui


def show_overview(qtbot: QtBot, window: MainWindow, path: Path, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    window.workspace.show_overview()
    load(qtbot, window, path)
    overview = window.workspace.overview
    qtbot.waitUntil(lambda: overview.overview is not None and not overview.is_counting())
    qtbot.wait(20)


def fits_sideways(window: MainWindow) -> bool:
    """Whether the overview's page is no wider than the tab (nothing to scroll sideways)."""
    overview = window.workspace.overview
    page = overview.widget()
    assert page is not None
    return (
        not overview.horizontalScrollBar().isVisible()
        and page.width() <= overview.viewport().width()
    )


def test_beside_the_authors_dock_the_overview_never_scrolls_sideways(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    show_overview(qtbot, window, harbor_path, 900, 650)
    dock = window.features.authors
    dock.show()
    qtbot.waitUntil(lambda: dock.list.isVisible())
    qtbot.wait(20)
    overview = window.workspace.overview
    # the six figures in one row asked for 462 pixels of a tab of about 280: it scrolled
    assert fits_sideways(window)
    assert overview.figures.columns < 6
    assert not overview.pair.side_by_side  # thread sizes above reply depth
    for chart in (overview.timeline, overview.sizes, overview.depths):
        for index in range(len(chart.bars)):  # every label drawn inside its chart
            assert chart.rect().toRectF().contains(chart.label_rect(index))
    dock.close()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    qtbot.wait(20)
    # with room again: the figures back in one row, the small charts side by side
    assert fits_sideways(window)
    assert overview.figures.columns == 6
    assert overview.pair.side_by_side


def test_figures_wrap_in_even_rows() -> None:
    widths = [72, 60, 55, 50, 60, 58]
    assert figure_columns(widths, 1000) == 6
    assert figure_columns(widths, 380) == 3  # 3 + 3, not 5 + 1
    assert figure_columns(widths, 200) == 2
    assert figure_columns(widths, 100) == 1


def test_a_title_that_is_one_long_address_wraps_inside_the_tab(
    qtbot: QtBot, window: MainWindow, harbor_path: Path, tmp_path: Path
) -> None:
    """A page whose title is its address (no spaces to wrap at) held the tab 800 pixels wide:
    it scrolled sideways, and the title, the captions and the charts were cut at its edge."""
    address = (
        "https://harbortown.example.org/news/2011/10/14/"
        "council-votes-to-close-the-old-ferry-pier-to-foot-traffic/"
    )
    dump = tmp_path / "pier.txt"
    text = harbor_path.read_text(encoding="utf-8")
    dump.write_text(text.replace("Harbor Town council votes to close the old ferry pier", address))
    show_overview(qtbot, window, dump, 900, 650)
    window.features.authors.show()
    qtbot.wait(50)
    assert fits_sideways(window)
    title = window.workspace.overview.title
    assert title.width() <= window.workspace.overview.viewport().width()
    assert title.text().replace("\u200b", "") == address  # only ways to break it were added
