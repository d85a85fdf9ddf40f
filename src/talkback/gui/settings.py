"""What the window remembers between runs, kept with QSettings.

On Linux the file is ``~/.config/Talkback/Talkback.conf`` (``$XDG_CONFIG_HOME`` is honoured); tests
and ``--screenshot`` pass their own QSettings on a temporary file so that nothing of the user's is
read or changed. One setting is only ever set by hand in that file: ``[index] autoIndexMB``, the
size from which the window indexes a dump before opening it (see :mod:`talkback.gui.auto_index`).

Paths are kept as text, except one that is not valid UTF-8 (``caf\xe9.txt`` from a Latin-1
system, held by Python with surrogates): Qt's strings cannot hold it (QSettings wrote U+FFFD and
read back nothing), so it is kept as its bytes (``@ByteArray(…)`` in the file) and read back as
the very same path.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Talkback"
APPLICATION = "Talkback"

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SPLITTER = "window/splitter"
_HEADER = "tree/header"
_SIZED_COLUMNS = "tree/sizedColumns"
_LAST_FOLDER = "files/lastFolder"
_RECENT = "files/recent"
_EXPORT_FOLDER = "export/lastFolder"
_EXPORT_FORMAT = "export/format"
_AUTO_INDEX = "index/autoIndexMB"
#: dumps of at least this many MB (10^6 bytes) are indexed before the window opens them
DEFAULT_AUTO_INDEX_MB = 200.0


def stored_path(path: str) -> str | QByteArray:
    """``path`` as QSettings can keep it: as text when it is valid text, else as its bytes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # surrogates: bytes the file system's encoding does not decode
        return QByteArray(os.fsencode(path))
    return path


def read_path(value: object) -> str:
    """A path kept by :func:`stored_path` (text, or bytes); "" for anything else."""
    if isinstance(value, QByteArray):
        return os.fsdecode(bytes(value.data()))
    return value if isinstance(value, str) else ""


class Settings:
    """Typed access to the remembered state: geometry, splitter, columns, folders, recent files."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANIZATION, APPLICATION)

    @classmethod
    def at(cls, path: str | Path) -> Settings:
        """Settings kept in an INI file at ``path`` (tests, screenshots)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def location(self) -> str:
        """The file the settings are kept in."""
        return self.store.fileName()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def geometry(self) -> QByteArray | None:
        """The main window's saved geometry."""
        return self._bytes(_GEOMETRY)

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue(_GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray | None:
        """The main window's saved state (toolbars, docks)."""
        return self._bytes(_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue(_STATE, value)

    @property
    def splitter_state(self) -> QByteArray | None:
        """The tree/detail splitter's saved sizes."""
        return self._bytes(_SPLITTER)

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self.store.setValue(_SPLITTER, value)

    @property
    def header_state(self) -> QByteArray | None:
        """The tree header's saved column widths and sort column."""
        return self._bytes(_HEADER)

    @header_state.setter
    def header_state(self, value: QByteArray) -> None:
        self.store.setValue(_HEADER, value)

    @property
    def sized_columns(self) -> list[int]:
        """The tree's columns whose width the user set (the others are sized to fit)."""
        value = self.store.value(_SIZED_COLUMNS, [])
        items = [value] if isinstance(value, str | int) else value
        if not isinstance(items, list):
            return []
        return [int(item) for item in items if isinstance(item, int | str) and str(item).isdigit()]

    @sized_columns.setter
    def sized_columns(self, value: list[int]) -> None:
        self.store.setValue(_SIZED_COLUMNS, [str(column) for column in value])

    @property
    def last_folder(self) -> str:
        """The folder the last file dialog was in ("" if none)."""
        return read_path(self.store.value(_LAST_FOLDER, ""))

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self.store.setValue(_LAST_FOLDER, stored_path(value))

    @property
    def recent_files(self) -> list[str]:
        """The recently opened dumps, most recent first."""
        value = self.store.value(_RECENT, [])
        items = value if isinstance(value, list) else [value]  # a one-item list comes alone
        return [path for path in map(read_path, items) if path]

    @recent_files.setter
    def recent_files(self, value: list[str]) -> None:
        self.store.setValue(_RECENT, [stored_path(path) for path in value])

    @property
    def last_export_folder(self) -> str:
        """The folder the last export was written to ("" if none)."""
        return read_path(self.store.value(_EXPORT_FOLDER, ""))

    @last_export_folder.setter
    def last_export_folder(self, value: str) -> None:
        self.store.setValue(_EXPORT_FOLDER, stored_path(value))

    @property
    def export_format(self) -> str:
        """The format of the last thread export (``html``, ``md`` or ``json``; "" if none)."""
        value = self.store.value(_EXPORT_FORMAT, "")
        return value if isinstance(value, str) else ""

    @export_format.setter
    def export_format(self, value: str) -> None:
        self.store.setValue(_EXPORT_FORMAT, value)

    @property
    def auto_index_mb(self) -> float:
        """Dumps of at least this many MB (files of a folder counted together) are indexed before
        the window opens them; 0 (or less): never. What is not a number gives the default."""
        value = self.store.value(_AUTO_INDEX, DEFAULT_AUTO_INDEX_MB)
        try:
            number = float(value)  # type: ignore[arg-type]  # an INI file gives a string
        except (TypeError, ValueError):
            return DEFAULT_AUTO_INDEX_MB
        return number if number == number else DEFAULT_AUTO_INDEX_MB  # NaN

    @auto_index_mb.setter
    def auto_index_mb(self, value: float) -> None:
        self.store.setValue(_AUTO_INDEX, value)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self.store.sync()
