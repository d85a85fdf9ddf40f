"""The window's commands beyond browsing: the Reading and Overview tabs, Show All Comments, Open
the Sample, Keyboard Shortcuts and About, each in its menu with its shortcut and tooltip.

They are added to the menus :mod:`talkback.gui.actions` builds (found by title; a missing menu, such
as Help, is created), so every shortcut shows in a menu and in Help > Keyboard Shortcuts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenuBar, QWidget

from talkback.gui.about_dialog import AboutDialog
from talkback.gui.actions import find_menu, make_action
from talkback.gui.index_action import (
    IndexBuilder,
    install_index_cache_action,
    show_index_failure,
)
from talkback.gui.shortcuts_dialog import ShortcutsDialog
from talkback.resources import sample_page

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class ExtraActions:
    """The window's extra actions."""

    open_sample: QAction
    build_index: QAction
    show_reading: QAction
    show_overview: QAction
    show_all: QAction
    shortcuts: QAction
    about: QAction


def _action(owner: QWidget, text: str, keys: str, tip: str, name: str) -> QAction:
    return make_action(owner, text, [keys] if keys else [], tip, name)


def build_extra_actions(window: QWidget) -> ExtraActions:
    """Create the actions (the window connects them)."""
    return ExtraActions(
        open_sample=_action(
            window, "Open the Sam&ple", "", "Open the bundled sample page", "openSample"
        ),
        build_index=_action(
            window,
            "Build &Index",
            "",
            "Index the open dump so that it reopens and searches fast (as talkback index does)",
            "buildIndex",
        ),
        show_reading=_action(
            window, "&Reading Panel", "Ctrl+1", "Show the selected post or comment", "showReading"
        ),
        show_overview=_action(
            window, "O&verview", "Ctrl+2", "Show charts of the post or the dump", "showOverview"
        ),
        show_all=_action(
            window,
            "Show All &Comments",
            "Ctrl+Shift+A",
            "Remove every filter of the tree",
            "showAll",
        ),
        shortcuts=_action(
            window, "&Keyboard Shortcuts", "Ctrl+/", "List every keyboard shortcut", "shortcuts"
        ),
        about=_action(window, "&About Talkback", "", "Version, supported inputs, license", "about"),
    )


def add_extra_menus(menu_bar: QMenuBar, actions: ExtraActions) -> None:
    """File > Open the Sample, View > Reading Panel / Overview / Show All Comments, and Help."""
    file_menu = find_menu(menu_bar, "&File")
    separators = [action for action in file_menu.actions() if action.isSeparator()]
    if separators:
        file_menu.insertAction(separators[0], actions.open_sample)
        file_menu.insertAction(separators[-1], actions.build_index)
    else:
        file_menu.addActions([actions.open_sample, actions.build_index])
    view_menu = find_menu(menu_bar, "&View")
    view_menu.addSeparator()
    view_menu.addActions([actions.show_reading, actions.show_overview, actions.show_all])
    help_menu = find_menu(menu_bar, "&Help")
    if help_menu.actions():
        help_menu.addSeparator()
    help_menu.addAction(actions.shortcuts)
    help_menu.addSeparator()
    help_menu.addAction(actions.about)


def install_extra_actions(window: MainWindow) -> ExtraActions:
    """Create the extra actions of ``window``, add them to its menus and connect them."""
    actions = build_extra_actions(window)
    add_extra_menus(window.menuBar(), actions)
    workspace = window.workspace
    actions.open_sample.triggered.connect(lambda: window.open_dump(str(sample_page())))
    _connect_index_builder(window, actions.build_index)
    install_index_cache_action(window, lambda: window.path)
    actions.show_reading.triggered.connect(workspace.show_reading)
    actions.show_overview.triggered.connect(workspace.show_overview)
    actions.show_all.triggered.connect(lambda: window.filters.clear())
    actions.shortcuts.triggered.connect(lambda: _show_once(window, ShortcutsDialog(window)))
    actions.about.triggered.connect(
        lambda: _show_once(window, AboutDialog(window.settings.location, window))
    )
    return actions


def _connect_index_builder(window: MainWindow, action: QAction) -> None:
    """File > Build Index: enabled while a dump is open; cancelled when it closes or changes."""
    builder = IndexBuilder(window)  # owned by the window; its closeEvent shuts it down
    action.setEnabled(False)

    def build() -> None:
        if window.path is not None:
            builder.build(window.path)

    action.triggered.connect(build)
    builder.message.connect(lambda text: window.statusBar().showMessage(text, 15_000))
    builder.failed.connect(lambda line: show_index_failure(window, line))
    window.load_finished.connect(lambda: action.setEnabled(window.path is not None))
    window.loader.started.connect(builder.cancel)
    window.loader.started.connect(lambda *_: action.setEnabled(False))


def _show_once(window: MainWindow, dialog: QDialog) -> None:
    """Show ``dialog`` (non-modal), replacing an open one of the same kind."""
    for old in window.findChildren(type(dialog)):
        if old is not dialog:
            old.close()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
