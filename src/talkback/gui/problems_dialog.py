"""The problems list: what could not be read in the dump and what was done about it (non-modal)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talkback.core.model import Problem
from talkback.gui.formatting import plural


class ProblemsDialog(QDialog):
    """A window listing the problems of the open dump, one per row: where, and what happened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsDialog")
        self.setWindowTitle("Problems — Talkback")
        self.setModal(False)
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Where", "What was wrong and what was skipped"])
        self.list.setColumnWidth(0, 240)
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
            item.setToolTip(1, problem.message)
            item.setData(0, Qt.ItemDataRole.UserRole, problem)
            items.append(item)
        self.list.addTopLevelItems(items)

    def text(self) -> str:
        """The problems as text, one per line."""
        return "\n".join(str(problem) for problem in self._problems)

    def copy_all(self) -> None:
        """Copy every problem to the clipboard."""
        QGuiApplication.clipboard().setText(self.text())
