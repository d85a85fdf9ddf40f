"""Byte streams for reading dumps in place: peeking, counting, bounded reads and read errors.

Nothing is ever unpacked to disk: every member of every container is a stream read from the one
before it. These helpers let the reader look at the first bytes of a stream without losing them
(:class:`PrefixedReader`), count what is read from disk for progress (:class:`CountingReader`),
read a page into memory no further than a limit (:func:`read_limited`) and turn the many ways a
damaged file fails (truncated gzip, bad CRC, vanished file…) into one line for ``problems``.
"""

from __future__ import annotations

import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, BinaryIO, cast

import zstandard

#: how much of a stream is looked at to recognise what it is
HEAD_BYTES = 8192
#: how much is read at a time
CHUNK_BYTES = 1024 * 1024

#: the exceptions a damaged, truncated or vanishing file raises while being read
READ_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    OSError,
    zlib.error,
    lzma.LZMAError,
    zipfile.BadZipFile,
    tarfile.TarError,
    zstandard.ZstdError,
    NotImplementedError,  # zipfile: a compression method Python cannot read
)


def describe_error(error: BaseException) -> str:
    """One short phrase for a read error, e.g. ``truncated (the data ends early)``."""
    if isinstance(error, EOFError) or "unexpected end of data" in str(error):
        return "truncated (the data ends early)"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "file vanished while being read"
    if isinstance(error, zipfile.BadZipFile) and "CRC" in str(error):
        return "damaged (checksum mismatch)"
    if isinstance(error, NotImplementedError):
        return f"unsupported compression ({error})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    detail = str(error) or type(error).__name__
    return f"damaged ({detail})"


def as_binary(raw: io.RawIOBase) -> BinaryIO:
    """A buffered binary stream over a raw one (what readers are handed): see :class:`Buffered`."""
    return cast(BinaryIO, Buffered(raw))


