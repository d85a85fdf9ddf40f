"""Reading a dump: find out what the path is, go down through its containers, hand files to formats.

:class:`DumpReader` is one read of one dump. The path is a page, a folder or a container; containers
are recognised by their first bytes (:mod:`talkback.sources.detect`) and opened as streams, nested
as deep as ``Limits.max_depth``. What is left once every container is open is handed to the first
format that recognises it (:mod:`talkback.sources.formats`). Posts and problems stream out in dump
order; each post is given its id as it leaves (:mod:`talkback.sources.post_ids`).

A damaged part gives a problem and the reading goes on with the next part. A dump that cannot be
read at all raises DumpError: before anything is yielded when the path is missing, unreadable, an
empty file or folder, or binary data of no known kind; at the end when nothing in it was a post.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import BinaryIO, Generic

from talkback.core.dialects import check_dialect
from talkback.core.model import Post, Problem
from talkback.core.parser import DumpError
from talkback.core.text import name_label
from talkback.sources.compression import open_layer
from talkback.sources.detect import COMPRESSIONS, detect_container
from talkback.sources.entries import Member
from talkback.sources.folders import FolderFile, files_size, list_folder
from talkback.sources.formats import PAGE_READERS, format_for
from talkback.sources.limits import Budget, LimitError, Meter
from talkback.sources.options import ReadOptions, ReadPoint, ReadProgress
from talkback.sources.parallel import (
    BARRIER,
    ITEM_END,
    Barrier,
    ItemEnd,
    PageJob,
    in_order,
    job_items,
)
from talkback.sources.post_ids import PostIds, PostLike
from talkback.sources.streams import (
    HEAD_BYTES,
    READ_ERRORS,
    CountingReader,
    FailedReader,
    PrefixedReader,
    as_binary,
    describe_error,
    peek_head,
    read_head,
)
from talkback.sources.tars import tar_members
from talkback.sources.zips import zip_members
from talkback.sources.zipstream import stream_zip_members

Item = Post | Problem | PageJob | Barrier

#: a zip inside a stream (which cannot seek) is held in memory up to this size, else streamed
ZIP_IN_MEMORY_BYTES = 16 * 1024 * 1024
#: progress is reported at least every this many bytes read from disk (and at every post)
PROGRESS_STEP_BYTES = 256 * 1024


class DumpReader(Generic[PostLike]):
    """One read of the dump at ``path``: iterate :meth:`read` for its posts and problems.

    Every post is handed on as ``prepare(post)`` (see :mod:`talkback.sources.parallel`), then
    given its id. A read from ``start`` skips the items before it (see :class:`ReadPoint`).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        options: ReadOptions,
        prepare: Callable[[Post], PostLike],
        start: ReadPoint | None = None,
    ) -> None:
        self.path = Path(path)
        self.prepare = prepare
        name = name_label(os.fspath(path))
        self.name = name.rstrip("/") or name
        self.options = options
        self.limits = options.limits
        self.budget = Budget(self.limits, self.name)
        self.start = start or ReadPoint()
        self.ids = PostIds()
        self.ids.count = self.start.posts
        self.problem_count = self.start.problems
        #: the items of the dump handed on in full so far (those skipped from ``start`` included)
        self.items_done = self.start.items
        self.first_problem: Problem | None = None
        self.bytes_read = 0
        self.bytes_total: int | None = None
        self.current = self.name
        self._reported: tuple[int, int] | None = None

    # -- the read as a whole ------------------------------------------------------------------

    def read(self) -> Iterator[PostLike | Problem]:
        """Posts and problems in dump order; raises DumpError (see the module docstring)."""
        read = self.read_with_points()
        try:
            for item in read:
                if not isinstance(item, ReadPoint):
                    yield item
        finally:
            read.close()  # at once: it stops the worker processes

    def read_with_points(self) -> Generator[PostLike | Problem | ReadPoint, None, None]:
        """:meth:`read`, with a ReadPoint after everything each item of the dump gave."""
        try:
            check_dialect(self.options.dialect)
        except ValueError as error:
            raise DumpError(self.name, str(error)) from error
        items = self._open_root()
        ordered = self._parsed(items)
        try:
            for item in ordered:
                if isinstance(item, ItemEnd):
                    self.items_done += 1
                    yield ReadPoint(self.items_done, self.ids.count, self.problem_count)
                    continue
                counted = self._count(item)
                self._report()
                yield counted
        except LimitError as error:  # a limit on the whole dump: what was read stays
            problem = self._count(Problem(error.where, error.message))
            self._report()
            yield problem
        finally:
            ordered.close()
            items.close()
        self._report(done=True)
        if self.ids.count == 0:
            raise self._nothing_read()

    def _parsed(self, items: Iterator[Item]) -> Generator[PostLike | Problem | ItemEnd, None, None]:
        """The items from the start point on, with every PageJob parsed (by worker processes
        when there are several) and every post prepared, each followed by ITEM_END."""
        if self.start.items:
            items = _skipped(items, self.start.items)
        if self.options.workers:
            yield from in_order(items, self.options.workers, self.prepare, self.ids.peek)
            return
        for item in items:
            if isinstance(item, Barrier):
                continue
            if isinstance(item, PageJob):
                yield from job_items(item, self.prepare, self.ids.peek())
            elif isinstance(item, Post):
                yield self.prepare(item)
            else:
                yield item
            yield ITEM_END

    def _count(self, item: PostLike | Problem) -> PostLike | Problem:
        if not isinstance(item, Problem):
            return self.ids.settle(item)
        self.problem_count += 1
        if self.first_problem is None:
            self.first_problem = item
        return item

    def _nothing_read(self) -> DumpError:
        first = self.first_problem
        if first is None:
            return DumpError(self.name, "no posts or comments found")
        if self.problem_count == 1:
            return DumpError(first.where, first.message.removesuffix("; skipped"))
        return DumpError(
            self.name,
            f"no comment pages found ({self.problem_count} problems; the first: {first})",
        )

    def _add_read(self, count: int) -> None:
        self.bytes_read += count

    def _report(self, *, done: bool = False) -> None:
        callback = self.options.progress
        if callback is None:
            return
        state = (self.bytes_read, self.ids.count)
        last = self._reported
        quiet = (
            last is not None and state[1] == last[1] and state[0] - last[0] < PROGRESS_STEP_BYTES
        )
        if quiet and not done:
            return
        self._reported = state
        total = self.bytes_total
        read = min(self.bytes_read, total) if total is not None else self.bytes_read
        callback(ReadProgress(read, total, self.ids.count, self.problem_count, self.current, done))

    # -- the path ---------------------------------------------------------------------------

    def _open_root(self) -> Generator[Item, None, None]:
        try:
            info = self.path.stat()
        except (FileNotFoundError, NotADirectoryError) as error:
            raise DumpError(self.name, "no such file") from error
        except OSError as error:
            raise DumpError(self.name, describe_error(error)) from error
        if stat.S_ISDIR(info.st_mode):
            try:
                listing = list_folder(self.path, self.name)
            except OSError as error:
                raise DumpError(self.name, describe_error(error)) from error
            if not listing:
                raise DumpError(self.name, "empty folder (no files in it)")
            self.bytes_total = files_size(listing)  # as dump_size counts it
            return self._read_folder(listing)
        if not stat.S_ISREG(info.st_mode):
            raise DumpError(self.name, "not a file or folder (a pipe, socket or device)")
        try:
            handle = self.path.open("rb")
        except OSError as error:
            raise DumpError(self.name, describe_error(error)) from error
        self.bytes_total = info.st_size
        return self._read_root_file(handle, info.st_size)

    def _read_root_file(self, handle: BinaryIO, size: int) -> Generator[Item, None, None]:
        with handle:
            stream = as_binary(CountingReader(handle, self._add_read))
            try:
                head = read_head(stream)
            except OSError as error:
                raise DumpError(self.name, describe_error(error)) from error
            if len(head) < HEAD_BYTES and not head.strip():
                raise DumpError(self.name, "empty file")
            if detect_container(head) is None and format_for(head) is None:
                # not an archive either (those were recognised first)
                raise DumpError(self.name, "binary data, not a text page")
            stream.seek(0)
            yield from self._read_stream(stream, self.name, 0, size)

    def _read_folder(self, listing: list[FolderFile | Problem]) -> Generator[Item, None, None]:
        for entry in listing:
            if isinstance(entry, Problem):
                yield entry
                continue
            self.budget.add_entry()
            self.current = entry.where
            try:
                handle = entry.path.open("rb")
            except OSError as error:
                yield Problem(entry.where, f"{describe_error(error)}; skipped")
                continue
            with handle:
                stream = as_binary(CountingReader(handle, self._add_read))
                yield from self._read_stream(stream, entry.where, 0, entry.size)

    # -- containers -------------------------------------------------------------------------

    def _read_stream(
        self, stream: BinaryIO, where: str, depth: int, size: int | None = None
    ) -> Iterator[Item]:
        """Whatever ``stream`` holds; ``size`` is given only for a file on disk (it can seek)."""
        self.current = where
        head, error = peek_head(stream)
        if error is not None and not head:
            yield Problem(where, f"{describe_error(error)}; skipped")
            return
        kind = detect_container(head)
        if kind is not None and depth >= self.limits.max_depth:
            yield Problem(
                where, f"{kind} nested more than {self.limits.max_depth} containers deep; skipped"
            )
            return
        if error is not None:  # the rest raises the error again, after the head is read
            body = as_binary(PrefixedReader(head, as_binary(FailedReader(error))))
        elif size is not None:
            stream.seek(0)
            body = stream
        else:
            body = as_binary(PrefixedReader(head, stream))
        if kind in COMPRESSIONS:
            layer = open_layer(kind, body, where, self.limits, self.budget)
            yield from self._guarded(where, self._read_stream(layer, where, depth + 1))
        elif kind == "zip":
            yield from self._guarded(where, self._read_zip(body, where, depth, size))
        elif kind == "tar":
            members = tar_members(body, where, self.limits, self.budget)
            yield from self._guarded(where, self._read_members(members, where, depth))
        else:
            yield from self._read_format(head, body, where)

    def _read_zip(
        self, stream: BinaryIO, where: str, depth: int, size: int | None
    ) -> Iterator[Item]:
        if size is not None:
            members = zip_members(stream, where, size, self.limits, self.budget)
        else:
            data = read_head(stream, ZIP_IN_MEMORY_BYTES + 1)
            if len(data) <= ZIP_IN_MEMORY_BYTES:
                members = zip_members(io.BytesIO(data), where, len(data), self.limits, self.budget)
            else:
                meter = Meter(
                    where, "this zip archive", self.limits, limit=self.limits.max_total_bytes
                )
                whole = as_binary(PrefixedReader(data, stream))
                members = stream_zip_members(whole, where, self.limits, [meter, self.budget.total])
        yield from self._read_members(members, where, depth)

    def _read_members(
        self, members: Generator[Member | Problem, None, None], where: str, depth: int
    ) -> Iterator[Item]:
        try:
            for member in members:
                if isinstance(member, Problem):
                    yield member
                    continue
                self.budget.add_entry()
                yield from self._read_stream(member.stream, f"{where}!{member.name}", depth + 1)
        finally:
            members.close()

    def _guarded(self, where: str, items: Iterator[Item]) -> Iterator[Item]:
        """Pass ``items`` on; a limit or a read error ends them with a problem instead."""
        try:
            yield from items
        except LimitError as error:
            if error.whole_dump:
                raise
            yield Problem(error.where, error.message)
        except READ_ERRORS as error:
            yield Problem(where, f"{describe_error(error)}; the rest of it is lost")

    def _read_format(self, head: bytes, stream: BinaryIO, where: str) -> Iterator[Item]:
        found = format_for(head)
        if found is None:
            yield Problem(where, "binary data, not a text page or a known archive; skipped")
            return
        if found.read not in PAGE_READERS and self.options.workers:
            # This reader numbers its posts as it goes: every page in flight must be settled first.
            yield BARRIER
        try:
            yield from found.read(stream, where, self.ids.peek, self.options)
        except LimitError:
            raise
        except DumpError as error:  # a reader's verdict on this file: one problem among others
            yield Problem(error.where, error.reason)
        except READ_ERRORS as error:
            yield Problem(where, f"{describe_error(error)}; the rest of this file is lost")
        except Exception as error:  # a reader's bug must not end the whole dump
            yield Problem(where, f"could not be read ({type(error).__name__}: {error}); skipped")


def _skipped(items: Iterator[Item], count: int) -> Iterator[Item]:
    """``items`` without the first ``count`` of them (barriers aside): read, never parsed.
    (:meth:`DumpReader.read_with_points` closes ``items`` itself.)"""
    for item in items:
        if count and not isinstance(item, Barrier):
            count -= 1
            continue
        yield item
