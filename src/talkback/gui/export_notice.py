"""The status bar's word after an export: where the file went, with Open and Show in Folder.

It stays until dismissed or :data:`NOTICE_MS` pass (selecting rows writes other status messages,
which would hide a temporary one at once). Open hands the file to the system (a browser for HTML)
through QDesktopServices; nothing is opened inside the app. The path is cut in the middle to the
room the status bar gives it, so that the file's name stays in sight in a narrow window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from talkback.gui.formatting import plain_tooltip

#: how long the notice stays (ms)
NOTICE_MS = 30_000
#: the longest the path in the notice is drawn (pixels), cut in the middle beyond
PATH_WIDTH = 420
#: the least of the path shown when the status bar is short of room (average characters)
PATH_LEAST_CHARS = 12
#: what the notice says before the path
PREFIX = "Exported to "


class PathLabel(QLabel):
    """``Exported to PATH``, the path cut in the middle to the width the label is given (at most
    :data:`PATH_WIDTH` pixels). Its size hints depend on the path alone, not on the text shown,
    so that cutting the text to the width it was given never asks for another width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a file may be named <u>…
        self.path = ""

    def set_path(self, path: str) -> None:
        """Show ``path`` (all of it in the tooltip)."""
        self.path = path
        self.setToolTip(plain_tooltip(path))
        self._cut()
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """Room for the whole path, up to PATH_WIDTH."""
        metrics = self.fontMetrics()
        path = min(metrics.horizontalAdvance(self.path), PATH_WIDTH)
        return QSize(metrics.horizontalAdvance(PREFIX) + path + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """Room for a few characters of the path."""
        metrics = self.fontMetrics()
        least = min(
            metrics.horizontalAdvance(self.path), metrics.averageCharWidth() * PATH_LEAST_CHARS
        )
        return QSize(metrics.horizontalAdvance(PREFIX) + least + 2, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Cut the path to the new width."""
        super().resizeEvent(event)
        self._cut()

    def _cut(self) -> None:
        metrics = self.fontMetrics()
        room = min(self.contentsRect().width() - metrics.horizontalAdvance(PREFIX) - 2, PATH_WIDTH)
        shown = metrics.elidedText(self.path, Qt.TextElideMode.ElideMiddle, max(room, 0))
        self.setText(PREFIX + shown)


class ExportNotice(QWidget):
    """``Exported to PATH  [Open] [Show in Folder] [×]``, hidden until an export is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotice")
        self.label = PathLabel(self)
        self.label.setObjectName("exportNoticeLabel")
        self.open_button = _button(self, "Open", "Open the exported file in your browser", "Open")
        self.folder_button = _button(
            self, "Show in Folder", "Open the folder the file was written to", "Folder"
        )
        self.close_button = _button(self, "×", "Dismiss", "Close")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(4)
        for widget in (self.label, self.open_button, self.folder_button, self.close_button):
            layout.addWidget(widget)
        self.path = ""
        #: what opens a file or folder (tests replace it)
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.hide)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_written(self, path: str) -> None:
        """Tell that ``path`` was written, for a while."""
        self.path = path
        self.label.set_path(path)
        self.show()
        self._timer.start()

    @Slot()
    def open_file(self) -> None:
        """Open the exported file with the system's handler."""
        if self.path:
            self.open_url(QUrl.fromLocalFile(self.path))

    @Slot()
    def open_folder(self) -> None:
        """Open the folder holding the exported file."""
        if self.path:
            self.open_url(QUrl.fromLocalFile(str(Path(self.path).parent)))


def _button(parent: QWidget, text: str, tip: str, name: str) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName("exportNotice" + name)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button
