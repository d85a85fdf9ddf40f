"""Hostile comments in the detail panel: the rich text gets only our markup, and loads nothing.

The corpus (tests/fixtures/hostile/) holds script tags, event handlers, ``javascript:`` and other
addresses, CSS tricks, bidi controls, a very long word, fake quote attributions, HTML entities,
NUL and other control characters. Every post and comment of it is shown in a real DetailView
inside the real window; the HTML handed to the QTextBrowser is parsed like a browser would and
checked element by element, and ``loadResource`` is watched while the page is laid out and drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6 import QtGui
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from talkback.core.model import Comment, Post
from talkback.export.textmarkup import BIDI_CONTROLS, CONTROL_PATTERN
from talkback.gui.authors_panel import AuthorCounts
from talkback.gui.detail_html import SELECT_PREFIX
from talkback.gui.main_window import MainWindow

pytestmark = pytest.mark.gui

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "hostile" / "hostile-comments.txt"
#: the elements and attributes detail_html writes; anything else came from a comment
OUR_ELEMENTS = {"html", "head", "style", "body", "h1", "p", "b", "br", "a", "table", "tbody",
                "tr", "td", "span"}  # fmt: skip
OUR_ATTRIBUTES = {"class", "href", "width", "cellspacing", "cellpadding", "style"}
#: what our own inline styles say (colours vary with the palette)
OUR_STYLE = re.compile(
    r"(?:\s*(?:margin-(?:top|bottom)|padding|font-size|background-color|white-space):"
    r"\s*[#\w .%-]+;?)+\s*"
)
CONTROL = re.compile(CONTROL_PATTERN)


class Spy:
    """Records what the panel is given (setHtml) and asked to load (loadResource)."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pages: list[str] = []
        self.resources: list[str] = []
        view = window.detail
        set_html = view.setHtml

        def record_page(html: str) -> None:
            self.pages.append(html)
            set_html(html)

        def record_resource(kind: int, name: QUrl | str) -> Any:
            self.resources.append(name.toString() if isinstance(name, QUrl) else str(name))
            return None

        monkeypatch.setattr(view, "setHtml", record_page)
        monkeypatch.setattr(view, "loadResource", record_resource)


def parse(html: str) -> Element:
    document: Element = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    return document


