"""Pages in the legacy code pages of Europe: every letter back as written, the code page named.

Czech, Polish and Hungarian pages in Windows-1250 and ISO-8859-2, Lithuanian and Latvian ones in
Windows-1257 and ISO-8859-13, Turkish ones in Windows-1254 and ISO-8859-9, and Western pages
(German, French, Spanish, Danish, Swedish, Norwegian, Icelandic, Dutch, Portuguese) in
Windows-1252 and Latin-1, which must stay Windows-1252 as they always were.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legacy_pages import SAMPLES, WESTERN, Sample, legacy_cases
from talkback.core.codepages import reads_as_text
from talkback.core.decode import Decoded, decode
from talkback.core.parser import parse_bytes
from talkback.sources import load_archive

#: the Windows code page that reads most pages of an ISO 8859 one the same way
WINDOWS_TWIN = {"iso-8859-2": "cp1250", "iso-8859-13": "cp1257", "iso-8859-9": "cp1254",
                "latin-1": "cp1252"}  # fmt: skip
NAMES = {"cp1250": "windows-1250", "cp1252": "windows-1252", "cp1254": "windows-1254",
         "cp1257": "windows-1257"}  # fmt: skip


def reads_alike(data: bytes, code_page: str, text: str) -> bool:
    """Whether the Windows twin of ``code_page`` reads ``data`` as ``text`` too."""
    twin = WINDOWS_TWIN.get(code_page)
    try:
        return twin is not None and data.decode(twin) == text
    except UnicodeDecodeError:
        return False


def expected_encoding(data: bytes, code_page: str, text: str) -> str:
    """The code page's name; its Windows twin's when that reads the page the same."""
    if reads_alike(data, code_page, text):
        return NAMES[WINDOWS_TWIN[code_page]]
    return NAMES.get(code_page, code_page)


@pytest.mark.parametrize(
    ("sample", "code_page"),
    legacy_cases(),
    ids=[f"{sample.name}-{code_page}" for sample, code_page in legacy_cases()],
)
def test_each_page_comes_back_exactly_in_each_of_its_code_pages(
    sample: Sample, code_page: str
) -> None:
    text = sample.text(code_page)
    data = text.encode(code_page)
    assert not data.isascii()
    post, problems = parse_bytes(data, where="page.txt")
    assert problems == []
    assert post is not None
    assert post.encoding == expected_encoding(data, code_page, text)
    lines = text.split("\n")  # title, byline, post, "N Comments", then comment, signature...
    assert (post.title, post.author, post.text) == (lines[0], sample.author, lines[4])
    signed = [name for _, name, _ in sample.comments]
    written = lines[8::4][: len(signed)]
    assert [(comment.author, comment.text) for comment in post.comments] == list(
        zip(signed, written, strict=True)
    )


def test_the_iso_pages_whose_bytes_their_windows_twin_reads_otherwise_are_named_by_iso() -> None:
    """Both names of the table above are given: an ISO page is named ISO when a byte says so."""
    told_apart = set()
    for sample, code_page in legacy_cases():
        text = sample.text(code_page)
        if code_page in WINDOWS_TWIN and not reads_alike(text.encode(code_page), code_page, text):
            told_apart.add((sample.name, code_page))
    # the others have no ą ś ź š ť ž (Latin-2), no „ “ (ISO-8859-13), no Turkish byte where
    # Windows-1254 differs (the C1 range, which no text holds)
    assert told_apart == {("czech", "iso-8859-2"), ("polish", "iso-8859-2"),
                          ("lithuanian", "iso-8859-13"), ("latvian", "iso-8859-13")}  # fmt: skip
    for name, code_page in told_apart:
        (sample,) = [sample for sample in SAMPLES if sample.name == name]
        decoded = decode(sample.text(code_page).encode(code_page))
        assert decoded.encoding == code_page


def test_the_letters_that_went_wrong_come_back() -> None:
    """Turkish ş ğ ı were read as Icelandic þ ð ý, Czech ř as Danish ø, Lithuanian š as ð."""
    by_name = {sample.name: sample for sample in SAMPLES}
    turkish = decode(by_name["turkish"].text("cp1254").encode("cp1254")).text
    assert "teşekkürler" in turkish and "doğru" in turkish and "Yılmaz" in turkish
    assert not {"þ", "ð", "ý"} & set(turkish)
    czech = decode(by_name["czech-short"].text("cp1250").encode("cp1250")).text
    assert "Počasí" in czech and "dětmi" in czech and "è" not in czech
    czech = decode(by_name["czech"].text("cp1250").encode("cp1250")).text
    assert "přes" in czech and "ø" not in czech
    lithuanian = decode(by_name["lithuanian"].text("cp1257").encode("cp1257")).text
    assert "šventė" in lithuanian and "ð" not in lithuanian


def pages_of_some_comments(sample: Sample) -> list[Sample]:
    """The page with every choice of one or more of its comments, with and without its post."""
    choices = []
    for count in range(1, len(sample.comments) + 1):
        for chosen in itertools.combinations(sample.comments, count):
            choices += [replace(sample, comments=chosen), replace(sample, comments=chosen, body="")]
    return choices


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.name for sample in SAMPLES])
def test_a_page_of_any_few_of_its_comments_comes_back_exactly(sample: Sample) -> None:
    """The fewer a page's letters, the less there is to tell its code page by: every page of one
    or more of a sample's comments still comes back exactly."""
    for page in pages_of_some_comments(sample):
        for code_page in sample.code_pages:
            text = page.text(code_page)
            decoded = decode(text.encode(code_page))
            assert decoded.text == text, (page.comments, code_page, decoded.encoding)
            if code_page in WESTERN:
                assert decoded.encoding == "windows-1252"


