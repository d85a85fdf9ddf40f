"""A page full of hostile comments exports as inert text: nothing runs, loads or restyles."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import pytest

from export_pages import EXPORTED_AT, HOSTILE, by_id, comment_articles, load, parse_page, text_of
from talkback.core.model import Archive
from talkback.export import render_results, render_thread
from talkback.export.textmarkup import BIDI_CONTROLS, LINK_REL

#: Every element our templates may produce; anything else in the page came from user text.
OUR_ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "main", "section",
    "article", "footer", "h1", "h2", "p", "br", "a", "span", "b", "bdi", "time", "figure",
    "blockquote", "figcaption", "q",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "rel", "dir",
    "datetime", "data-depth", "title", "aria-label", "aria-hidden",
}  # fmt: skip


@pytest.fixture(scope="module")
def hostile() -> Archive:
    return load(HOSTILE)


@pytest.fixture(scope="module")
def page(hostile: Archive) -> str:
    return render_thread(hostile, "p1", exported_at=EXPORTED_AT)


@pytest.fixture(scope="module")
def document(page: str) -> Element:
    return parse_page(page)


def test_the_fixture_is_as_hostile_as_intended(hostile: Archive) -> None:
    post = hostile.posts[0]
    assert len(post.comments) == 6
    everything = post.text + "".join(c.text for c in post.comments)
    for needle in ("<script>", "onerror=", "javascript:", "<style>", "\u202e", "</blockquote>"):
        assert needle in everything
    assert any(len(word) >= 5000 for word in everything.split())
    assert any(c.quotes for c in post.comments)
    assert any("<img" in (c.author or "") for c in post.comments)


def test_only_our_elements_and_attributes(document: Element) -> None:
    for element in document.iter():
        assert element.tag in OUR_ELEMENTS, element.tag
        for attribute in element.attrib:
            assert attribute in ALLOWED_ATTRIBUTES, (element.tag, attribute)
    assert len(list(document.iter("style"))) == 1
    assert len(list(document.iter("h1"))) == 1
    assert len(list(document.iter("title"))) == 1


def test_links_are_only_http_https_mailto_or_in_page(document: Element) -> None:
    outside = []
    for link in document.iter("a"):
        href = link.get("href", "")
        if href.startswith("#"):
            assert href[1:] in by_id(document)
            continue
        assert re.match(r"(?i)(https?://|mailto:)", href), href
        assert link.get("rel") == LINK_REL
        if "named" not in (link.get("class") or ""):
            assert text_of(link) == href  # a link shows its own address: nothing disguised
        outside.append(href)
    assert "https://example.org/harbor?x=1&y=2" in outside  # sentence full stop left out
    assert "http://example.org/" in outside  # ends before the quote that tries to break out
    assert "mailto:editor@example.org?subject=hello" in outside


def test_hostile_text_is_shown_verbatim(hostile: Archive, document: Element) -> None:
    shown = text_of(document)
    for comment in hostile.posts[0].comments:
        for line in comment.text.split("\n"):
            visible = "".join(f"U+{ord(ch):04X}" if ch in BIDI_CONTROLS else ch for ch in line)
            assert visible.strip() in shown
    assert '<script>alert("xss")</script> First!' in shown
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in shown  # entities stay as typed
    assert "{{ 7*7 }}" in shown and "{% raw %}" in shown  # no template evaluation
    assert '<script>alert("title")</script> Hostile comments' in text_of(document.find(".//h1"))
    assert "Zed <img src=x onerror=alert(7)>" in shown


def test_fake_closing_tags_stay_inside_their_comment(document: Element) -> None:
    articles = comment_articles(document)
    assert len(articles) == 6
    quinn = by_id(document)["p1-c5"]
    assert "</blockquote></figure></article></main><h1>Fake heading</h1>" in text_of(quinn)
    zed = by_id(document)["p1-c6"]
    quote = zed.find(".//blockquote")
    assert quote is not None and "Fake heading" in text_of(quote)
    caption = zed.find(".//figcaption/a")
    assert caption is not None and caption.get("href") == "#p1-c5"


def test_bidi_controls_are_neutralised(page: str, document: Element) -> None:
    assert not any(ch in page for ch in BIDI_CONTROLS)
    labels = [span for span in document.iter("span") if span.get("class") == "ctl"]
    assert [text_of(s) for s in labels] == ["U+202E", "U+202C", "U+2066", "U+2069"]
    assert labels[0].get("title") == "U+202E right-to-left override"
    for paragraph in by_id(document)["p1-c4"].iter("p"):
        assert paragraph.get("dir") == "auto"


def test_long_words_are_kept_whole_and_breakable(page: str, document: Element) -> None:
    assert "Supercalifragilistic" * 250 in text_of(by_id(document)["p1-c4"])
    assert "overflow-wrap: anywhere" in page


def test_results_page_is_as_safe(hostile: Archive) -> None:
    post = hostile.posts[0]
    hits = [(post, comment) for comment in post.comments] + [(post, None)]
    document = parse_page(
        render_results(hostile, hits, '<script>alert("q")</script>', exported_at=EXPORTED_AT)
    )
    for element in document.iter():
        assert element.tag in OUR_ELEMENTS | {"q"}, element.tag
        assert not any(name.startswith("on") for name in element.attrib)
    assert '<script>alert("q")</script>' in text_of(document.find(".//h1"))
