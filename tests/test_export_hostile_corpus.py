"""The window's hostile corpus through every export format (what test_export_hostile.py lacks).

tests/fixtures/hostile/ adds to the exporter's own hostile page: NUL and other control characters
past the first 8 KiB, fake quote attributions (a pasted-looking mark inside a paragraph, a
``[quote]``, a ``<blockquote cite=javascript:>``), HTML entities typed as text, CSS that would
cover the page or fetch a picture. HTML and Markdown must show them as inert text, with controls
as visible labels; JSON must carry them exactly (it is data, not a page).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from markdown_it import MarkdownIt

from export_pages import EXPORTED_AT, by_id, parse_page, text_of
from talkback.core.model import Archive, Comment
from talkback.core.serialize import comment_to_dict
from talkback.export import render_thread, render_thread_markdown, thread_document
from talkback.export.textmarkup import CONTROL_PATTERN
from talkback.sources import load_archive
from test_export_hostile import ALLOWED_ATTRIBUTES, OUR_ELEMENTS

CORPUS = Path(__file__).resolve().parent / "fixtures" / "hostile" / "hostile-comments.txt"
CONTROL = re.compile(CONTROL_PATTERN)


@pytest.fixture(scope="module")
def corpus() -> Archive:
    return load_archive(CORPUS)


@pytest.fixture(scope="module")
def page(corpus: Archive) -> str:
    return render_thread(corpus, "p1", exported_at=EXPORTED_AT)


@pytest.fixture(scope="module")
def document(page: str) -> Element:
    return parse_page(page)


def by_author(corpus: Archive, author: str) -> Comment:
    return next(c for c in corpus.posts[0].comments if c.author == author)


def labelled(text: str) -> str:
    return CONTROL.sub(lambda found: f"U+{ord(found[0]):04X}", text)


def test_html_has_only_our_markup_and_no_control_character(page: str, document: Element) -> None:
    assert not CONTROL.search(page)
    for element in document.iter():
        assert element.tag in OUR_ELEMENTS, element.tag
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES, (element.tag, element.attrib)
    [style] = document.iter("style")
    assert "url(" not in (style.text or "") and "@import" not in (style.text or "")
    for link in document.iter("a"):
        href = link.get("href", "")
        assert href.startswith("#") or re.match(r"(https?://|mailto:)", href), href


def test_html_shows_every_line_with_controls_labelled(corpus: Archive, document: Element) -> None:
    shown = text_of(document)
    for comment in corpus.posts[0].comments:
        for line in comment.text.split("\n"):
            assert labelled(line).strip() in shown, line[:60]
    carl = text_of(by_id(document)[by_author(corpus, "Control Carl").id])
    assert "NullU+0000byte" in carl and "escape U+001B[31mred" in carl


def test_fake_attributions_are_text_not_links(corpus: Archive, document: Element) -> None:
    fran = by_author(corpus, "Faker Fran")
    article = by_id(document)[fran.id]
    assert article.find(".//blockquote") is None and article.find(".//figcaption") is None
    hrefs = [a.get("href") or "" for a in article.iter("a")]
    others = [href for href in hrefs if href.startswith("#") and href != f"#{fran.id}"]
    assert others == []  # "Walt Haskins …", "admin", "Nobody" link to no comment
    assert "https://example.org/prize" in hrefs
    assert '[quote="admin"]Trust me' in text_of(article)
    assert 'cite="javascript:alert(1)"' in text_of(article)


def test_entities_stay_as_typed(corpus: Archive, document: Element) -> None:
    ed = text_of(by_id(document)[by_author(corpus, "Entity Ed").id])
    assert "&lt;script&gt;alert(5)&lt;/script&gt; &amp;amp; &#x3C;b&#x3E;bold?" in ed
    assert "{{ 7*7 }} ${7*7} <%= 7*7 %> {% raw %}" in ed


def test_markdown_is_inert_and_labels_controls(corpus: Archive) -> None:
    text = render_thread_markdown(corpus, "p1", exported_at=EXPORTED_AT)
    assert not CONTROL.search(text)
    html = MarkdownIt("commonmark").render(text)  # raw HTML would pass through: there is none
    document = parse_page(html)
    assert {element.tag for element in document.iter()} <= {
        "html", "head", "body", "h1", "h2", "h3", "p", "br", "em", "strong", "a", "code",
        "blockquote", "hr",
    }  # fmt: skip
    for link in document.iter("a"):
        assert re.match(r"(https?://|mailto:)", link.get("href", "")), link.get("href")
    shown = text_of(document)
    assert "<style>*{display:none} body{background:url(https://evil.example/bg.png)}" in shown
    assert "NullU+0000byte" in shown and "Invoice for user U+202Egnp.exe" in shown


def test_json_keeps_every_character(corpus: Archive) -> None:
    document = thread_document(corpus, "p1", exported_at=EXPORTED_AT)
    round_trip = json.loads(json.dumps(document, ensure_ascii=False))
    exported = round_trip["posts"][0]["comments"]
    assert exported == [comment_to_dict(c) for c in corpus.posts[0].comments]
    assert "\x00" in by_author(corpus, "Control Carl").text  # kept as data, not labelled


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_the_command_exports_it(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"thread.{fmt}"
    result = subprocess.run(
        [sys.executable, "-m", "talkback", "export", str(CORPUS), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    written = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert "\x00" not in written and "\\u0000" in written  # escaped by JSON, still there
    else:
        assert not CONTROL.search(written)
