"""Awkward text through every path: word for word from the page, the same from the index, and
shown as it is by the HTML and Markdown exports.

Comment texts are generated over an alphabet of what trips software up: tabs, no-break and
ideographic spaces, zero-width joiners, combining marks, emoji with skin tones and ZWJ sequences,
right-to-left scripts, form feeds, a mid-text byte-order mark, HTML and Markdown look-alikes, and
lines of only whitespace. They are assembled into pages in three comment layouts, with LF, CRLF or
CR line ends, indented or not, and written in UTF-8 (with or without its mark), UTF-16 or
Windows-1252. Every comment must come back as written (each line stripped, whitespace-only lines
ending a paragraph), every non-blank line accounted for, the index must give back exactly what
the parser gave, and the exports must show each paragraph as the comment has it (whitespace as a
browser shows it: runs collapsed; control characters as their ``U+XXXX`` labels).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from accounting import assert_nothing_lost
from dumps import CONTAINERS, compress
from export_pages import EXPORTED_AT, comment_articles, parse_page
from talkback.core.model import Archive, Block
from talkback.core.serialize import archive_to_dict
from talkback.export import render_thread, render_thread_markdown
from talkback.export.textmarkup import labelled
from talkback.index.location import fingerprint
from talkback.index.reader import IndexReader
from talkback.index.writer import IndexWriter
from talkback.sources import load_archive

PIECES = [
    "pier", "the", "naïve", "Sadr’s", "“quote”", "—", "…", "\t", "\u00a0", "\u3000", "\u200d",
    "\u200b", "e\u0301", "👋🏽", "👨‍👩‍👧", "שלום", "مرحبا", "\x0c", "\ufeff", "\u2028", "\ufffd",
    "<b>", "</p>", "&amp;", "&lt;", "<script>", "&nbsp;", "*", "_", "#", "`", "|", "\\", "~",
    "[x](y)", "> ", "- ", "1.", "  ", "https://example.org/a_b", "]]>", "<!--", "ß", "İ", "12:35",
    " on ", " at ", "PM", "March",
]  # fmt: skip
piece = st.sampled_from(PIECES)
line = st.lists(piece, min_size=1, max_size=8).map(" ".join) | st.lists(
    piece, min_size=1, max_size=6
).map("".join)
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
blank_line = st.sampled_from(["", " ", "\t", "\u00a0", " \t\u3000 "])
NAMES = ["Ann Reader", "bob", "Zoë K.", "李雷"]
LAYOUTS = ["signature-after", "wordpress", "blogger"]
HEADER = ["A title", "", "posted at 9:00 am on March 1, 2008 by Editor", "", "The article.", "",
          "Comments", ""]  # fmt: skip


class Made:
    """A generated comment: who, its paragraphs, and where whitespace-only lines go into it."""

    def __init__(self, name: str, paragraphs: list[str], blanks: list[tuple[int, str]]) -> None:
        self.name = name
        lines = "\n\n".join(paragraphs).split("\n")
        for position, blank in blanks:
            lines.insert(min(position, len(lines)), blank)
        self.lines = lines

    def expected_text(self) -> str:
        """The comment's text as the parser gives it: lines stripped, blank ones ending
        paragraphs."""
        stripped = "\n".join(line.strip() for line in self.lines)
        return "\n\n".join(part for part in re.split(r"\n{2,}", stripped.strip("\n")) if part)


made = st.builds(
    Made,
    st.sampled_from(NAMES),
    st.lists(paragraph, min_size=1, max_size=3),
    st.lists(st.tuples(st.integers(0, 6), blank_line), max_size=2),
)


def page(layout: str, comments: list[Made], ending: str, indent: str) -> str:
    """The page's text with ``comments`` in ``layout``."""
    parts = list(HEADER)
    for number, comment in enumerate(comments):
        parts += [
            *_head(layout, comment.name, number),
            *(indent + row for row in comment.lines),
            "",
        ]
        parts += [_tail(layout, comment.name, number), ""]
    return ending.join(parts)


def _head(layout: str, name: str, number: int) -> list[str]:
    if layout == "wordpress":
        return [f"{name} says:", f"March {number + 1}, 2008 at 10:{number:02d} am", ""]
    if layout == "blogger":
        return [f"{name} said...", ""]
    return []


def _tail(layout: str, name: str, number: int) -> str:
    if layout == "wordpress":
        return "Reply"
    if layout == "blogger":
        return f"3/{number + 1}/2008 10:{number:02d} AM"
    return f"{name} on March {number + 1}, 2008 at 10:{number:02d} AM"


def read_back_from_an_index(archive: Archive, dump: Path) -> Archive:
    """``archive`` written into an index as a build writes it, then read back."""
    path = dump.with_suffix(".sqlite")
    writer = IndexWriter(path, str(dump), fingerprint(dump), resume=False)
    for post in archive.posts:
        writer.add_post(post)
    for problem in archive.problems:
        writer.add_problem(problem)
    writer.commit()
    reader = IndexReader(path)
    try:
        return reader.load_archive()
    finally:
        reader.close()


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def shown(text: str) -> str:
    """A line as a browser shows it: runs of HTML whitespace collapsed, none at either end."""
    return _HTML_SPACE.sub(" ", text).strip(" ")


def shown_paragraphs(blocks: list[Block]) -> list[list[str]]:
    """The paragraphs of ``blocks`` as a page should show them: lines, controls labelled."""
    found = []
    for block in blocks:
        for part in re.split(r"\n[ \t]*\n\s*", block.text.strip("\n")):
            if part.strip():
                found.append([shown(labelled(row)) for row in part.split("\n")])
    return found


