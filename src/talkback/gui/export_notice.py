"""The status bar's word after an export: where the file went, with Open and Show in Folder.

It stays until dismissed or :data:`NOTICE_MS` pass (selecting rows writes other status messages,
which would hide a temporary one at once). Open hands the file to the system (a browser for HTML)
through QDesktopServices; nothing is opened inside the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

#: how long the notice stays (ms)
NOTICE_MS = 30_000
#: the longest the path in the notice is drawn (pixels), cut in the middle beyond
PATH_WIDTH = 420


class ExportNotice(QWidget):
    """``Exported to PATH  [Open] [Show in Folder] [×]``, hidden until an export is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotice")
        self.label = QLabel(self)
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
        metrics = QFontMetrics(self.label.font())
        shown = metrics.elidedText(path, Qt.TextElideMode.ElideMiddle, PATH_WIDTH)
        self.label.setText(f"Exported to {shown}")
        self.label.setToolTip(path)
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
