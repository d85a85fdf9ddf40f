"""The Open and Open Folder dialogs, with a filter for every kind of dump Talkback reads."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

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
