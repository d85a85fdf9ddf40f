"""HTML from blog exports to text: paragraphs, line breaks, links, entities, quotes, scripts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talkback.sources.html_text import convert_html, html_to_text, said_name


def blocks(html: str) -> list[tuple[str, str, str | None]]:
    return [(b.kind, b.text, b.attribution) for b in html_to_text(html, quotes=True).blocks]


def test_wordpress_autop_convention() -> None:
    text = html_to_text("First line\nsecond line\n\n\nNew   paragraph\r\n\r\nThird").text
    assert text == "First line\nsecond line\n\nNew paragraph\n\nThird"


def test_html_paragraphs_breaks_lists_and_entities() -> None:
    html = "<p>One &amp; two&nbsp;three</p><p>Four<br>five<br/>six</p><ul><li>a</li><li>b</li></ul>"
    assert html_to_text(html).text == "One & two\xa0three\n\nFour\nfive\nsix\n\n• a\n• b"


def test_links_keep_their_address_once() -> None:
    assert html_to_text('<a href="https://x.org/r">the report</a>').text == (
        "the report (https://x.org/r)"
    )
    assert html_to_text('<a href="https://x.org/r">https://x.org/r</a>').text == "https://x.org/r"
    assert html_to_text("<a>no address</a>").text == "no address"


def test_images_and_embeds_leave_a_trace() -> None:
    assert html_to_text('<img src="p.jpg" alt="the pier">').text == "[image: the pier] (p.jpg)"
    assert html_to_text('<iframe src="https://v.example/1"></iframe>').text == (
        "[embedded: https://v.example/1]"
    )


def test_scripts_and_styles_are_dropped_and_counted() -> None:
    converted = html_to_text("a<script>x()</script>b<style>p{}</style><SCRIPT>y</SCRIPT>c")
    assert converted.text == "abc"
    assert converted.dropped == {"script": 2, "style": 1}


def test_preformatted_text_keeps_its_blank_lines_inside_one_block() -> None:
    text = html_to_text("<p>code:</p><pre>def f():\n\n    return  1\n</pre>after").text
    assert text == "code:\n\ndef f():\n\n    return  1\n\nafter"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<pre>x = <b>1</b>\ny = 2</pre>", "x = 1\ny = 2"),
        ("<pre><code>if a &lt; b:\n    <span class='k'>return</span> a</code></pre>",
         "if a < b:\n    return a"),
        ("<pre>one<br>two</pre>after", "one\ntwo\n\nafter"),
        ("<pre>see <a href='https://x.org/y'>the docs</a>  here</pre>",
         "see the docs (https://x.org/y)  here"),
    ],
)  # fmt: skip
def test_markup_inside_preformatted_text_leaves_it_whole(html: str, text: str) -> None:
    # each stretch between two tags was a paragraph of its own: "x =", "1", "y = 2"
    assert html_to_text(html).text == text


def test_blockquote_with_cite() -> None:
    assert blocks("<blockquote>It moved.<cite>Walt</cite></blockquote>Yes.") == [
        ("quote", "It moved.", "Walt"),
        ("text", "Yes.", None),
    ]


@pytest.mark.parametrize(
    ("html", "attribution", "before"),
    [
        ("Bob said:<blockquote>x y z</blockquote>", "Bob said:", None),
        ("Well. Jan asked:<blockquote>x y z</blockquote>", "Jan asked:", "Well."),
        (
            "<p>On May 1, 2010 at 4:05 pm, Bob wrote:</p><blockquote>x y z</blockquote>",
            "On May 1, 2010 at 4:05 pm, Bob wrote:",
            None,
        ),
        ("<blockquote>Bob says:\nx y z</blockquote>", "Bob says:", None),
        ("I said nothing. <blockquote>x y z</blockquote>", None, "I said nothing."),
    ],
)
def test_said_lines_become_attributions(html: str, attribution: str, before: str | None) -> None:
    result = blocks(html)
    quote = next(b for b in result if b[0] == "quote")
    assert quote == ("quote", "x y z", attribution)
    own = [b[1] for b in result if b[0] == "text"]
    assert own == ([before] if before else [])


def test_a_citation_without_quote_stays_text() -> None:
    assert blocks("<blockquote><cite>Walt</cite></blockquote>") == [("text", "Walt", None)]


def test_nested_blockquotes_are_one_quote() -> None:
    assert blocks("<blockquote>outer<blockquote>inner</blockquote>tail</blockquote>") == [
        ("quote", "outer\n\ninner\n\ntail", None)
    ]


def test_without_quotes_a_blockquote_is_a_paragraph() -> None:
    assert html_to_text("a<blockquote>b<cite>c</cite></blockquote>d").text == "a\n\nbc\n\nd"


def test_said_name() -> None:
    assert said_name("Bob said:") == "Bob"
    assert said_name("On May 1, 2010 at 4:05 pm, Bob Li wrote:") == "Bob Li"
    assert said_name("— Walt Haskins") == "Walt Haskins"
    assert said_name(None) is None


PIECES = [*"ab <>/&;#!-\n\r\x00\"'=", "<p>", "</p>", "<blockquote>", "</blockquote>", "<pre>",
          "</pre>", "<script>", "<cite>", "</cite>", "<a href='u'>", "</a>", " said:"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_html_converts_without_error_and_deterministically(html: str) -> None:
    first = html_to_text(html, quotes=True)
    again = html_to_text(html, quotes=True)
    assert first.blocks == again.blocks
    for block in first.blocks:
        assert block.text.strip()
        assert block.text == block.text.strip("\n").rstrip()
        assert "\x00" not in block.text


SIMPLE_PIECES = [*"ab \n\r&;#<>/", "&amp;", "&lt;", "&#8217;", "&nbsp;", "&bogus;", "<p>", "</p>",
                 "<P class='x'>", "<br>", "<br/>", "</br>", "<b>", "</b>", "<em>", "<span a=1>",
                 "<div>", "</div>", "<strong>", "<i>", "</i>", "<a>", "<code>"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SIMPLE_PIECES), max_size=30).map("".join))
def test_the_fast_path_gives_what_the_html_parser_gives(html: str) -> None:
    assert html_to_text(html).blocks == convert_html(html).blocks
    assert html_to_text(html, quotes=True).blocks == convert_html(html, quotes=True).blocks