def markdown_shown(blocks: list[Block]) -> list[list[str]]:
    """:func:`shown_paragraphs`, with the line the Markdown export ends a quote with."""
    found = []
    for block in blocks:
        found += shown_paragraphs([block])
        if block.is_quote and (block.attribution or block.source):
            source = f" {block.source}" if block.source else ""
            found.append([shown(f"— {labelled(block.attribution or 'quoted')}{source}")])
    return found


def lines_of(element: Element) -> list[str]:
    """The lines an element shows (``<br>`` ends one), as a browser shows them."""
    pieces: list[str] = []

    def walk(node: Element) -> None:
        if node.tag == "br":
            pieces.append("\n")
        pieces.append(node.text or "")
        for child in node:
            walk(child)
            tail = child.tail or ""
            pieces.append(tail[1:] if child.tag == "br" and tail.startswith("\n") else tail)

    walk(element)
    return [shown(row) for row in "".join(pieces).split("\n")]


def html_paragraphs(article: Element) -> list[list[str]]:
    """The text paragraphs and quoted paragraphs of an exported comment, in order."""
    box = article[0]
    found = []
    for element in box:
        if element.tag == "p":
            found.append(lines_of(element))
        elif element.tag == "figure":
            found += [lines_of(quoted) for quoted in element.iter("p")]
    return found


def markdown_paragraphs(archive: Archive) -> dict[str, list[list[str]]]:
    """Each comment's paragraphs as the Markdown export renders (CommonMark), by id."""
    html = MarkdownIt("commonmark").render(
        render_thread_markdown(archive, archive.posts[0].id, exported_at=EXPORTED_AT)
    )
    body = parse_page(html).find("body")
    assert body is not None
    comments: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    facts_pending = False
    for element in body:
        if element.tag == "h3":
            current, facts_pending = [], True
        elif element.tag == "hr":
            current = None
        elif current is not None and element.tag == "p":
            if facts_pending:  # the date, id and place of the comment
                facts_pending = False
                code = element.find("code")
                assert code is not None
                comments[code.text or ""] = current
            else:
                current.append(lines_of(element))
        elif current is not None and element.tag == "blockquote":
            current += [lines_of(inner) for inner in element.iter("p")]
    return comments


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    layout=st.sampled_from(LAYOUTS),
    comments=st.lists(made, min_size=1, max_size=4),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    indent=st.sampled_from(["", "  ", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_awkward_comments_come_back_word_for_word_everywhere(
    tmp_path_factory: pytest.TempPathFactory,
    layout: str,
    comments: list[Made],
    ending: str,
    indent: str,
    encoding: str,
) -> None:
    text = page(layout, comments, ending, indent)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    folder = tmp_path_factory.mktemp("page")
    dump = folder / "page.txt"
    dump.write_bytes(data)

    archive = load_archive(dump)
    document = archive_to_dict(archive)
    assert document["problems"] == []
    assert_nothing_lost(text, document)
    (post,) = archive.posts
    assert [(c.author, c.text) for c in post.comments] == [
        (comment.name, comment.expected_text()) for comment in comments
    ]

    indexed = archive_to_dict(read_back_from_an_index(archive, dump))
    assert indexed["posts"] == document["posts"]

    expected = {c.id: shown_paragraphs(c.blocks) for c in post.comments}
    articles = comment_articles(parse_page(render_thread(archive, post.id)))
    assert {a.get("id"): html_paragraphs(a) for a in articles} == expected
    assert markdown_paragraphs(archive) == {c.id: markdown_shown(c.blocks) for c in post.comments}


Seen = tuple[str | None, str | None, list[tuple[str, str, str | None, str | None]]]


def comments_of(archive: Archive) -> list[Seen]:
    """Every comment's author, time and blocks (quote sources within its post), in dump order."""
    return [
        (comment.author, comment.published, [
            (block.kind, block.text, block.source and block.source.removeprefix(post.id),
             block.attribution)
            for block in comment.blocks
        ])
        for post in archive.posts
        for comment in post.comments
    ]  # fmt: skip


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    layout=st.sampled_from(LAYOUTS),
    comments=st.lists(made, min_size=1, max_size=3),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_a_page_gives_the_same_comments_in_every_container(
    tmp_path_factory: pytest.TempPathFactory, layout: str, comments: list[Made], ending: str
) -> None:
    text = page(layout, comments, ending, "")
    data = text.encode("utf-8")
    folder = tmp_path_factory.mktemp("containers")
    (folder / "page.txt").write_bytes(data)
    alone = comments_of(load_archive(folder / "page.txt"))
    files = {"one/page one.txt": data, "two/página dos.txt": data}
    made_dumps = {
        name: builder(files) for name, (_, builder) in CONTAINERS.items() if name != "tgz"
    }
    made_dumps |= {f"page.txt.{kind}": compress(data, kind) for kind in ("gzip", "xz", "zstd")}
    made_dumps["corpus.jsonl"] = (json.dumps({"text": text}) + "\n").encode()
    for name, content in made_dumps.items():
        dump = folder / f"dump.{name}"
        dump.write_bytes(content)
        pages = 2 if name in CONTAINERS else 1
        archive = load_archive(dump)
        assert comments_of(archive) == alone * pages, name
        assert archive_to_dict(read_back_from_an_index(archive, dump)) == {
            **archive_to_dict(archive),
            "source": str(dump),
        }, name
