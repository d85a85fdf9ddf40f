"""Building an index for a dump: read it through talkback.sources, write it with IndexWriter.

``ensure_index(dump)`` returns a current index, building one only when there is none, when the
dump changed, or when the schema changed. Progress is reported through a callback. Cancelling
(setting the ``cancel`` event, or Ctrl+C) leaves no index behind: what was written so far is kept
apart (:mod:`talkback.index.partial`), and the next build of the dump goes on from there; so does
the next build after a crashed or killed one.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from talkback.core.parser import DumpError, os_error_reason
from talkback.index import rows as row_format
from talkback.index.location import fingerprint, index_path
from talkback.index.reader import IndexReader
from talkback.index.rows import PostRows, SpillError, post_rows
from talkback.index.writer import IndexWriteError, IndexWriter
from talkback.sources import ReadOptions, ReadPoint, read_resumable


class IndexCancelled(Exception):  # noqa: N818 - it is a signal, not an error
    """The build was cancelled; nothing was published."""


@dataclass(frozen=True, slots=True)
class BuildProgress:
    """How far a build has come (``resumed``: the posts an earlier, stopped build had indexed;
    ``writing``: the file being written, where the posts of every ended batch can be read
    already, with ``talkback.index.browse``)."""

    posts: int
    comments: int
    problems: int
    resumed: int = 0
    writing: str = ""


ProgressCallback = Callable[[BuildProgress], None]


def build_index(
    dump: str | os.PathLike[str],
    *,
    options: ReadOptions | None = None,
    base: Path | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    resume: bool = True,
) -> Path:
    """Build (or rebuild) the dump's index and return its path.

    Pages are parsed and turned into rows in worker processes (``options.workers``; by default one
    per CPU) while this process reads the dump in order and writes the rows. A stopped build of
    the dump (cancelled, crashed) is gone on from, unless ``resume`` is False.

    Raises DumpError when the dump cannot be read at all and IndexCancelled when cancelled.
    """
    source = os.fspath(dump)
    try:
        print_ = fingerprint(dump)
    except OSError as error:
        raise DumpError(source, os_error_reason(error)) from error
    writer = IndexWriter(
        index_path(dump, base), source, print_, options_key(options), resume=resume
    )
    start = writer.resumed.point if writer.resumed is not None else None
    resumed = start.posts if start is not None else 0
    options = options or ReadOptions()
    if not options.workers:
        options = dataclasses.replace(options, workers=os.cpu_count() or 1)
    # big posts' rows are written beside the index by the workers, a chunk at a time
    spill = os.fspath(writer.spill_dir)
    prepare = functools.partial(post_rows, spill=spill, chunk_rows=row_format.CHUNK_ROWS)
    items = read_resumable(dump, prepare, options, start)
    writing = os.fspath(writer.temp_path)
    if progress is not None:  # where it is written, and what a stopped build did, at once
        progress(BuildProgress(resumed, writer.comment_count, writer.problem_count, resumed,
                               writing))  # fmt: skip
    try:
        try:
            for item in items:
                if cancel is not None and cancel.is_set():
                    raise IndexCancelled(source)
                if isinstance(item, ReadPoint):
                    writer.reached(item)
                    continue
                if isinstance(item, PostRows):
                    writer.add_rows(item)
                else:
                    writer.add_problem(item)
                if progress is not None:
                    progress(BuildProgress(writer.post_count, writer.comment_count,
                                           writer.problem_count, resumed, writing))  # fmt: skip
        finally:
            items.close()  # the workers stop before what they left beside the index is cleared
        if writer.post_count == 0:
            raise DumpError(source, "no posts or comments found")
        return writer.commit()
    except SpillError as error:  # a worker could not write a big post's rows beside the index
        writer.abort()
        raise IndexWriteError(writer.final_path, error) from error
    except (IndexCancelled, KeyboardInterrupt):
        writer.suspend()  # the next build goes on from the last batch ended
        raise
    except BaseException:
        writer.abort()
        raise


def options_key(options: ReadOptions | None) -> str:
    """The reading options that shape an index's content, as recorded in it ("" for defaults).

    Progress callbacks and the number of workers change how a dump is read, not what it gives.
    """
    if options is None:
        return ""
    default = ReadOptions()
    parts = []
    if options.dialect != default.dialect:
        parts.append(f"dialect={options.dialect}")
    if options.text_field != default.text_field:
        parts.append(f"text_field={options.text_field}")
    if options.limits != default.limits:
        parts.append(f"limits={options.limits!r}")
    return ";".join(parts)


def ensure_index(
    dump: str | os.PathLike[str],
    *,
    options: ReadOptions | None = None,
    base: Path | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> tuple[IndexReader, bool]:
    """A reader of the dump's current index, and whether it had to be built now."""
    reader = IndexReader.open_for(dump, base, options_key(options))
    if reader is not None:
        return reader, False
    path = build_index(dump, options=options, base=base, progress=progress, cancel=cancel)
    return IndexReader(path), True