@st.composite
def mixed_pages(draw: st.DrawFn) -> tuple[Sample, str, str]:
    """A page of one language: comments of its samples in any order, some said twice, with any
    line ending, saved in one of its code pages."""
    language = draw(st.sampled_from(sorted({sample.name.split("-")[0] for sample in SAMPLES})))
    family = [sample for sample in SAMPLES if sample.name.split("-")[0] == language]
    comments = [comment for sample in family for comment in sample.comments]
    chosen = draw(st.lists(st.sampled_from(comments), min_size=1, max_size=5))
    page = replace(family[0], comments=tuple(chosen))
    return page, draw(st.sampled_from(page.code_pages)), draw(st.sampled_from(["\n", "\r\n"]))


@settings(max_examples=60, deadline=None)
@given(mixed_pages())
def test_a_page_of_one_language_is_read_in_a_code_page_that_gives_its_letters(
    made: tuple[Sample, str, str],
) -> None:
    page, code_page, ending = made
    text = page.text(code_page).replace("\n", ending)
    data = text.encode(code_page)
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.encoding == expected_encoding(data, code_page, text)


def as_html(text: str, declaration: str) -> str:
    """``text`` saved as an HTML page, a paragraph a block, with ``declaration`` in its head."""
    body = "\n".join(f"<p>{html.escape(part, quote=False)}</p>" for part in text.split("\n\n"))
    head = f"<!DOCTYPE html>\n<html><head>{declaration}<title>x</title></head>\n"
    return f"{head}<body>\n{body}\n</body></html>\n"


@pytest.mark.parametrize(
    "declared",
    ["", "{code_page}", "iso-8859-1", "utf-8"],
    ids=["undeclared", "declared", "declared-latin-1", "declared-utf-8"],
)
@pytest.mark.parametrize(
    "sample", [sample for sample in SAMPLES if "-" not in sample.name], ids=lambda s: s.name
)
def test_a_page_saved_as_html_is_read_by_its_letters_whatever_it_declares(
    tmp_path: Path, sample: Sample, declared: str
) -> None:
    """A charset an HTML page declares is believed when it reads the page as letters; templates
    declared ISO-8859-1 whatever the page was written in, and such a page is read by its
    letters as a text page is."""
    code_page = sample.code_pages[0]
    text = sample.text(code_page)
    declaration = declared and f'<meta charset="{declared.format(code_page=code_page)}">'
    page = tmp_path / "page.html"
    page.write_bytes(as_html(text, declaration).encode(code_page))
    archive = load_archive(page)
    assert archive.problems == []
    (post,) = archive.posts
    assert post.encoding == NAMES[code_page]
    assert [comment.text for comment in post.comments] == [c for c, _, _ in sample.comments]


ENGLISH_PAGE = (
    "Pier notes\n\nposted at 9:00 am on March 1, 2008 by Editor\n\nThe article is about the "
    "harbor and the ferry.\n\nComments\n\n{words}\n\nAnn on March 1, 2008 at 10:00 AM\n"
)


