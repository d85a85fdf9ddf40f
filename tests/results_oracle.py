"""The search-results page as it was rendered before it was streamed, kept as the tests' oracle,
and the inputs the streamed page is compared with it on.

:func:`joined_results` is the code of ``talkback.export.html.results_pieces`` before it streamed
(commit 0b74095), joined: every hit's view built first, the groups as dictionaries, one render.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from export_pages import EXPORTED_AT, HOSTILE, generated_thread, load
from talkback.core.model import Archive, Comment, Post
from talkback.export.html import Hit, _page_facts, environment
from talkback.export.selection import Entry, count_entries
from talkback.export.views import ViewBuilder, plain_text, post_view
from talkback.sources import load_archive


def joined_results(archive: Archive, hits: Sequence[Hit], query_text: str) -> str:
    """The results page of ``hits`` as the old code rendered it (export time EXPORTED_AT)."""
    groups: dict[str, tuple[Post, list[Entry], list[bool]]] = {}
    seen: set[str] = set()
    for post, comment in hits:
        group = groups.setdefault(post.id, (post, [], [False]))
        if comment is None:
            group[2][0] = True
        elif comment.id not in seen:  # a comment listed twice is shown once
            seen.add(comment.id)
            group[1].append(Entry(comment, 0, "hit"))
    entries = [entry for _, group_entries, _ in groups.values() for entry in group_entries]
    shown_posts = [post for post, _, matched in groups.values() if matched[0]]
    views = iter(ViewBuilder(entries, shown_posts).comments())
    page_groups: list[dict[str, Any]] = []
    for post, group_entries, matched in groups.values():
        page_groups.append(
            {
                "post": post_view(post),
                "post_matched": matched[0],
                "comments": [next(views) for _ in group_entries],
            }
        )
    return (
        environment()
        .get_template("results.html.j2")
        .render(
            page_title=f"Search: {plain_text(query_text)}",
            query=query_text,
            groups=page_groups,
            hit_count=len(entries) + len(shown_posts),
            counts=count_entries(entries),
            **_page_facts(archive, EXPORTED_AT),
        )
    )


def every_node(archive: Archive) -> list[Hit]:
    """Every post (as a hit of its own) and every comment of ``archive``, in dump order."""
    return [hit for post in archive.posts for hit in [(post, None), *_comment_hits(post)]]


def _comment_hits(post: Post) -> list[tuple[Post, Comment | None]]:
    return [(post, comment) for comment in post.comments]


def interleaved(archive: Archive) -> list[Hit]:
    """Hits of several posts taken in turns, some listed twice and some posts matching too: a
    post's comments come before, between and after other posts' (as no search gives them)."""
    columns = [_comment_hits(post)[::2] for post in archive.posts]
    hits: list[Hit] = []
    for row in range(max(len(column) for column in columns)):
        hits.extend(column[row] for column in reversed(columns) if row < len(column))
        if row % 3 == 0:
            hits.append(hits[-2])  # a comment listed again
    hits.insert(len(hits) // 2, (archive.posts[0], None))
    hits.append((archive.posts[-1], None))
    return hits


#: the names of the inputs of :func:`cases`, in their order
CASE_NAMES = [
    "harbor, every node",
    "harbor, three comments",
    "nothing",
    "only the post",
    "a post listed twice",
    "hostile",
    "hostile, reversed",
    "pages, every node",
    "pages, in turns and twice",
    "3,000 comments",
    "3,000 comments, every fifth",
]


def cases(harbor_path: Path, folder: Path) -> dict[str, tuple[Archive, list[Hit], str]]:
    """(archive, hits, query) of every input compared, by name: small, empty, only posts,
    hostile text, several posts in turns and twice, and thousands of hits. ``folder`` holds
    pages (``harbor_pages``)."""
    harbor = load(harbor_path)
    hostile = load(HOSTILE)
    pages = load_archive(folder)
    big = generated_thread(3000)
    post = harbor.posts[0]
    inputs = [
        (harbor, every_node(harbor), "deck OR photos"),
        (harbor, _comment_hits(post)[2:5], "pier"),
        (harbor, [], "zeppelin"),
        (harbor, [(post, None)], "harbor"),
        (harbor, [(post, None), (post, None)], "x"),
        (hostile, every_node(hostile), '<script>alert("q")</script> & \u202e'),
        (hostile, every_node(hostile)[::-1], "\x00\x1b[31m"),
        (pages, every_node(pages), "pier*"),
        (pages, interleaved(pages), "a OR b"),
        (big, every_node(big), "ünïcode 🚢"),
        (big, every_node(big)[::5], ""),
    ]
    return dict(zip(CASE_NAMES, inputs, strict=True))
