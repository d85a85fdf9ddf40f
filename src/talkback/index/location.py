"""Where a dump's index lives and how to tell that the dump has changed since it was built.

An index is a SQLite file in the user cache directory (platformdirs), named after the dump's
absolute path. It is valid for one *fingerprint* of the dump: for a file its size, modification
time and a hash of its first and last 64 KiB; for a folder the same facts for every file below it.
Any change to the dump gives another fingerprint, and the index is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_mode
from dataclasses import dataclass
from pathlib import Path

import platformdirs

#: bytes hashed at each end of a file
EDGE_BYTES = 64 * 1024
#: the environment variable that moves the index cache (tests and portable installs use it)
CACHE_ENV = "TALKBACK_CACHE_DIR"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies one state of a dump."""

    size: int
    mtime_ns: int
    digest: str

    def __str__(self) -> str:
        return f"{self.size}:{self.mtime_ns}:{self.digest}"


def cache_dir() -> Path:
    """The folder holding all indexes (``$TALKBACK_CACHE_DIR`` or the user cache directory)."""
    configured = os.environ.get(CACHE_ENV)
    base = Path(configured) if configured else Path(platformdirs.user_cache_dir("talkback"))
    return base / "index"


def index_path(dump: str | os.PathLike[str], base: Path | None = None) -> Path:
    """The index file for the dump at ``dump`` (which need not exist yet)."""
    absolute = os.fspath(Path(dump).absolute())
    key = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in Path(absolute).name)[:40]
    return (base or cache_dir()) / f"{stem}-{key}.sqlite"


def fingerprint(dump: str | os.PathLike[str]) -> Fingerprint:
    """The dump's current fingerprint (raises OSError if it cannot be read)."""
    path = Path(dump)
    if path.is_dir():
        return _folder_fingerprint(path)
    stat = path.stat()
    digest = hashlib.sha256()
    if not stat_mode.S_ISREG(stat.st_mode):
        # a pipe or device: opening it could wait for a writer forever; the reader refuses it
        return Fingerprint(stat.st_size, stat.st_mtime_ns, digest.hexdigest()[:32])
    with path.open("rb") as handle:
        digest.update(handle.read(EDGE_BYTES))
        if stat.st_size > 2 * EDGE_BYTES:
            handle.seek(-EDGE_BYTES, os.SEEK_END)
            digest.update(handle.read(EDGE_BYTES))
    return Fingerprint(stat.st_size, stat.st_mtime_ns, digest.hexdigest()[:32])


def _folder_fingerprint(folder: Path) -> Fingerprint:
    # Strings rather than Paths: a folder of 60,000 pages is fingerprinted on every open, and
    # building two Paths per file took most of its time. The digest is the same as ever
    # (each file's path relative to the folder, with "/", its size and its mtime).
    digest = hashlib.sha256()
    size = 0
    newest = 0
    base = os.fspath(folder)
    for root, dirs, files in os.walk(base, followlinks=False):
        dirs.sort()
        inside = os.path.relpath(root, base)
        prefix = "" if inside == os.curdir else inside.replace(os.sep, "/") + "/"
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(root, name))  # noqa: PTH116, PTH118 (see above)
            except OSError:
                continue
            digest.update(f"{prefix}{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode(
                "utf-8", "surrogateescape"))  # fmt: skip
            size += stat.st_size
            newest = max(newest, stat.st_mtime_ns)
    return Fingerprint(size, newest, digest.hexdigest()[:32])
