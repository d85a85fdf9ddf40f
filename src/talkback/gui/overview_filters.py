"""What a click on an overview chart keeps in the tree: predicates over comments, with their labels.

Plain Python, no Qt. Each function gives a :class:`Choice`: the filter's label for the filter bar
and a predicate for :class:`~talkback.gui.node_filter.NodeFilters`. A predicate keeps comments only
(posts stay as the context of their kept comments), limited to one post when ``post`` is given, and
it decides exactly as :mod:`~talkback.gui.overview_stats` counted, so a bar's figure is the number
of comments its click shows. Predicates cache what they work out per author, per thread root, so a
filter over a million comments stays a quick pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node, post_title
from talkback.gui.overview_stats import Bucket, Granularity, Overview, bucket_of
from talkback.search.documents import folded_name


@dataclass(frozen=True, slots=True)
class Choice:
    """A filter chosen on a chart: its words and its predicate."""

    label: str
    keep: Callable[[Node], bool]


def _in_scope(node: Node, post: Post | None) -> Comment | None:
    """``node`` if it is a comment (of ``post``, when given), else None."""
    if type(node) is not Comment or (post is not None and node.post is not post):
        return None
    return node


def _scoped(label: str, post: Post | None) -> str:
    return f"{label} in “{post_title(post)}”" if post is not None else label


def period_choice(bucket: Bucket, granularity: Granularity, post: Post | None = None) -> Choice:
    """Comments published in ``bucket``'s period."""
    key = bucket.key
    if granularity == "week":

        def keep(node: Node) -> bool:
            comment = _in_scope(node, post)
            return comment is not None and bucket_of(comment.published, granularity) == key

    else:
        # An hour, day, month or year key is a prefix of the ISO dates in its bucket, and only
        # of them: the same test as bucket_of, without the pattern match.
        def keep(node: Node) -> bool:
            comment = _in_scope(node, post)
            return comment is not None and (comment.published or "").startswith(key)

    return Choice(_scoped(bucket.title, post), keep)


def author_choice(name: str, key: str, post: Post | None = None) -> Choice:
    """Comments by the author whose folded name is ``key`` (``name`` as first spelled)."""
    known: dict[str, bool] = {}

    def keep(node: Node) -> bool:
        comment = _in_scope(node, post)
        if comment is None or not comment.author:
            return False
        same = known.get(comment.author)
        if same is None:
            same = known[comment.author] = folded_name(comment.author) == key
        return same

    return Choice(_scoped(f"by {name}", post), keep)


def thread_size_choice(low: int, high: int, post: Post | None = None) -> Choice:
    """Comments in threads (a top-level comment with every reply below it) of ``low``–``high``."""
    sizes: dict[Comment, int] = {}

    def keep(node: Node) -> bool:
        root = _in_scope(node, post)
        if root is None:
            return False
        while root.parent is not None:
            root = root.parent
        size = sizes.get(root)
        if size is None:
            size = sizes[root] = sum(1 for _ in root.walk())
        return low <= size <= high

    words = f"{low:,} comment" if low == high == 1 else f"{low:,} comments"
    if high != low:
        words = f"{low:,}–{high:,} comments"
    return Choice(_scoped(f"threads of {words}", post), keep)


def depth_choice(depth: int, post: Post | None = None) -> Choice:
    """Comments at reply depth ``depth`` (0: top level)."""

    def keep(node: Node) -> bool:
        comment = _in_scope(node, post)
        return comment is not None and comment.depth == depth

    label = "top-level comments" if depth == 0 else f"replies at depth {depth}"
    return Choice(_scoped(label, post), keep)


def chart_choices(chart: str, overview: Overview, post: Post | None = None) -> list[Choice]:
    """A choice per bar of an overview chart: ``timeline``, ``authors``, ``sizes`` or
    ``depths``, in the order the chart draws its bars."""
    if chart == "timeline":
        granularity = overview.timeline.granularity
        return [period_choice(bucket, granularity, post) for bucket in overview.timeline.buckets]
    if chart == "authors":
        return [author_choice(a.name, a.key, post) for a in overview.top_authors]
    if chart == "sizes":
        return [thread_size_choice(s.low, s.high, post) for s in overview.thread_sizes]
    if chart == "depths":
        return [depth_choice(depth.low, post) for depth in overview.depths]
    raise ValueError(f"no chart called {chart!r}")
