"""The search-results page's hits grouped by post, for a page rendered a hit at a time.

The page says in its header how many matches and posts it shows, counts authors, replies and
quotes in its footer, and shows each post's matching comments together, the posts in the order
they first come among the hits. Knowing that by building every comment's view first held the
whole page in views (100,000 hits: 100 to 170 MB more), and left the cycle collector hundreds of
thousands of objects to walk at each full collection: pauses of half a second, for the window's
thread too. So the hits are gone through twice:

1. :func:`plan_results` keeps of each post only its first Post object, whether the post itself
   matched and how many comments it shows, and of the page the ids of its comments and the
   footer's counts;
2. :class:`ResultGroups` goes through the hits again while the template runs and hands it each
   comment's view as it reaches it, dropped once written.

Hits that come grouped by post, as every search gives them (dump order), are never held; a hit
that comes before its post's turn on the page waits for it. The hits must be a collection that
can be gone through twice (a list, or a search run again each time), never a one-shot iterator.
Should the second pass give more hits than the first (an index growing meanwhile), those are left
out, so the page stays what its header says.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from talkback.core.model import Comment, Post
from talkback.export.selection import Counts, Entry, Tally
from talkback.export.views import CommentView, PostView, ViewBuilder, post_view

#: A search hit as the results page takes it: the post, and the comment (None: the post itself).
Hit = tuple[Post, Comment | None]


@dataclass(slots=True, eq=False)
class GroupPlan:
    """One post of the page: its first Post object among the hits, whether the post itself
    matched (its article is then shown) and how many comments it shows."""

    post: Post
    matched: bool = False
    comments: int = 0


@dataclass(slots=True)
class ResultsPlan:
    """What the page shows, known before any of it is rendered."""

    groups: list[GroupPlan] = field(default_factory=list)
    #: each post id's place in ``groups``
    group_of: dict[str, int] = field(default_factory=dict)
    #: the ids of the comments shown (a comment listed twice is shown once, the first time)
    shown: set[str] = field(default_factory=set)
    counts: Counts = field(default_factory=Counts)

    @property
    def hit_count(self) -> int:
        """The matches shown: the comments, and the posts that matched themselves."""
        return self.counts.comments + sum(1 for group in self.groups if group.matched)

    @property
    def matched_posts(self) -> list[Post]:
        """The posts whose article the page shows."""
        return [group.post for group in self.groups if group.matched]


def plan_results(hits: Iterable[Hit]) -> ResultsPlan:
    """The first pass: what the page of ``hits`` shows, without a view of any of it."""
    plan = ResultsPlan()
    groups, group_of, shown = plan.groups, plan.group_of, plan.shown
    tally = Tally()
    for post, comment in hits:
        at = group_of.get(post.id)
        if at is None:
            at = group_of[post.id] = len(groups)
            groups.append(GroupPlan(post))
        group = groups[at]
        if comment is None:
            group.matched = True
        elif comment.id not in shown:
            shown.add(comment.id)
            group.comments += 1
            tally.add(comment, "hit")
    plan.counts = tally.counts()
    return plan


def reiterable(hits: Iterable[Hit]) -> Iterable[Hit]:
    """``hits``, refused (TypeError) when they can be gone through only once."""
    if iter(hits) is hits:
        raise TypeError("the hits are gone through twice: pass a collection, not an iterator")
    return hits


@dataclass(slots=True, eq=False)
class GroupView:
    """One post of the page as the template takes it."""

    post: PostView
    post_matched: bool
    comments: GroupComments


class GroupComments:
    """A post's comments on the page: true when there are any; their views, one at a time."""

    def __init__(self, count: int, views: Iterator[CommentView]) -> None:
        self._count = count
        self._views = views

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[CommentView]:
        return self._views


class ResultGroups:
    """The second pass: the page's groups for the template (``len()`` and one walk through
    them), each comment's view made when the template reaches it."""

    def __init__(self, plan: ResultsPlan, hits: Iterable[Hit]) -> None:
        self._plan = plan
        self._hits = hits
        self._builder = ViewBuilder((), plan.matched_posts, in_page=plan.shown)

    def __len__(self) -> int:
        return len(self._plan.groups)

    def __iter__(self) -> Iterator[GroupView]:
        router = _Router(self._plan, iter(self._hits))
        builder = self._builder
        previous: list[Comment | None] = [None]

        def views(comments: Iterator[Comment]) -> Iterator[CommentView]:
            for comment in comments:
                yield builder.view(Entry(comment, 0, "hit"), previous[0])
                previous[0] = comment

        for at, group in enumerate(self._plan.groups):
            builder.forget_lookups()  # the last post's comments by id: no longer needed
            comments = GroupComments(group.comments, views(router.comments_of(at)))
            yield GroupView(post_view(group.post), group.matched, comments)


class _Router:
    """Hands out the hits' comments post by post, in the plan's order of posts, going through the
    hits once: a comment of a post whose turn has not come yet waits for it."""

    def __init__(self, plan: ResultsPlan, hits: Iterator[Hit]) -> None:
        self._plan = plan
        self._hits = hits
        self._given: set[str] = set()
        self._waiting: dict[int, deque[Comment]] = {}

    def comments_of(self, at: int) -> Iterator[Comment]:
        """The comments the page shows of the ``at``-th post, in the order of the hits."""
        wanted = self._plan.groups[at].comments
        waiting = self._waiting.pop(at, deque())
        while waiting:
            wanted -= 1
            yield waiting.popleft()
        while wanted > 0:
            found = self._next(at)
            if found is None:
                return
            wanted -= 1
            yield found

    def _next(self, at: int) -> Comment | None:
        """The next comment of the ``at``-th post among the hits left (None: there is none);
        comments of later posts met on the way are kept for their turn."""
        plan, given = self._plan, self._given
        for post, comment in self._hits:
            if comment is None or comment.id in given or comment.id not in plan.shown:
                continue  # a post's own hit, a comment listed again, or one the plan lacks
            owner = plan.group_of.get(post.id)
            if owner is None or owner < at:
                continue  # not on the page (the hits grew since the plan)
            given.add(comment.id)
            if owner == at:
                return comment
            self._waiting.setdefault(owner, deque()).append(comment)
        return None
