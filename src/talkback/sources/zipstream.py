"""Zip members read front to back from their local headers, without the central directory.

A zip's directory sits at its very end: a zip that was cut short has none, and a zip inside a
compressed stream cannot seek to it. Every member also starts with a local header giving its name
and, for stored and deflated data, enough to find where it ends. Reading those in order keeps every
member before a cut. Stored and deflated members (nearly all zips) are read; anything else stops
the walk with a problem, since its end cannot be found without the directory.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Generator, Sequence
from typing import BinaryIO

from talkback.core.model import Problem
from talkback.sources.entries import Member, is_litter, screen_member
from talkback.sources.limits import LimitedReader, Limits, Meter
from talkback.sources.streams import CHUNK_BYTES, READ_ERRORS, as_binary, describe_error

_LOCAL = b"PK\x03\x04"
_DIRECTORY = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06")
_DESCRIPTOR = b"PK\x07\x08"
_HEADER = struct.Struct("<4sHHHHHIIIHH")
_STORED, _DEFLATED = 0, 8
_FLAG_ENCRYPTED, _FLAG_DESCRIPTOR, _FLAG_UTF8 = 0x1, 0x8, 0x800
_HEADER_ERRORS: tuple[type[BaseException], ...] = (*READ_ERRORS, struct.error)


def stream_zip_members(
    stream: BinaryIO, where: str, limits: Limits, meters: Sequence[Meter]
) -> Generator[Member | Problem, None, None]:
    """The members of the zip ``stream`` read from its local headers, in file order."""
    source = _Source(stream)
    count = 0
    while True:
        try:
            signature = source.read_exact(4)
            if signature in _DIRECTORY:
                return
            if signature != _LOCAL:
                yield Problem(where, _ended(signature, count))
                return
            header = _read_header(source)
        except _HEADER_ERRORS as error:
            yield Problem(where, f"zip archive {describe_error(error)} after {count} members")
            return
        name, flags, method, compressed_size, size, zip64 = header
        member_where = f"{where}!{name}"
        if flags & _FLAG_ENCRYPTED or method not in (_STORED, _DEFLATED):
            what = "is encrypted" if flags & _FLAG_ENCRYPTED else f"uses compression {method}"
            if flags & _FLAG_DESCRIPTOR:
                yield Problem(member_where, f"{what} and its end cannot be found; rest lost")
                return
            yield Problem(member_where, f"{what}; skipped")
            source.skip(compressed_size)
            continue
        if method == _STORED and flags & _FLAG_DESCRIPTOR:
            yield Problem(member_where, "stored with unknown size; the rest of the zip is lost")
            return
        raw: io.RawIOBase
        if method == _STORED:
            raw = _StoredMember(source, compressed_size)
        else:
            raw = _DeflatedMember(source)
        member_meter = Meter(
            member_where,
            "this member",
            limits,
            limit=limits.max_member_bytes,
            compressed=raw.consumed if isinstance(raw, _DeflatedMember) else None,
        )
        data = as_binary(LimitedReader(as_binary(raw), [member_meter, *meters]))
        if not name.endswith("/") and not is_litter(name):
            problems, _ = screen_member(member_where, name, None)
            yield from problems
            count += 1
            yield Member(name, data, None if flags & _FLAG_DESCRIPTOR else size)
        try:
            while data.read(CHUNK_BYTES):  # the reader may have stopped early: find the end
                pass
            if flags & _FLAG_DESCRIPTOR:
                _skip_descriptor(source, zip64)
        except READ_ERRORS as error:
            yield Problem(member_where, f"{describe_error(error)}; the rest of the zip is lost")
            return


def _ended(signature: bytes, count: int) -> str:
    if not signature:
        return f"zip archive ends without its directory (cut short?) after {count} members"
    return f"zip archive damaged after {count} members (no member header where one should be)"


def _read_header(source: _Source) -> tuple[str, int, int, int, int, bool]:
    fixed = source.read_exact(_HEADER.size - 4)
    if len(fixed) < _HEADER.size - 4:
        raise EOFError("zip header cut short")
    fields = _HEADER.unpack(_LOCAL + fixed)
    flags, method = fields[2], fields[3]
    compressed_size, size, name_length, extra_length = fields[7:11]
    raw_name = source.read_exact(name_length)
    extra = source.read_exact(extra_length)
    if len(raw_name) < name_length or len(extra) < extra_length:
        raise EOFError("zip header cut short")
    name = raw_name.decode("utf-8" if flags & _FLAG_UTF8 else "cp437", errors="replace")
    zip64 = False
    position = 0
    while position + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, position)
        if kind == 0x0001 and length >= 16:
            size, compressed_size = struct.unpack_from("<QQ", extra, position + 4)
            zip64 = True
        position += 4 + length
    return name, flags, method, compressed_size, size, zip64


def _skip_descriptor(source: _Source, zip64: bool) -> None:
    sizes = 16 if zip64 else 8
    first = source.read_exact(4)
    rest = source.read_exact(sizes + (4 if first == _DESCRIPTOR else 0))
    if len(first) < 4 or len(rest) < sizes:
        raise EOFError("zip data descriptor cut short")


class _Source:
    """The zip stream, with bytes read too far (past a deflate stream's end) put back."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._back = b""

    def read(self, size: int) -> bytes:
        if self._back:
            data, self._back = self._back[:size], self._back[size:]
            return data
        return self._stream.read(size)

    def read_exact(self, size: int) -> bytes:
        parts: list[bytes] = []
        while size > 0:
            data = self.read(size)
            if not data:
                break
            parts.append(data)
            size -= len(data)
        return b"".join(parts)

    def skip(self, size: int) -> None:
        while size > 0:
            data = self.read(min(size, CHUNK_BYTES))
            if not data:
                raise EOFError("zip member cut short")
            size -= len(data)

    def unread(self, data: bytes) -> None:
        self._back = data + self._back


class _StoredMember(io.RawIOBase):
    def __init__(self, source: _Source, size: int) -> None:
        super().__init__()
        self._source = source
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        data = self._source.read(min(len(buffer), self._left))
        if not data:
            raise EOFError("zip member cut short")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


class _DeflatedMember(io.RawIOBase):
    def __init__(self, source: _Source) -> None:
        super().__init__()
        self._source = source
        self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        self._pending = b""
        self._done = False
        self._cut = False
        self._consumed = 0

    def consumed(self) -> int:
        """Compressed bytes taken from the zip so far (for the ratio limit)."""
        return self._consumed

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            data = self._inflater.unconsumed_tail
            if not data:
                data = self._source.read(64 * 1024)
                self._consumed += len(data)
            if data:
                self._pending = self._inflater.decompress(data, len(buffer))
            else:  # the input ended: whatever zlib still holds, then the cut
                self._pending = self._inflater.flush()
                self._done = True
                self._cut = not self._inflater.eof
            if self._inflater.eof and not self._done:
                self._source.unread(self._inflater.unused_data)
                self._consumed -= len(self._inflater.unused_data)
                self._done = True
        if not self._pending:
            if self._cut:
                raise EOFError("zip member cut short")
            return 0
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count
