"""The line above the tree while a big dump's posts are listed from its index as it is built.

Once the build has ended its first batch, the window leaves the indexing panel and lists the
posts written so far (:meth:`~talkback.gui.main_window.MainWindow.show_growing`), more as the
build goes on; any of them can be read at once. :class:`IndexingBanner` says meanwhile how far the
build has got and that searching waits for its end (the status bar's loading corner has the
progress bar and Cancel). When the index is finished the dump opens from it and the banner goes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from talkback.gui.auto_index import IndexingState
from talkback.gui.formatting import plural


class IndexingBanner(QLabel):
    """How far indexing has got, above the posts listed so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexingBanner")
        self.setAccessibleName("Indexing")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        line = self.fontMetrics().height()
        self.setContentsMargins(round(line * 0.4), round(line * 0.2), 4, round(line * 0.2))
        self.hide()

    def set_progress(self, state: IndexingState) -> None:
        """Show how far indexing has got."""
        fraction = state.fraction
        share = f"Indexing: {fraction:.0%} read" if fraction is not None else "Indexing"
        self.setText(
            f"{share}, {plural(state.posts, 'post')} so far. Posts are listed as they are "
            "indexed; searching waits for the end."
        )