@pytest.mark.parametrize("words", ["Dzięki, byłem tam wczoraj.", "Wcale nie, było inaczej."])
def test_of_two_readings_about_as_plausible_the_one_without_symbols_inside_words_is_taken(
    words: str,
) -> None:
    """One Polish line on an English page: chardet finds the Western reading (``by³em``) a little
    likelier than the Polish one; a symbol inside a word settles it."""
    text = ENGLISH_PAGE.format(words=words)
    assert decode(text.encode("cp1250")) == Decoded(text, "windows-1250")


def test_what_reads_as_text() -> None:
    for text in ["Zoë and Þór", "naïve café", "Tom’s l·lamp", "20°C, 50 m², ¿Qué?", "Ærø"]:
        assert reads_as_text(text), text
    for text in ["by³em", "mo¿e", "open\x81 late", "Wroc³aw"]:
        assert not reads_as_text(text), text


OTHER_SCRIPTS = {
    "russian": (("cp1251", "koi8-r", "iso-8859-5"), "Паром не ходит", "Ирина",
                "Сегодня паром отменили из-за шторма.",
                ("Опять! Каждую неделю одно и то же.", "Сергей"),
                ("Спасибо, что предупредили, поеду на автобусе.", "Ольга")),
    "greek": (("cp1253", "iso-8859-7"), "Το πλοίο δεν πάει σήμερα", "Μαρία",
              "Σήμερα το πλοίο ακυρώθηκε λόγω καιρού.",
              ("Πάλι; Κάθε εβδομάδα το ίδιο.", "Γιώργος"),
              ("Ευχαριστώ για την ενημέρωση.", "Ελένη")),
    "hebrew": (("cp1255", "iso-8859-8"), "המעבורת לא יוצאת היום", "דנה",
               "היום המעבורת בוטלה בגלל מזג האוויר.",
               ("שוב? כל שבוע אותו דבר.", "יוסי"), ("תודה על העדכון, אסע באוטובוס.", "מיכל")),
    "arabic": (("cp1256",), "العبارة لا تعمل اليوم", "سارة", "ألغيت العبارة اليوم بسبب الطقس.",
               ("مرة أخرى؟ كل أسبوع نفس الشيء.", "أحمد"),
               ("شكرا على الخبر، سأذهب بالحافلة.", "ليلى")),
    "japanese": (("shift_jis", "euc_jp"), "今日はフェリーが運休です", "佐藤",
                 "今日は天候のためフェリーが運休になりました。",
                 ("またですか。毎週同じですね。", "田中"),
                 ("お知らせありがとうございます。バスで行きます。", "鈴木")),
    "chinese": (("gbk",), "今天渡轮停航", "王芳", "今天因为天气原因渡轮停航了。",
                ("又来了？每个星期都一样。", "李明"), ("谢谢通知，我坐公共汽车去。", "张伟")),
    "korean": (("euc_kr",), "오늘 여객선 운항 중단", "김민지",
               "오늘 날씨 때문에 여객선 운항이 중단되었습니다.",
               ("또요? 매주 똑같네요.", "이준호"),
               ("알려주셔서 감사합니다. 버스로 갈게요.", "박서연")),
    "thai": (("cp874",), "เรือข้ามฟากหยุดวันนี้", "สมศรี", "วันนี้เรือข้ามฟากหยุดเพราะอากาศไม่ดี",
             ("อีกแล้วเหรอ ทุกสัปดาห์เหมือนเดิม", "สมชาย"), ("ขอบคุณที่แจ้งนะ จะนั่งรถเมล์ไป", "มาลี")),
}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "code_page"),
    [(language, code_page) for language, made in OTHER_SCRIPTS.items() for code_page in made[0]],
)
def test_pages_in_other_scripts_are_still_read_in_their_code_pages(
    language: str, code_page: str
) -> None:
    _, title, author, body, *comments = OTHER_SCRIPTS[language]
    sample = Sample(language, (code_page,), title, author, "March 1, 2008", body,
                    tuple((text, name, "10:00 AM") for text, name in comments))  # fmt: skip
    text = sample.text(code_page)
    data = text.encode(code_page)
    decoded = decode(data)
    assert decoded.text == text
    assert data.decode(decoded.encoding) == text  # a name Python knows, for a code page that fits
