"""The window's look remembered between runs: its geometry, the splitter between the tree and
the tabs, and the tree's columns (widths, which of them the user sized, the sort column).

It is saved when the window closes and restored when the next one opens, in
:class:`~talkback.gui.settings.Settings`; a window made with ``remember=False`` (screenshots)
neither reads nor writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from talkback.gui.tree_columns import SIDE_COLUMNS
from talkback.gui.tree_order import Column

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow


def restore_window_state(window: MainWindow) -> None:
    """Give ``window`` the geometry, splitter sizes and columns its settings remember."""
    settings = window.settings
    if (geometry := settings.geometry) is not None:
        window.restoreGeometry(geometry)
    if (state := settings.window_state) is not None:
        window.restoreState(state)
    if (splitter := settings.splitter_state) is not None:
        window.splitter.restoreState(splitter)
    tree = window.tree
    columns = tree.columns
    with columns.setting_widths():
        restored = (header := settings.header_state) is not None and (
            tree.header().restoreState(header)
        )
    if restored:
        header_view = tree.header()
        tree.sortByColumn(header_view.sortIndicatorSection(), header_view.sortIndicatorOrder())
        columns.user_sized = {Column(c) for c in settings.sized_columns if c in SIDE_COLUMNS}
    columns.fit()


def save_window_state(window: MainWindow) -> None:
    """Remember the geometry, splitter sizes and columns of ``window`` in its settings."""
    settings = window.settings
    settings.geometry = window.saveGeometry()
    settings.window_state = window.saveState()
    settings.splitter_state = window.splitter.saveState()
    settings.header_state = window.tree.header().saveState()
    settings.sized_columns = sorted(window.tree.columns.user_sized)
    settings.sync()
