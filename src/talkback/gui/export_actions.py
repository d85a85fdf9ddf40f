"""File > Export Thread… and Export Search Results…: the save dialog, writing in the background,
and the status-bar notice with an Open button.

The dialog proposes ``suggested_name`` in the folder of the last export and offers HTML, Markdown
and JSON (search results are HTML only). The format is the file name's extension when it names
one, else the chosen filter's, whose extension is then added; the dialog itself asks before
replacing a file, and a file that only the added extension makes clash is asked about too. The page
is rendered and written atomically (``talkback.export``) on a worker thread, in chunks of bounded
size, so that a big thread never freezes the window (the worker never holds the interpreter lock
for one long join or encode of the whole page); a failure shows one line naming the file.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QStandardPaths, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from talkback.core.model import Archive
from talkback.export import (
    FORMATS,
    ExportCancelled,
    Format,
    format_for_path,
    suggested_name,
    write_results,
)
from talkback.export import write_thread as write_thread_file
from talkback.gui.export_notice import ExportNotice
from talkback.gui.formatting import Node
from talkback.gui.opening import dialog_folder
from talkback.gui.search_filter import SearchResult
from talkback.gui.settings import Settings

#: the save dialog's filter for each format, in the order offered
FILTERS: dict[Format, str] = {
    "html": "HTML page (*.html *.htm)",
    "md": "Markdown (*.md *.markdown)",
    "json": "JSON (*.json)",
}
#: the extensions that name an export format
EXPORT_SUFFIXES = frozenset({".html", ".htm", ".md", ".markdown", ".json"})
_NOT_NAME = re.compile(r"[^\w]+")


def ask_save_path(
    parent: QWidget, caption: str, start: str, filters: list[str], selected: str
) -> tuple[str, str]:
    """Ask where to save: the path chosen ("" if cancelled) and the filter selected.

    Qt's dialog asks before replacing an existing file.
    """
    path, chosen = QFileDialog.getSaveFileName(parent, caption, start, ";;".join(filters), selected)
    return path, chosen


def confirm_overwrite(parent: QWidget, path: Path) -> bool:
    """Ask whether to replace ``path``."""
    answer = QMessageBox.question(
        parent,
        "Replace file? — Talkback",
        f"{path.name} already exists in {path.parent}. Replace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def resolve_target(path: str, chosen_filter: str, offered: list[Format]) -> tuple[Path, Format]:
    """The file to write and its format: the extension's when it names an offered format, else
    the chosen filter's, with that format's extension added."""
    target = Path(path)
    by_suffix = format_for_path(target, default="html")
    if target.suffix.lower() in EXPORT_SUFFIXES and by_suffix in offered:
        return target, by_suffix
    chosen = next((fmt for fmt in offered if FILTERS[fmt] == chosen_filter), offered[0])
    return target.with_name(target.name + FORMATS[chosen]), chosen


class _Signals(QObject):
    written = Signal(str)
    failed = Signal(str)


class _WriteJob(QRunnable):
    """Renders and writes one export on the worker thread."""

    def __init__(self, write: Callable[[], Path], target: Path, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._write, self._target, self._signals = write, target, signals

    def run(self) -> None:
        try:
            written = self._write()
        except ExportCancelled:
            return  # the window is going: nothing was written, nobody to tell
        except Exception as error:  # ExportError says it in one line; anything else, as well
            message = str(error) if str(error) else type(error).__name__
            if str(self._target) not in message:
                message = f"cannot write {self._target}: {message}"
            self._signals.failed.emit(message)
            return
        self._signals.written.emit(str(written))


class Exporter(QObject):
    """Exports the current thread or the search results through a save dialog."""

    #: an export was written: its path
    written = Signal(str)
    #: an export failed: one line naming the file and the problem
    failed = Signal(str)

    def __init__(
        self,
        window: QWidget,
        archive_of: Callable[[], Archive],
        settings: Settings,
        status_bar: QStatusBar,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.archive_of = archive_of
        self.settings = settings
        self.status_bar = status_bar
        self.notice = ExportNotice(status_bar)
        status_bar.addPermanentWidget(self.notice)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.written.connect(self._on_written)
        self._signals.failed.connect(self._on_failed)
        #: the last error shown ("" when the last export succeeded)
        self.last_error = ""
        #: what shows an error (tests replace it)
        self.show_error: Callable[[str], None] = self._error_box
        #: set when the window closes: the export under way stops at its next chunk
        self._cancel = threading.Event()

    def _start_folder(self) -> Path:
        folder = self.settings.last_export_folder
        if folder and Path(folder).is_dir():
            return Path(dialog_folder(folder))
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    @Slot()
    def export_thread(self, node: Node | None) -> None:
        """Ask where to export ``node``'s thread (a post: all its comments), then write it."""
        if node is None:
            self.status_bar.showMessage("Select a post or comment to export", 5000)
            return
        archive = self.archive_of()
        fmt: Format = self.settings.export_format or "html"  # type: ignore[assignment]
        if fmt not in FILTERS:
            fmt = "html"
        offered: list[Format] = ["html", "md", "json"]
        name = suggested_name(archive, node.id, fmt)
        chosen = self._ask("Export Thread", name, offered, fmt)
        if chosen is None:
            return
        target, fmt = chosen
        self.settings.export_format = fmt
        node_id = node.id
        cancel = self._cancel

        def write() -> Path:
            return write_thread_file(
                archive, node_id, target, overwrite=True, fmt=fmt, cancel=cancel
            )

        self._start(write, target)

    @Slot()
    def export_results(self, result: SearchResult | None) -> None:
        """Ask where to save the current search results as one HTML page, then write it."""
        if result is None or not result.count:
            self.status_bar.showMessage("No search results to export", 5000)
            return
        archive = self.archive_of()
        words = _NOT_NAME.sub("-", result.query.text.lower()).strip("-_")
        stem = "-".join(words.split("-")[:6]) or "results"
        chosen = self._ask("Export Search Results", f"search-{stem}.html", ["html"], "html")
        if chosen is None:
            return
        target, _fmt = chosen
        query_text = result.query.text
        cancel = self._cancel

        def write() -> Path:  # the hits are gathered on the worker too: there may be 100,000
            hits = result.hits()
            return write_results(archive, hits, query_text, target, overwrite=True, cancel=cancel)

        self._start(write, target)

    def _ask(
        self, caption: str, name: str, offered: list[Format], fmt: Format
    ) -> tuple[Path, Format] | None:
        start = str(self._start_folder() / name)
        filters = [FILTERS[each] for each in offered]
        path, chosen_filter = ask_save_path(self.window, caption, start, filters, FILTERS[fmt])
        if not path:
            return None
        target, chosen = resolve_target(path, chosen_filter, offered)
        if target != Path(path) and target.exists() and not confirm_overwrite(self.window, target):
            return None
        return target, chosen

    def _start(self, write: Callable[[], Path], target: Path) -> None:
        self.settings.last_export_folder = str(target.parent)
        self.status_bar.showMessage(f"Exporting to {target}…")
        self._pool.start(_WriteJob(write, target, self._signals))

    @property
    def busy(self) -> bool:
        """Whether an export is being written."""
        return self._pool.activeThreadCount() > 0

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Wait for the exports under way (tests, exit)."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self) -> None:
        """Call off the export under way and wait for it to stop (at its next chunk of at most
        a few hundred KB) before the window goes: nothing of it is left on disk, and a file it
        would have replaced is as it was."""
        self._cancel.set()
        self._pool.waitForDone(30_000)

    @Slot(str)
    def _on_written(self, path: str) -> None:
        self.last_error = ""
        self.status_bar.clearMessage()
        self.notice.show_written(path)
        self.written.emit(path)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.last_error = message
        self.status_bar.showMessage(message, 15_000)
        self.show_error(message)
        self.failed.emit(message)

    def _error_box(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Talkback", message, parent=self.window)
        box.setObjectName("exportError")
        box.setText("The export could not be written.")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file may be named <u>…
        box.setInformativeText(message)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