def read_some(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes with at most one read underneath (``read1``), so an error loses none."""
    read1 = getattr(stream, "read1", None)
    return cast(bytes, read1(size)) if read1 is not None else stream.read(size)


def read_head(stream: BinaryIO, size: int = HEAD_BYTES) -> bytes:
    """Up to ``size`` bytes from the start of ``stream`` (fewer only at its end)."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        data = stream.read(wanted)
        if not data:
            break
        parts.append(data)
        wanted -= len(data)
    return b"".join(parts)


def peek_head(stream: BinaryIO, size: int = HEAD_BYTES) -> tuple[bytes, BaseException | None]:
    """Like :func:`read_head`, but a read error ends the head instead of losing it: gives the
    bytes read and the error (None if there was none)."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        try:
            data = stream.read(wanted)
        except READ_ERRORS as error:
            return b"".join(parts), error
        if not data:
            break
        parts.append(data)
        wanted -= len(data)
    return b"".join(parts), None


def read_limited(stream: BinaryIO, limit: int) -> tuple[bytes, BaseException | None, bool]:
    """Read a whole stream into memory, at most ``limit`` bytes.

    Gives the bytes read, the read error that stopped it early (None if it ended cleanly: what was
    read before an error is kept) and whether the stream is larger than ``limit``.
    """
    parts: list[bytes] = []
    total = 0
    while True:
        try:
            data = stream.read(min(CHUNK_BYTES, limit + 1 - total))
        except READ_ERRORS as error:
            return b"".join(parts), error, False
        if not data:
            return b"".join(parts), None, False
        parts.append(data)
        total += len(data)
        if total > limit:
            return b"".join(parts)[:limit], None, True


class PrefixedReader(io.RawIOBase):
    """Gives ``head``, then the rest of ``stream``: undoes a peek at a stream that cannot seek.

    Like every wrapper here, closing it leaves the stream under it open: its owner closes that.
    """

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Read from the head first, then from the stream."""
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = read_some(self._stream, len(buffer))
        buffer[: len(data)] = data
        return len(data)


class Buffered(io.BufferedIOBase):
    """A read-only buffered stream that never drops bytes when the stream under it fails.

    Python's own buffered reader discards what one ``read(n)`` call had gathered when a later raw
    read in the same call fails, so a truncated gzip would lose up to a buffer's worth of text
    before the cut. Here, the bytes gathered are handed out first and the error is raised by the
    next read.
    """

    def __init__(self, raw: IO[bytes] | io.RawIOBase, buffer_size: int = 64 * 1024) -> None:
        super().__init__()
        self._raw = raw
        self._size = buffer_size
        self._buffer = b""
        self._position = 0
        self._error: BaseException | None = None

    def readable(self) -> bool:
        """Always readable."""
        return True

    def seekable(self) -> bool:
        """Whether the stream under it can seek."""
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Seek in the stream under it (relative seeks count the buffered bytes)."""
        if whence == io.SEEK_CUR:
            offset -= len(self._buffer) - self._position
        self._buffer, self._position, self._error = b"", 0, None
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        """The position of the next byte this stream will give."""
        return self._raw.tell() - (len(self._buffer) - self._position)

    def _fill(self, wanted: int) -> bool:
        """Read once more from the stream under it; False at its end. Raises a held-back error."""
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        rest = self._buffer[self._position :]
        # growing reads keep gathering a long line or a large read linear in its length
        chunk = self._raw.read(max(wanted, self._size, len(rest)))
        if not chunk:
            return False
        self._buffer, self._position = rest + chunk if rest else chunk, 0
        return True

    def _gather(self, enough: Callable[[], bool]) -> None:
        """Fill until ``enough()`` or the end; an error with bytes in hand is held back."""
        while not enough():
            try:
                if not self._fill(0):
                    return
            except READ_ERRORS as error:
                if self._position >= len(self._buffer):
                    raise
                self._error = error
                return

    def _take(self, count: int) -> bytes:
        end = min(len(self._buffer), self._position + count)
        data = self._buffer[self._position : end]
        self._position = end
        return data

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when ``size`` is negative or None)."""
        if size is None or size < 0:
            self._gather(lambda: False)
            return self._take(len(self._buffer))
        self._gather(lambda: len(self._buffer) - self._position >= size)
        return self._take(size)

    def read1(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes with at most one read from the stream under it."""
        if self._position >= len(self._buffer):
            self._gather(lambda: self._position < len(self._buffer))
        return self._take(len(self._buffer) if size < 0 else size)

    def readline(self, size: int | None = -1) -> bytes:
        """One line with its line feed (at most ``size`` bytes when ``size`` is not negative)."""
        limit = -1 if size is None else size
        scanned = 0  # bytes after the position known to hold no line feed

        def complete() -> bool:
            nonlocal scanned
            if self._buffer.find(b"\n", self._position + scanned) >= 0:
                return True
            scanned = len(self._buffer) - self._position
            return 0 <= limit <= scanned

        self._gather(complete)
        found = self._buffer.find(b"\n", self._position)
        count = len(self._buffer) - self._position if found < 0 else found + 1 - self._position
        return self._take(count if limit < 0 else min(count, limit))

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Read into ``buffer``."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class FailedReader(io.RawIOBase):
    """A stream whose next read raises ``error``: the rest of a stream that broke during a peek."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self._error = error

    def readable(self) -> bool:
        """Always readable (and always failing)."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Raise the error the stream broke with."""
        raise self._error


class CountingReader(io.RawIOBase):
    """Counts the bytes read through it; it seeks if the stream under it does.

    ``count`` is the number of bytes read, or for a stream that seeks the furthest position
    reached (so that reading the start again after a peek is not counted twice); ``on_read`` is
    told of each increase.
    """

    def __init__(self, stream: IO[bytes], on_read: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self._stream = stream
        self._on_read = on_read
        self._seekable = stream.seekable()
        self.count = 0

    def readable(self) -> bool:
        """Always readable."""
        return True

    def seekable(self) -> bool:
        """Whether the file under it can seek."""
        return self._stream.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Seek in the file under it."""
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        """The position in the file under it."""
        return self._stream.tell()

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Read into ``buffer``, counting the bytes."""
        data = read_some(self._stream, len(buffer))
        count = len(data)
        buffer[:count] = data
        reached = self._stream.tell() if self._seekable else self.count + count
        if reached > self.count:
            if self._on_read is not None:
                self._on_read(reached - self.count)
            self.count = reached
        return count
