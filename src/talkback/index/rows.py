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

A post of more than ``chunk_rows`` comments (:data:`CHUNK_ROWS`) is not handed on whole when
``post_rows`` is given a ``spill`` folder: its comments' rows are written there, a chunk at a time,
and the writer reads them back a chunk at a time (:meth:`PostRows.chunks`). Neither the worker nor
the writer then holds the rows of 100,000 comments at once, nor their pickle.
"""

from __future__ import annotations

import json
import json.encoder
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
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
#: a chunk of a post's comments: their rows, the places of their parents, their full-text words
RowChunk = tuple[list[tuple[Any, ...]], list[int | None], list[tuple[str, str]]]

#: a string as json.dumps(value, ensure_ascii=False) writes it (in C)
_json_string: Callable[[str], str] = json.encoder.encode_basestring

#: comments per chunk; a post of more is written to a spill file (when there is a spill folder)
CHUNK_ROWS = 10_000


class SpillError(OSError):
    """A post's rows could not be written to (or read back from) its spill file."""


@dataclass(slots=True)
class PostRows:
    """One post as the index stores it, before the writer numbers its rows.

    ``post`` is the post's row without its rowid; ``post_words`` its full-text columns (author,
    title, body). ``comments`` holds one row per comment in page order (the columns of
    :data:`COMMENT_INSERT_COLUMNS` after rowid, post_rowid and parent_rowid), ``parents`` the
    place of each comment's parent in ``comments`` (None: top level) and ``words`` each
    comment's full-text columns (author, body). A big post's three lists are empty and its
    ``spilled`` rows wait in the file ``spill`` instead: read them with :meth:`chunks`.
    """

    id: str
    post: tuple[Any, ...]
    post_words: tuple[str, str, str]
    comments: list[tuple[Any, ...]]
    parents: list[int | None]
    words: list[tuple[str, str]]
    #: the file holding the comments' rows, pickled a chunk at a time (None: they are in memory)
    spill: str | None = None
    #: how many comments' rows the spill file holds
    spilled: int = 0
    #: renumberings (old id, new id) to apply to spilled rows as they are read
    renames: tuple[tuple[str, str], ...] = ()

    def renumber(self, new_id: str) -> None:
        """Give the post another id, moving its comments' ids, reply links and quote sources."""
        if self.spill is None:
            self.comments = _renamed(self.comments, self.id, new_id)
        else:
            self.renames += ((self.id, new_id),)
        self.post = (new_id, *self.post[1:])
        self.id = new_id

    def chunks(self) -> Iterator[RowChunk]:
        """The comments' rows, a chunk at a time (all in one when they are in memory).

        Raises SpillError when the spill file cannot be read back whole.
        """
        if self.spill is None:
            yield self.comments, self.parents, self.words
            return
        read = 0
        try:
            with Path(self.spill).open("rb") as handle:
                while read < self.spilled:
                    comments, parents, words = pickle.load(handle)
                    read += len(comments)
                    for old_id, new_id in self.renames:
                        comments = _renamed(comments, old_id, new_id)
                    yield comments, parents, words
        except (OSError, EOFError, pickle.UnpicklingError) as error:
            raise SpillError(f"{self.spill}: {error}") from error
        if read != self.spilled:
            raise SpillError(f"{self.spill}: {read} rows instead of {self.spilled}")


def _renamed(rows: list[tuple[Any, ...]], old_id: str, new_id: str) -> list[tuple[Any, ...]]:
    """Comment rows of post ``old_id`` as rows of post ``new_id`` (ids, reply links, sources)."""
    renamed = []
    for row in rows:
        changed = list(row)
        changed[_ID] = moved_id(row[_ID], old_id, new_id)
        changed[_PARENT_ID] = moved_id(row[_PARENT_ID], old_id, new_id)
        if row[_BLOCKS] is not None:
            blocks = json.loads(row[_BLOCKS])
            for block in blocks:
                block[2] = moved_id(block[2], old_id, new_id)
            changed[_BLOCKS] = json.dumps(blocks, ensure_ascii=False)
        renamed.append(tuple(changed))
    return renamed


def post_rows(post: Post, spill: str | None = None, chunk_rows: int | None = None) -> PostRows:
    """The rows of ``post`` and its comments (a linked post, as the parser gives it).

    With a ``spill`` folder, a post of more than ``chunk_rows`` comments (:data:`CHUNK_ROWS`)
    has its comments' rows written to a new file there, a chunk at a time (raises SpillError
    when it cannot be written).
    """
    chunk = chunk_rows or CHUNK_ROWS
    post_row = (
        post.id, post.title, post.author, post.published, post.url, post.dialect, post.text,
        post.byline, json.dumps(post.boilerplate, ensure_ascii=False), post.where, post.encoding,
        json.dumps(post.hidden), len(post.comments), post.published_utc,
    )  # fmt: skip
    post_words = (_indexed(post.author or ""), _indexed(post.title or ""), _indexed(post.text))
    rows = PostRows(post.id, post_row, post_words, [], [], [])
    if spill is None or len(post.comments) <= chunk:
        rows.comments, rows.parents, rows.words = next(
            _comment_chunks(post, len(post.comments) or 1)
        )
        return rows
    path = None
    try:
        descriptor, path = tempfile.mkstemp(suffix=".rows", dir=spill)
        with os.fdopen(descriptor, "wb") as handle:
            for rows_of_chunk in _comment_chunks(post, chunk):
                pickle.dump(rows_of_chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
                rows.spilled += len(rows_of_chunk[0])
    except OSError as error:
        if path is not None:
            Path(path).unlink(missing_ok=True)
        raise SpillError(error.errno, error.strerror or str(error), spill) from error
    rows.spill = path
    return rows


def _comment_chunks(post: Post, size: int) -> Iterator[RowChunk]:
    """The rows of the post's comments in page order, ``size`` comments at a time."""
    places = {id(comment): place for place, comment in enumerate(post.comments)}
    depths: dict[int, int] = {}
    comments: list[tuple[Any, ...]] = []
    parents: list[int | None] = []
    words: list[tuple[str, str]] = []
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
        # no blocks column: one plain text block
        has_quote = 0 if blocks is None else int(any(b.kind == "quote" for b in comment.blocks))
        comments.append(
            (comment.id, comment.order, comment.parent_id, comment.row, depth,
             len(comment.children), comment.author, comment.published, comment.kind, comment.url,
             comment.signature, comment.where, blocks, text, has_quote, comment.published_utc,
             comment.status)
        )  # fmt: skip
        parents.append(parent_place)
        words.append((_indexed(comment.author or ""), _indexed(text)))
        if len(comments) == size:
            yield comments, parents, words
            comments, parents, words = [], [], []
    if comments or not post.comments:
        yield comments, parents, words


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
    text = "\n\n".join([block.text for block in blocks if block.text])
    return "[" + ", ".join(map(_block_shape, blocks)) + "]", text


def _block_shape(block: Block) -> str:
    """``json.dumps([kind, length, source, attribution], ensure_ascii=False)`` of a block,
    written out: a JSON encoder costs more to set up at each call than this costs in all."""
    source = "null" if block.source is None else _json_string(block.source)
    attribution = "null" if block.attribution is None else _json_string(block.attribution)
    return f"[{_json_string(block.kind)}, {len(block.text)}, {source}, {attribution}]"


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
