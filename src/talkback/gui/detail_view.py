"""The detail panel: the selected post or comment in full, readable, selectable and safe.

Internal ``talkback:select/ID`` links ask the window to select that post or comment; web and mail
links go to the system browser through QDesktopServices, never inside the app. ``loadResource`` is
overridden so that nothing (no image, no stylesheet, local or remote) is ever loaded. While a
search is on (:meth:`DetailView.set_highlighter`), its matched terms are highlighted and the page
scrolls to the first of them when it is below the part shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QUrl, Signal, Slot
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QTextBrowser, QWidget

from talkback.gui.detail_html import (
    FIRST_MATCH,
    SELECT_PREFIX,
    Finder,
    SpansOf,
    Theme,
    render,
    render_message,
)
from talkback.gui.focus_ring import FocusRing
from talkback.gui.formatting import Node
from talkback.gui.theme import blend, readable_mix

#: the longest line of the text, in average characters of the body font
MEASURE_CHARACTERS = 80
#: a page holding a run of this many characters without a space wraps anywhere: Qt's wrapping at
#: word boundaries takes time quadratic in a word's length (a pasted data: address of 800,000
#: characters held the window for 40 s, and again at every resize)
LONG_WORD = 5000
#: link schemes handed to the system (browser, mail client)
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


class DetailView(QTextBrowser):
    """A read-only rich-text view of one post or comment."""

    #: a ``talkback:select/ID`` link was clicked: the id to select
    node_requested = Signal(str)
    #: an external link was handed to the system
    external_link_opened = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: draws the page shown again (after a change of palette)
        self._redraw: Callable[[], None] = lambda: None
        self.setObjectName("detailView")
        self.setAccessibleName("Detail")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        # the margins that centre the text column are painted like the page
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.document().setDocumentMargin(18)
        self.anchorClicked.connect(self._on_anchor)
        #: shows that Tab stopped here (the style draws nothing around a text view)
        self.focus_ring = FocusRing(self)
        #: what opens an external link (tests replace it)
        self.open_external: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self._node: Node | None = None
        self._find: Finder | None = None
        self._spans_of: SpansOf | None = None
        self.show_message("No dump open", ["Open a page, a folder or an archive (Ctrl+O)."])

    @property
    def node(self) -> Node | None:
        """The post or comment shown, if any."""
        return self._node

    def show_node(self, node: Node, find: Finder) -> None:
        """Show ``node``; ``find`` resolves the ids of quoted and replied-to comments."""
        self._node = node
        self._find = find
        self._redraw = lambda: self._set_page(render(node, find, self.theme(), self._spans_of))
        self._redraw()
        self.verticalScrollBar().setValue(0)
        if self._spans_of is not None:
            self._scroll_to_first_match()

    def set_highlighter(self, spans_of: SpansOf | None, refresh: bool = True) -> None:
        """Highlight what ``spans_of`` finds (a search's ``Query.spans``; None: nothing), and
        (with ``refresh``) show the node again with it."""
        self._spans_of = spans_of
        if refresh and self._node is not None and self._find is not None:
            scrolled = self.verticalScrollBar().value()
            self._redraw()
            self.verticalScrollBar().setValue(scrolled)
            if spans_of is not None:
                self._scroll_to_first_match()

    def first_match_cursor(self) -> QTextCursor | None:
        """A cursor on the first highlighted match shown, if any."""
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if FIRST_MATCH in fragment.charFormat().anchorNames():
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    return cursor
                fragments += 1
            block = block.next()
        return None

    def _scroll_to_first_match(self) -> None:
        """Bring the first match into view (a third of the way down) if it is below the fold."""
        cursor = self.first_match_cursor()
        if cursor is None:
            return
        rect = self.cursorRect(cursor)
        height = self.viewport().height()
        if rect.bottom() > height:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - height // 3)

    def show_message(self, title: str, lines: list[str]) -> None:
        """Show a short message instead of a node."""
        self._node = None
        self._find = None
        self._redraw = lambda: self._set_page(render_message(title, lines, self.theme()))
        self._redraw()

    def _set_page(self, html: str) -> None:
        """Show ``html``, wrapping anywhere only if it holds an over-long word (see LONG_WORD)."""
        long_word = any(len(word) >= LONG_WORD for word in html.split())
        mode = QTextOption.WrapMode
        wanted = mode.WrapAnywhere if long_word else mode.WrapAtWordBoundaryOrAnywhere
        if self.wordWrapMode() != wanted:
            self.clear()  # else the page shown is laid out again in the new mode first
            self.setWordWrapMode(wanted)
        self.setHtml(html)

    def changeEvent(self, event: QEvent) -> None:
        """Draw the page again in the colours of a new palette (light to dark and back), or at
        the size of a new font (the user's font changed); a new font also widens the column."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            position = self.verticalScrollBar().value()
            self._redraw()
            self.verticalScrollBar().setValue(position)
        if event.type() == QEvent.Type.FontChange:
            side = self.centring_margin()
            self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep lines to a comfortable length: wider than that, the text column is centred."""
        side = self.centring_margin()
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(event)

    def centring_margin(self) -> int:
        """The margin each side of the text column that keeps it to :data:`MEASURE_CHARACTERS`.

        Worked out from the panel's own width, never from a resize event's: the viewport's resize
        events come to :meth:`resizeEvent` too, and the viewport's width is what the margins
        change (a size read from them set margins that undid themselves, without end: the window
        crashed once the panel was wider than the measure). Room for the scroll bar is kept
        whether it shows or not, so that its coming and going does not move the column.
        """
        body = QFont("Serif")
        body.setPointSizeF(Theme(base_size_pt=_point_size(self.font())).body_size_pt)
        measure = QFontMetricsF(body).averageCharWidth()
        widest = measure * MEASURE_CHARACTERS + 2 * self.document().documentMargin()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        room = self.width() - 2 * self.frameWidth() - bar
        return max(0, round((room - widest) / 2))

    def theme(self) -> Theme:
        """Colours taken from the widget's palette, so that light and dark both read well."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128

        def mix(weight: float) -> str:
            return blend(text, base, weight).name()

        # muted text (bylines, attributions) reads at WCAG AA on the page and in quotes
        shaded = blend(text, base, 0.04)
        link = palette.color(QPalette.ColorRole.Link)
        return Theme(
            text=text.name(),
            muted=readable_mix(text, [base, shaded], 0.6).name(),
            link=link.lighter(140).name() if dark and link.lightness() < 128 else link.name(),
            quote_bar=mix(0.3),
            quote_text=readable_mix(text, [shaded], 0.82).name(),
            quote_background=shaded.name(),
            body_font=_family(QFont("Serif"), "serif"),
            ui_font=_family(self.font(), "sans-serif"),
            base_size_pt=_point_size(self.font()),
        )

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Never load anything: the page references nothing, and a dump must not make it."""
        return None

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith(SELECT_PREFIX):
            self.node_requested.emit(text[len(SELECT_PREFIX) :])
        elif url.scheme().lower() in EXTERNAL_SCHEMES:
            self.open_external(url)
            self.external_link_opened.emit(url)


def _point_size(font: QFont) -> float:
    """The size of ``font`` in points (also when it was given in pixels)."""
    return font.pointSizeF() if font.pointSizeF() > 0 else QFontInfo(font).pointSizeF()


def _family(font: QFont, fallback: str) -> str:
    """A CSS font-family list for ``font`` as Qt resolves it on this system."""
    family = QFontInfo(font).family()
    return f"'{family}', {fallback}" if family else fallback
