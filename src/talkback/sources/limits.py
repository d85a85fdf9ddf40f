"""Decompression limits: how much a dump may unpack before Talkback stops, so that bombs cannot win.

Archives come from strangers. A few kilobytes of zip or zstd can claim terabytes, and a tar can hold
sparse members of any size. Every stream Talkback unpacks is counted as it is read, against:

- ``max_member_bytes``: one archive member (zip or tar entry), uncompressed;
- ``max_total_bytes``: everything one read unpacks, counted at every level (a tar.gz counts its
  gzip layer and its members);
- ``max_ratio``: uncompressed bytes per compressed byte, checked once a stream has produced
  ``ratio_grace_bytes`` (small, very repetitive files are fine; bombs are not);
- ``max_page_bytes``: one page or one corpus record, which is held in memory to be parsed;
- ``max_depth``: containers inside containers (a zip in a tar in a gzip…);
- ``max_entries``: files and archive members looked at in one read.

A limit that trips raises :class:`LimitError`; the reader turns it into a ``problems`` entry
naming the file and the limit, keeps what it had read, and moves on (or stops, for the total).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

from talkback.core.parser import MAX_PAGE_BYTES
from talkback.sources.streams import read_some

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True, slots=True)
class Limits:
    """The decompression and size limits of one read (see the module docstring)."""

    max_member_bytes: int = 16 * GIB
    max_total_bytes: int = 64 * GIB
    max_ratio: int = 250
    ratio_grace_bytes: int = 32 * MIB
    max_page_bytes: int = MAX_PAGE_BYTES
    max_depth: int = 6
    max_entries: int = 1_000_000


class LimitError(Exception):
    """A limit tripped while reading ``where``; ``whole_dump``: the rest of the dump must stop."""

    def __init__(self, where: str, message: str, *, whole_dump: bool = False) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
        self.whole_dump = whole_dump


def size_text(count: int) -> str:
    """A byte count for people: ``512 bytes``, ``3.5 MiB``, ``16 GiB``."""
    if count < KIB:
        return f"{count} bytes"
    for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if count >= size:
            value = count / size
            return (
                f"{value:.0f} {unit}"
                if value >= 10 or value.is_integer()
                else f"{value:.1f} {unit}"
            )
    raise AssertionError("unreachable")


class Meter:
    """Counts the bytes coming out of one stream (or one archive) and raises past its limits.

    ``compressed`` gives how many compressed bytes have gone in so far (or the compressed size
    declared for the whole stream); when given, the ratio limit applies.
    """

    def __init__(
        self,
        where: str,
        what: str,
        limits: Limits,
        *,
        limit: int,
        compressed: Callable[[], int] | None = None,
        whole_dump: bool = False,
    ) -> None:
        self.where = where
        self.what = what
        self.limits = limits
        self.limit = limit
        self.compressed = compressed
        self.whole_dump = whole_dump
        self.count = 0

    def add(self, count: int) -> None:
        """Count ``count`` more bytes out; raises LimitError when a limit is passed."""
        self.count += count
        if self.count > self.limit:
            raise LimitError(
                self.where,
                f"{self.what} unpacks to more than {size_text(self.limit)} (the limit); "
                "stopped there",
                whole_dump=self.whole_dump,
            )
        if self.compressed is None or self.count <= self.limits.ratio_grace_bytes:
            return
        compressed = max(1, self.compressed())
        if self.count > self.limits.max_ratio * compressed:
            raise LimitError(
                self.where,
                f"{self.what} expands more than {self.limits.max_ratio}:1 "
                f"({size_text(self.count)} from {size_text(compressed)}): a decompression bomb? "
                "stopped there",
                whole_dump=self.whole_dump,
            )


class Budget:
    """The running totals of one read: bytes unpacked at every level and entries looked at."""

    def __init__(self, limits: Limits, where: str) -> None:
        self.limits = limits
        self.total = Meter(where, "the dump", limits, limit=limits.max_total_bytes, whole_dump=True)
        self.entries = 0
        self.where = where

    def add_entry(self) -> None:
        """Count one more file or archive member; raises LimitError past ``max_entries``."""
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise LimitError(
                self.where,
                f"more than {self.limits.max_entries} files and archive members (the limit); "
                "the rest is skipped",
                whole_dump=True,
            )


class LimitedReader(io.RawIOBase):
    """A readable stream that counts what it passes on against one or more meters.

    Closing it leaves the stream under it open: its owner closes that.
    """

    def __init__(self, stream: IO[bytes], meters: Sequence[Meter]) -> None:
        super().__init__()
        self._stream = stream
        self._meters = meters

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Read into ``buffer``, counting the bytes against every meter."""
        data = read_some(self._stream, len(buffer))
        count = len(data)
        buffer[:count] = data
        for meter in self._meters:
            meter.add(count)
        return count
