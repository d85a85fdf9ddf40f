"""Help > About Talkback: the version, what Talkback reads, the license, and where it keeps things.

The details (versions of Talkback, Python, Qt and PySide6, the settings file and the index cache)
can be copied in one click, for a bug report.
"""

from __future__ import annotations

import platform
from html import escape

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from talkback import __version__
from talkback.gui.opening import DUMP_FILTERS
from talkback.gui.welcome_view import IconView
from talkback.index.location import cache_dir

#: what Talkback opens, one kind per line: the Open dialog's own filters, so the two never differ
INPUTS = [
    (label, ", ".join(pattern.removeprefix("*") for pattern in patterns))
    for label, patterns in DUMP_FILTERS
] + [("Folders", "of pages, with File > Open Folder")]
LICENSE = "MIT License"


def details(settings_file: str) -> str:
    """Versions and locations as plain text, for a bug report."""
    return "\n".join(
        [
            f"Talkback {__version__}",
            f"Python {platform.python_version()} ({platform.system()} {platform.machine()})",
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
            f"Qt platform: {QGuiApplication.platformName()}",
            f"Settings: {settings_file}",
            f"Index cache: {cache_dir()}",
        ]
    )


class AboutDialog(QDialog):
    """The About box."""

    def __init__(self, settings_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Talkback")
        self.details = details(settings_file)
        line = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(round(line * 1.5), round(line * 1.2), round(line * 1.5), line)
        layout.setSpacing(round(line * 0.6))
        head = QHBoxLayout()
        head.setSpacing(line)
        head.addWidget(IconView(round(line * 4), self), 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"Talkback {escape(__version__)}", self)
        title.setObjectName("aboutTitle")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        tagline = QLabel(
            "A desktop archive viewer for blog comment sections: the threads rebuilt from "
            "scraped pages, searchable, and exportable as clean pages.",
            self,
        )
        tagline.setWordWrap(True)
        words = QVBoxLayout()
        words.addWidget(title)
        words.addWidget(tagline)
        head.addLayout(words, 1)
        layout.addLayout(head)
        rows = "".join(
            f"<tr><td style='padding-right: 12px;'><b>{escape(kind)}</b></td>"
            f"<td>{escape(what)}</td></tr>"
            for kind, what in INPUTS
        )
        inputs = QLabel(f"<p><b>Opens</b></p><table cellspacing='3'>{rows}</table>", self)
        inputs.setObjectName("aboutInputs")
        inputs.setWordWrap(True)
        layout.addWidget(inputs)
        note = QLabel(
            f"{LICENSE}. Dumps are opened read-only: Talkback never changes them and writes "
            "nothing beside them.",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        versions = QLabel(escape(self.details).replace("\n", "<br>"), self)
        versions.setObjectName("aboutDetails")
        versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        versions.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        versions.setWordWrap(True)
        layout.addWidget(versions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy Details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setToolTip("Copy the versions and locations above, for a bug report")
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(round(line * 36), self.sizeHint().height())

    def copy_details(self) -> None:
        """Put the versions and locations on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)
