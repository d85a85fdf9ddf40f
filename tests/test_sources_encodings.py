"""Encodings: BOMs, UTF-16, legacy code pages, mojibake repaired and reported, CRLF and CR."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from accounting import assert_nothing_lost
from dumps import read_document, zip_bytes
from talkback.core.decode import Decoded, decode, looks_binary, repair_mojibake

PAGE = (
    "Café “open” late\n\nposted at 9:00 am on May 1, 2008 by Zoë Brontë\n\n"
    "The café’s owner said — naïvely — that it would stay open. &amp; is kept as written.\n\n"
    "Comments\n\nSo much for the crème brûlée, Zoë.\n\nJosé on May 1, 2008 at 9:15 AM\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8"),
        (PAGE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16"),
        (PAGE.encode("cp1252"), "windows-1252"),
        (PAGE.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-")
         .encode("latin-1"), "windows-1252"),
        (PAGE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (PAGE.replace("\n", "\r").encode("cp1252"), "windows-1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "crlf", "cr"],
)  # fmt: skip
def test_page_in_each_encoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    dump = tmp_path / "page.txt"
    dump.write_bytes(data)
    document = read_document(dump)
    post = document["posts"][0]
    assert post["encoding"] == encoding
    assert post["author"] == "Zoë Brontë"
    assert post["comments"][0]["author"] == "José"
    assert document["problems"] == []
    text = decode(data).text
    assert_nothing_lost(text, document)
    # the same bytes inside an archive decode the same way
    archived = tmp_path / "dump.zip"
    archived.write_bytes(zip_bytes({"page.txt": data}))
    assert read_document(archived)["posts"][0]["encoding"] == encoding


def test_latin1_with_bytes_windows_1252_leaves_undefined(tmp_path: Path) -> None:
    data = PAGE.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-")
    dump = tmp_path / "page.txt"
    dump.write_bytes(data.encode("latin-1").replace(b"open.", b"open\x81."))
    post = read_document(dump)["posts"][0]
    assert post["encoding"] == "iso-8859-1"
    assert "open\x81." in post["text"]


def test_cyrillic_code_page_is_recognised() -> None:
    text = "Привет всем, это обычная страница с комментариями о погоде в нашем городе.\n" * 3
    decoded = decode(text.encode("cp1251"))
    assert decoded.encoding == "windows-1251"
    assert decoded.text == text


def test_central_european_code_page_is_recognised() -> None:
    text = "Zażółć gęślą jaźń. Łódź, Kraków, Gdańsk — piękne miasta, świetne żurki.\n"
    decoded = decode(text.encode("cp1250"))
    assert (decoded.encoding, decoded.text) == ("windows-1250", text)


SHORT_PAGE = (
    "Pier notes\n\nposted at 9:00 am on March 1, 2008 by Editor\n\nThe article is about the "
    "harbor and the ferry.\n\nComments\n\n{words} was here and said the pier is fine.\n\n"
    "Ann on March 1, 2008 at 10:00 AM\n"
)


@pytest.mark.parametrize(
    "words",
    ["Zoë", "déjà vu", "Crème brûlée", "naïve", "São Paulo", "Ångström", "Gödel", "Ærø", "Niño",
     "Þór", "Straße", "smörgåsbord", "Øresund", "señor Núñez", "Þingvellir", "Curaçao"],
)  # fmt: skip
def test_a_western_page_with_a_few_accented_letters_is_read_as_windows_1252(words: str) -> None:
    # charset-normalizer (the guesser before chardet) took a short page for Baltic: "Zoë" came
    # out "Zoė", silently
    text = SHORT_PAGE.format(words=words)
    assert decode(text.encode("cp1252")) == Decoded(text, "windows-1252")


def test_a_central_european_page_is_not_taken_for_a_western_one() -> None:
    # read as Windows-1252, its ł would be ³ inside words ("by³em"): not Western text
    text = SHORT_PAGE.format(words="Wczoraj byłem na molo i widziałem, że deski są luźne. " * 3)
    assert decode(text.encode("cp1250")) == Decoded(text, "windows-1250")


def test_a_page_with_a_stray_nul_byte_is_read_not_refused(tmp_path: Path) -> None:
    # one NUL from a broken scraper made the whole page "binary data" and skipped it
    page = PAGE.replace("So much", "So\x00 much")
    dump = tmp_path / "page.txt"
    dump.write_bytes(page.encode("utf-8"))
    document = read_document(dump)
    assert document["posts"][0]["comments"][0]["text"].startswith("So\x00 much")
    assert document["problems"] == []
    assert_nothing_lost(page, document)


def test_binary_data_with_nul_bytes_is_still_refused() -> None:
    assert looks_binary(b"SQLite format 3\x00" + bytes(4000) + b"some text")
    assert looks_binary("Plain ASCII read as UTF-16 without its mark.".encode("utf-16-le"))


def test_mojibake_is_repaired_and_reported(tmp_path: Path) -> None:
    broken = PAGE.encode("utf-8").decode("cp1252", errors="replace")
    assert "Ã©" in broken and "â€™" in broken
    dump = tmp_path / "page.txt"
    dump.write_bytes(broken.encode("utf-8"))
    document = read_document(dump)
    post = document["posts"][0]
    assert post["author"] == "Zoë Brontë"
    assert post["text"].startswith("The café’s owner said — naïvely — that")
    assert "&amp; is kept as written" in post["text"]  # ftfy's other fixes stay off
    assert document["problems"] == [
        {
            "where": str(dump),
            "message": "mojibake repaired on 5 line(s): text that had been decoded twice "
            "(such as â€™ for ’) was put back with ftfy",
        }
    ]
    repaired, count = repair_mojibake(broken)
    assert count == 5
    assert_nothing_lost(repaired, document)


def test_clean_text_is_not_touched() -> None:
    for text in [PAGE, "ASCII only\r\n", "“Curly” quotes and ﬁ ligatures and ＦＵＬＬ width\n",
                 "Straße, naïve, Ελληνικά, русский, 日本語\r\n"]:  # fmt: skip
        assert repair_mojibake(text) == (text, 0)
        assert decode(text.encode("utf-8")).text == text


def test_mojibake_line_endings_stay(tmp_path: Path) -> None:
    text = "It’s fine\r\nnaïve\rplain\n"
    broken = text.encode("utf-8").decode("cp1252")
    assert repair_mojibake(broken) == (text, 2)


def test_broken_utf8_in_the_middle_of_a_page(tmp_path: Path) -> None:
    data = PAGE.encode("utf-8").replace(b"open.", b"open\xff\xfe.")
    dump = tmp_path / "page.txt"
    dump.write_bytes(data)
    document = read_document(dump)
    assert document["posts"][0]["encoding"] == "utf-8"
    assert document["problems"][0]["message"] == (
        "2 bytes that are not valid utf-8 were replaced with U+FFFD"
    )
