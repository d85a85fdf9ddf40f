"""Tab and Shift+Tab in the main window: through its parts in the order they are seen.

The window reads as a page: the Authors dock when it is docked on the left, then the column of
the tree (the search field with its ▲ ▼ buttons, the filter bar's buttons and Show All, the tree),
then the tabs (the tab bar, then the tab shown: the detail panel, or the overview's buttons and
charts), a dock on the right, and last the status bar's buttons. Shift+Tab goes back the same way.

Qt's own order is the order in which widgets were made: the tree and the detail panel were made
before the search bar and the filter bar (whose buttons are made as filters are set), so Tab went
from the detail panel to Show All, then the tab bar, then the search field. Setting an order once
would not last (buttons come and go, the dock moves), so :func:`move_focus` works it out from the
window's layouts at each press: a walk of a few hundred widgets, well under a millisecond.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QBoxLayout,
    QDockWidget,
    QGridLayout,
    QLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)

#: dock areas in reading order, the central widget coming after the first two
_DOCKS_BEFORE = (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.LeftDockWidgetArea)
_DOCKS_AFTER = (Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea)


def reading_order(window: QMainWindow) -> list[QWidget]:
    """Every widget of ``window`` (shown or not) in the order the window reads."""
    found: list[QWidget] = []
    docks = [dock for dock in window.findChildren(QDockWidget) if not dock.isFloating()]
    docks.sort(key=lambda dock: (dock.y(), dock.x()))
    for area in _DOCKS_BEFORE:
        for dock in docks:
            if window.dockWidgetArea(dock) == area:
                _walk(dock, found)
    central = window.centralWidget()
    if central is not None:
        _walk(central, found)
    for area in _DOCKS_AFTER:
        for dock in docks:
            if window.dockWidgetArea(dock) == area:
                _walk(dock, found)
    _walk(window.statusBar(), found)
    return found


def tab_stops(window: QMainWindow) -> list[QWidget]:
    """The widgets Tab stops at now, in the order it visits them."""
    return [widget for widget in reading_order(window) if _takes_tab(widget, window)]


def move_focus(window: QMainWindow, forward: bool) -> bool:
    """Give the focus to the widget after (or before) the one that has it, in reading order;
    False when the focus is not somewhere this order knows (Qt's own order then applies)."""
    order = reading_order(window)
    place = _place_of(QApplication.focusWidget(), order)
    if place is None:
        return False
    step = 1 if forward else -1
    for offset in range(1, len(order) + 1):
        target = order[(place + step * offset) % len(order)]
        if _takes_tab(target, window):
            reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            target.setFocus(reason)
            _scroll_into_view(target)
            return True
    return False


def _walk(widget: QWidget, found: list[QWidget]) -> None:
    """Add ``widget`` and what it holds, in reading order."""
    if widget.isWindow():
        return  # a dialog or a floating dock: a window of its own, with its own order
    found.append(widget)
    inner: list[QWidget | None] = []
    if isinstance(widget, QDockWidget | QScrollArea):
        inner = [widget.widget()]
    elif isinstance(widget, QSplitter):
        inner = [widget.widget(index) for index in range(widget.count())]
    elif isinstance(widget, QTabWidget):
        inner = [widget.tabBar()] + [widget.widget(index) for index in range(widget.count())]
    elif isinstance(widget, QAbstractScrollArea):
        return  # a tree, a table, a text view: one stop, whatever its parts
    elif (layout := widget.layout()) is not None:
        _walk_layout(layout, found)
    for part in inner:
        if part is not None:
            _walk(part, found)


def _walk_layout(layout: QLayout, found: list[QWidget]) -> None:
    indexes = list(range(layout.count()))
    if isinstance(layout, QGridLayout):
        grid = layout
        indexes.sort(key=lambda index: _row_and_column(grid, index))
    elif isinstance(layout, QBoxLayout) and layout.direction() in (
        QBoxLayout.Direction.RightToLeft,
        QBoxLayout.Direction.BottomToTop,
    ):
        indexes.reverse()
    for index in indexes:
        item = layout.itemAt(index)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            _walk(widget, found)
        elif (inner := item.layout()) is not None:
            _walk_layout(inner, found)


def _row_and_column(grid: QGridLayout, index: int) -> tuple[int, int]:
    row, column, _rows, _columns = cast(tuple[int, int, int, int], grid.getItemPosition(index))
    return row, column


def _takes_tab(widget: QWidget, window: QWidget) -> bool:
    """Whether Tab may stop at ``widget`` now (as Qt decides: its focus policy, the platform's
    rule for which controls Tab visits, shown, enabled, not standing in for another)."""
    all_controls = (
        QGuiApplication.styleHints().tabFocusBehavior() == Qt.TabFocusBehavior.TabFocusAllControls
    )
    wanted = Qt.FocusPolicy.TabFocus if all_controls else Qt.FocusPolicy.StrongFocus
    return (
        widget.focusPolicy().value & wanted.value == wanted.value
        and widget.focusProxy() is None
        and widget.isVisible()
        and widget.isEnabled()
        and widget.window() is window
    )


def _place_of(focus: QWidget | None, order: list[QWidget]) -> int | None:
    """Where the focused widget is in ``order``: its own place, else that of the nearest of its
    parents that is there (a button taken out of its bar while it had the focus)."""
    widget = focus
    while widget is not None and not widget.isWindow():
        for place, listed in enumerate(order):
            if listed is widget:
                return place
        widget = widget.parentWidget()
    return None


def _scroll_into_view(widget: QWidget) -> None:
    """Scroll every scroll area holding ``widget`` so that it is seen (the overview's charts)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()
