"""What a search shows in the tree: its matches in page order, the nodes kept (the matches and their
ancestors), and stepping from any node to the next or previous match.

Plain Python over the core model (no Qt), built by the search worker off the GUI thread so that
the window only swaps in a finished result. Page order is the dump's order (posts in dump order,
each post before its comments, comments as the page has them), whatever the tree is sorted by.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node, node_label, plural
from talkback.gui.tree_order import parent_of
from talkback.search import Query, Span
from talkback.search.documents import folded_name
from talkback.search.syntax import And, Author, Or
from talkback.search.syntax import Node as QueryNode

#: a node's place in page order: (post row, -1 for the post itself or the comment's order)
PageKey = tuple[int, int]
#: how often (in matches) the worker asks whether it should stop
CHECK_EVERY = 256
#: a match's first words stay its label when what matched begins this early in them
LABEL_LEAD = 40
#: otherwise the label starts about this many characters before the first match
LABEL_BEFORE = 6
#: and is at most this long (the tree cuts it to the column's width)
LABEL_WIDTH = 160


def page_key(node: Node) -> PageKey:
    """Where ``node`` stands in page order."""
    if isinstance(node, Post):
        return (node.row, -1)
    post = node.post
    return (post.row if post is not None else -1, node.order)


@dataclass(eq=False)
class SearchResult:
    """The outcome of one query over the archive as it was when the search ran.

    ``matches`` are in page order; ``shown`` holds the matches and every ancestor of one (the
    tree's filter); ``posts_searched`` says how many posts the archive had then, so that posts
    added later (while a dump loads) can be searched again.
    """

    query: Query
    matches: list[Node] = field(default_factory=list)
    match_set: set[Node] = field(default_factory=set)
    shown: set[Node] = field(default_factory=set)
    keys: list[PageKey] = field(default_factory=list)
    posts_searched: int = 0

    @property
    def count(self) -> int:
        """How many posts and comments match."""
        return len(self.matches)

    def is_match(self, node: Node) -> bool:
        """Whether ``node`` is one of the matches."""
        return node in self.match_set

    def keeps(self, node: Node) -> bool:
        """The tree's filter: whether ``node`` is a match."""
        return node in self.match_set

    @property
    def comments_kept(self) -> int | None:
        """How many comments match, when the tree cannot count them (None: it can)."""
        return None

    @property
    def post_holds(self) -> Callable[[Post], bool] | None:
        """For the posts of an indexed dump not read yet: whether one holds a match (None: the
        matches are all among the posts read; see :mod:`~talkback.gui.index_search`)."""
        return None

    def first(self) -> Node | str | None:
        """The first match in page order (or its id, when it is not read yet)."""
        return self.matches[0] if self.matches else None

    def step_to(self, current: Node | None, forward: bool = True) -> tuple[Node | str, bool] | None:
        """:meth:`step`, for a result whose matches may be known by id only."""
        return self.step(current, forward)

    def position(self, node: Node) -> int | None:
        """The 0-based number of ``node`` among the matches, or None when it is not one."""
        if node not in self.match_set:
            return None
        return bisect_left(self.keys, page_key(node))

    def step(self, current: Node | None, forward: bool = True) -> tuple[Node, bool] | None:
        """The match after (or before) ``current`` in page order, and whether the search wrapped
        around the end (or the beginning) to find it; None when nothing matches."""
        if not self.matches:
            return None
        if current is None:
            return (self.matches[0], False) if forward else (self.matches[-1], False)
        key = page_key(current)
        if forward:
            index = bisect_right(self.keys, key)
            if index < len(self.matches):
                return self.matches[index], False
            return self.matches[0], True
        index = bisect_left(self.keys, key) - 1
        if index >= 0:
            return self.matches[index], False
        return self.matches[-1], True

    def narrowed(self, keep: Callable[[Node], bool]) -> SearchResult:
        """The matches ``keep`` accepts (those the window's other filters keep too)."""
        narrow = SearchResult(self.query, posts_searched=self.posts_searched)
        for node, key in zip(self.matches, self.keys, strict=True):
            if keep(node):
                narrow.matches.append(node)
                narrow.match_set.add(node)
                narrow.keys.append(key)
        return narrow

    def hits(self) -> Iterable[tuple[Post, Comment | None]]:
        """The matches as the exporter's results page takes them: (post, comment or None), in
        page order, made afresh each time they are gone through (the page goes through them
        twice)."""
        return MatchHits(self.matches)


class MatchHits:
    """A search's matches as (post, comment or None), made as they are gone through: a list of
    100,000 of them would be as many objects more for the cycle collector to walk, each of its
    full collections holding the window's thread up while the results page is written."""

    def __init__(self, matches: list[Node]) -> None:
        self._matches = matches

    def __iter__(self) -> Iterator[tuple[Post, Comment | None]]:
        for node in self._matches:
            if isinstance(node, Post):
                yield node, None
            elif node.post is not None:
                yield node.post, node


def collect(
    query: Query,
    hits: Iterable[tuple[Post, Comment | None]],
    posts_searched: int,
    stop: Callable[[], bool] = lambda: False,
) -> SearchResult | None:
    """The SearchResult of ``hits`` (in dump order); None as soon as ``stop()`` says so."""
    result = SearchResult(query, posts_searched=posts_searched)
    matches, match_set, shown, keys = result.matches, result.match_set, result.shown, result.keys
    for number, (post, comment) in enumerate(hits):
        if number % CHECK_EVERY == 0 and stop():
            return None
        node: Node = post if comment is None else comment
        if node in match_set:
            continue
        matches.append(node)
        match_set.add(node)
        keys.append(page_key(node))
        item: Node | None = node
        while item is not None and item not in shown:
            shown.add(item)
            item = parent_of(item)
    return None if stop() else result


def count_text(result: SearchResult, in_view: SearchResult, current: Node | None) -> str:
    """The status bar's count: ``3 of 12 matches`` (the current row's number among those shown),
    ``12 matches`` when the current row is not one, and how many there are in all when other
    filters hide some: ``1 of 3 matches (12 in all)``."""
    if not result.count:
        return "No matches"
    hidden = f" ({result.count:,} in all)" if in_view.count != result.count else ""
    if not in_view.count:
        return f"No matches shown{hidden}"
    position = in_view.position(current) if current is not None else None
    total = plural(in_view.count, "match", "matches")
    return (f"{position + 1:,} of {total}" if position is not None else total) + hidden


def match_labels(query: Query) -> Callable[[Node], str | None]:
    """What the tree's Thread column shows for a match of ``query`` (see :func:`match_label`),
    remembered per node, since the tree asks at every paint."""
    known: dict[Node, str | None] = {}

    def label(node: Node) -> str | None:
        if node in known:
            return known[node]
        found = known[node] = match_label(query, node)
        return found

    return label


def match_label(query: Query, node: Node) -> str | None:
    """A matched comment's label: None (its first words) when they show what matched, else its
    words from just before its first match (in its own words, else in what it quotes), ``…``
    where cut. Posts keep their titles (None)."""
    if isinstance(node, Post):
        return None
    spans = query.spans(node_label(node))
    if spans and spans[0][0] < LABEL_LEAD:
        return None
    line, spans = "", []
    for text in (node.own_text, node.text):  # the commenter's own words first, then quotes
        line = " ".join(text.split())
        spans = query.spans(line)
        if spans:
            break
    if not spans:
        return None
    first = spans[0][0]
    start = line.rfind(" ", 0, max(0, first - LABEL_BEFORE)) + 1  # at a word's start
    label = ("…" if start else "") + line[start : start + LABEL_WIDTH]
    return label if node.kind == "comment" else f"[{node.kind}] {label}"


def author_spans(query: Query) -> Callable[[str], list[Span]]:
    """Where to highlight an author's name: all of it when an ``author:`` term of ``query``
    (outside a ``-``) names it, else the query's words in it."""
    terms = list(_positive_authors(query.node))

    def spans(name: str) -> list[Span]:
        folded = folded_name(name)
        for term in terms:
            if (term.name in folded) if term.partial else (term.name == folded):
                return [(0, len(name))] if name else []
        return query.spans(name)

    return spans


def _positive_authors(node: QueryNode) -> Iterable[Author]:
    if isinstance(node, Author):
        yield node
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from _positive_authors(child)
