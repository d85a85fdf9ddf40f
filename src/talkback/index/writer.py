"""Writing an index: posts and comments in batched transactions into a private temp file.

The writer never touches the final index path until the very end: it fills
``NAME.sqlite.building-PID-TOKEN`` and renames it over ``NAME.sqlite`` once everything is in and
the state is marked complete. A cancelled or crashed run leaves only a temp file, which is never
mistaken for an index: the next build goes on from the last batch it ended
(:mod:`talkback.index.partial`). Two builders of one dump (two processes, or two threads of one
process) each write their own temp file and the last complete one wins, so readers never see a
half-written index. A location that cannot be written (read-only, full, not a
folder) raises :class:`IndexWriteError`, one line naming the index, and leaves nothing behind.

Big posts' rows wait beside the temp file, in the folder ``NAME.sqlite.building-PID-TOKEN.rows``
(:attr:`IndexWriter.spill_dir`, see :mod:`talkback.index.rows`), which goes with it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from talkback.core.model import Post, Problem
from talkback.core.text import name_label
from talkback.index.authors import write_authors
from talkback.index.location import Fingerprint
from talkback.index.partial import (
    Resume,
    adopt_crashed,
    claim_partial,
    forget_resume,
    journal_path,
    keep_partial,
    partial_path,
    record_resume,
    recorded_resume,
)
from talkback.index.rows import COMMENT_INSERT_COLUMNS, POST_INSERT_COLUMNS, PostRows, post_rows
from talkback.index.schema import GROWING_DDL, POST_LOAD_DDL, SCHEMA_VERSION, create, reopen
from talkback.sources import ReadPoint

#: rows written per transaction
BATCH_ROWS = 100_000
#: rows of the first transaction; each next one is twice as big, up to BATCH_ROWS (a window lists
#: the posts of ended batches while the build goes on: the first are there in a moment)
FIRST_BATCH_ROWS = 2_000
#: characters of posts' full-text words held for the end of a batch before it is ended early
BATCH_POST_CHARS = 16_000_000


def _insert(table: str, columns: str) -> str:
    return f"INSERT INTO {table}({columns}) VALUES ({','.join('?' * len(columns.split(',')))})"


POST_INSERT = _insert("posts", POST_INSERT_COLUMNS)
COMMENT_INSERT = _insert("comments", COMMENT_INSERT_COLUMNS)
FTS_POST_INSERT = "INSERT INTO fts(rowid, author, title, body) VALUES (?,?,?,?)"
FTS_COMMENT_INSERT = "INSERT INTO fts(rowid, author, body) VALUES (?,?,?)"
#: a temp file untouched this long belongs to no live build, whatever its process id says
STALE_SECONDS = 3600
#: the meta key of the dump's path as hexadecimal bytes, when the path is not valid UTF-8
DUMP_BYTES_KEY = "dump_bytes"
#: what writing an index may raise when its location is read-only, full or missing
WRITE_ERRORS = (OSError, sqlite3.Error)


class IndexWriteError(Exception):
    """The index could not be written (read-only, full, not a folder). ``str()`` is one line."""

    def __init__(self, path: Path, error: BaseException) -> None:
        self.path = path
        self.reason = write_error_reason(error)
        super().__init__(
            f"{path}: cannot write the index ({self.reason}); parse and search work without it"
        )


def write_error_reason(error: BaseException) -> str:
    """A short reason for a failed index write: "read-only file system", "disk full"…"""
    if isinstance(error, OSError):
        reason = error.strerror or str(error) or type(error).__name__
        return reason[:1].lower() + reason[1:]
    text = str(error) or type(error).__name__
    if "full" in text:
        return "disk full"
    if "readonly" in text or "read-only" in text:
        return "read-only file system"
    return text


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _writing(
    method: Callable[Concatenate[IndexWriter, _P], _R],
) -> Callable[Concatenate[IndexWriter, _P], _R]:
    """Turn a write failure of ``method`` into an IndexWriteError naming the index."""

    @functools.wraps(method)
    def wrapper(self: IndexWriter, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except WRITE_ERRORS as error:
            raise IndexWriteError(self.final_path, error) from error

    return wrapper


class IndexWriter:
    """Fills one new index file; ``commit()`` publishes it, ``abort()`` throws it away,
    ``suspend()`` keeps it for the next build to go on from.

    With ``resume``, a build of this dump that was stopped is taken over: :attr:`resumed` says
    where the read must go on from (None: from the start). Batches end only at read points
    (:meth:`reached`).
    """

    def __init__(
        self,
        final_path: Path,
        source: str,
        print_: Fingerprint,
        options: str = "",
        *,
        resume: bool = True,
    ) -> None:
        self.final_path = final_path
        token = secrets.token_hex(4)
        self.temp_path = final_path.with_name(f"{final_path.name}.building-{os.getpid()}-{token}")
        #: where big posts' rows wait between the process that made them and this writer
        self.spill_dir = self.temp_path.with_name(f"{self.temp_path.name}.rows")
        dump = os.fspath(Path(source).absolute())
        self._meta = {
            "schema_version": str(SCHEMA_VERSION),
            "source": name_label(source),
            # the dump's absolute path, whatever folder the build was started in (the cache's
            # listing finds the dump by it)
            "dump": name_label(dump),
            "fingerprint": str(print_),
            "options": options,
            "state": "building",
        }
        if self._meta["dump"] != dump:  # a name that is not UTF-8: SQLite takes it as bytes
            self._meta[DUMP_BYTES_KEY] = os.fsencode(dump).hex()
        #: where the build goes on from, when it took over a stopped one
        self.resumed: Resume | None = None
        try:
            final_path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temp_files(final_path)
            self.spill_dir.mkdir()
            if resume:
                self.resumed = claim_partial(final_path, self.temp_path, dict(self._meta))
            if self.resumed is not None:
                self.connection: sqlite3.Connection = reopen(self.temp_path)
                self.connection.execute(GROWING_DDL)  # a stopped build may predate that index
            else:
                self.connection = create(self.temp_path)
        except WRITE_ERRORS as error:
            with contextlib.suppress(OSError):
                self.temp_path.unlink(missing_ok=True)
            shutil.rmtree(self.spill_dir, ignore_errors=True)
            raise IndexWriteError(final_path, error) from error
        done = self.resumed or Resume(ReadPoint(), 0)
        self.post_count = done.point.posts
        self.comment_count = done.comments
        self.problem_count = done.point.problems
        #: rows written in this batch (it ends at the first read point after _batch_rows)
        self._pending_rows = 0
        self._batch_rows = min(FIRST_BATCH_ROWS, BATCH_ROWS)
        #: the full-text rows of this batch's posts, written at the end of the batch (see _flush)
        self._post_words: list[tuple[int, str, str, str]] = []
        self._post_chars = 0
        self._next_comment_rowid = done.comments + 1
        if self.resumed is None:
            self._meta["started"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        self.connection.execute("BEGIN")
        self._write_meta()

    def add_post(self, post: Post) -> None:
        """Store a post with all its comments and their full text."""
        self.add_rows(post_rows(post))

    @_writing
    def add_rows(self, rows: PostRows) -> None:
        """Store a post's rows (made by :func:`~talkback.index.rows.post_rows`), numbering them.

        A big post's rows are read from its spill file a chunk at a time (the file is removed
        once they are in), all in the batch's transaction: the post is stored whole or not at all.
        """
        self.post_count += 1
        post_rowid = self.post_count
        connection = self.connection
        connection.execute(POST_INSERT, (post_rowid, *rows.post))
        self._post_words.append((-post_rowid, *rows.post_words))
        self._post_chars += sum(map(len, rows.post_words))
        first = self._next_comment_rowid
        start = first
        for comments, parents, words in rows.chunks():
            rowids = range(start, start + len(comments))
            # generators, not lists: a post of a million comments is not copied once more
            connection.executemany(
                COMMENT_INSERT,
                (
                    (rowid, post_rowid, None if parent is None else first + parent, *row)
                    for rowid, parent, row in zip(rowids, parents, comments, strict=True)
                ),
            )
            connection.executemany(
                FTS_COMMENT_INSERT,
                ((rowid, *words) for rowid, words in zip(rowids, words, strict=True)),
            )
            start += len(comments)
        if rows.spill is not None:
            Path(rows.spill).unlink(missing_ok=True)
        count = start - first
        self._next_comment_rowid += count
        self.comment_count += count
        self._pending_rows += 1 + count

    @_writing
    def add_problem(self, problem: Problem) -> None:
        """Store one problem met while reading the dump."""
        self.problem_count += 1
        self.connection.execute(
            "INSERT INTO problems(location, message) VALUES (?,?)", (problem.where, problem.message)
        )
        self._pending_rows += 1

    @_writing
    def reached(self, point: ReadPoint) -> None:
        """Everything the dump's items up to ``point`` gave is written: end the batch here if it
        is full, recording the point (a build stopped later goes on from it)."""
        if self._pending_rows < self._batch_rows and self._post_chars < BATCH_POST_CHARS:
            return
        if (point.posts, point.problems) != (self.post_count, self.problem_count):
            return  # not where this writer is (never seen): no point is recorded
        self._flush()
        record_resume(self.connection, Resume(point, self.comment_count))
        self.connection.execute("COMMIT")
        self.connection.execute("BEGIN")
        self._pending_rows = 0
        self._batch_rows = min(BATCH_ROWS, self._batch_rows * 2)

    @_writing
    def commit(self) -> Path:
        """Finish the index and publish it atomically at its final path."""
        connection = self.connection
        self._flush()
        for statement in POST_LOAD_DDL.split(";"):
            if statement.strip():
                connection.execute(statement)
        author_count = write_authors(connection)
        self._meta.update(
            state="complete",
            finished=time.strftime("%Y-%m-%dT%H:%M:%S"),
            post_count=str(self.post_count),
            comment_count=str(self.comment_count),
            problem_count=str(self.problem_count),
            author_count=str(author_count),
        )
        self._write_meta()
        forget_resume(connection)
        connection.execute("COMMIT")
        connection.close()
        with self.temp_path.open("rb") as written:  # on disk before it is published
            os.fsync(written.fileno())
        self.temp_path.replace(self.final_path)
        shutil.rmtree(self.spill_dir, ignore_errors=True)
        partial_path(self.final_path).unlink(missing_ok=True)  # a stopped build of it is moot
        return self.final_path

    def abort(self) -> None:
        """Throw the unfinished index away (and the rows waiting beside it)."""
        try:
            self.connection.close()
        finally:
            self.temp_path.unlink(missing_ok=True)
            journal_path(self.temp_path).unlink(missing_ok=True)
            shutil.rmtree(self.spill_dir, ignore_errors=True)

    def suspend(self) -> bool:
        """Stop building, keeping the batches ended so far for the next build to go on from;
        whether anything was kept (a build that ended no batch is thrown away)."""
        kept = False
        with contextlib.suppress(sqlite3.Error):  # no transaction open: nothing to roll back
            self.connection.execute("ROLLBACK")  # the batch that was not ended
        with contextlib.suppress(sqlite3.Error):
            kept = recorded_resume(self.connection) is not None
        if not kept:
            self.abort()
            return False
        try:
            self.connection.close()
            keep_partial(self.temp_path, self.final_path)
        except (OSError, sqlite3.Error):
            self.abort()
            return False
        finally:
            shutil.rmtree(self.spill_dir, ignore_errors=True)
        return True

    def _write_meta(self) -> None:
        self.connection.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?,?)", sorted(self._meta.items())
        )

    def _flush(self) -> None:
        """Write the full-text rows of the batch's posts, in ascending rowid order.

        FTS5 writes out the words it gathers in memory whenever a rowid is lower than the one
        before; a post's rowid (negative) after its comments' (positive) would do that for every
        post, leaving a trail of tiny segments to merge. So they wait for the end of the batch.
        """
        self._post_words.reverse()
        self.connection.executemany(FTS_POST_INSERT, self._post_words)
        self._post_words = []
        self._post_chars = 0


def remove_stale_temp_files(final_path: Path) -> None:
    """Clear away what builds whose process is gone (crashed or killed runs) left: a temp file that
    ended a batch is kept as the index's partial, for the next build to go on from
    (:func:`~talkback.index.partial.adopt_crashed`); anything else goes.

    A temp file of a live process (this one included: another thread may be building) is kept
    unless it has not been written to for :data:`STALE_SECONDS` (its process id was reused); a
    build's folder of big posts' rows goes with its temp file (it may stay unchanged for long).
    """
    # journals last: each is rolled back (and removed) with its temp file, or is left alone
    found = final_path.parent.glob(f"{final_path.name}.building-*")
    for temp in sorted(found, key=lambda path: (path.name.endswith("-journal"), path.name)):
        pid_text = temp.name.rsplit(".building-", 1)[-1].split("-", 1)[0]
        index_file = temp.with_name(temp.name.removesuffix(".rows").removesuffix("-journal"))
        try:
            written = (index_file if index_file.exists() else temp).stat().st_mtime
        except FileNotFoundError:
            continue  # its builder finished or gave up meanwhile
        if pid_text.isdigit() and build_is_live(int(pid_text), written):
            continue
        if temp.is_dir():  # the rows of big posts of that build
            shutil.rmtree(temp, ignore_errors=True)
        elif temp.name.endswith("-journal"):
            temp.unlink(missing_ok=True)  # its temp file is gone
        else:
            adopt_crashed(temp, final_path)


def build_is_live(pid: int, written: float) -> bool:
    """Whether the build of process ``pid``, whose file was last written at ``written`` (a
    ``time.time()``), is under way: its process is there and wrote lately (else the process id
    was reused by another)."""
    return _process_alive(pid) and time.time() - written < STALE_SECONDS


def _process_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user's counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
