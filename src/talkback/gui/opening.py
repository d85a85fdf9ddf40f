"""What to open: the Open and Open Folder dialogs, with a filter for every kind of dump Talkback
reads, File > Open Recent, the last ten dumps opened (most recent first, remembered in
Settings), and a file or folder dropped on the window.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from talkback.core.text import name_label
from talkback.gui.formatting import plain_tooltip
from talkback.gui.settings import Settings

MAX_RECENT = 10


class RecentFiles:
    """The list of recently opened dumps (absolute paths), kept in Settings."""

    def __init__(self, settings: Settings, limit: int = MAX_RECENT) -> None:
        self.settings = settings
        self.limit = limit

    def paths(self) -> list[str]:
        """The remembered paths, most recent first."""
        return self.settings.recent_files[: self.limit]

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` first (once), dropping the oldest beyond the limit."""
        full = absolute(path)
        kept = [known for known in self.paths() if known != full]
        self.settings.recent_files = [full, *kept][: self.limit]

    def remove(self, path: str | os.PathLike[str]) -> None:
        """Forget ``path``."""
        full = absolute(path)
        self.settings.recent_files = [known for known in self.paths() if known != full]

    def clear(self) -> None:
        """Forget every path."""
        self.settings.recent_files = []


class RecentFilesMenu(QMenu):
    """A menu listing the recent files, rebuilt each time it opens."""

    #: the user picked a path from the menu (a Python str: as Qt text, bytes that are not valid
    #: UTF-8 would be lost)
    path_chosen = Signal(object)

    def __init__(self, recent: RecentFiles, parent: QWidget | None = None) -> None:
        super().__init__("Open Recen&t", parent)
        self.recent = recent
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    @Slot()
    def rebuild(self) -> None:
        """List the current paths: ``1 name — folder``, then Clear Menu."""
        self.clear()
        paths = self.recent.paths()
        for number, path in enumerate(paths, start=1):
            name = name_label(Path(path).name or path)
            folder = name_label(str(Path(path).parent))
            prefix = f"&{number % 10} " if number <= 10 else ""
            action = QAction(f"{prefix}{_escape_mnemonic(name)}   —   {folder}", self)
            action.setToolTip(plain_tooltip(name_label(path)))
            action.setData(path)
            action.triggered.connect(
                lambda _checked=False, chosen=path: self.path_chosen.emit(chosen)
            )
            self.addAction(action)
        if not paths:
            empty = self.addAction("No recent files")
            empty.setEnabled(False)
        self.addSeparator()
        clear = self.addAction("&Clear Menu")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self._clear)

    @Slot()
    def _clear(self) -> None:
        self.recent.clear()
        self.rebuild()


def absolute(path: str | os.PathLike[str]) -> str:
    """``path`` made absolute and normalised, symbolic links kept as the user named them."""
    return os.path.normpath(Path(path).absolute())


def dialog_folder(folder: str | os.PathLike[str]) -> str:
    """``folder`` as a file dialog can take it: itself, or its nearest parent whose path is valid
    text (Qt's strings cannot hold the bytes of a name that is not valid UTF-8, and a dialog
    given such a path opens somewhere else)."""
    path = Path(folder)
    while name_label(str(path)) != str(path) and path != path.parent:
        path = path.parent
    return str(path)


def _escape_mnemonic(text: str) -> str:
    return text.replace("&", "&&")


#: (label, patterns) for the Open dialog, in the order listed
DUMP_FILTERS: list[tuple[str, list[str]]] = [
    ("Pages", ["*.txt", "*.text", "*.html", "*.htm"]),
    ("Archives", ["*.zip", "*.tar", "*.tar.gz", "*.tgz", "*.tar.bz2", "*.tar.xz", "*.tar.zst"]),
    ("Compressed pages", ["*.gz", "*.bz2", "*.xz", "*.zst"]),
    ("JSON Lines corpora", ["*.jsonl", "*.ndjson"]),
    ("WordPress exports (WXR)", ["*.xml"]),
    ("Disqus exports", ["*.xml"]),
]


def name_filters() -> list[str]:
    """The dialog's filters: every supported dump first, each kind, then all files."""
    every: list[str] = []
    for _label, patterns in DUMP_FILTERS:
        every.extend(pattern for pattern in patterns if pattern not in every)
    filters = [f"All supported dumps ({' '.join(every)})"]
    filters += [f"{label} ({' '.join(patterns)})" for label, patterns in DUMP_FILTERS]
    filters.append("All files (*)")
    return filters


def choose_dump(parent: QWidget, folder: str) -> str | None:
    """Ask for a dump file; None if the user cancelled."""
    path, _chosen = QFileDialog.getOpenFileName(
        parent, "Open a dump", folder, ";;".join(name_filters())
    )
    return path or None


def choose_folder(parent: QWidget, folder: str) -> str | None:
    """Ask for a folder of pages; None if the user cancelled."""
    path = QFileDialog.getExistingDirectory(parent, "Open a folder of pages", folder)
    return path or None


def accept_drag(event: QDragMoveEvent) -> None:
    """Accept a drag (entering or moving over the window) that carries a local file or folder."""
    if dropped_path(event) is not None:
        event.acceptProposedAction()
    else:
        event.ignore()


def dropped_path(event: QDropEvent) -> str | None:
    """The first local file or folder a drag or drop carries, if any."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile():
            return local_path(url)
    return None


def local_path(url: QUrl) -> str:
    """The path of a ``file:`` URL, byte for byte: a name that is not valid UTF-8
    (``caf%E9.txt``) comes back as Python holds it, not with U+FFFD in place of the byte."""
    if os.name != "posix" or url.host():
        return url.toLocalFile()
    encoded = url.path(QUrl.ComponentFormattingOption.FullyEncoded)
    return os.fsdecode(unquote_to_bytes(encoded))
