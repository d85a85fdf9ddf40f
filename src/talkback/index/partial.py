"""Stopped builds that the next build goes on from, instead of starting over.

A build ends each batch of rows only where everything the dump's items so far gave is in (a
:class:`~talkback.sources.ReadPoint`), and records that point, with the number of comments
written, in the same transaction (the ``resume`` row of ``meta``). The temp file is written with
a rollback journal, so whatever happens to the building process, the file holds exactly the
batches that were ended.

- A cancelled build rolls its open batch back and keeps its temp file as ``NAME.sqlite.partial``
  (:func:`keep_partial`).
- A build whose process died (killed, crashed) leaves its temp file, maybe with a hot journal; the
  next build's clean-up opens it (SQLite rolls the journal back) and keeps it as the partial
  (:func:`adopt_crashed`).
- A new build of the dump takes the partial over (:func:`claim_partial`, a rename, so two builds
  never share one) and, if it was made of the same dump (fingerprint), with the same options and
  schema, goes on from its point: the items before it are read again but not parsed. Any other
  partial is thrown away.

A partial is never taken for an index: its state stays ``building`` and it does not have the
index's name.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from talkback.sources import ReadPoint

#: what a stopped build's temp file is kept as, beside the index it was to become
PARTIAL_SUFFIX = ".partial"
#: the key of ``meta`` that holds the point a build may go on from
RESUME_KEY = "resume"


@dataclass(frozen=True, slots=True)
class Resume:
    """Where a stopped build may go on from: the read point and the comments written by then."""

    point: ReadPoint
    comments: int

    def __str__(self) -> str:
        point = self.point
        return f"{point.items} {point.posts} {point.problems} {self.comments}"

    @classmethod
    def parse(cls, text: str) -> Resume | None:
        """The Resume written as ``str(resume)``, or None for anything else."""
        parts = text.split()
        if len(parts) != 4 or not all(part.isdigit() for part in parts):
            return None
        items, posts, problems, comments = map(int, parts)
        return cls(ReadPoint(items, posts, problems), comments)


def partial_path(final_path: Path) -> Path:
    """Where a stopped build of the index at ``final_path`` is kept."""
    return final_path.with_name(final_path.name + PARTIAL_SUFFIX)


def journal_path(database: Path) -> Path:
    """SQLite's rollback journal of ``database``."""
    return database.with_name(database.name + "-journal")


def record_resume(connection: sqlite3.Connection, resume: Resume) -> None:
    """Record, in the batch being ended, the point a stopped build may go on from."""
    connection.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (RESUME_KEY, str(resume)))


def forget_resume(connection: sqlite3.Connection) -> None:
    """Remove the point from an index being finished (a finished index goes on from nowhere)."""
    connection.execute("DELETE FROM meta WHERE key = ?", (RESUME_KEY,))


def recorded_resume(connection: sqlite3.Connection) -> Resume | None:
    """The point recorded in a temp file, or None (no batch ended yet, or not a build's file)."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (RESUME_KEY,)).fetchone()
    return Resume.parse(str(row[0])) if row is not None else None


def keep_partial(temp_path: Path, final_path: Path) -> None:
    """Keep a stopped build's (closed) temp file as the partial of its index."""
    temp_path.replace(partial_path(final_path))


def adopt_crashed(temp_path: Path, final_path: Path) -> None:
    """Keep the temp file of a build whose process is gone as the partial (when it has ended a
    batch), its unfinished batch rolled back; remove it otherwise."""
    journal = journal_path(temp_path)
    usable = False
    with contextlib.suppress(sqlite3.Error, OSError):
        connection = sqlite3.connect(temp_path, isolation_level=None)
        try:
            usable = recorded_resume(connection) is not None  # reading rolls a hot journal back
        finally:
            connection.close()
    if usable and not journal.exists():
        with contextlib.suppress(OSError):
            keep_partial(temp_path, final_path)
            return
    temp_path.unlink(missing_ok=True)
    journal.unlink(missing_ok=True)


def claim_partial(final_path: Path, temp_path: Path, expected: dict[str, str]) -> Resume | None:
    """Take the index's partial over as ``temp_path`` and say where to go on from, if it was built
    with the same ``expected`` meta values (schema, dump fingerprint, options, source). A partial
    that does not fit, or cannot be read, is removed: the build starts over."""
    try:
        partial_path(final_path).rename(temp_path)  # another build may take it first
    except OSError:
        return None
    resume: Resume | None = None
    with contextlib.suppress(sqlite3.Error):
        connection = sqlite3.connect(temp_path, isolation_level=None)
        try:
            resume = _fitting(connection, expected)
        finally:
            connection.close()
    if resume is None:
        temp_path.unlink(missing_ok=True)
        journal_path(temp_path).unlink(missing_ok=True)
    return resume


def _fitting(connection: sqlite3.Connection, expected: dict[str, str]) -> Resume | None:
    """The partial's point, if its meta matches ``expected`` and its tables hold what the point
    says (rows are numbered from 1 with no gaps, so the highest rowids are the counts)."""
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    if meta.get("state") != "building" or any(meta.get(k) != v for k, v in expected.items()):
        return None
    resume = Resume.parse(meta.get(RESUME_KEY, ""))
    if resume is None:
        return None
    point = resume.point
    for table, count in (
        ("posts", point.posts),
        ("comments", resume.comments),
        ("problems", point.problems),
    ):
        highest = connection.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
        if (highest or 0) != count:
            return None
    return resume
