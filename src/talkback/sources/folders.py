"""Folders of pages: every file below a folder, in a natural order that is the same on every run.

The folder is listed first (that gives the total size for progress, and an empty folder is known
before anything is read), then its files are read one by one. Entries are sorted by name within each
folder (``page-2`` before ``page-10``) and subfolders are read where they sort.

Links are followed only while they stay inside the folder: a link that leads outside it, a link to a
folder already read (a loop, or a second way to the same folder), a broken link and anything that is
not a regular file (a pipe, socket or device, which could block or never end) are skipped with a
problem. Hidden entries (names starting with a dot) are skipped with a problem; operating-system
litter (``.DS_Store``, ``Thumbs.db``) silently.

:func:`dump_size` is the size a read of a dump takes from disk, by the same rules: what the window
and the index report progress against, and what decides whether the window indexes a dump first or
parses it in a child process.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from talkback.core.model import Problem
from talkback.core.text import name_label
from talkback.sources.entries import is_litter, natural_key


@dataclass(frozen=True, slots=True)
class FolderFile:
    """A regular file found in the folder: its path, its name in the dump, its size."""

    path: Path
    where: str
    size: int


def list_folder(root: Path, where: str) -> list[FolderFile | Problem]:
    """Every file below ``root`` (named ``where``) in reading order, and problems where they occur.

    Raises PermissionError (or another OSError) when ``root`` itself cannot be listed.
    """
    return list(walk_folder(root, where))


def walk_folder(root: Path, where: str) -> Iterator[FolderFile | Problem]:
    """:func:`list_folder`, one entry at a time (a folder below is listed when it is reached).

    Raises PermissionError (or another OSError) when ``root`` itself cannot be listed.
    """
    real_root = Path(os.path.realpath(root))
    visited: set[tuple[int, int]] = set()
    root_stat = root.stat()
    visited.add((root_stat.st_dev, root_stat.st_ino))
    entries = _sorted_entries(root)  # errors here are the caller's: the dump cannot be read
    stack: list[tuple[list[os.DirEntry[str]], str]] = [(entries, where)]
    while stack:
        pending, parent = stack[-1]
        if not pending:
            stack.pop()
            continue
        entry = pending.pop()
        name = f"{parent}/{name_label(entry.name)}"
        if is_litter(entry.name):
            continue
        if entry.name.startswith("."):
            yield Problem(name, "hidden file or folder; skipped")
            continue
        outcome = _examine(entry, name, real_root, visited)
        if isinstance(outcome, list):
            stack.append((outcome, name))
        elif outcome is not None:
            yield outcome


def files_size(entries: Iterable[FolderFile | Problem], stop_at: int | None = None) -> int:
    """The sum of the sizes of the files among ``entries``; with ``stop_at``, the sum as soon as it
    reaches that (the rest is not looked at)."""
    total = 0
    for entry in entries:
        if isinstance(entry, FolderFile):
            total += entry.size
            if stop_at is not None and total >= stop_at:
                break
    return total


def dump_size(path: str | os.PathLike[str], stop_at: int | None = None) -> int:
    """The bytes a read of the dump at ``path`` takes from disk: a file's size (an archive or a
    compressed page by its size on disk, not what it unpacks to), or the sum of the files a folder's
    read reads (:func:`walk_folder`: links that stay inside followed, hidden files, litter and
    anything not a regular file left out).

    With ``stop_at``, a folder's adding up stops once the sum reaches it. What cannot be looked at
    counts as 0 (reading the dump says what is wrong with it). A folder is walked: call this off
    the GUI thread.
    """
    root = Path(path)
    try:
        info = root.stat()
    except OSError:
        return 0
    if stat.S_ISREG(info.st_mode):
        return info.st_size
    if not stat.S_ISDIR(info.st_mode):
        return 0  # the reader refuses a pipe, socket or device
    try:
        return files_size(walk_folder(root, os.fspath(root)), stop_at)
    except OSError:
        return 0


def _sorted_entries(folder: Path | str) -> list[os.DirEntry[str]]:
    """The folder's entries in reverse reading order (popped from the end)."""
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: natural_key(entry.name), reverse=True)


def _examine(
    entry: os.DirEntry[str], name: str, real_root: Path, visited: set[tuple[int, int]]
) -> FolderFile | Problem | list[os.DirEntry[str]] | None:
    """What one entry is: a file to read, a folder's entries to walk, or a problem."""
    try:
        if entry.is_symlink():
            target = Path(os.path.realpath(entry.path))
            if not target.is_relative_to(real_root):
                outside = name_label(os.fspath(target))
                return Problem(name, f"link leads outside the folder (to {outside}); skipped")
            if not Path(entry.path).exists():
                return Problem(name, "broken link; skipped")
        info = entry.stat()  # follows a link, now known to stay inside
    except FileNotFoundError:
        return Problem(name, "vanished while the folder was listed; skipped")
    except OSError as error:
        return Problem(name, f"{error.strerror or error}; skipped")
    if stat.S_ISDIR(info.st_mode):
        identity = (info.st_dev, info.st_ino)
        if identity in visited:
            return Problem(name, "link to a folder already read (a loop?); skipped")
        visited.add(identity)
        try:
            return _sorted_entries(entry.path)
        except OSError as error:
            return Problem(name, f"folder could not be listed ({error.strerror or error}); skipped")
    if not stat.S_ISREG(info.st_mode):
        return Problem(name, "not a regular file (a pipe, socket or device); skipped")
    return FolderFile(Path(entry.path), name, info.st_size)
