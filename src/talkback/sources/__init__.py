"""Reading dumps: whatever the user points Talkback at, streamed as Posts through the core parser.

``read_dump(path)`` yields posts (ids ``p1``, ``p2``, … in dump order) and problems as it reads, so
that the window can show the first posts before a large dump is finished and a consumer can stop
early simply by no longer iterating. ``load_archive(path)`` collects the whole dump into an
Archive. The dump is opened read-only and nothing is ever written beside it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talkback.core.dialects import check_dialect
from talkback.core.model import Archive, Post, Problem
from talkback.core.parser import DumpError, parse

__all__ = ["DumpError", "ReadOptions", "load_archive", "read_dump"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a dump: a forced comment layout (None: recognise it per page)."""

    dialect: str | None = None


def read_dump(
    path: str | os.PathLike[str], options: ReadOptions | None = None
) -> Iterator[Post | Problem]:
    """Stream the dump's posts and problems in dump order.

    Raises DumpError (before yielding anything) when the dump cannot be read at all.
    """
    options = options or ReadOptions()
    try:
        check_dialect(options.dialect)
    except ValueError as error:
        raise DumpError(os.fspath(path), str(error)) from error
    blog_export = _read_blog_export(path, options)  # HOOK: replaced by the format registry
    if blog_export is not None:
        yield from blog_export
        return
    archive = parse(path, source=os.fspath(path), dialect=options.dialect)
    yield from archive.posts
    yield from archive.problems


def _read_blog_export(
    path: str | os.PathLike[str], options: ReadOptions
) -> Iterator[Post | Problem] | None:
    """HOOK (blogexports branch, until the format registry lands): WXR and Disqus by their head."""
    from talkback.sources import disqus, wxr

    try:
        with Path(path).open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return None  # the page reader below reports it
    if wxr.looks_like_wxr(head):
        return _read_export(path, wxr.read_wxr, options)
    if disqus.looks_like_disqus(head):
        return _read_export(path, disqus.read_disqus, options)
    return None


def _read_export(
    path: str | os.PathLike[str], read: Any, options: ReadOptions
) -> Iterator[Post | Problem]:
    numbers = itertools.count(1)
    with Path(path).open("rb") as stream:
        yield from read(stream, os.fspath(path), lambda: f"p{next(numbers)}", options)


def load_archive(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Archive:
    """Read the whole dump at ``path`` into an Archive; raises DumpError if nothing can be read."""
    archive = Archive(os.fspath(path))
    for item in read_dump(path, options):
        if isinstance(item, Post):
            archive.add_post(item)
        else:
            archive.problems.append(item)
    return archive
