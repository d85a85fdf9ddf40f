"""The index cache as a whole: what it holds, and clearing away what nothing will use again.

Every dump opened big enough, or indexed with ``talkback index``, leaves an index in
:func:`~talkback.index.location.cache_dir` (a 1 GB dump's is about 2.6 GB), and a stopped build
leaves a partial beside it; nothing else removes them once their dump is deleted or moved.
:func:`list_cache` says what each file is and for which dump; :func:`prune` removes the unused:

- indexes and partials whose dump is gone, and indexes no build will use again (written by another
  schema version; with ``check_current``, of a dump that changed since),
- partials and the temp files of dead builds last written more than ``older_than_days`` ago,
- files that cannot be read as an index, and journals or rows left without their database,
- with ``everything``, all of it.

A live build's temp files (its process runs and wrote lately: the writer's own rule) are never
removed, nor the entries of the dumps in ``keep``, nor anything outside the cache folder or whose
name is not one Talkback gives. Listing never writes: indexes are opened read-only.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from talkback.index.location import cache_dir, index_path
from talkback.index.reader import IndexReader
from talkback.index.schema import SCHEMA_VERSION, open_read_only
from talkback.index.writer import DUMP_BYTES_KEY, build_is_live

#: partials and dead builds' temp files older than this are removed by default
DEFAULT_OLDER_THAN_DAYS = 7.0
#: the files Talkback writes in the cache: an index, its partial or a build's temp file (group
#: ``main``), and beside it a rollback journal or a build's folder of big posts' rows
_NAME = re.compile(
    r"(?P<main>.+-[0-9a-f]{24}\.sqlite(?:\.partial|\.building-(?P<pid>\d+)-[0-9a-f]+)?)"
    r"(?P<extra>-journal|\.rows)?"
)
#: states an entry may be in (see CacheEntry.state)
STATES = ("complete", "outdated", "partial", "building", "stopped", "leftover", "unreadable")


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One index of the cache, a stopped build's partial, or a build's temp files.

    ``state`` is ``complete`` (an index a build of this version made), ``outdated`` (another schema
    version, or a dump changed since: opening it rebuilds anyway), ``partial`` (a stopped build the
    next one goes on from), ``building`` (a live build writes it), ``stopped`` (a build whose
    process is gone: the next build adopts it as the partial), ``leftover`` (a journal or rows
    folder without its database) or ``unreadable`` (not an index Talkback can read).
    """

    name: str
    kind: str  # "index", "partial" or "build"
    state: str
    files: tuple[Path, ...]
    size: int
    #: the dump's absolute path as recorded in the file, or None when unknown
    dump: str | None
    #: the dump's path as recorded (relative when it was given so: then ``dump`` is known only
    #: from the folder it was given in)
    source: str | None
    #: whether the dump is there (None: unknown)
    dump_exists: bool | None
    #: whether the index fits the dump as it is now (None: not checked)
    current: bool | None
    #: when the entry was last written (its main file; else its newest file). When it was last
    #: read is not kept: access times are off on many systems, and listing reads the file too.
    modified: float
    #: the main file's (inode, mtime_ns) when listed: a file replaced since is not removed
    stamp: tuple[int, int] | None = field(default=None, repr=False)
    #: the reading options the index was built with (an index is current only for them)
    options: str = field(default="", repr=False)

    @property
    def index_name(self) -> str:
        """The file name of the index this entry is, or is to become."""
        return _index_name(self.name)


@dataclass(slots=True)
class PruneReport:
    """What :func:`prune` removed (with why), could not remove (with why), and left."""

    removed: list[tuple[CacheEntry, str]] = field(default_factory=list)
    failed: list[tuple[CacheEntry, str]] = field(default_factory=list)
    kept: list[CacheEntry] = field(default_factory=list)

    @property
    def freed(self) -> int:
        """Bytes the removed entries took."""
        return sum(entry.size for entry, _ in self.removed)


