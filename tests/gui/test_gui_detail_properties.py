"""The detail panel shows every line of a comment, whatever awkward text it holds.

The comments of ``test_fidelity_properties`` (tabs, no-break and ideographic spaces, zero-width
joiners, emoji sequences, right-to-left scripts, form feeds, HTML and Markdown look-alikes…) are
rendered as the panel renders them, and the rich text engine's plain text must give each line of
each block in order, with control characters as their ``U+XXXX`` labels (the panel keeps runs of
spaces as written, white-space: pre-wrap; these lines are compared with whitespace runs as one
space, and a line separator, U+2028, ends a line there as a line break does).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from talkback.core.model import Comment
from talkback.core.parser import parse_text
from talkback.export.textmarkup import labelled
from talkback.gui.detail_html import render
from talkback.gui.formatting import Node
from test_fidelity_properties import LAYOUTS, Made, made, page

pytestmark = pytest.mark.gui


def shown(text: str) -> str:
    """A line as the panel shows it: whitespace runs as one space, none at either end."""
    return " ".join(text.split())


def expected_lines(comment: Comment) -> list[str]:
    """What the panel should show of a comment's text: its lines, each quote's attribution."""
    if not comment.blocks:
        return ["(no text)"]
    lines: list[str] = []
    for block in comment.blocks:
        rows = block.text.replace("\u2028", "\n").split("\n")
        lines += [shown(labelled(row)) for row in rows if shown(labelled(row))]
        if block.is_quote and block.attribution:
            lines.append(shown(f"— {block.attribution}"))
    return lines


def shown_lines(comment: Comment, nodes: dict[str, Node]) -> list[str]:
    """The lines of the comment's text as the panel shows them (header and footer left out)."""
    document = QTextDocument()
    document.setHtml(render(comment, lambda node_id, _near: nodes.get(node_id)))
    rows = document.toPlainText().split("\n")
    # author, date, place, the rule; at the end, the id and where it came from
    body = rows[4:-1] if comment.where else rows[4:]
    return [shown(row) for row in body if shown(row) and not row.startswith("— quoting ")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=st.sampled_from(LAYOUTS), comments=st.lists(made, min_size=1, max_size=4))
def test_the_panel_shows_every_line_of_awkward_comments(
    qapp: QApplication, layout: str, comments: list[Made]
) -> None:
    post = parse_text(page(layout, comments, "\n", "")).posts[0]
    nodes: dict[str, Node] = {post.id: post, **{c.id: c for c in post.comments}}
    for comment in post.comments:
        assert shown_lines(comment, nodes) == expected_lines(comment)
