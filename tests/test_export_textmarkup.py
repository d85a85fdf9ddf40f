"""User text to HTML: escaping, which addresses become links, visible controls."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_pages import parse_page, text_of
from talkback.export.textmarkup import (
    BIDI_CONTROLS,
    inline_text,
    rich_text,
    safe_url,
    tokens,
)


def links(html: str) -> list[tuple[str, str]]:
    document = parse_page(f"<body>{html}</body>")
    return [(a.get("href", ""), text_of(a)) for a in document.iter("a")]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1&c=2#d", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("mailto:someone@example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("ftp://example.org/", False),
        ("https://", False),
        ("http:/example.org", False),
        ("http://[::1", False),
        ("mailto:", False),
        ("https://exa mple.org", False),
        ("https://example.org/\u202egnp.exe", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) == url) if ok else safe_url(url) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://example.org/a.", [("https://example.org/a", "https://example.org/a")]),
        ("(https://example.org/wiki/Pier_(1927))", [("https://example.org/wiki/Pier_(1927)",) * 2]),
        ('x https://example.org/?q="><script>', [("https://example.org/?q=",) * 2]),
        ("mail mailto:a@example.org!", [("mailto:a@example.org",) * 2]),
        ("javascript:alert(1) data:text/html,hi vbscript:x", []),
        ("nohttp://example.org", []),
        ("www.example.org", []),
    ],
)
def test_which_addresses_become_links(text: str, expected: list[tuple[str, str]]) -> None:
    assert links(rich_text(text)) == expected


def test_links_carry_rel() -> None:
    document = parse_page(f"<body>{rich_text('https://example.org')}</body>")
    link = document.find(".//a")
    assert link is not None and link.get("rel") == "nofollow noopener noreferrer"


def test_paragraphs_and_line_breaks() -> None:
    html = str(rich_text("one\ntwo\n\nthree\n \n\nfour"))
    assert html.count('<p dir="auto">') == 3
    assert html.count("<br>") == 1


def test_spaces_and_tabs_are_kept_for_the_page_to_show_as_written() -> None:
    # the paragraph is white-space: pre-wrap, so no newline may follow a <br> (it would show)
    assert str(rich_text("def f():\n    return  1\n\tdone")) == (
        '<p dir="auto">def f():<br>    return  1<br>\tdone</p>'
    )
    css = (Path(__file__).resolve().parents[1] / "resources/templates/export.css").read_text()
    assert "p[dir=auto] { white-space: pre-wrap; }" in css


def test_controls_become_visible_labels() -> None:
    html = str(inline_text("Ali\u202eevil\x07"))
    assert "\u202e" not in html and "\x07" not in html
    assert ">U+202E</span>" in html and ">U+0007</span>" in html


def test_tokens_give_the_text_back() -> None:
    text = "a https://x.org/b). \u202e c mailto:d@e.f"
    assert "".join(piece for _, piece in tokens(text)) == text
    kinds = [kind for kind, _ in tokens(text)]
    assert kinds == ["text", "url", "text", "control", "text", "url"]


PIECES = ["http://", "https://", "mailto:", "javascript:", "<script>", "</p>", "<!--", "-->"]
hostile_alphabet = st.sampled_from(
    [*"<>&\"'`=/:;()[]{} \n\tabcxyz.", *PIECES, "&amp;", "\u202e", "\u2066", "é", "日本"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(hostile_alphabet, max_size=40).map("".join))
def test_any_text_renders_as_exactly_itself(text: str) -> None:
    document = parse_page(f"<body>{rich_text(text)}</body>")
    body = document.find("body")
    assert body is not None
    assert all(el.tag in {"body", "p", "br", "a", "span"} for el in body.iter())
    shown = "".join(text_of(p).replace("\n", "") + "\n\n" for p in body.iter("p"))
    expected = "".join(f"U+{ord(ch):04X}" if ch in BIDI_CONTROLS else ch for ch in text)
    # paragraph breaks and line breaks aside, the text reads back unchanged
    assert "".join(shown.split()) == "".join(expected.split())
