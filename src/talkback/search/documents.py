"""A post or comment prepared for searching: its words folded once, its facts read once.

Searching compares folded words, so each text is folded a single time, when its Document is made,
into one string of words between spaces (``" sadr s command "``). A word is then a substring
test for ``" sadr "``, a prefix one for ``" sadr"`` and a phrase one for ``" sadr s "``, all done
by C code in time linear in the text. The fields (author, title, text) are kept apart by a
separator that is never a word, so that a phrase cannot run from one field into the next.

A SearchCorpus joins the word strings of a post and all its comments into one ``block`` string
and each Document keeps its ``[start, end)`` in it: a word test is ``block.find(needle, start,
end)``, and a rare word can be looked for in a whole post in one C-level scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from talkback.core.dates import parse_iso
from talkback.core.model import Comment, Post
from talkback.core.text import fold
from talkback.core.text import words as fold_words

#: stands between fields in ``Document.words``; never part of a word
FIELD_SEPARATOR = "\x1f"


@dataclass(slots=True, eq=False)
class Document:
    """What the engine needs of one post (``comment`` None) or comment, computed once.

    ``block[start:end]`` is the folded words of author, title and text (``" w1 w2 \\x1f w3 … "``;
    ``block`` may hold other Documents' words around them, see ``words``);
    ``author`` the folded name with single spaces; ``published`` the wall-clock time as written
    (a date alone counts as midnight); ``replies`` the number of direct replies (for a post: its
    comments); ``is_reply`` whether a comment answers another comment (not merely the post);
    ``has_quote`` whether it quotes anything (the post or a comment).
    """

    post: Post
    comment: Comment | None
    block: str
    start: int
    end: int
    author: str
    published: datetime | None
    replies: int
    is_reply: bool
    has_quote: bool

    @property
    def words(self) -> str:
        """This Document's folded words (a copy out of the block)."""
        return self.block[self.start : self.end]

    def contains(self, needle: str) -> bool:
        """Whether ``needle`` occurs in this Document's words."""
        return self.block.find(needle, self.start, self.end) != -1

    @property
    def node_id(self) -> str:
        """The id of the post or comment."""
        return self.comment.id if self.comment is not None else self.post.id

    def fields(self) -> tuple[str, ...]:
        """The raw (unfolded) texts a regex is searched in: author, title (posts) and text."""
        if self.comment is not None:
            return (self.comment.author or "", self.comment.text)
        return (self.post.author or "", self.post.title or "", self.post.text)


def folded_words(text: str) -> str:
    """The folded words of ``text`` joined by single spaces (as ``" ".join(words(text))``)."""
    return " ".join(fold_words(text))


def folded_name(name: str | None) -> str:
    """An author's name as author: compares it: folded, single spaces."""
    return " ".join(fold(name).split()) if name else ""


def make_document(
    post: Post,
    comment: Comment | None = None,
    *,
    replies: int | None = None,
    is_reply: bool | None = None,
) -> Document:
    """The Document for ``post`` itself (``comment`` None) or for one of its comments.

    ``replies`` and ``is_reply`` override what the linked tree says, for callers (the on-disk
    index) that hold a post or comment without its tree around it.
    """
    if comment is None:
        words = _haystack((post.author or "", post.title or "", post.text))
        return Document(
            post=post,
            comment=None,
            block=words,
            start=0,
            end=len(words),
            author=folded_name(post.author),
            published=wall_clock(post.published),
            replies=len(post.comments) if replies is None else replies,
            is_reply=False,
            has_quote=False,
        )
    words = _haystack((comment.author or "", comment.text))
    return Document(
        post=post,
        comment=comment,
        block=words,
        start=0,
        end=len(words),
        author=folded_name(comment.author),
        published=wall_clock(comment.published),
        replies=len(comment.children) if replies is None else replies,
        is_reply=comment.parent is not None if is_reply is None else is_reply,
        has_quote=any(block.is_quote for block in comment.blocks),
    )


def _haystack(texts: tuple[str, ...]) -> str:
    return " " + f" {FIELD_SEPARATOR} ".join(folded_words(text) for text in texts) + " "


@lru_cache(maxsize=65536)
def wall_clock(published: str | None) -> datetime | None:
    """The wall-clock time of an ISO string as written (its zone dropped), or None."""
    parsed = parse_iso(published)
    return parsed.replace(tzinfo=None) if parsed is not None else None
