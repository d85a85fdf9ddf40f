"""What a comment found in the index needs to be shown on its own: its post, the comment it
answers, and the comments its quotes name.

A search reads each matching comment's row alone, and its post without the post's comments: the
comment is not linked into its thread. A page of search results showing it then lacked what the
same page made from the dump read whole says: "replying to Bugler", "— from the post" under a
quote of the post, the name of a quoted commenter, and the replies counted at its foot.
:class:`HitContext` links each such comment to its post and to the comment it answers, and gives
it a copy of its post holding the comments its quotes name (``Post.comments`` is how a page
looks a quoted comment up). Only names are shown, so those comments are stand-ins holding an id
and an author alone, read by id.

What is made for a hit lives as long as the hit: a page of 100,000 hits keeps none of it, and the
cycle collector, which walks everything the window holds at each full collection (100 ms and
more), is not brought on by it. Stand-ins read lately are kept for the next hits of the same
post (many replies answer one comment), a bounded number of them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from talkback.core.model import Comment, Post
from talkback.index.reader import IndexReader

_NAME_BY_ID = "SELECT author FROM comments WHERE id=?"
#: stand-ins kept for the next hits of a post
KEPT_STAND_INS = 512


class HitContext:
    """Links the comments of a search's hits, given in dump order, to what shows them alone."""

    def __init__(self, reader: IndexReader) -> None:
        self._reader = reader
        self._post: Post | None = None
        #: stand-ins of the current post's comments read lately, by id (None: no such comment)
        self._read: OrderedDict[str, Comment | None] = OrderedDict()

    def link(self, post: Post, comment: Comment) -> None:
        """Link ``comment`` (of ``post``, read without its comments) to its post, to the comment
        it answers, and (through a copy of its post) to the comments its quotes name."""
        if post is not self._post:
            self._post = post
            self._read.clear()
        parent_id = comment.parent_id
        if parent_id is not None and parent_id != post.id:
            comment.parent = self._stand_in(parent_id)
        named: list[Comment] = []
        for block in comment.blocks:
            source = block.source
            if block.is_quote and not block.attribution and source not in (None, post.id):
                quoted = self._stand_in(source)
                if quoted is not None:
                    named.append(quoted)
        comment.post = replace(post, comments=named) if named else post

    def _stand_in(self, comment_id: str | None) -> Comment | None:
        """A comment ``comment_id`` of the current post as its id and author; None when the
        index has no such comment."""
        if comment_id is None:
            return None
        read = self._read
        if comment_id in read:
            read.move_to_end(comment_id)
            return read[comment_id]
        row = self._reader.connection.execute(_NAME_BY_ID, (comment_id,)).fetchone()
        found = None if row is None else Comment(id=comment_id, author=row[0], published=None)
        read[comment_id] = found
        if len(read) > KEPT_STAND_INS:
            read.popitem(last=False)
        return found
