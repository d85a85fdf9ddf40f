"""Help > Search Syntax: the query language's page (``resources/help/search-syntax.html``) in a
non-modal window.

The page is shown by a QTextBrowser that loads nothing: no image, stylesheet or page, local or
remote (``loadResource`` answers nothing); links to the web go to the system browser.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from talkback.gui.focus_ring import FocusRing
from talkback.gui.sizing import text_size
from talkback.resources import resource

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


class HelpBrowser(QTextBrowser):
    """A QTextBrowser that never loads a resource and sends web links to the system."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.focus_ring = FocusRing(self)  # the style shows no focus around a text view

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Nothing is loaded, local or remote."""
        return None

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme().lower() in EXTERNAL_SCHEMES:
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.scrollToAnchor(url.fragment())


class SearchSyntaxDialog(QDialog):
    """The search syntax help page in its own window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchSyntaxDialog")
        self.setWindowTitle("Search Syntax — Talkback")
        self.setModal(False)
        self.resize(text_size(self, 108, 42))
        self.browser = HelpBrowser(self)
        self.browser.setObjectName("searchSyntax")
        self.browser.setAccessibleName("Search syntax")
        page = resource("help", "search-syntax.html").read_text(encoding="utf-8")
        self.browser.setHtml(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
