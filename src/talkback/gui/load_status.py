"""The status bar's loading corner: what is being read, a progress bar, Cancel, and problems.

While a dump loads, a busy progress bar and a label count the pages and comments read so far, with
a Cancel button beside them (Esc does the same). Afterwards a "problems" button, shown only when
something could not be read, opens the non-modal problems list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from talkback.gui.formatting import plural


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
        self._name = Path(path).name if path else ""
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
