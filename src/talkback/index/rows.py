"""The index's rows of one post, made where the post was parsed, and read back into objects.

:func:`post_rows` turns a parsed Post into :class:`PostRows`: every column of its row and of its
comments' rows, and the words the full-text table indexes, ready for ``executemany``. It runs in
the worker process that parsed the page (``talkback.sources.read_prepared``), so that the process
writing the index receives plain tuples of strings and numbers (cheap to unpickle) and only has to
number them and insert them.

What is stored, and how it is read back (:func:`blocks_from_columns`):

- A comment's text is stored once, in ``text`` (what ``Comment.text`` gives: its blocks' texts
  joined by a blank line). ``blocks`` is NULL for the common comment of one plain text block;
  otherwise a JSON list of ``[kind, length, source, attribution]``, one per block, and each
  block's text is cut from ``text`` by its length.
- The full-text words (see ``talkback.search.fts5_row``) are folded in Python only for text with
  non-ASCII characters. For ASCII text, FTS5's tokenizer (``unicode61``, ``_`` a token character)
  cuts exactly the words the engine's folding would give, lower-casing as it goes, so the text is
  handed over as it is and its string is shared with the ``text`` column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from talkback.core.model import Block, Post
from talkback.search.documents import folded_words
from talkback.sources.post_ids import moved_id

#: the columns of ``posts`` that PostRows.post fills, in order (the rowid comes first)
POST_INSERT_COLUMNS = (
    "rowid, id, title, author, published, url, dialect, text, byline, boilerplate, location, "
    "encoding, hidden, comment_count, published_utc"
)
#: the columns of ``comments`` that PostRows.comments fill, after the three numbered by the writer
COMMENT_INSERT_COLUMNS = (
    "rowid, post_rowid, parent_rowid, id, ord, parent_id, row, depth, reply_count, author, "
    "published, kind, url, signature, location, blocks, text, has_quote, published_utc, status"
)
#: where the ids sit in a comment row of PostRows.comments (renumbering rewrites them)
_ID, _PARENT_ID, _BLOCKS = 0, 2, 12

BlockColumns = tuple[str | None, str]


@dataclass(slots=True)
class PostRows:
    """One post as the index stores it, before the writer numbers its rows.

    ``post`` is the post's row without its rowid; ``post_words`` its full-text columns (author,
    title, body). ``comments`` holds one row per comment in page order (the columns of
    :data:`COMMENT_INSERT_COLUMNS` after rowid, post_rowid and parent_rowid), ``parents`` the
    place of each comment's parent in ``comments`` (None: top level) and ``words`` each
    comment's full-text columns (author, body).
    """

    id: str
    post: tuple[Any, ...]
    post_words: tuple[str, str, str]
    comments: list[tuple[Any, ...]]
    parents: list[int | None]
    words: list[tuple[str, str]]

    def renumber(self, new_id: str) -> None:
        """Give the post another id, moving its comments' ids, reply links and quote sources."""
        old_id = self.id
        rows = []
        for row in self.comments:
            changed = list(row)
            changed[_ID] = moved_id(row[_ID], old_id, new_id)
            changed[_PARENT_ID] = moved_id(row[_PARENT_ID], old_id, new_id)
            if row[_BLOCKS] is not None:
                blocks = json.loads(row[_BLOCKS])
                for block in blocks:
                    block[2] = moved_id(block[2], old_id, new_id)
                changed[_BLOCKS] = json.dumps(blocks, ensure_ascii=False)
            rows.append(tuple(changed))
        self.comments = rows
        self.post = (new_id, *self.post[1:])
        self.id = new_id


def post_rows(post: Post) -> PostRows:
    """The rows of ``post`` and its comments (a linked post, as the parser gives it)."""
    places = {id(comment): place for place, comment in enumerate(post.comments)}
    depths: dict[int, int] = {}
    comments = []
    parents: list[int | None] = []
    words = []
    for comment in post.comments:
        parent = comment.parent
        if parent is None:
            depth = 0
            parent_place = None
        else:
            parent_place = places[id(parent)]
            # an export may list a reply before its parent
            depth = depths[id(parent)] + 1 if id(parent) in depths else comment.depth
        depths[id(comment)] = depth
        blocks, text = block_columns(comment.blocks)
        has_quote = int(any(block.kind == "quote" for block in comment.blocks))
        comments.append(
            (comment.id, comment.order, comment.parent_id, comment.row, depth,
             len(comment.children), comment.author, comment.published, comment.kind, comment.url,
             comment.signature, comment.where, blocks, text, has_quote, comment.published_utc,
             comment.status)
        )  # fmt: skip
        parents.append(parent_place)
        words.append((_indexed(comment.author or ""), _indexed(text)))
    row = (
        post.id, post.title, post.author, post.published, post.url, post.dialect, post.text,
        post.byline, json.dumps(post.boilerplate, ensure_ascii=False), post.where, post.encoding,
        json.dumps(post.hidden), len(post.comments), post.published_utc,
    )  # fmt: skip
    post_words = (_indexed(post.author or ""), _indexed(post.title or ""), _indexed(post.text))
    return PostRows(post.id, row, post_words, comments, parents, words)


def block_columns(blocks: list[Block]) -> BlockColumns:
    """The ``blocks`` and ``text`` columns of a comment made of ``blocks``."""
    if len(blocks) == 1:
        block = blocks[0]
        if (
            block.kind == "text"
            and block.text
            and block.source is None
            and block.attribution is None
        ):
            return None, block.text
    shape = [[block.kind, len(block.text), block.source, block.attribution] for block in blocks]
    text = "\n\n".join(block.text for block in blocks if block.text)
    return json.dumps(shape, ensure_ascii=False), text


def blocks_from_columns(blocks: str | None, text: str) -> list[Block]:
    """The blocks of a comment from its ``blocks`` and ``text`` columns."""
    if blocks is None:
        return [Block("text", text)]
    found = []
    start = 0
    for kind, length, source, attribution in json.loads(blocks):
        if length:
            found.append(Block(kind, text[start : start + length], source, attribution))
            start += length + 2  # the blank line between two blocks
        else:
            found.append(Block(kind, "", source, attribution))
    return found


def _indexed(text: str) -> str:
    """What the full-text table is given for ``text``: the folded words, or for ASCII the text
    itself (the tokenizer cuts and lower-cases it exactly as folding would)."""
    return text if text.isascii() else folded_words(text)
