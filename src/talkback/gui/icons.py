"""Talkback's icons, all SVG, so they stay sharp at any size and on any screen.

:func:`app_icon` is the application's icon (``resources/icons/talkback.svg``, the same file the
``.desktop`` entry installs). :func:`line_icon` gives one of the small line icons of the welcome
view and the filter bar, drawn in a colour of the palette: their SVG strokes use ``currentColor``,
replaced by that colour, and :class:`SvgIconEngine` renders them at whatever size and pixel ratio
Qt asks for.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from talkback.resources import resource

APP_ICON = "talkback.svg"


@cache
def app_icon() -> QIcon:
    """The application's icon (null only if the bundled SVG is missing)."""
    path = resource("icons", APP_ICON)
    return QIcon(str(path)) if path.is_file() else QIcon()


def icon_svg(name: str) -> str:
    """The text of the bundled icon ``name`` (``open``, ``folder``, ``sample``, ``drop``, …)."""
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


class SvgIconEngine(QIconEngine):
    """Renders an SVG (given as bytes) at any size; disabled icons are drawn fainter."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg
        self._renderer = QSvgRenderer(QByteArray(svg))

    def is_valid(self) -> bool:
        """Whether the SVG could be read."""
        return self._renderer.isValid()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw the SVG into ``rect``."""
        painter.save()
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.4)
        self._renderer.render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """The icon as a transparent pixmap of ``size`` device pixels."""
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return QPixmap.fromImage(image)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        """A pixmap for a screen of pixel ratio ``scale``: drawn at full resolution."""
        pixmap = self.pixmap(QSize(round(size.width() * scale), round(size.height() * scale)),
                             mode, state)  # fmt: skip
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        """A copy of this engine (Qt copies icons freely)."""
        return SvgIconEngine(self._svg)

    def key(self) -> str:
        """The engine's name."""
        return "talkback-svg"


def line_icon(name: str, color: QColor) -> QIcon:
    """The bundled line icon ``name`` with its strokes in ``color``."""
    svg = icon_svg(name).replace("currentColor", color.name())
    return QIcon(SvgIconEngine(svg.encode("utf-8")))
