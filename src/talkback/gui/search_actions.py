"""The search and export commands as QActions, and their places in the menus.

Find (Ctrl+F), Find Next (F3) and Find Previous (Shift+F3), Clear Search (Esc), Export Thread…
(Ctrl+E), Export Search Results…, Copy ID and Copy Page Link, Authors (Ctrl+Shift+U) and
Help > Search Syntax. The window connects them; this module names them, gives them their
shortcuts and tooltips, and slots them into the menus that
:func:`talkback.gui.actions.build_menus` made.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from talkback.gui.actions import find_menu, make_action


@dataclass(frozen=True, slots=True)
class SearchActions:
    """The window's search and export actions."""

    find: QAction
    find_next: QAction
    find_previous: QAction
    clear_search: QAction
    export_thread: QAction
    export_results: QAction
    copy_id: QAction
    copy_link: QAction
    search_syntax: QAction


def build_search_actions(window: QWidget) -> SearchActions:
    """Create the actions (on ``window``, so that their shortcuts work everywhere in it)."""
    key = QKeySequence.StandardKey
    actions = SearchActions(
        find=make_action(window, "&Find…", [key.Find], "Search the posts and comments", "find"),
        find_next=make_action(window, "Find &Next", ["F3"], "The next match", "findNext"),
        find_previous=make_action(
            window, "Find Pre&vious", ["Shift+F3"], "The previous match", "findPrevious"
        ),
        clear_search=make_action(
            window, "Cl&ear Search", ["Esc"], "Show every post and comment again", "clearSearch"
        ),
        export_thread=make_action(
            window,
            "&Export Thread…",
            ["Ctrl+E"],
            "Save the selected post or thread as HTML, Markdown or JSON",
            "exportThread",
        ),
        export_results=make_action(
            window,
            "Export &Search Results…",
            [],
            "Save the matches of the current search as one HTML page",
            "exportResults",
        ),
        copy_id=make_action(
            window, "Copy &ID", [], "Copy the id of the selected post or comment", "copyId"
        ),
        copy_link=make_action(
            window,
            "Copy Page &Link",
            [],
            "Copy the web address of the page the selected post or comment is on",
            "copyLink",
        ),
        search_syntax=make_action(
            window, "&Search Syntax", [], "How to write a search query", "searchSyntax"
        ),
    )
    for action in (
        actions.find_next,
        actions.find_previous,
        actions.clear_search,
        actions.export_results,
    ):
        action.setEnabled(False)
    return actions


def add_to_menus(menu_bar: QMenuBar, actions: SearchActions, authors: QAction) -> None:
    """File: the exports, before Quit; Edit: find and copy; View: Authors; Help: Search Syntax
    (before About, which ends the menu)."""
    file_menu = find_menu(menu_bar, "&File")
    quit_action = next(
        (action for action in file_menu.actions() if action.objectName() == "quit"), None
    )
    if quit_action is not None:
        file_menu.insertActions(quit_action, [actions.export_thread, actions.export_results])
        file_menu.insertSeparator(quit_action)
    else:
        file_menu.addActions([actions.export_thread, actions.export_results])

    edit_menu = find_menu(menu_bar, "&Edit")
    edit_menu.addActions([actions.copy_id, actions.copy_link])
    edit_menu.addSeparator()
    edit_menu.addActions(
        [actions.find, actions.find_next, actions.find_previous, actions.clear_search]
    )

    view_menu = find_menu(menu_bar, "&View")
    view_menu.addSeparator()
    view_menu.addAction(authors)

    help_menu = find_menu(menu_bar, "&Help")
    items = help_menu.actions()
    about = next((place for place, item in enumerate(items) if item.objectName() == "about"), None)
    if about is not None:  # with Keyboard Shortcuts, above About (and its separator)
        before = about - 1 if about > 0 and items[about - 1].isSeparator() else about
        help_menu.insertAction(items[before], actions.search_syntax)
    else:
        help_menu.addAction(actions.search_syntax)
