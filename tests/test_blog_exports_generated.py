"""Generated exports, hundreds of posts deep: every comment lands where the export says.

The expected tree is worked out here independently of the readers: from the generator's own
records, a shown comment's parent is its nearest ancestor that is shown.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from blog_exports import (
    DisqusComment,
    WxrComment,
    WxrItem,
    disqus,
    disqus_document,
    wxr,
    wxr_document,
)

HIDDEN_WXR = {"spam": "spam", "trash": "trash", "post-trashed": "trash"}


def expected_parent(key: int, parents: dict[int, int], shown: set[int]) -> int | None:
    """The nearest shown ancestor of comment ``key`` (None: top level)."""
    seen = set()
    parent = parents.get(key, 0)
    while parent and parent not in shown:
        if parent in seen or parent not in parents:
            return None
        seen.add(parent)
        parent = parents[parent]
    return parent or None


def random_wxr(rng: random.Random, posts: int) -> list[WxrItem]:
    items: list[WxrItem] = []
    next_id = 1
    for number in range(posts):
        post_type = rng.choice(["post", "post", "post", "page", "attachment"])
        comments: list[WxrComment] = []
        for _ in range(rng.choice([0, 0, 1, 3, 8, 20])):
            earlier = [c.comment_id for c in comments]
            parent = rng.choice([0, 0, *earlier[-5:], next_id + 3, 99999]) if earlier else 0
            comments.append(
                WxrComment(
                    next_id,
                    f"author {rng.randrange(30)}",
                    f"Comment number {next_id} says something about post {number}.",
                    parent=parent,
                    approved=rng.choice(["1", "1", "1", "0", "spam", "trash", "post-trashed"]),
                    kind=rng.choice(["comment", "", "comment", "pingback", "trackback"]),
                )
            )
            next_id += 1
        items.append(WxrItem(f"Post {number}", f"Body of post {number}.", post_type, comments))
    return items


def check_wxr(items: list[WxrItem]) -> None:
    archive = wxr(wxr_document(items).encode())
    kept = [item for item in items if item.post_type != "attachment" or item.comments]
    assert [p.title for p in archive.posts] == [item.title for item in kept]
    assert [p.id for p in archive.posts] == [f"p{n}" for n in range(1, len(kept) + 1)]
    for post, item in zip(archive.posts, kept, strict=True):
        shown = [c for c in item.comments if c.approved not in HIDDEN_WXR]
        ids = {c.comment_id: f"{post.id}-c{n}" for n, c in enumerate(shown, start=1)}
        parents = {c.comment_id: c.parent for c in item.comments}
        assert [c.text for c in post.comments] == [c.content for c in shown]
        for comment, source in zip(post.comments, shown, strict=True):
            want = expected_parent(source.comment_id, parents, set(ids))
            assert comment.parent_id == (ids[want] if want else None), source
            assert comment.kind == (source.kind if source.kind in {"pingback", "trackback"}
                                    else "comment")  # fmt: skip
            assert comment.status == ("unapproved" if source.approved == "0" else None)
        hidden: dict[str, int] = {}
        for c in item.comments:
            if c.approved in HIDDEN_WXR:
                reason = HIDDEN_WXR[c.approved]
                hidden[reason] = hidden.get(reason, 0) + 1
        assert post.hidden == hidden
        assert sum(len(c.children) for c in post.comments) + len(post.roots) == len(post.comments)


def test_a_generated_wordpress_export_of_hundreds_of_posts() -> None:
    items = random_wxr(random.Random(20240115), 400)
    assert sum(len(item.comments) for item in items) > 1500
    check_wxr(items)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=12))
def test_random_wordpress_exports(seed: int, posts: int) -> None:
    check_wxr(random_wxr(random.Random(seed), posts))


def random_disqus(
    rng: random.Random, threads: int, count: int | None = None
) -> tuple[list[tuple[int, str]], list[DisqusComment]]:
    listed = [(1000 + n, f"Thread {n}") for n in range(threads)]
    comments: list[DisqusComment] = []
    for key in range(1, 1 + (rng.randrange(threads * 6 + 2) if count is None else count)):
        thread = rng.choice([*(t for t, _ in listed), 5555, None]) if listed else 5555
        same = [c.dsq_id for c in comments if c.thread == thread]
        comments.append(
            DisqusComment(
                key,
                thread,
                f"Message {key}",
                parent=rng.choice([None, None, *same[-4:], 424242]) if same else None,
                spam=rng.random() < 0.1,
                deleted=rng.random() < 0.1,
            )
        )
    return listed, comments


def check_disqus(
    listed: list[tuple[int, str]], comments: list[DisqusComment], late: int = 0
) -> None:
    """Read the export (the last ``late`` threads written after the comments) and check it."""
    archive = disqus(disqus_document(listed, comments, late=late).encode())
    by_thread: dict[int | None, list[DisqusComment]] = {}
    for comment in comments:
        by_thread.setdefault(comment.thread, []).append(comment)
    order: list[int | None] = [key for key, _ in listed if key in by_thread]
    order += [key for key in by_thread if key not in dict(listed)]
    assert len(archive.posts) == len(order)
    for post, key in zip(archive.posts, order, strict=True):
        if key in dict(listed):
            assert post.title == dict(listed)[key]
        elif key is None:
            assert post.title == "(comments that name no thread)"
        else:
            assert post.title == f"(comments of thread {key}, which is not in the export)"
        mine = by_thread[key]
        shown = [c for c in mine if not (c.spam or c.deleted)]
        ids = {c.dsq_id: f"{post.id}-c{n}" for n, c in enumerate(shown, start=1)}
        parents = {c.dsq_id: c.parent or 0 for c in mine}
        assert [c.text for c in post.comments] == [c.message for c in shown]
        for comment, source in zip(post.comments, shown, strict=True):
            want = expected_parent(source.dsq_id, parents, set(ids))
            assert comment.parent_id == (ids[want] if want else None)
        assert sum(post.hidden.values()) == len(mine) - len(shown)


def test_a_generated_disqus_export_of_hundreds_of_threads() -> None:
    listed, comments = random_disqus(random.Random(7), 300, count=1200)
    assert len(comments) == 1200
    check_disqus(listed, comments, late=50)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=8))
def test_random_disqus_exports(seed: int, threads: int) -> None:
    rng = random.Random(seed)
    listed, comments = random_disqus(rng, threads)
    check_disqus(listed, comments, late=rng.randrange(threads + 1))
