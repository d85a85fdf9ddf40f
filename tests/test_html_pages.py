"""Pages saved as HTML read like the same page saved as text."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

import pytest

from talkback.sources import ReadOptions, load_archive
from talkback.sources.formats import looks_like_html


def _as_html(text: str) -> str:
    paragraphs = text.strip().split("\n\n")
    body = "\n".join(
        "<p>" + html.escape(paragraph).replace("\n", "<br>\n") + "</p>" for paragraph in paragraphs
    )
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>Ledger</title>"
        "<style>p { margin: 0 }</style><script>alert(1)</script></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def _threads(path: Path, options: ReadOptions | None = None) -> list[tuple[object, ...]]:
    post = load_archive(path, options).posts[0]
    return [(post.title, post.author, post.published, post.text)] + [
        (c.author, c.published, c.parent_id, c.text) for c in post.comments
    ]


@pytest.mark.parametrize("workers", [0, 1])
def test_html_page_reads_like_the_text_page(
    tmp_path: Path, harbor_path: Path, workers: int
) -> None:
    page = tmp_path / "saved.html"
    page.write_text(_as_html(harbor_path.read_text(encoding="utf-8")), encoding="utf-8")
    assert _threads(page, ReadOptions(workers=workers)) == _threads(harbor_path)


def test_html_inside_an_archive_with_any_name(tmp_path: Path, harbor_path: Path) -> None:
    dump = tmp_path / "site.zip"
    with zipfile.ZipFile(dump, "w") as archive:
        archive.writestr("pier/index", _as_html(harbor_path.read_text(encoding="utf-8")))
    archive_read = load_archive(dump)
    assert [c.author for c in archive_read.posts[0].comments][:2] == ["Sam Pettigrew", "Ines Bravo"]
    assert "alert" not in archive_read.posts[0].text


def test_sniffing() -> None:
    assert looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert looks_like_html(b"<HTML><body>")
    assert looks_like_html(b"<!-- saved from url=(0042)http://x -->\n<html>")
    assert not looks_like_html(b"Harbor Town council votes\n\nposted at 9:05 pm")
    assert not looks_like_html(b'<?xml version="1.0"?><rss>')


@pytest.mark.parametrize("workers", [0, 1])
def test_a_saved_page_says_how_its_bytes_were_read(
    tmp_path: Path, harbor_path: Path, workers: int
) -> None:
    # Its text is taken out of the HTML and parsed as UTF-8: the page's own encoding, a byte
    # replaced with U+FFFD and a line of mojibake repaired all went unsaid.
    saved = _as_html(harbor_path.read_text(encoding="utf-8"))
    western = tmp_path / "western.html"
    western.write_bytes(saved.encode("cp1252"))
    broken = tmp_path / "broken.html"
    broken.write_bytes(saved.encode("utf-8").replace(b"deck move", b"deck \xffmove", 1))
    twice = tmp_path / "twice.html"
    twice.write_bytes(saved.replace("library’s", "libraryâ€™s", 1).encode("utf-8"))
    options = ReadOptions(workers=workers)

    assert load_archive(western, options).posts[0].encoding == "windows-1252"
    archive = load_archive(broken, options)
    assert "deck \ufffdmove" in archive.posts[0].comments[0].text
    assert [str(problem) for problem in archive.problems] == [
        f"{broken}: 1 bytes that are not valid utf-8 were replaced with U+FFFD"
    ]
    archive = load_archive(twice, options)
    assert "library’s" in archive.posts[0].comments[3].text
    assert [str(problem) for problem in archive.problems] == [
        f"{twice}: mojibake repaired on 1 line(s): text that had been decoded twice (such as "
        "â€™ for ’) was put back with ftfy"
    ]
