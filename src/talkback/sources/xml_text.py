"""The bytes of an XML export made fit for the XML parser, without dropping a word.

Blog exports are often not quite valid XML: a WordPress export declared UTF-8 may hold a few bytes
of Windows-1252, and comments pasted from word processors carry control characters that XML 1.0
forbids (U+000B, U+000C, …). A strict parser stops at the first of them and everything after it
would be lost. So the export is decoded here (by its byte-order mark or its XML declaration,
UTF-8 otherwise) chunk by chunk, undecodable bytes and forbidden characters are replaced with
U+FFFD and counted, and the text is handed on re-encoded as UTF-8, which the parser is then told to
expect whatever the declaration says.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Iterator
from typing import BinaryIO

#: bytes read from the export at a time
READ_CHUNK = 256 * 1024

_ERRORS = "talkback-xml-count"
_counts = threading.local()

# XML 1.0 Char excludes C0 controls other than tab, LF and CR, the surrogates, U+FFFE and U+FFFF.
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _counts.value = getattr(_counts, "value", 0) + (error.end - error.start)
    return "\ufffd", error.end


codecs.register_error(_ERRORS, _count_and_replace)


def sniff_encoding(head: bytes) -> tuple[str, str | None]:
    """The codec to read an XML document with, and a note when its declaration is unusable."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, None
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le", None
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be", None
    match = _DECLARED.match(head)
    if match is None:
        return "utf-8", None
    declared = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(declared)
    except LookupError:
        return "utf-8", f"unknown encoding {declared!r} in the XML declaration; read as UTF-8"
    if codec.name in {"utf-16", "utf-32"}:
        # Declared UTF-16 without a byte-order mark, yet ASCII-readable: the declaration is wrong.
        return "utf-8", f"declared {declared} but has no byte-order mark; read as UTF-8"
    return codec.name, None


def head_text(head: bytes) -> str:
    """The first bytes of a possible XML export as text, good enough to sniff its format by."""
    encoding, _ = sniff_encoding(head[:1024])
    if encoding.startswith("utf-8") or not encoding.startswith("utf-"):
        encoding = "latin-1"  # every byte is a character: tags and namespaces read the same
    return head.decode(encoding, errors="ignore")


class CleanXmlBytes:
    """An XML export's bytes as UTF-8 chunks the parser accepts, with what was replaced counted.

    After iterating, ``replaced_bytes`` says how many undecodable bytes and ``replaced_chars`` how
    many characters XML forbids were replaced with U+FFFD; ``encoding`` names the codec used.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.encoding = "utf-8"
        self.note: str | None = None
        self.replaced_bytes = 0
        self.replaced_chars = 0

    def __iter__(self) -> Iterator[bytes]:
        head = self._stream.read(READ_CHUNK)
        self.encoding, self.note = sniff_encoding(head[:1024])
        decoder = codecs.getincrementaldecoder(self.encoding)(errors=_ERRORS)
        data = head
        while data:
            yield self._decode(decoder, data, final=False)
            data = self._stream.read(READ_CHUNK)
        tail = self._decode(decoder, b"", final=True)
        if tail:
            yield tail

    def _decode(self, decoder: codecs.IncrementalDecoder, data: bytes, *, final: bool) -> bytes:
        # The error handler counts on this thread while decode() runs: take the difference.
        before = getattr(_counts, "value", 0)
        text = decoder.decode(data, final=final)
        self.replaced_bytes += getattr(_counts, "value", 0) - before
        text, forbidden = _NOT_XML_CHAR.subn("\ufffd", text)
        self.replaced_chars += forbidden
        return text.encode("utf-8")

    def problems(self) -> list[str]:
        """One sentence per kind of repair made, for the reader's problem list."""
        notes = [self.note] if self.note else []
        if self.replaced_bytes:
            notes.append(
                f"{self.replaced_bytes} bytes that are not valid {self.encoding} "
                "were replaced with U+FFFD"
            )
        if self.replaced_chars:
            notes.append(
                f"{self.replaced_chars} control characters that XML does not allow "
                "were replaced with U+FFFD"
            )
        return notes
