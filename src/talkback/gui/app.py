"""Starting the window: the QApplication's names and fonts, ``run_window`` for the command line,
and ``--screenshot``.

``talkback open`` (and plain ``talkback DUMP``) calls :func:`run_window`; the ``talkback-gui``
launcher calls :func:`main`. With a screenshot, the 1280×800 window is rendered once the dump is
read and the selection and the search (``--search``) applied, written atomically (QSaveFile, so a
failed run never leaves half a PNG behind), and the program exits.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QIODevice,
    QMessageLogContext,
    QObject,
    QSaveFile,
    QTimer,
    QtMsgType,
    Slot,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from talkback import __version__
from talkback.gui.icons import app_icon
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import APPLICATION, ORGANIZATION, Settings
from talkback.gui.theme import ThemeKeeper, ThemeName

#: platforms with no screen of their own, where Qt's tiny default font is raised to this size
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
HEADLESS_POINT_SIZE = 10
#: Qt messages that only say a headless platform lacks a window-system feature
HEADLESS_NOISE = ("This plugin does not support",)


#: how long a thread may hold the interpreter lock while the GUI thread waits for it (seconds)
GUI_SWITCH_INTERVAL_S = 0.001


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), with Talkback's names and a readable font."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # The model's data() and the delegates' paint() are Python, called by Qt one by one while
    # a reader or the search works on a worker thread; each call waits for the interpreter
    # lock, which a busy thread gives up once per switch interval (5 ms by default): a repaint
    # of a few hundred calls then freezes the window for a second. 1 ms bounds that wait.
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("Talkback")
    app.setDesktopFileName("talkback")
    app.setWindowIcon(app_icon())
    if app.platformName() in HEADLESS_PLATFORMS:
        qInstallMessageHandler(_quiet_headless_noise)
        font = QFont(app.font())
        font.setPointSizeF(max(font.pointSizeF(), HEADLESS_POINT_SIZE))
        app.setFont(font)
    return app


def _quiet_headless_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if kind != QtMsgType.QtFatalMsg and message.startswith(HEADLESS_NOISE):
        return
    print(qFormatLogMessage(kind, context, message), file=sys.stderr)


def has_display() -> bool:
    """Whether Qt can open a window here (a display, or a platform chosen explicitly)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_window(
    dump: str | None = None,
    *,
    select: str | None = None,
    screenshot: str | None = None,
    theme: ThemeName = "system",
    overview: bool = False,
    search: str | None = None,
) -> int:
    """Open the main window (loading ``dump``) and run until it closes; returns the exit status.

    ``search`` is typed into the search field once the dump is read. With ``screenshot``, the
    window is rendered to that PNG once the dump is read (and searched), and the program exits:
    0 on success, 1 if the dump could not be read or the picture written. ``theme`` forces the
    light or dark palette; ``overview`` shows the Overview tab rather than the Reading one.
    """
    if screenshot is not None and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        print(
            "talkback: no display to open the window on (set DISPLAY, or use --screenshot)",
            file=sys.stderr,
        )
        return 1
    app = create_application()
    ThemeKeeper(app, theme)
    with tempfile.TemporaryDirectory(prefix="talkback-") as scratch:
        if screenshot is not None:
            # A picture must not depend on (or change) what this user's window remembers.
            window = MainWindow(Settings.at(Path(scratch) / "settings.ini"), remember=False)
            shot = Screenshot(window, screenshot)
        else:
            window = MainWindow()
        app.aboutToQuit.connect(lambda: window.loader.shutdown())
        app.aboutToQuit.connect(lambda: window.features.shutdown())
        window.show()
        if overview:
            window.workspace.show_overview()
        if dump is not None:
            if search:
                _search_once_loaded(window, search)
            window.open_dump(dump, select=select)
        if screenshot is not None:
            shot.arm(loading=dump is not None, searching=bool(search) and dump is not None)
        status = app.exec()
        window.index_first.shutdown()  # a build cut short leaves no index
        window.loader.shutdown()
        window.features.shutdown()
        return shot.status if screenshot is not None else status


def _search_once_loaded(window: MainWindow, text: str) -> None:
    """Search for ``text`` when the window's load ends (once)."""

    def search() -> None:
        window.load_finished.disconnect(search)
        window.features.search.search_for(text)

    window.load_finished.connect(search)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``talkback-gui`` launcher: ``talkback-gui [DUMP]``."""
    parser = argparse.ArgumentParser(prog="talkback-gui", description="Open Talkback's window.")
    parser.add_argument("dump", nargs="?", metavar="DUMP", help="a page, folder, archive or export")
    args = parser.parse_args(argv)
    return run_window(args.dump)


SCREENSHOT_SIZE = (1280, 800)
#: time given to the window to lay itself out after loading, before the picture is taken (ms)
SETTLE_MS = 150
#: the longest the picture waits for posts being read from an index (seconds)
READ_WAIT_S = 60.0


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
        self._read_deadline = 0.0
        window.resize(*SCREENSHOT_SIZE)

    def arm(self, loading: bool, searching: bool = False) -> None:
        """Take the picture after the load finishes (or at once when nothing is loading); when
        ``searching``, after the search that follows the load has been applied."""
        if searching:
            self.window.load_finished.connect(self._wait_for_search)
        elif loading:
            self.window.load_finished.connect(self._settle)
        else:
            self._settle()

    @Slot()
    def _wait_for_search(self) -> None:
        search = self.window.features.search
        if self.window.last_error is not None or search.query is None:
            self._settle()  # nothing to wait for: the load failed, or the query was not run
        else:
            search.changed.connect(self._settle)

    @Slot()
    def _settle(self) -> None:
        self._read_deadline = time.monotonic() + READ_WAIT_S
        QTimer.singleShot(SETTLE_MS, self._capture)

    @Slot()
    def _capture(self) -> None:
        window = self.window
        if window.lazy.fetcher.busy and time.monotonic() < self._read_deadline:
            # A dump opened from its index reads posts as they are shown or selected: the
            # picture waits for those reads, so that it shows what the user would see.
            QTimer.singleShot(SETTLE_MS, self._capture)
            return
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
