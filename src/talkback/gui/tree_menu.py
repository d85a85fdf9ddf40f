"""The tree's context menu, and the copy commands it offers.

A right click makes the row under the pointer current, then offers: Export Thread…, Copy ID,
Copy Page Link (the web address of the post's page, when the dump gives one), Copy (the text
with its author), and Expand or Collapse for the row's thread. The menu holds the window's own
actions, so each shows its shortcut and does exactly what the menu bar's entry does.

The menu key (and Shift+F10) show it for the current row, just below the row, which is scrolled
into sight first when it is not (Qt would put the menu where the row is, far above or below the
view, and make the row under that point current: the row below the current one).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QStatusBar

from talkback.core.model import Post
from talkback.gui.formatting import Node
from talkback.gui.thread_view import ThreadView


def page_link(node: Node) -> str | None:
    """The web address of the page a post or comment is on, when the dump gives one.

    (A comment's own ``url`` is its author's website in blog exports, not a link to it.)
    """
    post = node if isinstance(node, Post) else node.post
    return post.url or None if post is not None else None


class TreeMenu(QObject):
    """Builds and shows the tree's context menu; carries out Copy ID and Copy Link."""

    def __init__(
        self,
        tree: ThreadView,
        status_bar: QStatusBar,
        export_thread: QAction,
        copy_id: QAction,
        copy_link: QAction,
        others: list[QAction],
    ) -> None:
        super().__init__(tree)
        self.tree = tree
        self.status_bar = status_bar
        self.export_thread = export_thread
        self.copy_id = copy_id
        self.copy_link = copy_link
        self.others = others
        #: what shows the menu (tests replace it so that nothing blocks)
        self.popup: Callable[[QMenu, QPoint], object] = QMenu.exec
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self.show_at)
        tree.installEventFilter(self)
        copy_id.triggered.connect(self.copy_current_id)
        copy_link.triggered.connect(self.copy_current_link)
        tree.node_changed.connect(self._update_actions)
        self._update_actions(None)

    def menu(self) -> QMenu:
        """The menu for the current row."""
        menu = QMenu(self.tree)
        menu.setObjectName("treeMenu")
        menu.addAction(self.export_thread)
        menu.addSeparator()
        menu.addActions([self.copy_id, self.copy_link])
        menu.addSeparator()
        menu.addActions(self.others)
        return menu

    @Slot(QPoint)
    def show_at(self, position: QPoint) -> None:
        """Make the row at ``position`` (viewport coordinates) current and show the menu there."""
        index = self.tree.indexAt(position)
        if not index.isValid():
            return
        self.tree.setCurrentIndex(index)
        menu = self.menu()
        self.popup(menu, self.tree.viewport().mapToGlobal(position))
        menu.deleteLater()

    @Slot()
    def show_for_current(self) -> None:
        """Show the menu for the current row, just below it, scrolling it into sight first."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        row = self.tree.visualRect(index)
        viewport = self.tree.viewport().rect()
        left = min(max(row.left(), viewport.left()), viewport.right())
        top = min(max(row.bottom() + 1, viewport.top()), viewport.bottom())
        menu = self.menu()
        self.popup(menu, self.tree.viewport().mapToGlobal(QPoint(left, top)))
        menu.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The tree's menu asked for from the keyboard: the menu key, or Shift+F10."""
        if watched is not self.tree:
            return False
        from_menu_key = (
            isinstance(event, QContextMenuEvent)
            and event.reason() == QContextMenuEvent.Reason.Keyboard
        )
        shift_f10 = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_F10
            and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        )
        if from_menu_key or shift_f10:
            self.show_for_current()
            return True
        return False

    @Slot()
    def copy_current_id(self) -> None:
        """Copy the current post's or comment's id (``p1-c3``)."""
        node = self.tree.current_node()
        if node is not None:
            QGuiApplication.clipboard().setText(node.id)
            self.status_bar.showMessage(f"Copied the id {node.id}", 4000)

    @Slot()
    def copy_current_link(self) -> None:
        """Copy the web address of the current post's or comment's page."""
        node = self.tree.current_node()
        link = page_link(node) if node is not None else None
        if node is not None and link:
            QGuiApplication.clipboard().setText(link)
            self.status_bar.showMessage(f"Copied {link}", 4000)

    @Slot(object)
    def _update_actions(self, node: Node | None) -> None:
        self.export_thread.setEnabled(node is not None)
        self.copy_id.setEnabled(node is not None)
        self.copy_link.setEnabled(node is not None and page_link(node) is not None)
