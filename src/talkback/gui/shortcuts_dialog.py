"""Help > Keyboard Shortcuts: every shortcut of the window, read from its actions.

The list is built each time from the QActions themselves (the menus, in menu order, then any action
that is in no menu), so it can never disagree with what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class ShortcutRow:
    """One command: the menu it is in, its name, and its keys as the system writes them."""

    menu: str
    command: str
    keys: str
    tip: str


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersands and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(key.toString(native) for key in action.shortcuts() if not key.isEmpty())


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every action of ``window`` that has a shortcut: the menus' first, then the rest."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} › {_plain(submenu.title())}")
                continue
            if action.isSeparator() or id(action) in seen:
                continue
            seen.add(id(action))
            if _keys(action):
                rows.append(ShortcutRow(path, _plain(action.text()), _keys(action),
                                        action.statusTip()))  # fmt: skip

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(menu.title()))
    for action in window.findChildren(QAction):
        if id(action) not in seen and _keys(action) and action.text():
            seen.add(id(action))
            rows.append(ShortcutRow("Other", _plain(action.text()), _keys(action),
                                    action.statusTip()))  # fmt: skip
    return rows


class ShortcutsDialog(QDialog):
    """A list of every keyboard shortcut, grouped by menu, with a filter field."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts — Talkback")
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by command or key")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        layout.addWidget(self.filter)
        self.list = QTreeWidget(self)
        self.list.setObjectName("shortcutsList")
        self.list.setAccessibleName("Keyboard shortcuts")
        self.list.setHeaderLabels(["Command", "Keys"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(False)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.rows = shortcut_rows(window)
        self._fill()
        line = self.fontMetrics().height()
        self.resize(round(line * 30), round(line * 34))

    def _fill(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for row in self.rows:
            group = groups.get(row.menu)
            if group is None:
                group = QTreeWidgetItem([row.menu, ""])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[row.menu] = group
                self.list.addTopLevelItem(group)
            item = QTreeWidgetItem([row.command, row.keys])
            item.setToolTip(0, row.tip or row.command)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{row.command}: {row.keys}")
            group.addChild(item)
        self.list.expandAll()

    def listed(self) -> list[tuple[str, str]]:
        """The (command, keys) pairs shown."""
        return [(row.command, row.keys) for row in self.rows]

    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for index in range(self.list.topLevelItemCount()):
            group = self.list.topLevelItem(index)
            if group is None:
                continue
            shown = 0
            for child_index in range(group.childCount()):
                child = group.child(child_index)
                if child is None:
                    continue
                words = f"{group.text(0)} {child.text(0)} {child.text(1)}".casefold()
                hide = bool(wanted) and wanted not in words
                child.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)
