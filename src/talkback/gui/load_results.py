"""What the window shows while the loader reads a dump, and once it has ended.

Posts go into the tree batch by batch: the first post is expanded (fully when it is not too big)
and made current, unless a selection was asked for (:attr:`MainWindow.pending_select`, also rows to
open again after a reload, :attr:`MainWindow.pending_expand`); the dump joins the recent files once
it gives a post. Problems are counted in the status bar. At the end the status bar says how much
was read and how fast, or the detail panel and a message box say why nothing could be; a cancelled
load keeps what it read, or leaves no dump open when that is nothing.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from talkback.core.model import Post, Problem
from talkback.core.text import name_label
from talkback.gui.formatting import plural, reply_count
from talkback.gui.status import open_error_box

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow

#: a post with at most this many comments is shown fully expanded when it is the first one loaded
EXPAND_FULLY_UP_TO = 3000


class LoadResults(QObject):
    """Shows in ``window`` what its loader reads, and how the load ended."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.tree = window.tree
        self._started = 0.0
        loader = window.loader
        loader.posts_loaded.connect(self._on_posts)
        loader.problems_found.connect(self._on_problems)
        loader.progress.connect(window.status.set_progress)
        loader.failed.connect(self.show_failure)
        loader.finished.connect(self._on_finished)
        loader.cancelled.connect(self._on_cancelled)

    def begin(self, path: str) -> None:
        """A load of ``path`` starts now: say so, and time it."""
        self.set_loading(True, path)
        self._started = time.monotonic()

    def set_loading(self, loading: bool, path: str = "") -> None:
        """Show whether a load of ``path`` is under way (the status bar, Cancel, searching)."""
        window = self.window
        window.status.set_loading(loading, path)
        window.commands.cancel_load.setEnabled(loading)
        window.features.set_loading(loading)

    @Slot(object)
    def _on_posts(self, posts: list[Post]) -> None:
        window = self.window
        first_batch = not self.model.archive.posts
        self.model.append_posts(posts)
        if first_batch and window.path is not None:  # it opens: a recent file (not one that fails)
            window.recent.add(window.path)
        if first_batch and not window.pending_select:  # else the view goes to what is asked for
            first = self.model.archive.posts[0]
            index = self.model.index_of(first)
            unread = window.lazy.unread(first)
            if unread is not None and reply_count(first) <= EXPAND_FULLY_UP_TO:
                self.tree.expand(index)
                window.lazy.fetcher.fetch(unread, lambda: self._expand_fully(first))
            elif reply_count(first) <= EXPAND_FULLY_UP_TO:
                self.tree.expandRecursively(index)
            else:
                self.tree.expand(index)
            self.tree.setCurrentIndex(index)
        if window.pending_expand:
            window.pending_expand = self.tree.expand_ids(window.pending_expand)
        if window.pending_select:
            self._select_pending()

    def _expand_fully(self, post: Post) -> None:
        index = self.model.index_of(post)
        if index.isValid() and self.tree.isExpanded(index):
            self.tree.expandRecursively(index)

    def _select_pending(self) -> bool:
        window = self.window
        node = self.model.find(window.pending_select) if window.pending_select else None
        if node is None:
            if window.pending_select and not window.loader.is_loading:
                wanted, window.pending_select = window.pending_select, None
                if window.lazy.select_id(wanted):
                    return True
                window.pending_select = wanted
            return False
        window.pending_select = None
        self.tree.select_node(node)
        return True

    @Slot(object)
    def _on_problems(self, problems: list[Problem]) -> None:
        window = self.window
        self.model.add_problems(problems)
        window.status.set_problem_count(len(self.model.archive.problems))
        if window.problems_dialog is not None and window.problems_dialog.isVisible():
            window.fill_problems()

    @Slot(str)
    def show_failure(self, message: str) -> None:
        """The dump could not be read (``message`` names it and the problem): say so."""
        window = self.window
        window.last_error = message
        window.detail.show_message("Could not open the dump", [message])
        window.statusBar().showMessage(message)
        if window.path and not Path(window.path).exists():
            window.recent.remove(window.path)
        if not self.model.archive.posts:  # nothing of it is shown: no dump is open
            window.path = None
            window.update_title()
        open_error_box(window, "Talkback could not open this dump.", message)

    @Slot()
    def _on_finished(self) -> None:
        window = self.window
        self.set_loading(False)
        window.pending_expand = set()
        archive = self.model.archive
        if not archive.posts and window.last_error is None:
            first = archive.problems[0] if archive.problems else None
            name = name_label(window.path or "")
            reason = str(first) if first else f"{name}: no posts or comments found"
            self.show_failure(reason)
        elif archive.posts:
            seconds = time.monotonic() - self._started
            counts = f"{plural(len(archive.posts), 'post')}, " + plural(
                self.model.comment_total, "comment"
            )
            where = " from its index" if window.lazy.active else ""
            window.statusBar().showMessage(f"Read {counts}{where} in {seconds:.1f} s", 8000)
        if window.pending_select and not self._select_pending():
            window.statusBar().showMessage(f"No post or comment with id {window.pending_select}")
        window.load_finished.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        window = self.window
        self.set_loading(False)
        window.pending_expand = set()
        if window.path is not None and not self.model.archive.posts:
            name = name_label(Path(window.path).name)
            window.close_dump()  # nothing of it is shown: no dump is open
            window.statusBar().showMessage(
                f"Loading cancelled: {name} was not opened, nothing of it was read yet"
            )
        elif window.path is not None:
            shown = plural(len(self.model.archive.posts), "post")
            window.statusBar().showMessage(f"Loading cancelled; {shown} read before that are shown")
        window.load_finished.emit()