def list_cache(base: Path | None = None, *, check_current: bool = False) -> list[CacheEntry]:
    """The cache's entries, biggest first (none when the folder is missing or unreadable).

    Each index's ``meta`` row says its dump; ``check_current`` also fingerprints the dumps that
    are there (cheap for a file, a walk for a folder) to tell a current index from an outdated one
    (:func:`checked`, entry by entry).
    """
    folder = base or cache_dir()
    groups: dict[str, list[Path]] = {}
    for path in sorted(_children(folder)):
        match = _NAME.fullmatch(path.name)
        if match is not None:
            groups.setdefault(match["main"], []).append(path)
    entries = [_entry(folder, main, files, check_current) for main, files in groups.items()]
    return sorted(entries, key=lambda entry: (-entry.size, entry.name))


def needs_check(entry: CacheEntry) -> bool:
    """Whether ``entry`` is an index that may or may not fit its dump as the dump is now, which
    only fingerprinting the dump tells (:func:`checked`): a complete index whose dump is there."""
    return entry.state == "complete" and entry.dump is not None and entry.dump_exists is True


def checked(entry: CacheEntry, base: Path | None = None) -> CacheEntry:
    """``entry`` with whether it still fits its dump (``current``): a complete index of a dump
    changed since it was built, or that can no longer be read, comes back ``outdated`` (opening
    the dump would build it again). The one rule of ``talkback index --list`` and the window's
    Index Cache dialog, which is that of opening a dump (``IndexReader.open_for``).

    This fingerprints the dump: a file's first and last 64 KiB are read, every file of a folder is
    looked at (a folder may hold thousands), so the window runs it off its GUI thread. Entries
    that need no check (:func:`needs_check`) come back as they are."""
    if not needs_check(entry) or entry.dump is None:
        return entry
    reader = IndexReader.open_for(entry.dump, base or cache_dir(), entry.options)
    if reader is None:
        return replace(entry, state="outdated", current=False)
    reader.close()
    return replace(entry, current=True)


def unused_reason(
    entry: CacheEntry, older_than_days: float, now: float | None = None
) -> str | None:
    """Why ``entry`` is of no use any more ("dump gone", "unreadable"…), or None if it may be."""
    if entry.state == "building":
        return None
    if entry.state in ("unreadable", "leftover", "outdated"):
        return entry.state
    if entry.dump_exists is False:
        return "dump gone"
    age = (now if now is not None else time.time()) - entry.modified
    if entry.kind != "index" and age > older_than_days * 86400:
        return f"stopped {age / 86400:.0f} days ago"
    return None


def prune(
    base: Path | None = None,
    *,
    older_than_days: float = DEFAULT_OLDER_THAN_DAYS,
    everything: bool = False,
    keep: Iterable[str | os.PathLike[str]] = (),
    check_current: bool = False,
    dry_run: bool = False,
    listed: Sequence[CacheEntry] | None = None,
) -> PruneReport:
    """Remove the cache's unused entries (all but live builds' with ``everything``), except the
    indexes, partials and builds of the dumps in ``keep``; ``dry_run`` only says what would go.
    ``listed`` are the entries as the caller listed (and maybe :func:`checked`) them, to act on
    instead of listing the cache again: a file changed or gone since is left alone."""
    folder = base or cache_dir()
    kept_names = {index_path(dump, folder).name for dump in keep}
    report = PruneReport()
    now = time.time()
    entries = listed if listed is not None else list_cache(folder, check_current=check_current)
    for entry in entries:
        reason = unused_reason(entry, older_than_days, now)
        if everything and entry.state != "building":
            reason = reason or "everything"
        if reason is None or entry.index_name in kept_names:
            report.kept.append(entry)
            continue
        if not dry_run and entry.stamp is not None and _lstat(folder / entry.name) is None:
            continue  # gone meanwhile (a build took its partial over): nothing to free
        failure = None if dry_run else _remove(folder, entry)
        if failure is None:
            report.removed.append((entry, reason))
        else:
            report.failed.append((entry, failure))
    return report


