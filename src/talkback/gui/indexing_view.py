"""The panel the window shows while it indexes a big dump before opening it: the dump's name and
size, a bar filling as the dump is read, the posts and comments indexed so far, the MB read and the
time taken, with **Cancel** and **Open Without Index** (:mod:`talkback.gui.indexing_panel` wires it
into the window).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from talkback.core.text import name_label
from talkback.gui.auto_index import MB, IndexingState
from talkback.gui.formatting import breakable, plain_tooltip, plural
from talkback.index import cache_dir

#: the width of the panel's column, in lines of text
COLUMN_LINES = 32


def megabytes(size: int) -> str:
    """``size`` bytes as ``1,204 MB`` (or ``0.4 MB`` below one)."""
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / MB:.1f} MB"


def clock(seconds: float) -> str:
    """``seconds`` as ``0:07`` or ``12:34`` (minutes and seconds)."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class IndexingPanel(QWidget):
    """The progress of an index build, centred in the window, with Cancel and Open Without Index."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexingPanel")
        self.setAccessibleName("Indexing")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        line = self.fontMetrics().height()
        column = QWidget(self)
        column.setFixedWidth(round(line * COLUMN_LINES))
        layout = QVBoxLayout(column)
        layout.setSpacing(round(line * 0.6))
        self.title = QLabel(column)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a file may be named <u>…
        self.title.setObjectName("indexingTitle")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.explanation = QLabel(column)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setObjectName("indexingExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.bar = QProgressBar(column)
        self.bar.setObjectName("indexingProgress")
        self.bar.setAccessibleName("Indexing progress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(round(line * 0.7))
        self._tint_bar()
        self.counts = QLabel(column)
        self.counts.setObjectName("indexingCounts")
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.cancel_button = QPushButton("Cancel", column)
        self.cancel_button.setObjectName("cancelIndexing")
        self.cancel_button.setToolTip(
            "Stop indexing and open nothing; what is indexed so far is kept for next time (Esc)"
        )
        self.memory_button = QPushButton("Open &Without Index", column)
        self.memory_button.setObjectName("openWithoutIndex")
        self.memory_button.setToolTip(
            "Stop indexing and read the whole dump into memory, as for a small dump"
        )
        for button in (self.cancel_button, self.memory_button):
            button.setMinimumHeight(round(line * 2.2))
            button.setMinimumWidth(button.sizeHint().width() + line)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._size_shown = 0
        self.hint = QLabel(
            "Cancel (Esc) opens nothing; what is indexed so far is kept, and the next open goes "
            "on from there. Open Without Index reads the whole dump into memory, as for a small "
            "one: it may need several times its size.",
            column,
        )
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for widget in (self.title, self.explanation):
            layout.addWidget(widget)
        layout.addSpacing(round(line * 0.4))
        layout.addWidget(self.bar)
        layout.addWidget(self.counts)
        layout.addSpacing(round(line * 0.4))
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        margins = layout.contentsMargins()
        self._inner_width = column.width() - margins.left() - margins.right()
        self.hint.setMinimumHeight(self.hint.heightForWidth(self._inner_width))
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)
        #: the last progress reported, and when the build started: the clock goes on between
        #: reports (a dump of one big page reports nothing until that page is parsed)
        self._state: IndexingState | None = None
        self._started = 0.0
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        # a coarse timer may fire 5 % early, and a second may then be shown late by a tick
        self._clock.setTimerType(Qt.TimerType.PreciseTimer)
        self._clock.timeout.connect(self._tick)

    def changeEvent(self, event: QEvent) -> None:
        """Keep the bar's groove visible in a new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "bar"):
            self._tint_bar()

    def _tint_bar(self) -> None:
        """The bar's groove is painted in the Base colour, which the panel is too: use the
        button colour, so that the part still to read shows in either palette."""
        palette = QPalette(self.bar.palette())
        palette.setColor(QPalette.ColorRole.Base, self.palette().color(QPalette.ColorRole.Button))
        self.bar.setPalette(palette)

    def start(self, dump: str, size: int) -> None:
        """Show the start of indexing ``dump`` of ``size`` bytes (at least: a folder's files are
        added up only as far as the threshold; the whole size is shown once reading says it)."""
        name = name_label(Path(dump).name or dump)
        self.title.setText(breakable(f"Indexing {name}"))  # a long name wraps in the column
        self.title.setMinimumHeight(self.title.heightForWidth(self._inner_width))  # every line
        self.title.setToolTip(plain_tooltip(name_label(dump)))
        self._explain(size, at_least=Path(dump).is_dir())
        self.bar.setRange(0, 0)
        self.counts.setText("Starting…")
        self._state, self._started = None, time.monotonic()
        self._clock.start()
        self.cancel_button.setFocus()

    def _explain(self, size: int, *, at_least: bool = False) -> None:
        """Say why the dump is indexed; ``at_least``: ``size`` is where adding up stopped."""
        self._size_shown = size
        more = " or more" if at_least else ""
        self.explanation.setText(
            f"At {megabytes(size)}{more}, this dump is too big to read into memory at once. "
            f"Talkback indexes it first, in {_home_as_tilde(cache_dir())}, and then opens it from "
            "the index a post at a time, now and every later time, in about a second."
        )
        self.explanation.setMinimumHeight(self.explanation.heightForWidth(self._inner_width))

    def set_progress(self, state: IndexingState) -> None:
        """Show how far indexing has got."""
        if state.bytes_total and state.bytes_total != self._size_shown:
            self._explain(state.bytes_total)
        fraction = state.fraction
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(fraction * 1000))
        self._state = state
        self._show_counts()
        if not self._clock.isActive():
            self._clock.start()

    @Slot()
    def _tick(self) -> None:
        if self.isVisible():
            self._show_counts()
        else:
            self._clock.stop()

    def _show_counts(self) -> None:
        """Say how far the build has got, with the time taken up to now."""
        seconds = time.monotonic() - self._started
        if self._state is None:
            self.counts.setText(f"Reading… · {clock(seconds)} so far")
        else:
            state = replace(self._state, seconds=max(self._state.seconds, seconds))
            self.counts.setText(progress_line(state))


def progress_line(state: IndexingState) -> str:
    """``1,234 posts · 56,789 comments · 120 of 1,024 MB read · 0:42 so far``."""
    read = megabytes(state.bytes_read)
    if state.bytes_total:
        read = (
            f"{megabytes(state.bytes_read).removesuffix(' MB')} of {megabytes(state.bytes_total)}"
        )
    parts = [plural(state.posts, "post"), plural(state.comments, "comment"), f"{read} read"]
    line = " · ".join([*parts, f"{clock(state.seconds)} so far"])
    if state.resumed:  # the posts before it were indexed by an earlier, stopped build
        line += f"\ngoing on from {plural(state.resumed, 'post')} indexed before"
    return line


def _home_as_tilde(folder: Path) -> str:
    """``folder``, with the home folder written ``~``."""
    try:
        return f"~/{folder.relative_to(Path.home())}"
    except ValueError:
        return str(folder)
