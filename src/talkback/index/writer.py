"""Writing an index: posts and comments in batched transactions into a private temp file.

The writer never touches the final index path until the very end: it fills
``NAME.sqlite.building-PID-TOKEN`` and renames it over ``NAME.sqlite`` once everything is in and
the state is marked complete. A cancelled or crashed run leaves only a temp file, which is never
mistaken for an index (and is removed by the next build); two builders of one dump (two processes,
or two threads of one process) each write their own temp file and the last complete one wins, so
readers never see a half-written index. A location that cannot be written (read-only, full, not a
folder) raises :class:`IndexWriteError`, one line naming the index, and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from talkback.core.model import Post, Problem
from talkback.index.location import Fingerprint
from talkback.index.schema import POST_LOAD_DDL, SCHEMA_VERSION, create
from talkback.search.fts5 import fts5_row

#: rows written per transaction
BATCH_ROWS = 20_000
#: a temp file untouched this long belongs to no live build, whatever its process id says
STALE_SECONDS = 3600
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
    """Fills one new index file; ``commit()`` publishes it, ``abort()`` throws it away."""

    def __init__(
        self, final_path: Path, source: str, print_: Fingerprint, options: str = ""
    ) -> None:
        self.final_path = final_path
        token = secrets.token_hex(4)
        self.temp_path = final_path.with_name(f"{final_path.name}.building-{os.getpid()}-{token}")
        try:
            final_path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temp_files(final_path)
            self.connection: sqlite3.Connection = create(self.temp_path)
        except WRITE_ERRORS as error:
            with contextlib.suppress(OSError):
                self.temp_path.unlink(missing_ok=True)
            raise IndexWriteError(final_path, error) from error
        self.post_count = 0
        self.comment_count = 0
        self.problem_count = 0
        self._pending_rows = 0
        self._next_comment_rowid = 1
        self._meta = {
            "schema_version": str(SCHEMA_VERSION),
            "source": source,
            "fingerprint": str(print_),
            "options": options,
            "state": "building",
            "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self.connection.execute("BEGIN")

    @_writing
    def add_post(self, post: Post) -> None:
        """Store a post with all its comments and their full text."""
        self.post_count += 1
        rowid = self.post_count
        cursor = self.connection
        cursor.execute(
            "INSERT INTO posts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rowid, post.id, post.title, post.author, post.published, post.url, post.dialect,
             post.text, post.byline, json.dumps(post.boilerplate, ensure_ascii=False), post.where,
             post.encoding, json.dumps(post.hidden), len(post.comments)),
        )  # fmt: skip
        cursor.execute(
            "INSERT INTO fts(rowid, author, title, body) VALUES (?,?,?,?)",
            (-rowid, *fts5_row(post)),
        )
        first = self._next_comment_rowid
        rowids = {comment.id: first + number for number, comment in enumerate(post.comments)}
        depths: dict[str, int] = {}
        rows = []
        texts = []
        for comment in post.comments:
            parent = comment.parent
            if parent is None:
                depth = 0
            elif parent.id in depths:
                depth = depths[parent.id] + 1
            else:  # an export may list a reply before its parent
                depth = comment.depth
            depths[comment.id] = depth
            text = comment.text
            rowid_c = rowids[comment.id]
            rows.append(
                (rowid_c, comment.id, rowid, comment.order, comment.parent_id,
                 rowids[parent.id] if parent is not None else None, comment.row, depth,
                 len(comment.children), comment.author, comment.published, comment.kind,
                 comment.url, comment.signature, comment.where,
                 json.dumps([[b.kind, b.text, b.source, b.attribution] for b in comment.blocks],
                            ensure_ascii=False),
                 text, int(any(b.is_quote for b in comment.blocks)))
            )  # fmt: skip
            texts.append((rowid_c, *fts5_row(post, comment)))
        cursor.executemany(
            "INSERT INTO comments VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
        )
        cursor.executemany("INSERT INTO fts(rowid, author, title, body) VALUES (?,?,?,?)", texts)
        self._next_comment_rowid += len(post.comments)
        self.comment_count += len(post.comments)
        self._count_rows(1 + len(post.comments))

    @_writing
    def add_problem(self, problem: Problem) -> None:
        """Store one problem met while reading the dump."""
        self.problem_count += 1
        self.connection.execute(
            "INSERT INTO problems(location, message) VALUES (?,?)", (problem.where, problem.message)
        )
        self._count_rows(1)

    @_writing
    def commit(self) -> Path:
        """Finish the index and publish it atomically at its final path."""
        connection = self.connection
        for statement in POST_LOAD_DDL.split(";"):
            if statement.strip():
                connection.execute(statement)
        self._meta.update(
            state="complete",
            finished=time.strftime("%Y-%m-%dT%H:%M:%S"),
            post_count=str(self.post_count),
            comment_count=str(self.comment_count),
            problem_count=str(self.problem_count),
        )
        connection.executemany("INSERT INTO meta VALUES (?,?)", sorted(self._meta.items()))
        connection.execute("COMMIT")
        connection.close()
        with self.temp_path.open("rb") as written:  # on disk before it is published
            os.fsync(written.fileno())
        self.temp_path.replace(self.final_path)
        return self.final_path

    def abort(self) -> None:
        """Throw the unfinished index away."""
        try:
            self.connection.close()
        finally:
            self.temp_path.unlink(missing_ok=True)

    def _count_rows(self, count: int) -> None:
        self._pending_rows += count
        if self._pending_rows >= BATCH_ROWS:
            self.connection.execute("COMMIT")
            self.connection.execute("BEGIN")
            self._pending_rows = 0


def remove_stale_temp_files(final_path: Path) -> None:
    """Delete temp files of builds whose process is gone (crashed or killed runs).

    A temp file of a live process (this one included: another thread may be building) is kept
    unless it has not been written to for :data:`STALE_SECONDS` (its process id was reused).
    """
    now = time.time()
    for temp in final_path.parent.glob(f"{final_path.name}.building-*"):
        pid_text = temp.name.rsplit(".building-", 1)[-1].split("-", 1)[0]
        try:
            idle = now - temp.stat().st_mtime
        except FileNotFoundError:
            continue  # its builder finished or gave up meanwhile
        if pid_text.isdigit() and _alive(int(pid_text)) and idle < STALE_SECONDS:
            continue
        temp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
