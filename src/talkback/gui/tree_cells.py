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


def node_tooltip(node: Node) -> str:
    """The tooltip of ``node``'s row: who wrote it and when, its id, and its replies or its
    first line."""
    if isinstance(node, Post):
        text = f"{describe(node)}\n{plural(reply_count(node), 'comment')} · {node.id}"
    else:
        text = f"{describe(node)} · {node.id}\n{node.first_line(300)}"
    return plain_tooltip(labelled(text))


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
