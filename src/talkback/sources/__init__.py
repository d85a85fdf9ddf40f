"""Reading dumps: whatever the user points Talkback at, streamed as Posts through the core parser.

``read_dump(path)`` yields posts (ids ``p1``, ``p2``, … in dump order, comments ``p1-c1``, …) and
problems as it reads, so that the window can show the first posts before a large dump is finished.
``read_prepared(path, prepare)`` hands each post on as ``prepare(post)`` instead, run where the
page was parsed (in a worker process when ``ReadOptions.workers`` asks for some): the index uses it
to turn posts into rows on every core. A consumer stops early by closing the generator
(``items.close()``, or leaving a ``for`` loop over it and letting it go): every file it opened is
closed. ``load_archive(path)`` collects the whole
dump into an Archive. The dump is opened read-only and nothing is ever written, beside it or
anywhere else: archive members are read as streams, never extracted.

What a dump may be (see README "Supported inputs"): a page, a folder of them (recursive), a zip,
tar, or gzip/bzip2/xz/zstd stream (any of them inside any other, up to ``Limits.max_depth``),
recognised by content, not by name; what is inside is a page or a JSONL corpus, or any format
registered in :mod:`talkback.sources.formats`. Decompression is bounded by
:class:`~talkback.sources.limits.Limits`.

Progress: pass ``ReadOptions(progress=callback)``. The callback gets a :class:`ReadProgress`
(``bytes_read`` from disk, ``bytes_total`` the dump's size on disk or None, ``posts`` and
``problems`` so far, ``where`` it is reading, ``fraction`` 0..1 or None) just before each post is
yielded, before a problem when 256 KiB more have been read, and once more with ``done=True`` at the
end (not when the consumer stops early). It is called from the thread that
iterates ``read_dump``, so a window should hand it on through a queued signal; it must be quick and
must not raise. ``dump_size(path)`` gives that total before reading (a folder is walked for it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator

from talkback.core.model import Archive, Post, Problem
from talkback.core.parser import DumpError
from talkback.core.text import name_label
from talkback.sources.folders import dump_size
from talkback.sources.limits import Limits
from talkback.sources.options import ProgressCallback, ReadOptions, ReadPoint, ReadProgress
from talkback.sources.parallel import keep
from talkback.sources.post_ids import PostLike, Renumberable
from talkback.sources.reader import DumpReader  # after ReadOptions: format readers import it

__all__ = [
    "DumpError",
    "Limits",
    "ProgressCallback",
    "ReadOptions",
    "ReadPoint",
    "ReadProgress",
    "Renumberable",
    "dump_size",
    "load_archive",
    "read_dump",
    "read_prepared",
    "read_resumable",
]


def read_dump(
    path: str | os.PathLike[str], options: ReadOptions | None = None
) -> Iterator[Post | Problem]:
    """Stream the dump's posts and problems in dump order.

    Raises DumpError before yielding anything when the dump cannot be opened (missing, no
    permission, an empty file or folder, binary data of no known kind), and after the last problem
    when nothing in it could be read as a post.
    """
    yield from DumpReader(path, options or ReadOptions(), keep).read()


def read_prepared(
    path: str | os.PathLike[str],
    prepare: Callable[[Post], PostLike],
    options: ReadOptions | None = None,
) -> Iterator[PostLike | Problem]:
    """Like :func:`read_dump`, but every post is handed on as ``prepare(post)``.

    ``prepare`` runs where the page was parsed: in a worker process when ``options.workers`` asks
    for some (so it must be a module-level function, and what it gives must be picklable),
    before the post is given its final id. What it gives is a Post or :class:`Renumberable`:
    the reader renumbers it when the post's id was not the one it settles on.
    """
    yield from DumpReader(path, options or ReadOptions(), prepare).read()


def read_resumable(
    path: str | os.PathLike[str],
    prepare: Callable[[Post], PostLike],
    options: ReadOptions | None = None,
    start: ReadPoint | None = None,
) -> Generator[PostLike | Problem | ReadPoint, None, None]:
    """:func:`read_prepared` from ``start`` on (see :class:`ReadPoint`), with a ReadPoint after
    everything each item of the dump gave: a consumer that stops may go on later from the last
    point it got, without parsing again what came before it."""
    yield from DumpReader(path, options or ReadOptions(), prepare, start).read_with_points()


def load_archive(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Archive:
    """Read the whole dump at ``path`` into an Archive (with at least one post).

    Raises DumpError if nothing can be read, including a dump in which no post was found.
    """
    archive = Archive(name_label(os.fspath(path)))
    for item in read_dump(path, options):
        if isinstance(item, Post):
            archive.add_post(item)
        else:
            archive.problems.append(item)
    return archive
