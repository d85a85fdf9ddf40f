"""Sizes in text, not pixels: a dialog or a panel as wide as so many characters of its font and as
high as so many lines, so that it grows with the user's font (a reader with low vision sets 16 or
20 points on the desktop) and keeps its proportions on any screen.

The Problems, Search Syntax and Index Cache windows and the Authors dock were sized in pixels
(760 × 360 and so on): at 20 points they showed half of what they did at 10, their columns' titles
cut. A size is kept within the screen the widget is on, less a margin for the desktop's panels.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

#: the part of the screen's free area a window may take at most
SCREEN_SHARE = 0.9


def characters(widget: QWidget, count: float) -> int:
    """The width of ``count`` average characters of ``widget``'s font, in pixels."""
    return round(widget.fontMetrics().averageCharWidth() * count)


def lines(widget: QWidget, count: float) -> int:
    """The height of ``count`` lines of ``widget``'s font, in pixels."""
    return round(widget.fontMetrics().lineSpacing() * count)


def screen_room(widget: QWidget) -> QSize:
    """The most a window of ``widget`` is given: a share of its screen's free area."""
    screen = widget.screen()
    area = screen.availableGeometry().size() if screen is not None else QSize(1280, 800)
    return QSize(round(area.width() * SCREEN_SHARE), round(area.height() * SCREEN_SHARE))


def within_screen(widget: QWidget, size: QSize) -> QSize:
    """``size``, no larger than :func:`screen_room`."""
    return size.boundedTo(screen_room(widget))


def text_size(widget: QWidget, width_characters: float, height_lines: float) -> QSize:
    """A size of ``width_characters`` by ``height_lines`` in ``widget``'s font, no larger than
    :func:`screen_room`."""
    size = QSize(characters(widget, width_characters), lines(widget, height_lines))
    return within_screen(widget, size)
