"""Searching a whole archive in memory: prepared Documents, one linear pass per query, Hits.

A SearchCorpus prepares each post and comment once (see ``documents``) and keeps the Documents,
so that every later query costs one cheap test per comment. The words of a post and its comments
share one block string; when a query requires a word or phrase, each block is scanned for it by
``str.find`` and only the Documents it lands in are tested, so a rare word costs one C-level
pass over the text and no Python work per comment. Posts added to the archive while it
loads are prepared when a search first reaches them. Hits come in dump order: each post, then its
comments in page order. For a dump of a million comments this is still one pass over all of them;
the on-disk FTS5 index (``talkback.search.fts5``) is the way past that.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from talkback.core.model import Archive, Comment, Post
from talkback.search.documents import Document, folded_name, make_document
from talkback.search.highlight import Excerpt
from talkback.search.lexer import QUOTES
from talkback.search.query import Query, compile_query, phrase_needle, word_needle
from talkback.search.syntax import And, Author, Node, Phrase, Word

#: stands between two Documents in a block; never part of a needle
DOCUMENT_SEPARATOR = "\x1e"


class Hit:
    """One match: the post, the comment (None when the post itself matched), and an excerpt.

    ``snippet`` (one line, ``…`` where it is cut) and ``marks`` (the matched terms' spans in it)
    are worked out when first asked for, so that counting or filtering hits costs nothing extra.
    """

    __slots__ = ("_excerpt", "_query", "comment", "post")

    def __init__(self, post: Post, comment: Comment | None, query: Query) -> None:
        self.post = post
        self.comment = comment
        self._query = query
        self._excerpt: Excerpt | None = None

    def __repr__(self) -> str:
        return f"Hit({self.node_id})"

    @property
    def node_id(self) -> str:
        """The id of the matching comment, or of the post."""
        return self.comment.id if self.comment is not None else self.post.id

    @property
    def author(self) -> str | None:
        """Who wrote the matching comment or post."""
        return self.comment.author if self.comment is not None else self.post.author

    @property
    def published(self) -> str | None:
        """When it was published (ISO 8601 as in the source), or None."""
        return self.comment.published if self.comment is not None else self.post.published

    @property
    def excerpt(self) -> Excerpt:
        """The text around the first match, with the marks."""
        if self._excerpt is None:
            self._excerpt = _excerpt_for(self._query, self.post, self.comment)
        return self._excerpt

    @property
    def snippet(self) -> str:
        """The excerpt's text: one line around the first match, ``…`` where it is cut."""
        return self.excerpt.text

    @property
    def marks(self) -> tuple[tuple[int, int], ...]:
        """Where the matched terms are in ``snippet``."""
        return self.excerpt.marks


def _excerpt_for(query: Query, post: Post, comment: Comment | None) -> Excerpt:
    if comment is not None:
        if query.spans(comment.text) or not comment.own_text:
            return query.excerpt(comment.text)
        return query.excerpt(comment.own_text)  # nothing to mark: show the commenter's own words
    for text in (post.text, post.title or ""):
        if query.spans(text):
            return query.excerpt(text)
    return query.excerpt(post.text or post.title or "")


@dataclass(slots=True)
class _Block:
    """The Documents of one post and the string holding all their words."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


class SearchCorpus:
    """The prepared Documents of one archive, made once and reused by every query.

    Not thread-safe: the first search prepares posts as it goes, so use it from one thread at a
    time (the window's search worker, say), or call ``documents()`` once before sharing it.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._documents: list[Document] = []
        self._blocks: list[_Block] = []
        self._by_id: dict[str, Document] = {}
        self._prepared_posts = 0

    def documents(self) -> list[Document]:
        """Every Document, in dump order, preparing posts added since the last call."""
        posts = self.archive.posts
        while self._prepared_posts < len(posts):
            self._prepare(posts[self._prepared_posts])
            self._prepared_posts += 1
        return self._documents

    def document(self, post: Post, comment: Comment | None = None) -> Document:
        """The Document of the post itself (``comment`` None) or of one of its comments."""
        node_id = comment.id if comment is not None else post.id
        document = self._by_id.get(node_id)
        if document is None and self._prepared_posts < len(self.archive.posts):
            self.documents()
            document = self._by_id.get(node_id)
        if document is None or document.post is not post or document.comment is not comment:
            document = make_document(post, comment)
        return document

    def search(self, query: Query | str) -> Iterator[Hit]:
        """The hits of ``query`` (compiled first when given as text) in dump order."""
        compiled = compile_query(query) if isinstance(query, str) else query
        matches = compiled.matches_document
        needle = required_needle(compiled.node)
        self.documents()
        for block in self._blocks:
            if needle is None:
                for document in block.documents:
                    if matches(document):
                        yield Hit(document.post, document.comment, compiled)
                continue
            position = block.text.find(needle)
            while position != -1:
                document = block.documents[bisect_right(block.starts, position) - 1]
                if matches(document):
                    yield Hit(document.post, document.comment, compiled)
                position = block.text.find(needle, document.end)

    def count(self, query: Query | str) -> int:
        """How many posts and comments match."""
        return sum(1 for _ in self.search(query))

    def _prepare(self, post: Post) -> None:
        block = _Block()
        pieces: list[str] = []
        position = 0
        for document in (make_document(post), *(make_document(post, c) for c in post.comments)):
            words = document.words
            document.start, document.end = position, position + len(words)
            block.starts.append(position)
            block.documents.append(document)
            pieces += (words, DOCUMENT_SEPARATOR)
            position += len(words) + 1
            self._documents.append(document)
            self._by_id.setdefault(document.node_id, document)
        block.text = "".join(pieces)
        for document in block.documents:
            document.block = block.text
        self._blocks.append(block)


def required_needle(node: Node) -> str | None:
    """A substring every match's words must contain (the longest one known), or None.

    The needle leaves out the trailing space of a whole-word test: ``str.find`` skips ahead by the
    needle's last character, and spaces are everywhere. The Document's own test is exact.
    """
    if isinstance(node, Word):
        return word_needle(node.word, prefix=True)
    if isinstance(node, Phrase):
        return phrase_needle(node.words).rstrip(" ")
    if isinstance(node, And):
        needles = [required_needle(child) for child in node.children]
        return max((needle for needle in needles if needle), key=len, default=None)
    return None


#: one author of a dump: the name as first spelled, their number of comments, and the name folded
#: as ``author:`` compares it (the key names are counted under, and filtered by). A plain tuple:
#: lists of hundreds of thousands are read from the index at C speed.
AuthorCount = tuple[str, int, str]


def rank_authors(tallies: Iterable[tuple[str, int]]) -> list[AuthorCount]:
    """Add up ``(name, comments)`` tallies (names met in dump order) by the name as ``author:``
    folds it, under the spelling met first; ranked: most comments first, then by folded name."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for name, comments in tallies:
        key = folded_name(name)
        spelling.setdefault(key, name)
        counts[key] = counts.get(key, 0) + comments
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(spelling[key], count, key) for key, count in ranked]


def author_counts(archive: Archive) -> list[AuthorCount]:
    """Each comment author's name and number of comments, most prolific first, then by name.

    Names that ``author:`` treats as the same (case, accents, spacing) are counted together under
    the spelling met first.
    """
    return rank_authors(
        (comment.author, 1) for post in archive.posts for comment in post.comments if comment.author
    )


def author_query(name: str) -> Query:
    """The Query ``author:"NAME"`` for a name picked from a list (any name, quotes and all)."""
    shown = "".join(char for char in name if char not in QUOTES)
    return Query(f'author:"{shown}"', Author(folded_name(name)))


_last: tuple[Archive, SearchCorpus] | None = None


def corpus_for(archive: Archive) -> SearchCorpus:
    """The SearchCorpus of ``archive``, kept for the most recently searched archive."""
    global _last
    if _last is None or _last[0] is not archive:
        _last = (archive, SearchCorpus(archive))
    return _last[1]


def search_archive(archive: Archive, query: Query | str) -> Iterator[Hit]:
    """The hits of ``query`` in ``archive`` in dump order (raises QueryError for bad query text)."""
    compiled = compile_query(query) if isinstance(query, str) else query
    return corpus_for(archive).search(compiled)
