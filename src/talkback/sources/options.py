"""How a dump is read (:class:`ReadOptions`) and how far reading has got (:class:`ReadProgress`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from talkback.sources.limits import Limits


@dataclass(frozen=True, slots=True)
class ReadProgress:
    """How far a read has got, handed to ``ReadOptions.progress``.

    ``bytes_read`` counts bytes read from disk (compressed bytes, for an archive), and
    ``bytes_total`` is the dump's size on disk (for a folder, the sum of its files), or None when it
    is not known. ``where`` names what is being read now; ``done`` is True on the last call.
    """

    bytes_read: int
    bytes_total: int | None
    posts: int
    problems: int
    where: str
    done: bool = False

    @property
    def fraction(self) -> float | None:
        """``bytes_read / bytes_total`` between 0 and 1, or None when the total is not known."""
        if not self.bytes_total:
            return None
        return min(1.0, self.bytes_read / self.bytes_total)


@dataclass(frozen=True, slots=True)
class ReadPoint:
    """How far a read has handed everything on: its first ``items`` items (pages, records and
    problems met reading the dump, in dump order), which gave ``posts`` posts and ``problems``
    problems.

    A read started at a point (``read_prepared(..., start=point)``) reads those items again from
    disk but neither parses nor hands them on, and numbers its posts on from there: an index build
    that was stopped goes on where it stopped. The items of a dump are the same on every read as
    long as the dump is unchanged.
    """

    items: int = 0
    posts: int = 0
    problems: int = 0


#: called from the reading thread as reading goes on; it must be quick and must not raise
ProgressCallback = Callable[[ReadProgress], None]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a dump.

    ``dialect`` forces a comment layout (None: recognise it per page); ``text_field`` names the
    field of a JSONL record that holds the page; ``limits`` are the decompression and size limits;
    ``progress``, when given, is called as reading goes on (see :class:`ReadProgress`);
    ``workers`` (0: none) parses pages in that many other processes (see
    :mod:`talkback.sources.parallel`).
    """

    dialect: str | None = None
    text_field: str = "text"
    limits: Limits = field(default_factory=Limits)
    progress: ProgressCallback | None = None
    workers: int = 0
