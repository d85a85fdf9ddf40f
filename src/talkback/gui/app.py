"""Starting the window: the QApplication's names and fonts, and ``run_window`` for the CLI.

``talkback open`` (and plain ``talkback DUMP``) calls :func:`run_window`; the ``talkback-gui``
launcher calls :func:`main`. Only this package imports Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QtMsgType,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from talkback import __version__
from talkback.gui.main_window import MainWindow
from talkback.gui.screenshot import Screenshot
from talkback.gui.settings import APPLICATION, ORGANIZATION, Settings

#: platforms with no screen of their own, where Qt's tiny default font is raised to this size
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
HEADLESS_POINT_SIZE = 10
#: Qt messages that only say a headless platform lacks a window-system feature
HEADLESS_NOISE = ("This plugin does not support",)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), with Talkback's names and a readable font."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("Talkback")
    app.setDesktopFileName("talkback")
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
    dump: str | None = None, *, select: str | None = None, screenshot: str | None = None
) -> int:
    """Open the main window (loading ``dump``) and run until it closes; returns the exit status.

    With ``screenshot``, the window is rendered to that PNG once the dump is read, and the program
    exits: 0 on success, 1 if the dump could not be read or the picture written.
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
    with tempfile.TemporaryDirectory(prefix="talkback-") as scratch:
        if screenshot is not None:
            # A picture must not depend on (or change) what this user's window remembers.
            window = MainWindow(Settings.at(Path(scratch) / "settings.ini"), remember=False)
            shot = Screenshot(window, screenshot)
        else:
            window = MainWindow()
        app.aboutToQuit.connect(lambda: window.loader.shutdown())
        window.show()
        if dump is not None:
            window.open_dump(dump, select=select)
        if screenshot is not None:
            shot.arm(loading=dump is not None)
        status = app.exec()
        window.loader.shutdown()
        return shot.status if screenshot is not None else status


def main(argv: Sequence[str] | None = None) -> int:
    """The ``talkback-gui`` launcher: ``talkback-gui [DUMP]``."""
    parser = argparse.ArgumentParser(prog="talkback-gui", description="Open Talkback's window.")
    parser.add_argument("dump", nargs="?", metavar="DUMP", help="a page, folder, archive or export")
    args = parser.parse_args(argv)
    return run_window(args.dump)
