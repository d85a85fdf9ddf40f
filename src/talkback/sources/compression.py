"""Single-stream compression (gzip, bzip2, xz, zstd) read as a stream, counted against the limits.

Each layer reads its compressed input a little at a time and hands out at most what is asked for,
so memory stays small however large (or however explosive) the stream is. The output is counted:
past the ratio or size limits a :class:`~talkback.sources.limits.LimitError` stops it. A stream
that ends before its end marker raises EOFError after everything before the cut has been handed
out, so a truncated file keeps what could be read.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from typing import IO, BinaryIO, cast

import zstandard

from talkback.sources.detect import Compression
from talkback.sources.limits import Budget, LimitedReader, Limits, Meter
from talkback.sources.streams import CountingReader, as_binary

#: zstd input is fed this many bytes at a time: one call can then give out at most ~32 MiB
ZSTD_FEED_BYTES = 1024


def open_layer(
    kind: Compression, stream: BinaryIO, where: str, limits: Limits, budget: Budget
) -> BinaryIO:
    """The decompressed content of ``stream``, counted against the limits of one layer."""
    counted = CountingReader(stream)
    source = as_binary(counted)
    decompressed: IO[bytes]
    if kind == "gzip":
        decompressed = cast(IO[bytes], gzip.GzipFile(fileobj=source, mode="rb"))
    elif kind == "bzip2":
        decompressed = bz2.BZ2File(source)
    elif kind == "xz":
        decompressed = lzma.LZMAFile(source)  # noqa: SIM115 (closed with the layer)
    else:
        decompressed = as_binary(ZstdReader(source))
    meter = Meter(
        where,
        f"this {kind} stream",
        limits,
        limit=limits.max_total_bytes,
        compressed=lambda: counted.count,
    )
    return as_binary(LimitedReader(decompressed, [meter, budget.total]))


class ZstdReader(io.RawIOBase):
    """Zstandard frames read one after another, detecting a stream cut short.

    ``zstandard``'s own stream reader returns end-of-file for a truncated frame, so this feeds a
    decompression object a kilobyte at a time and knows whether a frame was left unfinished.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream
        self._decompressor = zstandard.ZstdDecompressor()
        self._frame = self._decompressor.decompressobj()
        self._in_frame = False
        self._pending = memoryview(b"")
        self._ended = False

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Decompress into ``buffer``; 0 at the end; EOFError if the last frame is unfinished."""
        while not self._pending:
            if self._ended:
                return 0
            self._feed()
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def _feed(self) -> None:
        data = self._stream.read(ZSTD_FEED_BYTES)
        if not data:
            self._ended = True
            if self._in_frame:
                raise EOFError("zstd stream ended before the end of its frame")
            return
        out: list[bytes] = []
        while data:
            out.append(self._frame.decompress(data))
            self._in_frame = True
            if not self._frame.eof:
                break
            data = self._frame.unused_data
            self._frame = self._decompressor.decompressobj()
            self._in_frame = False
        self._pending = memoryview(b"".join(out))