def visible_text(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def nodes(window: MainWindow) -> Iterator[Post | Comment]:
    for post in window.model.archive.posts:
        yield post
        yield from post.comments


@pytest.fixture
def shown(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, Spy, dict[str, str]]:
    """The corpus loaded in the window, every node selected in turn: the page shown for each."""
    spy = Spy(window, monkeypatch)
    load(qtbot, window, CORPUS)
    pages: dict[str, str] = {}
    for node in nodes(window):
        assert window.select_id(node.id)
        qtbot.waitUntil(lambda node=node: window.detail.node is node)
        pages[node.id] = spy.pages[-1]
        window.detail.grab()  # lay out and draw it, as the screen would
    return window, spy, pages


def test_the_corpus_is_as_hostile_as_intended(
    shown: tuple[MainWindow, Spy, dict[str, str]],
) -> None:
    window, _, _ = shown
    post = window.model.archive.posts[0]
    assert len(post.comments) == 9
    everything = post.title + post.text + "".join(c.text for c in post.comments)
    needles = ["<script>", "onerror=", "onload=", "javascript:", "JaVaScRiPt:", "<style>",
               "position:fixed", "@import", "\u202e", "\u2066", "&lt;script&gt;", "\x00",
               "\x07", "\x1b", "wrote:", '[quote="admin"]', "{{ 7*7 }}", "</table>"]  # fmt: skip
    for needle in needles:
        assert needle in everything, needle
    assert any(len(word) > 5000 for word in everything.split())


def test_only_our_markup_reaches_the_rich_text(
    shown: tuple[MainWindow, Spy, dict[str, str]],
) -> None:
    window, _, pages = shown
    ids = {node.id for node in nodes(window)}
    for node_id, html in pages.items():
        document = parse(html)
        styles = list(document.iter("style"))
        assert len(styles) == 1 and "url(" not in (styles[0].text or ""), node_id
        assert "@import" not in (styles[0].text or "")
        for element in document.iter():
            assert element.tag in OUR_ELEMENTS, (node_id, element.tag)
            for name, value in element.attrib.items():
                assert name in OUR_ATTRIBUTES, (node_id, element.tag, name)
                if name == "style":
                    assert OUR_STYLE.fullmatch(value), (node_id, value)
            if element.tag == "a":
                href = element.get("href", "")
                if href.startswith(SELECT_PREFIX):
                    assert href[len(SELECT_PREFIX) :] in ids, href  # a real post or comment
                else:
                    assert re.match(r"(?:https?://|mailto:)[^\s\"'<>]+$", href), href
        assert not CONTROL.search(html), f"{node_id}: a control character reached the panel"


def test_every_word_is_shown_as_written(shown: tuple[MainWindow, Spy, dict[str, str]]) -> None:
    window, _, pages = shown
    for comment in window.model.archive.posts[0].comments:
        shown_text = visible_text(pages[comment.id])
        for line in comment.text.split("\n"):
            visible = CONTROL.sub(lambda found: f"U+{ord(found[0]):04X}", line).strip()
            assert visible in shown_text, (comment.id, visible[:80])


def test_controls_are_labelled_and_bidi_cannot_reorder(
    shown: tuple[MainWindow, Spy, dict[str, str]],
) -> None:
    window, _, pages = shown
    bidi = next(c for c in window.model.archive.posts[0].comments if c.author == "Bidi Bob")
    html = pages[bidi.id]
    assert not any(ch in html for ch in BIDI_CONTROLS)
    text = visible_text(html)
    assert "Invoice for user U+202Egnp.exeU+202C" in text
    carl = next(c for c in window.model.archive.posts[0].comments if c.author == "Control Carl")
    text = visible_text(pages[carl.id])
    assert "NullU+0000byte, bellU+0007" in text and "escape U+001B[31mred" in text


def test_fake_attributions_link_nowhere(shown: tuple[MainWindow, Spy, dict[str, str]]) -> None:
    window, _, pages = shown
    fran = next(c for c in window.model.archive.posts[0].comments if c.author == "Faker Fran")
    assert not fran.quotes and fran.parent_id is None
    links = [a.get("href") for a in parse(pages[fran.id]).iter("a")]
    assert links == ["https://example.org/prize"]  # no link to "Walt Haskins", "admin"…
    assert "wrote: I never said this" in visible_text(pages[fran.id])


def test_nothing_is_loaded_and_no_link_runs(
    shown: tuple[MainWindow, Spy, dict[str, str]],
) -> None:
    window, spy, _ = shown
    remote = [name for name in spy.resources if re.match(r"(?i)[a-z][a-z0-9+.-]*:", name)]
    assert remote == [], remote
    assert spy.resources == []  # our pages reference nothing at all
    opened: list[str] = []
    window.detail.open_external = lambda url: opened.append(url.toString()) or True
    addresses = ["javascript:alert(1)", "JaVaScRiPt:alert(2)", "data:text/html,<b>x</b>",
                 "vbscript:msgbox(1)", "file:///etc/passwd", "https://example.org/ok"]  # fmt: skip
    for address in addresses:
        window.detail.anchorClicked.emit(QUrl(address))
    assert opened == ["https://example.org/ok"]
    assert window.detail.source().isEmpty()  # the panel never navigated anywhere


def test_the_tree_and_the_authors_list_label_controls_and_bidi_too(
    qtbot: QtBot, window: MainWindow
) -> None:
    # the tree showed "Invoice for user \u202egnp.exe\u202c" as "Invoice for user exe.png"
    load(qtbot, window, CORPUS)
    model = window.model
    bidi = next(c for c in model.archive.posts[0].comments if c.author == "Bidi Bob")
    carl = next(c for c in model.archive.posts[0].comments if c.author == "Control Carl")
    bidi.author = "Bob \u202eevil\u202c"  # a name that reorders itself
    shown = {
        node.id: [
            model.index_of(node).siblingAtColumn(column).data(role)
            for column in (0, 1)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        ]
        for node in (bidi, carl)
    }
    for texts in shown.values():
        assert all(isinstance(text, str) and CONTROL.search(text) is None for text in texts)
    assert shown[bidi.id][0].startswith("Invoice for user U+202Egnp.exeU+202C")
    assert shown[bidi.id][2] == "Bob U+202EevilU+202C"
    assert shown[carl.id][0].startswith("NullU+0000byte, bellU+0007")
    window.select_id(bidi.id)
    assert window.statusBar().currentMessage().startswith("Bob U+202EevilU+202C, ")
    authors = AuthorCounts()
    authors.set_counts([("Bob \u202eevil\u202c", 1, "bob evil")])
    index = authors.index(0, 0)
    assert index.data() == "Bob U+202EevilU+202C"
    assert CONTROL.search(index.data(Qt.ItemDataRole.ToolTipRole)) is None
    assert authors.name(0) == "Bob \u202eevil\u202c"  # searched for as the dump spells it


def shown_as_tooltip(text: str) -> str:
    """What a tooltip of ``text`` reads: Qt takes it for rich text when its first line looks like
    HTML, and then an ``<img src=FILE>`` in it is that file, read from disk when shown."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def test_tooltips_show_a_name_from_the_dump_as_written(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    """An author named ``<img src="/dev/zero">`` (a WordPress or Disqus export, a JSONL corpus
    can name anyone so) made every tooltip of theirs read /dev/zero until memory ran out."""
    from talkback.gui.overview_filters import author_choice
    from talkback.search.documents import folded_name

    load(qtbot, window, harbor_path)
    name = '<img src="/nonexistent/talkback-test.png"> <b>Sam</b>'
    sam = [c for c in window.model.archive.posts[0].comments if c.author == "Sam Pettigrew"]
    for comment in sam:
        comment.author = name
    tree_tip = window.model.index_of(sam[0]).data(Qt.ItemDataRole.ToolTipRole)
    authors = AuthorCounts()
    authors.set_counts([(name, 2, folded_name(name))])
    list_tip = authors.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    choice = author_choice(name, folded_name(name))
    window.filters.set("author", choice.label, choice.keep)
    chip_tip = window.workspace.filter_bar.buttons[0].toolTip()
    window.filters.clear()
    window.workspace.show_overview()
    chart = window.workspace.overview.authors
    qtbot.waitUntil(lambda: any(name in bar.label for bar in chart.bars))
    chart_tip = chart.tooltip_text(next(i for i, bar in enumerate(chart.bars) if name in bar.label))
    for tip in (tree_tip, list_tip, chip_tip, chart_tip):
        assert name in shown_as_tooltip(tip), tip


def shown_as_label(label: QLabel) -> str:
    """What ``label`` reads (a QLabel's text is rich text when it looks like it; the invisible
    break points of a long path are not read)."""
    text = label.text().replace("\u200b", "")
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    return shown_as_tooltip(text) if rich else text


def test_a_files_name_is_shown_as_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, harbor_path: Path
) -> None:
    """A file may be named ``<u>pier.txt``: the status bar, the welcome view's message, the
    error box and the problems window said "pier.txt", underlined (and an ``<img src=…>`` in a
    name was loaded as an image)."""
    folder = tmp_path / "<b>exports"
    folder.mkdir()
    gone = folder / "<u>gone.txt"
    load(qtbot, window, gone)
    shown = [
        shown_as_label(label)
        for widget in [window, *window.findChildren(QMessageBox)]
        for label in widget.findChildren(QLabel)
        if label.isVisible() and "gone.txt" in shown_as_label(label)
    ]
    assert len(shown) >= 3 and all(str(gone) in text for text in shown), shown
    for box in window.findChildren(QMessageBox):
        box.close()
    dump = folder / "<u>pier.txt"
    dump.write_text(harbor_path.read_text(encoding="utf-8") + "\n\nUnsigned words.\n")
    window.open_dump(dump)
    assert "<u>pier.txt" in shown_as_label(window.status.label)
    qtbot.waitUntil(lambda: not window.loader.is_loading)
    window.show_problems()
    assert window.problems_dialog is not None
    assert str(dump) in shown_as_label(window.problems_dialog.summary)
