"""Bytes to text: BOMs, UTF-16, legacy encodings, broken bytes, binary."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_repair_that_would_guess_at_a_broken_byte_is_not_made() -> None:
    from talkback.core.decode import repair_mojibake

    # ftfy reads "ß" and the U+FFFD of a broken byte after it as one mangled character, and
    # gives back U+FFFD alone: the ß would be lost
    assert repair_mojibake("Straß\ufffd\n") == ("Straß\ufffd\n", 0)
    page = "Ann Reader said\nDie Straße und das Café, schön.\n" * 5 + "Straß"
    decoded = decode(page.encode() + b"\xff\n")
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert "Straß\ufffd" in decoded.text and decoded.repaired == 0
    # a line with real mojibake and nothing broken is still repaired
    assert repair_mojibake("Itâ€™s fine\nStraß\ufffd\n") == ("It’s fine\nStraß\ufffd\n", 1)


# -- the mojibake check looks only around non-ASCII characters -------------------------------------


def test_the_reach_covers_every_match_of_ftfys_badness_expression() -> None:
    from re import _parser  # type: ignore[attr-defined]

    from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

    from talkback.core.decode import BADNESS_REACH

    _, longest = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()
    assert longest < BADNESS_REACH
    for name, characters in MOJIBAKE_CATEGORIES.items():  # no ASCII character can start a match
        assert not re.search(f"[{characters}]", "".join(map(chr, range(128)))), name


_MOJIBAKE_ALPHABET = (
    "aeiouzAEZ .,?!\n\t-'\"()0123456789"
    "ÂÃÎÐØÙàâäéèêëîïôöûüçñœŒ€šŸž¢£«»–—‘’‚“”„•…×²³°±µ√≈∂†≠®™´≤≥¥øÄìîïòôúùû¡¿©"
    "ВГРСўЂβΒΓΞΟāЀЖ│┐└┘├┤┬┴┼═║╔╗╚╝ﾟ\x80\x85\x9f\xa0\xad·"
)


@given(st.text(alphabet=_MOJIBAKE_ALPHABET, max_size=60))
@settings(max_examples=400)
def test_the_quick_mojibake_check_agrees_with_ftfy(text: str) -> None:
    from ftfy.badness import is_bad

    from talkback.core.decode import _is_bad

    assert _is_bad(text) == is_bad(text)
    padded = "plain ascii words " * 3 + text + " and more plain words" * 3
    assert _is_bad(padded) == is_bad(padded)


def test_a_lone_non_ascii_character_is_bad_only_if_it_is_suspect_alone() -> None:
    """``_is_bad`` searches only around two non-ASCII characters in a row and the few that a
    match of ftfy's badness expression may hold alone: between ASCII characters, no other
    character makes ftfy find a text bad (checked against the installed ftfy)."""
    from ftfy.badness import is_bad

    from talkback.core.decode import _SUSPECT_RUNS

    sides = ["", "a", " ", "a ", "Z.", "\n", "x\t"]
    suspect_alone = []
    for code in [*range(0x80, 0x3000), 0xF8FF, 0xFF9F, 0xFFFD]:
        char = chr(code)
        if any(is_bad(left + char + right) for left in sides for right in sides):
            suspect_alone.append(char)
    assert suspect_alone  # the C1 controls at least
    for char in suspect_alone:
        assert _SUSPECT_RUNS.fullmatch(char), hex(ord(char))
    assert not _SUSPECT_RUNS.search("a’b — c…d é")  # an English page's lone ones are not


def test_the_lead_bytes_make_up_every_character_mojibake_shows() -> None:
    """A page read as UTF-8 skips the repair when its bytes hold none of MOJIBAKE_LEAD_BYTES:
    every character the repair looks for must hold one of them once encoded."""
    from talkback.core.decode import _MOJIBAKE_LEADS, MOJIBAKE_LEAD_BYTES

    leads = [chr(code) for code in range(0x10000) if _MOJIBAKE_LEADS.match(chr(code))]
    assert len(leads) > 80
    for lead in leads:
        assert any(part in lead.encode("utf-8") for part in MOJIBAKE_LEAD_BYTES), hex(ord(lead))


@given(st.text(alphabet=_MOJIBAKE_ALPHABET, max_size=60), st.booleans(), st.booleans())
@settings(max_examples=400)
def test_a_page_is_decoded_as_if_every_page_were_checked_for_mojibake(
    text: str, broken: bool, padded: bool
) -> None:
    from talkback.core.decode import repair_mojibake

    if padded:  # mostly ASCII, as most pages are: the search goes on in the non-ASCII bytes
        text = "plain ascii words " * 8 + text + " and more plain words" * 8
    data = text.encode("utf-8") + (b"\xff caf\xe9" if broken else b"")
    decoded = decode(data)
    plain = decode(data, repair=False)
    repaired, count = repair_mojibake(plain.text)
    assert (decoded.text, decoded.repaired) == (repaired, count)
    assert (decoded.encoding, decoded.replaced) == (plain.encoding, plain.replaced)
