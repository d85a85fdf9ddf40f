"""Every command of the window as a QAction with its shortcut, and the menus that list them.

The window connects the actions to what they do; this module only names them, gives them their
shortcuts and tooltips, and lays out the menu bar, so that every shortcut is visible in a menu.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

Shortcut = QKeySequence | QKeySequence.StandardKey | str


@dataclass(frozen=True, slots=True)
class Actions:
    """The window's actions."""

    open: QAction
    open_folder: QAction
    reload: QAction
    close: QAction
    quit: QAction
    copy: QAction
    show_problems: QAction
    cancel_load: QAction
    toggle_thread: QAction
    expand_thread: QAction
    collapse_thread: QAction
    expand_all: QAction
    collapse_all: QAction
    next_comment: QAction
    previous_comment: QAction
    parent: QAction


def _action(owner: QWidget, text: str, shortcuts: list[Shortcut], tip: str, name: str) -> QAction:
    action = QAction(text, owner)
    action.setObjectName(name)
    keys: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(shortcut))
        else:
            keys.append(QKeySequence(shortcut))
    action.setShortcuts(keys)
    shown = f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})" if keys else ""
    action.setToolTip(tip + shown)
    action.setStatusTip(tip)
    owner.addAction(action)
    return action


#: for modules adding actions of their own (search, export, overview, help)
make_action = _action


def find_menu(menu_bar: QMenuBar, title: str) -> QMenu:
    """The menu bar's menu titled ``title`` (mnemonics ignored), created at the end if missing."""
    wanted = title.replace("&", "")
    for action in menu_bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == wanted:
            return menu
    return menu_bar.addMenu(title)


def build_actions(window: QWidget, tree: QWidget) -> Actions:
    """Create the actions; tree-only keys (Enter, *, -) work while the tree has the focus."""
    key = QKeySequence.StandardKey
    actions = Actions(
        open=_action(window, "&Open…", [key.Open], "Open a page, archive or export", "open"),
        open_folder=_action(
            window, "Open &Folder…", ["Ctrl+Shift+O"], "Open a folder of pages", "openFolder"
        ),
        reload=_action(window, "&Reload", ["F5"], "Read the open dump again", "reload"),
        close=_action(window, "&Close", ["Ctrl+W"], "Close the open dump", "close"),
        quit=_action(window, "&Quit", ["Ctrl+Q"], "Quit Talkback", "quit"),
        copy=_action(
            window,
            "&Copy",
            [key.Copy],
            "Copy the selection, or the comment with its author",
            "copy",
        ),
        show_problems=_action(
            window,
            "Show &Problems…",
            ["Ctrl+Shift+P"],
            "List what could not be read in the dump",
            "showProblems",
        ),
        cancel_load=_action(window, "Cancel &Loading", ["Esc"], "Stop reading the dump", "cancel"),
        toggle_thread=_action(
            tree, "&Expand or Collapse", ["Return", "Enter"], "Open or close the row", "toggle"
        ),
        expand_thread=_action(
            tree, "Expand &Thread", ["*"], "Expand every reply below the row", "expandThread"
        ),
        collapse_thread=_action(
            tree, "Collapse T&hread", ["-"], "Collapse the thread of the row", "collapseThread"
        ),
        expand_all=_action(window, "Expand &All", ["Ctrl+*"], "Expand every thread", "expandAll"),
        collapse_all=_action(
            window, "C&ollapse All", ["Ctrl+Shift+E"], "Collapse every thread", "collapseAll"
        ),
        next_comment=_action(
            window, "&Next Comment", ["N"], "The next comment in page order", "nextComment"
        ),
        previous_comment=_action(
            window, "&Previous Comment", ["P"], "The previous comment in page order", "prevComment"
        ),
        parent=_action(
            window,
            "&Replied-to Comment",
            ["U"],
            "The comment or post this one replies to",
            "parent",
        ),
    )
    for action in (actions.toggle_thread, actions.expand_thread, actions.collapse_thread):
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    actions.cancel_load.setEnabled(False)
    return actions


def build_menus(menu_bar: QMenuBar, actions: Actions, recent_menu: QMenu) -> None:
    """File, Edit, View and Go menus."""
    file_menu = menu_bar.addMenu("&File")
    file_menu.addActions([actions.open, actions.open_folder])
    file_menu.addMenu(recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([actions.reload, actions.cancel_load, actions.close])
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    edit_menu = menu_bar.addMenu("&Edit")
    edit_menu.addAction(actions.copy)

    view_menu = menu_bar.addMenu("&View")
    view_menu.addActions([actions.toggle_thread, actions.expand_thread, actions.collapse_thread])
    view_menu.addSeparator()
    view_menu.addActions([actions.expand_all, actions.collapse_all])
    view_menu.addSeparator()
    view_menu.addAction(actions.show_problems)

    go_menu = menu_bar.addMenu("&Go")
    go_menu.addActions([actions.next_comment, actions.previous_comment, actions.parent])
