"""``talkback open DUMP --screenshot OUT.png``: render the window once the dump is read, then exit.

The window is 1280×800; the picture is taken after loading finished and the selection was applied,
and written atomically (QSaveFile), so a failed run never leaves half a PNG behind.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QIODevice, QObject, QSaveFile, QTimer, Slot
from PySide6.QtWidgets import QApplication

from talkback.gui.main_window import MainWindow

SCREENSHOT_SIZE = (1280, 800)
#: time given to the window to lay itself out after loading, before the picture is taken (ms)
SETTLE_MS = 150


def save_window_png(window: MainWindow, out: str | Path) -> str | None:
    """Render ``window`` into a PNG at ``out``; returns an error message, or None on success."""
    pixmap = window.grab()
    target = QSaveFile(str(out))
    if not target.open(QIODevice.OpenModeFlag.WriteOnly):
        return f"{out}: cannot write: {target.errorString()}"
    if not pixmap.save(target, "PNG"):
        target.cancelWriting()
        return f"{out}: cannot encode the picture"
    if not target.commit():
        return f"{out}: cannot write: {target.errorString()}"
    return None


class Screenshot(QObject):
    """Waits for the window's load to finish, saves the picture and quits with an exit status."""

    def __init__(self, window: MainWindow, out: str | Path) -> None:
        super().__init__(window)
        self.window = window
        self.out = Path(out)
        self.status = 0
        window.resize(*SCREENSHOT_SIZE)

    def arm(self, loading: bool) -> None:
        """Take the picture after the load finishes (or at once when nothing is loading)."""
        if loading:
            self.window.load_finished.connect(self._settle)
        else:
            self._settle()

    @Slot()
    def _settle(self) -> None:
        QTimer.singleShot(SETTLE_MS, self._capture)

    @Slot()
    def _capture(self) -> None:
        window = self.window
        if window.last_error is not None:
            print(f"talkback: {window.last_error}", file=sys.stderr)
            self.status = 1
        else:
            if window.pending_select:
                print(
                    f"talkback: no post or comment with id {window.pending_select}; "
                    "screenshot taken without it",
                    file=sys.stderr,
                )
            QApplication.processEvents()
            error = save_window_png(window, self.out)
            if error is not None:
                print(f"talkback: {error}", file=sys.stderr)
                self.status = 1
        QApplication.exit(self.status)
