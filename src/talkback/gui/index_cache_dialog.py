"""File > Index Cache: what the index cache holds (each index's dump, size and state, the total),
and buttons to remove the unused entries or all of them (see :mod:`talkback.index.cache`).

Listing reads one ``meta`` row per file and fingerprints nothing (a hundred entries take a few
milliseconds), so it runs on the GUI thread. The index of the dump open in the window is never
removed, nor a build under way (the window's own, or another process's).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talkback.core.text import name_label, plural
from talkback.index.cache import (
    DEFAULT_OLDER_THAN_DAYS,
    CacheEntry,
    PruneReport,
    list_cache,
    prune,
    size_text,
    unused_reason,
    written_text,
)
from talkback.index.location import cache_dir, index_path

COLUMNS = ("Dump", "Size", "State", "Written")


def entry_texts(entry: CacheEntry) -> tuple[str, str, str, str]:
    """An entry's row: its dump (or file), size, state (dump gone?), when it was written."""
    dump = name_label(entry.dump) if entry.dump else entry.source or entry.name
    state = entry.state + (" · dump gone" if entry.dump_exists is False else "")
    return dump, size_text(entry.size), state, written_text(entry)


class IndexCacheDialog(QDialog):
    """The index cache listed, with Remove Unused and Remove All…

    ``open_dump`` says which dump the window has open (its index is kept)."""

    def __init__(
        self,
        open_dump: Callable[[], str | None],
        parent: QWidget | None = None,
        base: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("indexCacheDialog")
        self.setWindowTitle("Index Cache — Talkback")
        self._open_dump = open_dump
        self._base = base or cache_dir()
        self.entries: list[CacheEntry] = []
        layout = QVBoxLayout(self)
        where = QLabel(f"Indexes and stopped builds in <b>{html.escape(str(self._base))}</b>")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.remove_unused: QPushButton = buttons.addButton("Remove &Unused", role)
        self.remove_unused.setToolTip(
            "Remove indexes whose dump is gone, unreadable or outdated ones, and stopped builds "
            f"older than {DEFAULT_OLDER_THAN_DAYS:g} days"
        )
        self.remove_all: QPushButton = buttons.addButton("Remove &All…", role)
        self.remove_all.setToolTip("Remove every index (never the open dump's, nor a build)")
        self.remove_unused.clicked.connect(self.prune_unused)
        self.remove_all.clicked.connect(self.confirm_remove_all)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 380)
        self.refresh()

    @Slot()
    def refresh(self, done: str = "") -> None:
        """List the cache again; ``done`` says what was just removed."""
        self.entries = list_cache(self._base)
        self.table.clear()
        for entry in self.entries:
            texts = list(entry_texts(entry))
            if self._is_open(entry):
                texts[2] += " · open"
            item = QTreeWidgetItem(texts)
            item.setToolTip(0, "\n".join(str(path) for path in entry.files))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        for column in range(1, len(COLUMNS)):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(0, max(300, self.width() - 360))
        total = sum(entry.size for entry in self.entries)
        unused = [entry for entry in self.entries if self._is_unused(entry)]
        text = f"{plural(len(self.entries), 'entry', 'entries')}, {size_text(total)}."
        if unused:
            text += f" {len(unused)} unused ({size_text(sum(e.size for e in unused))})."
        self.summary.setText(f"{done} {text}".strip())
        self.remove_unused.setEnabled(bool(unused))
        self.remove_all.setEnabled(any(entry.state != "building" for entry in self.entries))

    @Slot()
    def prune_unused(self) -> None:
        """Remove the entries no one will use again."""
        self._prune(everything=False)

    @Slot()
    def confirm_remove_all(self) -> None:
        """Ask, then remove every entry but the open dump's and builds under way."""
        answer = QMessageBox.question(
            self,
            "Remove every index? — Talkback",
            "Remove every index in the cache? Each dump is indexed again when it is next opened "
            "big enough (the open dump's index and builds under way are kept).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._prune(everything=True)

    def _prune(self, *, everything: bool) -> None:
        current = self._open_dump()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = prune(self._base, everything=everything, keep=[current] if current else [])
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.refresh(done=_done_text(report))

    def _is_open(self, entry: CacheEntry) -> bool:
        current = self._open_dump()
        return bool(current) and entry.index_name == index_path(current or "", self._base).name

    def _is_unused(self, entry: CacheEntry) -> bool:
        return (
            not self._is_open(entry) and unused_reason(entry, DEFAULT_OLDER_THAN_DAYS) is not None
        )


def _done_text(report: PruneReport) -> str:
    text = f"Removed {len(report.removed)}, freed {size_text(report.freed)}."
    if report.failed:
        entry, why = report.failed[0]
        text += f" Could not remove {len(report.failed)} (first: {entry.name}: {why})."
    return text
