"""What the tree's cells say: each column's text for a post or comment, the row's tooltip, and the
header's titles and tooltips.

Plain functions over the core nodes, asked by :class:`~talkback.gui.tree_model.ThreadModel` for
every cell painted: the Thread column gives the post's title or the comment's first line (or,
while a search is shown, the words it matched), Author and Date their short forms, Replies the
count of replies below the row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from talkback.core.model import Post
from talkback.gui.formatting import (
    Node,
    author_name,
    describe,
    labelled,
    node_label,
    plain_tooltip,
    plural,
    reply_count,
    short_date,
)
from talkback.gui.tree_order import COLUMN_TITLES, Column

#: the alignment of the Replies column (its header too)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: the columns written in bold on a post's row
BOLD_FOR_POSTS = frozenset({Column.THREAD, Column.REPLIES})
_COLUMNS = len(Column)


def cell_text(node: Node, column: int, label: str | None = None, reading: bool = False) -> str:
    """The text of ``node``'s cell in ``column``: in the Thread column ``label`` when one is
    given (a search's matched words), and the count of comments being read when ``reading``."""
    if column == Column.THREAD:
        if label is not None:
            text = label
        elif reading:
            text = f"{node_label(node)} — reading {plural(reply_count(node), 'comment')}…"
        else:
            text = node_label(node)
        return labelled(text)
    if column == Column.AUTHOR:
        return labelled(author_name(node))
    if column == Column.DATE:
        return short_date(node.published)
    count = reply_count(node)
    return f"{count:,}" if count or isinstance(node, Post) else ""


def node_tooltip(node: Node, context: bool = False) -> str:
    """The tooltip of ``node``'s row: who wrote it and when, its id, and its replies or its
    first line; for a row shown as ``context``, that it is."""
    if isinstance(node, Post):
        text = f"{describe(node)}\n{plural(reply_count(node), 'comment')} · {node.id}"
    else:
        text = f"{describe(node)} · {node.id}\n{node.first_line(300)}"
    if context:
        text += f"\n({CONTEXT_NOTE})"
    return plain_tooltip(labelled(text))


#: what a row shown only as the context of the rows a filter keeps says to a screen reader
CONTEXT_NOTE = "shown as context: the filter keeps replies below it, not this"


class RowLook:
    """How the tree's cells look and read beyond their text: a post's title and count in bold,
    the Replies column to the right, each row's tooltip, and a row shown as a filter's context in
    italics, with a description saying so to a screen reader (it was told apart by its muted
    colour alone). Each font sets only its weight or slant: the view's font gives the rest."""

    def __init__(self) -> None:
        self.post, self.context, self.context_post = QFont(), QFont(), QFont()
        self.post.setBold(True)
        self.context.setItalic(True)
        self.context_post.setBold(True)
        self.context_post.setItalic(True)

    def font(self, node: Node, column: int, context: bool) -> QFont | None:
        """The font of ``node``'s cell in ``column`` (None: the view's)."""
        bold = column in BOLD_FOR_POSTS and isinstance(node, Post)
        if context:
            return self.context_post if bold else self.context
        return self.post if bold else None

    def data(self, node: Node, column: int, role: int, context: bool) -> Any:
        """What ``node``'s cell in ``column`` gives for ``role`` (its font, alignment, tooltip,
        accessible description; None for other roles), shown as ``context`` or not."""
        if role == Qt.ItemDataRole.FontRole:
            return self.font(node, column, context)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column == Column.REPLIES else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return node_tooltip(node, context)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return CONTEXT_NOTE if context else None
        return None


def header_data(section: int, role: int) -> Any:
    """What the tree's header shows for ``section`` in ``role``: its title, tooltip, alignment."""
    if not 0 <= section < _COLUMNS:
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return COLUMN_TITLES[Column(section)]
    if role == Qt.ItemDataRole.ToolTipRole:
        if section == Column.THREAD:
            return "Sort in page order"
        return f"Sort by {COLUMN_TITLES[Column(section)].lower()}"
    if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.REPLIES:
        return RIGHT
    return None
