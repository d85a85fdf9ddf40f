"""Bytes to text: BOMs, UTF-16, legacy encodings, broken bytes, binary."""

from __future__ import annotations

import codecs

import pytest

from talkback.core.decode import NotTextError, decode, looks_binary
from talkback.core.parser import parse_bytes

PAGE = "Café\n\nposted at 9:00 am on May 1, 2008 by Zoë\n\nNaïve “text”.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8"),
        (PAGE.encode("utf-16"), "utf-16"),
        (PAGE.encode("cp1252"), "windows-1252"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.text == PAGE
    assert decoded.encoding == encoding
    assert decoded.replaced == 0


def test_broken_bytes_in_utf8_are_reported() -> None:
    data = PAGE.encode("utf-8") + b"bad \xff\xfe byte\n" + "ünïcödé ".encode() * 20
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 2
    post, problems = parse_bytes(data, where="x.txt")
    assert post is not None and post.author == "Zoë"
    assert problems[0].where == "x.txt" and "2 bytes" in problems[0].message


def test_binary() -> None:
    assert looks_binary(b"\x00\x01\x02abc")
    assert not looks_binary(b"plain text\r\n\ttabbed")
    with pytest.raises(NotTextError):
        decode(b"PK\x03\x04\x00\x00" + bytes(range(256)))


def test_mojibake_of_every_usual_kind_is_repaired_and_clean_text_left_alone() -> None:
    from talkback.core.decode import repair_mojibake

    assert repair_mojibake("It‚Äôs a caf√© day\n") == ("It’s a café day\n", 1)  # MacRoman
    assert repair_mojibake("Itâ€™s a cafÃ© day\n") == ("It’s a café day\n", 1)  # Windows-1252
    clean = "It’s a café — fine… Ünïcödé\n"
    assert repair_mojibake(clean) == (clean, 0)
