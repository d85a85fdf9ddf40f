"""File > Index Cache: what the index cache holds (each index's dump, size and state, the total),
and buttons to remove the unused entries or all of them (see :mod:`talkback.index.cache`).

Listing reads one ``meta`` row per file (a hundred entries take a few milliseconds), so it runs
on the GUI thread. Whether a complete index still fits its dump takes fingerprinting the dump,
which a :class:`~talkback.gui.cache_checker.CacheChecker` does on a worker thread: the State
column says "checking…" until it is known, then "complete" or "outdated" (the dump changed since:
opening it would build the index again), by the rule ``talkback index --list`` applies. Remove
Unused removes what the dialog shows as unused, outdated indexes included. The index of the dump
open in the window is never removed, nor a build under way (the window's own, or another
process's).
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
from talkback.gui.cache_checker import CacheChecker
from talkback.gui.focus_ring import FocusRing
from talkback.gui.sizing import characters, text_size
from talkback.index.cache import (
    DEFAULT_OLDER_THAN_DAYS,
    CacheEntry,
    PruneReport,
    list_cache,
    needs_check,
    prune,
    size_text,
    unused_reason,
    written_text,
)
from talkback.index.location import cache_dir, index_path

COLUMNS = ("Dump", "Size", "State", "Written")


#: the State column of an index whose dump is being fingerprinted
CHECKING = "checking…"
STATE_COLUMN = 2
#: what the State column's words mean (its tooltip)
STATE_TIPS = {
    CHECKING: "Looking at the dump to see whether it changed since it was indexed",
    "complete": "The index of the dump as it is: opening the dump reads it from the index",
    "outdated": "The dump changed since it was indexed (or another version of Talkback wrote "
    "the index): opening the dump builds the index again; Remove Unused removes this one",
}


def entry_texts(entry: CacheEntry, checking: bool = False) -> tuple[str, str, str, str]:
    """An entry's row: its dump (or file), size, state (dump gone? being checked?), when it was
    written."""
    dump = name_label(entry.dump) if entry.dump else entry.source or entry.name
    state = CHECKING if checking else entry.state
    state += " · dump gone" if entry.dump_exists is False else ""
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
        self._items: dict[str, QTreeWidgetItem] = {}
        self._done = ""
        self.checker = CacheChecker(self)
        self.checker.entry_checked.connect(self._on_checked)
        self.checker.finished.connect(self._update_summary)
        layout = QVBoxLayout(self)
        where = QLabel(f"Indexes and stopped builds in <b>{html.escape(str(self._base))}</b>")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.table = QTreeWidget(self)
        self.table.setObjectName("indexCacheList")
        self.table.setAccessibleName("Index cache")
        FocusRing(self.table)  # an empty list shows no focus of its own
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
        self.resize(text_size(self, 120, 23))
        self.refresh()

    @Slot()
    def refresh(self, done: str = "") -> None:
        """List the cache again (and check its indexes against their dumps, on the worker);
        ``done`` says what was just removed."""
        self._done = done
        self.entries = list_cache(self._base)
        self.checker.check([entry for entry in self.entries if needs_check(entry)], self._base)
        self.table.clear()
        self._items = {}
        for entry in self.entries:
            texts = self._texts(entry)
            item = QTreeWidgetItem(texts)
            self._set_state(item, texts[STATE_COLUMN])
            item.setToolTip(0, "\n".join(str(path) for path in entry.files))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
            self._items[entry.name] = item
        others = 0
        for column in range(1, len(COLUMNS)):
            self.table.resizeColumnToContents(column)
            others += self.table.columnWidth(column)
        room = self.width() - others - characters(self, 4)  # the frame, a scroll bar
        self.table.setColumnWidth(0, max(characters(self, 40), room))
        self._update_summary()

    @property
    def checking(self) -> bool:
        """Whether indexes are still being checked against their dumps."""
        return self.checker.busy

    def _texts(self, entry: CacheEntry) -> list[str]:
        texts = list(entry_texts(entry, checking=entry.name in self.checker.pending))
        if self._is_open(entry):
            texts[STATE_COLUMN] += " · open"
        return texts

    @Slot(object)
    def _on_checked(self, entry: CacheEntry) -> None:
        """An index was checked against its dump: show its state (outdated, if it changed)."""
        self.entries = [entry if old.name == entry.name else old for old in self.entries]
        item = self._items.get(entry.name)
        if item is not None:
            self._set_state(item, self._texts(entry)[STATE_COLUMN])
            self.table.resizeColumnToContents(STATE_COLUMN)
        self._update_summary()

    @staticmethod
    def _set_state(item: QTreeWidgetItem, text: str) -> None:
        item.setText(STATE_COLUMN, text)
        item.setToolTip(STATE_COLUMN, STATE_TIPS.get(text.split(" · ")[0], ""))

    @Slot()
    def _update_summary(self) -> None:
        total = sum(entry.size for entry in self.entries)
        unused = [entry for entry in self.entries if self._is_unused(entry)]
        text = f"{plural(len(self.entries), 'entry', 'entries')}, {size_text(total)}."
        if unused:
            text += f" {len(unused)} unused ({size_text(sum(e.size for e in unused))})."
        if self.checker.busy:
            pending = plural(len(self.checker.pending), "dump")
            text += f" Checking whether {pending} changed since indexed…"
        self.summary.setText(f"{self._done} {text}".strip())
        self.remove_unused.setEnabled(bool(unused))
        self.remove_all.setEnabled(any(entry.state != "building" for entry in self.entries))

    def done(self, result: int) -> None:
        """Stop checking (waiting for the dump being fingerprinted) as the dialog closes."""
        self.checker.shutdown()
        super().done(result)

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
            keep = [current] if current else []
            report = prune(self._base, everything=everything, keep=keep, listed=self.entries)
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
