"""Decompression bombs made on the fly: small files that claim or expand to a gibibyte and more.

Compressing a gibibyte takes seconds, so the bombs repeat a block instead: a deflate block ended by
a full flush (which resets the compressor) can be repeated as often as wanted, and gzip and zstd
streams may be concatenated. Nothing here writes more than a few megabytes.
"""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zlib

import zstandard

MIB = 1024 * 1024
#: one mebibyte of text that compresses about a thousandfold
TEXT_MIB = (b"spam and eggs " * 73 + b"\n") * (MIB // (14 * 73 + 1)) + b"\n" * (MIB % (14 * 73 + 1))
assert len(TEXT_MIB) == MIB


def deflate_repeated(mebibytes: int) -> bytes:
    """Raw deflate data expanding to ``mebibytes`` MiB of :data:`TEXT_MIB`."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(TEXT_MIB) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * mebibytes + zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()


def gzip_repeated(mebibytes: int, prefix: bytes = b"") -> bytes:
    """A gzip file (concatenated members) of ``prefix`` and ``mebibytes`` MiB of text."""
    member = gzip.compress(TEXT_MIB, mtime=0)
    return (gzip.compress(prefix, mtime=0) if prefix else b"") + member * mebibytes


def zstd_repeated(mebibytes: int) -> bytes:
    """A zstd file (concatenated frames) of ``mebibytes`` MiB of text."""
    return zstandard.ZstdCompressor().compress(TEXT_MIB) * mebibytes


def tar_gz_bomb(mebibytes: int) -> bytes:
    """A .tar.gz holding one member of ``mebibytes`` MiB of text (only its header is real)."""
    info = tarfile.TarInfo("bomb.txt")
    info.size = mebibytes * MIB
    return gzip_repeated(mebibytes, prefix=info.tobuf(format=tarfile.PAX_FORMAT))


def zip_with_raw_member(
    name: str, data: bytes, *, size: int, declared: int | None = None, copies: int = 1
) -> bytes:
    """A zip with one deflated member ``data`` of ``size`` bytes uncompressed.

    ``declared`` is the size its headers claim (default: the truth); ``copies`` central-directory
    entries all point at the same member (an overlapping-member bomb).
    """
    claimed = size if declared is None else declared
    raw_name = name.encode()
    local = struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, 0, len(data), claimed, len(raw_name), 0
    )
    body = local + raw_name + data
    central = b""
    for _ in range(copies):
        central += (
            struct.pack(
                "<4sBBBBHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                3,
                20,
                0,
                0,
                8,
                0,
                0x21,
                0,
                len(data),
                claimed,
                len(raw_name),
                0,
                0,
                0,
                0,
                0o100644 << 16,
                0,
            )
            + raw_name
        )
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, copies, copies, len(central), len(body), 0)
    return body + central + end


def zip_bomb(mebibytes: int, *, declared: int | None = None, copies: int = 1) -> bytes:
    """A zip whose member expands to ``mebibytes`` MiB of text."""
    return zip_with_raw_member(
        "bomb.txt", deflate_repeated(mebibytes), size=mebibytes * MIB, declared=declared,
        copies=copies,
    )  # fmt: skip


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    """The first ``keep`` of ``data``: a file cut short."""
    return data[: int(len(data) * keep)]


def read_all(stream: io.BufferedIOBase) -> int:
    """Read a stream to its end; gives how many bytes it held."""
    total = 0
    while chunk := stream.read(MIB):
        total += len(chunk)
    return total
