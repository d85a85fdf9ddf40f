"""Entries of containers: the member record archives hand out, and what their names tell.

Archive member names are only ever names here (nothing is written to disk), but a name that is an
absolute path or climbs out with ``..`` is the mark of a hostile archive and is reported. Operating
system litter (``__MACOSX/``, ``.DS_Store``, ``Thumbs.db``) is passed over without a word. Folders
and archives are read in a natural order (``page-2`` before ``page-10``), the same on every run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from talkback.core.model import Problem

_LITTER_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", ".localized"})
_LITTER_FOLDERS = frozenset({"__macosx"})
_DRIVE = re.compile(r"^[A-Za-z]:")
_DIGITS = re.compile(r"(\d+)")


@dataclass(slots=True)
class Member:
    """One regular file inside an archive: its name and a stream of its (uncompressed) bytes.

    The stream is valid only until the archive's iterator is advanced: tar archives are read
    strictly in order.
    """

    name: str
    stream: BinaryIO
    size: int | None = None


def is_litter(name: str) -> bool:
    """Whether an entry is operating-system litter that holds no pages (skipped silently)."""
    parts = [part for part in re.split(r"[/\\]", name) if part]
    if not parts:
        return True
    base = parts[-1].lower()
    if base in _LITTER_FILES or base.startswith("._"):
        return True
    return any(part.lower() in _LITTER_FOLDERS for part in parts)


def suspicious_name(name: str) -> str | None:
    """Why an archive member's name is suspicious (absolute, ``..``, NUL), or None if it is not."""
    if "\x00" in name:
        return "has a NUL character in its name"
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "has an absolute path as its name"
    if ".." in re.split(r"[/\\]", name):
        return "has a name that climbs out of the archive with '..'"
    return None


def screen_member(member_where: str, name: str, skipped: str | None) -> tuple[list[Problem], bool]:
    """The problems of an archive member about to be read, and whether to read it at all.

    ``skipped`` is the container's own reason to leave the member out (a link, a device, too big).
    """
    if skipped is not None:
        return [Problem(member_where, skipped)], False
    suspicious = suspicious_name(name)
    if suspicious is None:
        return [], True
    message = f"member {suspicious}; read as a name only (nothing is written to disk)"
    return [Problem(member_where, message)], True


def natural_key(name: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
    """A sort key putting ``page-2`` before ``page-10``, ignoring case; ties by the raw name."""
    parts = tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _DIGITS.split(name)
        if part
    )
    return parts, name
