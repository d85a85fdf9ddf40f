"""Turning a page's bytes into text, saying which encoding was used and what could not be read.

UTF-8 (with or without a byte-order mark) and UTF-16/32 with a BOM are read as such. A page that is
UTF-8 but for a few broken bytes keeps its UTF-8 and reports the bytes it replaced; a page in a
legacy single-byte encoding is read as Windows-1252 (the superset of Latin-1 the web used).
Binary data is refused.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}


class NotTextError(ValueError):
    """The bytes are not text (binary data, or an encoding that cannot be read)."""


@dataclass(slots=True, frozen=True)
class Decoded:
    """Text decoded from bytes: the text, the encoding used, and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file look like binary data rather than text."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls > len(head) // 20


def decode(data: bytes) -> Decoded:
    """Decode a page's bytes; raises NotTextError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.removesuffix("-sig"))
            except UnicodeDecodeError as error:
                raise NotTextError(f"broken {encoding} text: {error.reason}") from error
    if looks_binary(data[:8192]):
        raise NotTextError("binary data, not a text page")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    if valid > replaced:
        # More good UTF-8 sequences than broken bytes: this is UTF-8 with a few broken bytes (a
        # legacy single-byte page almost never forms valid multi-byte sequences by accident).
        return Decoded(text, "utf-8", replaced)
    try:
        return Decoded(data.decode("cp1252"), "windows-1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "iso-8859-1")
