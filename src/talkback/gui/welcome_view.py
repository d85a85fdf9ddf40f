"""The welcome view, shown while no dump is open: open a file, a folder, a recent one or the sample.

It names the kinds of dump Talkback reads and invites a drop (the window itself takes the drop).
The recent files are links (Tab moves between them, Enter opens one); a file that has gone since is
listed greyed, with the reason. In a low window they scroll, three of them always in sight, so
that the view fits a window of 800×480. A dump that could not be read leaves its message here.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from talkback.core.text import name_label
from talkback.gui.formatting import breakable, plain_tooltip
from talkback.gui.icons import app_icon, line_icon
from talkback.gui.opening import DUMP_FILTERS, RecentFiles
from talkback.gui.recent_lines import RecentArea, RecentLink
from talkback.gui.theme import muted

#: the kinds of dump Talkback reads, as the Open dialog's filters name them
SUPPORTED = " · ".join(
    label.replace(" ", "\u00a0")  # each kind kept on one line
    for label in [*(label for label, _patterns in DUMP_FILTERS), "folders of pages"]
)


#: the width of the welcome column, in lines of text (about 70 characters)
COLUMN_LINES = 32
#: what a recent file that has gone since says after its folder
GONE = " (no longer there)"


class IconView(QWidget):
    """The app icon, painted from its SVG at the screen's full resolution."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)
        self.setAccessibleName("Talkback icon")

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the icon over the whole widget."""
        painter = QPainter(self)
        app_icon().paint(painter, self.rect())


class DropHint(QWidget):
    """A dashed frame inviting the user to drop a dump on the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Drop a page, a folder or an export on the window to open it")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """Three lines of text high."""
        return QSize(self.fontMetrics().height() * 30, self.fontMetrics().height() * 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The dashed frame, the icon and the invitation."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        pen = QPen(muted, 1.4, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        frame = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.drawRoundedRect(frame, 10, 10)
        line = self.fontMetrics().height()
        text = "Or drop a page, a folder or an export here"
        width = self.fontMetrics().horizontalAdvance(text) + line * 2
        left = frame.center().x() - width / 2
        icon = line_icon("drop", muted)
        icon.paint(painter, round(left), round(frame.center().y() - line * 0.7),
                   round(line * 1.4), round(line * 1.4))  # fmt: skip
        painter.setPen(muted)
        words = QRectF(left + line * 2, frame.top(), width, frame.height())
        painter.drawText(words, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)


class WelcomeView(QWidget):
    """What the window shows with no dump open."""

    open_requested = Signal()
    open_folder_requested = Signal()
    sample_requested = Signal()
    #: a recent file was clicked: its path (a Python str, which may hold bytes that are not
    #: valid UTF-8: the link itself names the line, not the path)
    recent_chosen = Signal(object)

    def __init__(self, recent: RecentFiles, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        self.setAccessibleName("Welcome")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.recent = recent
        #: the column the view's parts stand in (32 lines of text wide)
        self.column = column = QWidget(self)
        self._column_layout = layout = QVBoxLayout(column)
        layout.setSpacing(10)
        layout.addLayout(self._heading(column))
        layout.addSpacing(12)
        layout.addLayout(self._buttons(column))
        self.message = QLabel(column)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it names a file, maybe <u>…
        self.message.setObjectName("welcomeMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addSpacing(14)
        heading = QLabel("<b>Recent</b>", column)
        layout.addWidget(heading)
        #: the recent files' lines, in an area that scrolls when the window is too low to show
        #: them all (ten of them took 220 px: no window under 578 px could be had)
        self.recent_area = RecentArea(column)
        self.recent_area.setObjectName("recentFiles")
        self.recent_box = self.recent_area.lines
        layout.addWidget(self.recent_area)
        self.recent_labels: list[QLabel] = []
        layout.addSpacing(18)
        layout.addWidget(DropHint(column))
        formats = QLabel(SUPPORTED, column)
        formats.setWordWrap(True)
        formats.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        formats.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(formats)
        #: the recent lines leave room for the scroll bar that a low window shows beside them
        self._scroll_bar_width = self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent, None, self.recent_area
        )
        self._inner_width = 0
        self._fit_to_font()
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)
        self.refresh()

    def _fit_to_font(self) -> None:
        """Size the view's parts from the font: when it is made, and again when the user's font
        changes (the view kept the old sizes: its buttons cut their words, "Open the Sampl")."""
        line = self.fontMetrics().height()
        self.column.setFixedWidth(round(line * COLUMN_LINES))
        self._icon.setFixedSize(round(line * 4.2), round(line * 4.2))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setWeight(QFont.Weight.DemiBold)
        self._title.setFont(font)
        self._title_row.setSpacing(round(line * 0.9))
        self._heading_block.setSpacing(round(line * 0.6))
        for button in (self.open_button, self.folder_button, self.sample_button):
            button.setIconSize(QSize(round(line * 1.1), round(line * 1.1)))
            button.setMinimumHeight(round(line * 2.4))
            button.setMinimumWidth(button.sizeHint().width() + round(line * 1.2))
        margins = self._column_layout.contentsMargins()
        self._inner_width = self.column.width() - margins.left() - margins.right()
        for label in self.column.findChildren(QLabel):
            if label.wordWrap() and label.text():
                _fit_height(label, self._inner_width)

    def _heading(self, parent: QWidget) -> QVBoxLayout:
        self._title_row = row = QHBoxLayout()
        self._icon = IconView(0, parent)
        row.addWidget(self._icon)
        self._title = title = QLabel("Talkback", parent)
        title.setObjectName("welcomeTitle")
        row.addWidget(title, 1)
        tagline = QLabel(
            "Read saved comment sections as the conversations they were: who answered whom, "
            "what they quoted, and when.",
            parent,
        )
        tagline.setObjectName("welcomeTagline")
        tagline.setWordWrap(True)
        tagline.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._heading_block = block = QVBoxLayout()
        block.addLayout(row)
        block.addWidget(tagline)
        return block

    def _buttons(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.open_button = self._button("&Open…", "open", "Open a page, archive or export (Ctrl+O)",
                                        parent)  # fmt: skip
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_requested)
        self.folder_button = self._button(
            "Open &Folder…", "folder", "Open a folder of pages (Ctrl+Shift+O)", parent
        )
        self.folder_button.clicked.connect(self.open_folder_requested)
        self.sample_button = self._button(
            "Open the &Sample", "sample", "Open the bundled sample page: a small town argues "
            "about its ferry pier", parent
        )  # fmt: skip
        self.sample_button.setObjectName("openSample")
        self.sample_button.clicked.connect(self.sample_requested)
        for button in (self.open_button, self.folder_button, self.sample_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _button(self, text: str, icon: str, tip: str, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.setProperty("iconName", icon)
        button.setIcon(line_icon(icon, self.palette().color(QPalette.ColorRole.ButtonText)))
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        return button

    # -- content ----------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """List the recent files again."""
        for label in self.recent_labels:
            self.recent_box.removeWidget(label)
            label.deleteLater()
        self.recent_labels = []
        self._list_recent()

    def _list_recent(self) -> None:
        paths = self.recent.paths()
        if not paths:
            self._add_recent_line("Files you open will be listed here.", muted=True)
            return
        link = self.palette().color(QPalette.ColorRole.Link).name()
        # blended, not the placeholder colour: Qt's is the text's at half opacity, and #RRGGBB
        # drops the opacity
        grey = muted(self.palette()).name()
        for number, path in enumerate(paths):
            there = Path(path).exists()
            name, where = self._cut(name_label(Path(path).name or path), _folder(path), there)
            if there:
                anchor = f'<a href="{number}" style="color: {link}; text-decoration: none;">'
                html = f'{anchor}{name}</a>&nbsp;&nbsp;<span style="color: {grey};">{where}</span>'
            else:
                html = f'<span style="color: {grey};">{name} — {where}{GONE}</span>'
            label = self._add_recent_line(html, muted=False, link=there)
            label.setToolTip(plain_tooltip(name_label(path)))
            file_name = name_label(Path(path).name)
            label.setAccessibleName(f"Open {file_name}" if there else f"{file_name}{GONE}")
            label.linkActivated.connect(lambda _link, chosen=path: self.recent_chosen.emit(chosen))

    def _cut(self, name: str, folder: str, there: bool) -> tuple[str, str]:
        """A recent file's name and folder, escaped, cut in the middle to fit one line: the folder
        keeps up to a third of it, the name the rest (the tooltip has the whole path)."""
        metrics = self.fontMetrics()
        middle = Qt.TextElideMode.ElideMiddle
        width = self._inner_width - self._scroll_bar_width
        room = width - metrics.horizontalAdvance("  " if there else f" — {GONE}")
        kept = min(metrics.horizontalAdvance(folder), room // 3)
        name = metrics.elidedText(name, middle, room - kept)
        folder = metrics.elidedText(folder, middle, max(room - metrics.horizontalAdvance(name), 0))
        return escape(name), escape(folder)

    def _add_recent_line(self, html: str, *, muted: bool, link: bool = False) -> QLabel:
        """A line of the recent files: with ``link``, one that Tab stops at and Enter opens."""
        label = RecentLink(html, self.recent_area.widget())
        label.setTextFormat(Qt.TextFormat.RichText if not muted else Qt.TextFormat.PlainText)
        if link:
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
        if muted:
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.recent_box.insertWidget(len(self.recent_labels), label)  # above the stretch
        self.recent_labels.append(label)
        return label

    def show_message(self, text: str | None) -> None:
        """Show a line (why the last dump could not be opened), or hide it with None."""
        self.message.setVisible(bool(text))
        self.message.setText(f"⚠ {breakable(text)}" if text else "")  # a deep path wraps too
        if text:
            _fit_height(self.message, self._inner_width)

    def showEvent(self, event: QShowEvent) -> None:
        """The recent files may have changed since the view was last shown."""
        super().showEvent(event)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        """Recolour icons and links for a new palette; size the parts again for a new font."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "recent_area"):
            self._fit_to_font()
            self.refresh()  # the recent lines are cut to the new width
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "sample_button"):
            color = self.palette().color(QPalette.ColorRole.ButtonText)
            for button in (self.open_button, self.folder_button, self.sample_button):
                button.setIcon(line_icon(str(button.property("iconName")), color))
            self.refresh()


def _fit_height(label: QLabel, width: int) -> None:
    """Give a word-wrapped label the height its text needs at ``width`` (layouts ask only for
    the height of its default width, and would cut the text short)."""
    label.setMinimumHeight(max(label.heightForWidth(width), 0))


def _folder(path: str) -> str:
    """The folder of ``path``, with the home folder written ``~`` (as text: see ``name_label``)."""
    folder = Path(path).parent
    try:
        inside = folder.relative_to(Path.home())
    except ValueError:
        return name_label(str(folder))
    return "~" if str(inside) == "." else name_label(f"~/{inside}")