def written_text(entry: CacheEntry) -> str:
    """When the entry was last written, in local time to the minute: ``2026-11-25 06:29``."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.modified))


def size_text(size: int) -> str:
    """``size`` bytes as people read them: ``800 B``, ``139 KB``, ``2.6 GB`` (powers of 1000)."""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):  # noqa: B007 (the unit it stops at is used below)
        value /= 1000
        if value < 999.5:
            break
    return f"{value:.1f} {unit}" if value < 9.95 else f"{value:,.0f} {unit}"


def _entry(folder: Path, main: str, files: list[Path], check_current: bool) -> CacheEntry:
    main_path = folder / main
    named = _NAME.fullmatch(main)
    pid = int(named["pid"]) if named is not None and named["pid"] else None
    kind = "build" if pid is not None else "partial" if main.endswith(".partial") else "index"
    stats = {path: _lstat(path) for path in files}
    times = [stat.st_mtime for stat in stats.values() if stat is not None] or [0.0]
    main_stat = stats.get(main_path)
    modified = main_stat.st_mtime if main_stat is not None else max(times)
    stamp = (main_stat.st_ino, main_stat.st_mtime_ns) if main_stat is not None else None
    meta: dict[str, str] | None = None
    if pid is not None:
        live = build_is_live(pid, modified)
        state = "building" if live else "stopped" if main_stat is not None else "leftover"
        if not live and main_stat is not None:  # a live build's file is not opened, not locked
            meta = _read_meta(main_path)
    elif main_stat is None:
        state = "leftover"
    else:
        meta = _read_meta(main_path)
        state = "partial" if kind == "partial" else "complete"
        if meta is None or (kind == "index" and meta.get("state") != "complete"):
            state = "unreadable"
        elif kind == "index" and meta.get("schema_version") != str(SCHEMA_VERSION):
            state = "outdated"
    dump = _dump_of(meta, main)
    exists = _exists(dump) if dump is not None else None
    size = sum(_size(path, stat) for path, stat in stats.items())
    meta = meta or {}
    entry = CacheEntry(main, kind, state, tuple(files), size, dump, meta.get("source"), exists,
                       None, modified, stamp, meta.get("options", ""))  # fmt: skip
    return checked(entry, folder) if check_current else entry


def _index_name(main: str) -> str:
    """The index's file name from its own, its partial's or a build's temp file's."""
    return re.sub(r"\.sqlite\.(partial|building-\d+-[0-9a-f]+)$", ".sqlite", main)


def _read_meta(path: Path) -> dict[str, str] | None:
    """The file's ``meta`` table, or None if it is not an index SQLite can read."""
    try:
        connection = open_read_only(path)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        return {str(key): str(value) for key, value in connection.execute("SELECT * FROM meta")}
    except (sqlite3.Error, ValueError):
        return None
    finally:
        connection.close()


def _dump_of(meta: dict[str, str] | None, main: str) -> str | None:
    """The dump's absolute path, if the recorded one (``dump``, or its bytes when it is not
    UTF-8; of older builds, ``source``, when absolute or given in this folder) is the one this
    file is named after."""
    source = (meta or {}).get("dump") or (meta or {}).get("source")
    recorded = (meta or {}).get(DUMP_BYTES_KEY)
    if recorded:
        try:
            source = os.fsdecode(bytes.fromhex(recorded))
        except ValueError:
            return None
    if not source or "\0" in source:
        return None
    if index_path(source, Path()).name != _index_name(main):
        return None
    return os.fspath(Path(source).absolute())


def _exists(dump: str) -> bool | None:
    try:
        Path(dump).stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return None  # no permission, a disk that does not answer: not known to be gone
    return True


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:
        return None


def _size(path: Path, stat: os.stat_result | None) -> int:
    if stat is None:
        return 0
    if not path.is_symlink() and path.is_dir():
        return sum(_size(child, _lstat(child)) for child in _children(path))
    return stat.st_size


def _children(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _remove(folder: Path, entry: CacheEntry) -> str | None:
    """Remove the entry's files; None when done (or already gone), else why not."""
    main = folder / entry.name
    now = _lstat(main)
    if entry.stamp is not None and now is not None and entry.stamp != (now.st_ino, now.st_mtime_ns):
        return "it changed since it was listed"
    for path in sorted(entry.files, key=lambda path: path == main):  # the database last
        if path.parent != folder:
            return f"{path} is not in the cache folder"
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
        except OSError as error:
            return f"{path.name}: {error.strerror or error}"
    return None
