"""Recognising containers by their content: the magic bytes at the start, never the file name.

A dump called ``comments.txt`` may be a gzip, ``export.zip`` may be a plain page, a tar may have no
extension at all. :func:`detect_container` looks at the first bytes of a stream and says which
container it is, or None for anything else (a page, a corpus, a blog export: see
:mod:`talkback.sources.formats`).
"""

from __future__ import annotations

from typing import Literal

Compression = Literal["gzip", "bzip2", "xz", "zstd"]
Archive = Literal["zip", "tar"]
ContainerKind = Compression | Archive

COMPRESSIONS: tuple[Compression, ...] = ("gzip", "bzip2", "xz", "zstd")

_GZIP = b"\x1f\x8b"
_BZIP2_BLOCK = b"\x31\x41\x59\x26\x53\x59"  # pi: the first block of a bzip2 stream
_BZIP2_END = b"\x17\x72\x45\x38\x50\x90"  # sqrt(pi): an empty bzip2 stream
_XZ = b"\xfd7zXZ\x00"
_ZSTD = b"\x28\xb5\x2f\xfd"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08PK\x03\x04")
_TAR_BLOCK = 512


def detect_container(head: bytes) -> ContainerKind | None:
    """The container the bytes ``head`` (the first few KiB of a stream) begin, or None."""
    if head.startswith(_GZIP) and len(head) >= 10 and head[2] == 8:  # 8: deflate, the only method
        return "gzip"
    if _is_bzip2(head):
        return "bzip2"
    if head.startswith(_XZ):
        return "xz"
    if head.startswith(_ZSTD) or _is_zstd_skippable(head):
        return "zstd"
    if head.startswith(_ZIP):
        return "zip"
    if is_tar_header(head[:_TAR_BLOCK]):
        return "tar"
    return None


def _is_bzip2(head: bytes) -> bool:
    if len(head) < 10 or not head.startswith(b"BZh") or head[3] not in b"123456789":
        return False
    return head[4:10] in (_BZIP2_BLOCK, _BZIP2_END)


def _is_zstd_skippable(head: bytes) -> bool:
    # skippable frames: magic 0x184D2A50..0x184D2A5F, little-endian
    return len(head) >= 8 and head[1:4] == b"\x2a\x4d\x18" and head[0] & 0xF0 == 0x50


def is_tar_header(block: bytes) -> bool:
    """Whether a 512-byte block is a tar header: the ``ustar`` magic, or an old-style checksum."""
    if len(block) < _TAR_BLOCK or block[0] == 0:
        return False
    if block[257:262] == b"ustar":
        return True
    # Version 7 tar has no magic; its header checksum (the sum of the header's bytes with the
    # checksum field counted as spaces) is what tells a header from text.
    field = block[148:156].replace(b"\x00", b" ").strip()
    if not field or any(byte not in b"01234567" for byte in field):
        return False
    stored = int(field, 8)
    computed = sum(block[:148]) + 8 * 32 + sum(block[156:_TAR_BLOCK])
    return stored == computed
