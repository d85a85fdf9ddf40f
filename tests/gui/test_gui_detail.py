"""The detail panel: what it shows for posts and comments, links, quotes, and nothing loaded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument, QTextOption
from pytestqt.qtbot import QtBot

from talkback.core.model import Block, Comment, Post
from talkback.gui.detail_html import render, select_link
from talkback.gui.detail_view import DetailView
from talkback.gui.formatting import Node, clipboard_text
from talkback.sources import load_archive

pytestmark = pytest.mark.gui


def finder(post: Post):  # type: ignore[no-untyped-def]
    by_id: dict[str, Node] = {post.id: post, **{c.id: c for c in post.comments}}
    return lambda node_id, _near: by_id.get(node_id)


def plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_a_comment_shows_author_date_place_quotes_and_text(harbor_path: Path) -> None:
    post = load_archive(harbor_path).posts[0]
    theo = next(c for c in post.comments if c.author == "Theo Marchetti")
    html = render(theo, finder(post))
    text = plain(html)
    assert text.startswith("Theo Marchetti\nOctober 14, 2011 at 10:15 PM\n")
    assert "In reply to Sam Pettigrew (Oct 14, 2011, 9:52 PM) · no replies" in text
    assert "— Walt Haskins on October 14, 2011 at 9:44 PM" in text
    assert "Après le déluge" in text
    assert f'href="{select_link("p1-c3")}"' in html  # Walt's quote links to Walt's comment
    assert f'href="{select_link(theo.parent_id or "")}"' in html


def test_a_comment_awaiting_moderation_says_so() -> None:
    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    post = load_archive(samples / "harbor-town-blog.wxr.xml").posts[0]
    waiting = next(c for c in post.comments if c.status == "unapproved")
    published = next(c for c in post.comments if c.status is None)
    assert plain(render(waiting, finder(post))).split("\n")[1].endswith(" · unapproved")
    assert "unapproved" not in plain(render(published, finder(post)))


def test_spaces_and_tabs_show_as_written() -> None:
    # the indentation of code a blog export kept from a <pre>; runs of spaces inside a line
    code = "def f():\n    if x:\n\treturn  1"
    post = Post(id="p1", title="T")
    comment = Comment(id="p1-c1", author="ann", published=None, blocks=[Block("text", code)])
    post.comments.append(comment)
    post.link()
    assert code.replace("\n", "\u2029") in plain(render(comment, finder(post))).replace(
        "\n", "\u2029"
    )


def test_a_post_shows_title_byline_counts_and_body(harbor_path: Path) -> None:
    post = load_archive(harbor_path).posts[0]
    text = plain(render(post, finder(post)))
    assert text.startswith("Harbor Town council votes to close the old ferry pier\n")
    assert "by Marguerite Okafor · October 14, 2011 at 9:05 PM" in text
    assert "11 comments · 6 threads" in text
    assert "After three hours of public comment" in text


def test_text_is_escaped_and_addresses_become_links() -> None:
    post = Post(id="p1", title="<b>T</b>")
    comment = Comment(
        id="p1-c1",
        author="<script>alert(1)</script>",
        published=None,
        blocks=[Block("text", 'See https://example.org/a?b=1&c=2. <img src="http://x/y.png">')],
    )
    post.comments.append(comment)
    post.link()
    html = render(comment, finder(post))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in html  # the full stop is not part
    assert plain(html).count("<img") == 1  # shown as text


def test_a_quote_of_the_post_says_so(harbor_path: Path) -> None:
    post = load_archive(harbor_path).posts[0]
    ines = next(c for c in post.comments if c.author == "Ines Bravo")
    html = render(ines, finder(post))
    assert "Replying to the post" in plain(html)
    assert "quoting the post" in plain(html)
    assert f'href="{select_link("p1")}"' in html


def test_copy_text_has_author_date_and_quotes(harbor_path: Path) -> None:
    post = load_archive(harbor_path).posts[0]
    walt = next(c for c in post.comments if c.id == "p1-c3")
    text = clipboard_text(walt)
    assert text.startswith("Walt Haskins, October 14, 2011 at 9:44 PM\n\n> Closing the north end")
    assert "> — Sam Pettigrew on October 14, 2011 at 9:20 PM" in text
    assert text.endswith("since I was a kid.")


def test_internal_links_select_and_external_links_go_to_the_system(
    qtbot: QtBot, harbor_path: Path
) -> None:
    view = DetailView()
    qtbot.addWidget(view)
    opened: list[QUrl] = []
    view.open_external = lambda url: opened.append(url) or True
    post = load_archive(harbor_path).posts[0]
    view.show_node(post.comments[2], finder(post))
    before = view.toHtml()
    with qtbot.waitSignal(view.node_requested) as requested:
        view.anchorClicked.emit(QUrl(select_link("p1-c1")))
    assert requested.args == ["p1-c1"]
    view.anchorClicked.emit(QUrl("https://example.org/"))
    view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert [url.toString() for url in opened] == ["https://example.org/"]
    assert view.toHtml() == before  # nothing was navigated to inside the panel
    assert view.source().isEmpty()


def test_nothing_is_ever_loaded(qtbot: QtBot) -> None:
    view = DetailView()
    qtbot.addWidget(view)
    assert not view.openLinks() and not view.openExternalLinks()
    assert (
        view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("http://x/y.png")) is None
    )
    assert (
        view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("file:///etc/hosts"))
        is None
    )


def test_a_huge_word_is_shown_without_freezing_the_window(qtbot: QtBot) -> None:
    # Qt's word-boundary wrapping is quadratic in a word's length: a pasted data: address of
    # 400,000 characters took about 9 s to lay out (and again at every resize)
    blob = "data:image/png;base64," + "QUJD" * 100_000
    post = Post(id="p1", title="T")
    comment = Comment(id="p1-c1", author="A", published=None, blocks=[Block("text", blob)])
    ordinary = Comment(id="p1-c2", author="B", published=None, blocks=[Block("text", "Hi.")])
    post.comments += [comment, ordinary]
    post.link()
    view = DetailView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    started = time.perf_counter()
    view.show_node(comment, finder(post))
    view.resize(640, 500)
    qtbot.wait(10)
    assert time.perf_counter() - started < 3
    assert blob in view.toPlainText()  # every character still there, nothing inserted
    started = time.perf_counter()
    view.show_node(ordinary, finder(post))  # ordinary text wraps at word boundaries again
    assert time.perf_counter() - started < 3
    assert view.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def test_a_panel_wider_than_the_measure_centres_its_text_column(
    qtbot: QtBot, harbor_path: Path
) -> None:
    # The margins were worked out from the viewport's resize events, whose width the margins
    # change: wider than the measure they undid themselves without end, and the window crashed
    # (a 1920-pixel window, or the splitter dragged to give the panel the room).
    post = load_archive(harbor_path).posts[0]
    view = DetailView()
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.show()
    view.show_node(post, finder(post))
    narrow = view.viewport().width()
    assert view.viewportMargins().left() == 0
    columns = set()
    for width in range(900, 2000, 100):
        view.resize(width, 600)
        qtbot.wait(1)
        margins = view.viewportMargins()
        assert margins.left() == margins.right() > 0
        assert view.viewport().width() < width - 2 * margins.left() + 1
        columns.add(view.viewport().width())
    assert len(columns) == 1  # the column keeps its measure, centred, however wide the panel
    assert narrow < columns.pop()
