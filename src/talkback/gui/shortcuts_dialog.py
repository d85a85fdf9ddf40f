"""Help > Keyboard Shortcuts: every shortcut of the window, read from its actions.

The list is built each time from the QActions themselves (the menus, in menu order, then any action
that is in no menu), so it can never disagree with what the keys do. Each command shows its main
key, the one its menu shows; the others Qt gives it (Ctrl+Ins for Copy, the keypad's Enter, the
Copy or Open key of some keyboards) are listed after it in a muted "Also" column.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QKeyCombination, QSize, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QPalette
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

from talkback.gui.search_bar import name_clear_button
from talkback.gui.sizing import within_screen


@dataclass(frozen=True, slots=True)
class ShortcutRow:
    """One command: the menu it is in, its name, and its keys as the system writes them (all of
    them; the main one; the others)."""

    menu: str
    command: str
    keys: str
    tip: str
    main: str = ""
    also: str = ""


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersands and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(key.toString(native) for key in action.shortcuts() if not key.isEmpty())


def key_name(key: QKeySequence) -> str:
    """``key`` as the system writes it, with the keys of only some keyboards said to be keys:
    ``keypad Enter``, ``Copy key`` (Qt writes these ``Enter``, ``Copy``, like commands)."""
    text = key.toString(QKeySequence.SequenceFormat.NativeText)
    if key.count() != 1:
        return text
    pressed: QKeyCombination = key[0]  # type: ignore[index]  # the stubs lack __getitem__
    if pressed.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        return text
    code = pressed.key()
    if code == Qt.Key.Key_Enter:
        return "keypad Enter"
    if code == Qt.Key.Key_Help or code.value >= Qt.Key.Key_Back.value:  # the "special keys"
        return f"{text} key"
    return text


def _row(menu: str, action: QAction) -> ShortcutRow:
    names = [key_name(key) for key in action.shortcuts() if not key.isEmpty()]
    return ShortcutRow(menu, _plain(action.text()), _keys(action), action.statusTip(),
                       names[0], ", ".join(names[1:]))  # fmt: skip


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
                rows.append(_row(path, action))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(menu.title()))
    for action in window.findChildren(QAction):
        if id(action) not in seen and _keys(action) and action.text():
            seen.add(id(action))
            rows.append(_row("Other", action))
    return rows


class ShortcutsDialog(QDialog):
    """A list of every keyboard shortcut, grouped by menu, with a filter field: each command's
    main key, then (muted) its other keys."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts — Talkback")
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by command or key")
        self.filter.setAccessibleName("Filter shortcuts")
        name_clear_button(self.filter, "Clear filter", "Show every shortcut")
        self.filter.textChanged.connect(self._apply_filter)
        layout.addWidget(self.filter)
        self.list = QTreeWidget(self)
        self.list.setObjectName("shortcutsList")
        self.list.setAccessibleName("Keyboard shortcuts")
        self.list.setHeaderLabels(["Command", "Key", "Also"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(False)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.rows = shortcut_rows(window)
        self._fill()
        line = self.fontMetrics().height()
        self.resize(within_screen(self, QSize(round(line * 36), round(line * 34))))

    def _fill(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        muted = self.palette().brush(QPalette.ColorRole.PlaceholderText)
        for row in self.rows:
            group = groups.get(row.menu)
            if group is None:
                group = QTreeWidgetItem([row.menu, "", ""])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[row.menu] = group
                self.list.addTopLevelItem(group)
            item = QTreeWidgetItem([row.command, row.main, row.also])
            item.setToolTip(0, row.tip or row.command)
            item.setForeground(2, muted)
            if row.also:
                item.setToolTip(2, f"{row.command} also has these keys: {row.also}")
            spoken = f"{row.command}: {row.main}" + (f", also {row.also}" if row.also else "")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, spoken)
            group.addChild(item)
        self.list.expandAll()

    def listed(self) -> list[tuple[str, str]]:
        """The (command, keys) pairs listed, with every key of each command."""
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
                words = " ".join(child.text(column) for column in range(3))
                words = f"{group.text(0)} {words}".casefold()
                hide = bool(wanted) and wanted not in words
                child.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)
