"""What a search shows when the dump is read from its index: matches known by id, their posts read
only when they are shown.

The query runs on the search worker with ``talkback.index.search.hit_places`` (FTS5 and SQL
narrow it; no post is loaded for it, and when FTS5 decides the query alone no Post or Comment is
built at all), and :func:`collect_indexed` keeps of each match only its id and its place in page
order. The tree's filter then keeps a comment whose id matched, and shows a
post whose comments are not read yet when some of them matched (``holds``): expanding it (or the
search opening every thread it shows) reads it, and its matching comments show under it. Stepping
to a match of a post not read yet gives the match's id: the window reads the post, then selects it.

Plain Python over the core model and the index (no Qt).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node
from talkback.gui.search_filter import CHECK_EVERY, PageKey, SearchResult, page_key
from talkback.index import IndexReader
from talkback.index.search import HitPlace, SearchHits, hit_places
from talkback.search import Query


@dataclass(eq=False)
class IndexedResult(SearchResult):
    """The matches of one query over a dump's index, by id (see the module's notes).

    ``ids`` are in page order, beside ``keys``; ``holding`` names the posts with a matching
    comment; ``index`` is the index searched (the export searches it again for the full hits).
    """

    index: str = ""
    ids: list[str] = field(default_factory=list)
    id_set: set[str] = field(default_factory=set)
    holding: set[str] = field(default_factory=set)
    #: how many of the matches are comments
    comment_count: int = 0

    @property
    def count(self) -> int:
        """How many posts and comments match."""
        return len(self.ids)

    def is_match(self, node: Node) -> bool:
        """Whether ``node`` is one of the matches."""
        return node.id in self.id_set

    def keeps(self, node: Node) -> bool:
        """The tree's filter: whether ``node`` is a match (read or not)."""
        return node.id in self.id_set

    @property
    def comments_kept(self) -> int | None:
        """How many comments match, read or not."""
        return self.comment_count

    @property
    def post_holds(self) -> Callable[[Post], bool] | None:
        """Whether a post not read yet holds a matching comment."""
        holding = self.holding
        return lambda post: post.id in holding

    def position(self, node: Node) -> int | None:
        """The 0-based number of ``node`` among the matches, or None when it is not one."""
        if node.id not in self.id_set:
            return None
        return bisect_left(self.keys, page_key(node))

    def first(self) -> Node | str | None:
        """The id of the first match (its post may not be read yet)."""
        return self.ids[0] if self.ids else None

    def step_to(self, current: Node | None, forward: bool = True) -> tuple[Node | str, bool] | None:
        """The id of the match after (before) ``current`` in page order, and whether the search
        wrapped around to find it."""
        if not self.ids:
            return None
        if current is None:
            return (self.ids[0], False) if forward else (self.ids[-1], False)
        key = page_key(current)
        if forward:
            index = bisect_right(self.keys, key)
            return (self.ids[index], False) if index < len(self.ids) else (self.ids[0], True)
        index = bisect_left(self.keys, key) - 1
        return (self.ids[index], False) if index >= 0 else (self.ids[-1], True)

    def narrowed(self, keep: Callable[[Node], bool]) -> SearchResult:
        """All the matches: other filters cannot judge the comments not read yet."""
        return self

    def hits(self) -> Iterable[tuple[Post, Comment | None]]:
        """The matches in full for the results page: searched again in the index each time they
        are gone through (on the export worker), never all held (there may be 100,000)."""
        return SearchHits(Path(self.index), self.query)


def collect_indexed(
    query: Query,
    index: str,
    places: Iterable[HitPlace],
    posts_searched: int,
    stop: Callable[[], bool] = lambda: False,
) -> IndexedResult | None:
    """The IndexedResult of the hits at ``places`` (``hit_places``', in dump order); None as
    soon as ``stop()`` says so."""
    result = IndexedResult(query, posts_searched=posts_searched, index=index)
    ids, id_set, keys, holding = result.ids, result.id_set, result.keys, result.holding
    for number, (post_row, post_id, comment_id, order) in enumerate(places):
        if number % CHECK_EVERY == 0 and stop():
            return None
        node_id = post_id if comment_id is None else comment_id
        if node_id in id_set:
            continue
        key: PageKey = (post_row, order)
        ids.append(node_id)
        id_set.add(node_id)
        keys.append(key)
        if comment_id is not None:
            holding.add(post_id)
            result.comment_count += 1
    return None if stop() else result


def search_indexed(
    index: str, query: Query, posts_searched: int, stop: Callable[[], bool]
) -> IndexedResult | None:
    """Run ``query`` over the index at ``index`` (on the search worker)."""
    reader = IndexReader(Path(index))
    try:
        return collect_indexed(query, index, hit_places(reader, query), posts_searched, stop)
    finally:
        reader.close()
