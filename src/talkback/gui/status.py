"""The status bar's loading corner, and the problems list it opens.

While a dump loads, a busy progress bar and a label count the pages and comments read so far, with
a Cancel button beside them (Esc does the same). Afterwards a "problems" button, shown only when
something could not be read, opens the non-modal list of what was wrong and what was skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talkback.core.model import Problem
from talkback.core.text import name_label
from talkback.gui.focus_ring import FocusRing
from talkback.gui.formatting import plain_tooltip, plural
from talkback.gui.sizing import characters, text_size


class LoadStatus(QWidget):
    """Progress label, busy bar, Cancel button and problems button, for the status bar."""

    cancel_requested = Signal()
    problems_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(8)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a file may be named <u>…
        self.label.setObjectName("loadLabel")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("loadProgress")
        self.bar.setRange(0, 0)  # busy: the number of pages is not known in advance
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(140)
        self.bar.setMaximumHeight(14)
        self.bar.setAccessibleName("Loading progress")
        self.cancel = QToolButton(self)
        self.cancel.setObjectName("cancelLoad")
        self.cancel.setText("Cancel")
        self.cancel.setToolTip("Stop reading the dump (Esc)")
        self.cancel.clicked.connect(self.cancel_requested)
        self.problems = QToolButton(self)
        self.problems.setObjectName("problemsButton")
        self.problems.setAutoRaise(True)
        self.problems.setToolTip("List what could not be read (Ctrl+Shift+P)")
        self.problems.clicked.connect(self.problems_requested)
        for widget in (self.label, self.bar, self.cancel, self.problems):
            layout.addWidget(widget)
        self.set_loading(False)
        self.set_problem_count(0)

    def set_loading(self, loading: bool, path: str = "") -> None:
        """Show or hide the progress part; ``path`` names the dump being read."""
        self._name = name_label(Path(path).name) if path else ""
        for widget in (self.label, self.bar, self.cancel):
            widget.setVisible(loading)
        if loading:
            self.label.setText(f"Reading {self._name}…")

    def set_progress(self, pages: int, comments: int) -> None:
        """Update the counts of pages and comments read so far."""
        counts = f"{plural(pages, 'page')}, {plural(comments, 'comment')}"
        self.label.setText(f"Reading {self._name}… {counts}")

    def set_problem_count(self, count: int) -> None:
        """Show the problems button with its count (hidden when there are none)."""
        self.problems.setVisible(count > 0)
        self.problems.setText(f"⚠ {plural(count, 'problem')}")


class ProblemsDialog(QDialog):
    """A window listing the problems of the open dump, one per row: where, and what happened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsDialog")
        self.setWindowTitle("Problems — Talkback")
        self.setModal(False)
        self.resize(text_size(self, 108, 22))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setObjectName("problemsList")
        self.list.setAccessibleName("Problems")
        FocusRing(self.list)  # an empty list shows no focus of its own
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Where", "What was wrong and what was skipped"])
        self.list.setColumnWidth(0, characters(self, 34))
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("Copy All", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.close)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self._problems: list[Problem] = []

    def set_problems(self, source: str, problems: Sequence[Problem]) -> None:
        """List ``problems`` met while reading ``source``."""
        self._problems = list(problems)
        self.summary.setText(
            f"{plural(len(problems), 'problem')} reading {source}. "
            "Everything else was loaded; nothing in the dump was changed."
            if problems
            else f"No problems reading {source}."
        )
        self.list.clear()
        items = []
        for problem in problems:
            item = QTreeWidgetItem([problem.where, problem.message])
            item.setToolTip(1, plain_tooltip(problem.message))
            item.setData(0, Qt.ItemDataRole.UserRole, problem)
            items.append(item)
        self.list.addTopLevelItems(items)

    def text(self) -> str:
        """The problems as text, one per line."""
        return "\n".join(str(problem) for problem in self._problems)

    def copy_all(self) -> None:
        """Copy every problem to the clipboard."""
        QGuiApplication.clipboard().setText(self.text())


def open_error_box(parent: QWidget, text: str, message: str) -> None:
    """Show ``text`` and the one-line ``message`` (naming the file and the problem) in a warning
    box that does not block the window's event loop."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Talkback", message, parent=parent)
    box.setObjectName("errorMessage")
    box.setText(text)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a file may be named <u>…
    box.setInformativeText(message)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
