"""The contract's JSON (``talkback/1``) for an archive, a post or a comment subtree."""

from __future__ import annotations

from typing import Any

from talkback.core.model import Archive, Block, Comment, Post, Problem

FORMAT = "talkback/1"


def archive_to_dict(archive: Archive) -> dict[str, Any]:
    """The whole archive as the JSON document of ``talkback parse --json``."""
    return {
        "format": FORMAT,
        "source": archive.source,
        "posts": [post_to_dict(post) for post in archive.posts],
        "problems": [problem_to_dict(problem) for problem in archive.problems],
    }


def post_to_dict(post: Post, comments: list[Comment] | None = None) -> dict[str, Any]:
    """One post; ``comments`` limits it to a subset (kept in page order), e.g. one thread."""
    chosen = post.comments if comments is None else sorted(comments, key=lambda c: c.order)
    data: dict[str, Any] = {
        "id": post.id,
        "title": post.title,
        "author": post.author,
        "published": post.published,
        "url": post.url,
        "dialect": post.dialect,
        "text": post.text,
        "boilerplate": list(post.boilerplate),
        "comments": [comment_to_dict(comment) for comment in chosen],
        # extensions beyond the contract's minimum
        "byline": post.byline,
        "where": post.where,
    }
    if post.encoding is not None:
        data["encoding"] = post.encoding
    if post.hidden:
        data["hidden"] = dict(post.hidden)
    if post.published_utc is not None:
        data["published_utc"] = post.published_utc
    return data


def comment_to_dict(comment: Comment) -> dict[str, Any]:
    """One comment with its blocks."""
    data: dict[str, Any] = {
        "id": comment.id,
        "author": comment.author,
        "published": comment.published,
        "parent": comment.parent_id,
        "text": comment.text,
        "blocks": [block_to_dict(block) for block in comment.blocks],
        # extensions beyond the contract's minimum
        "signature": comment.signature,
        "where": comment.where,
    }
    if comment.kind != "comment":
        data["kind"] = comment.kind
    if comment.url is not None:
        data["url"] = comment.url
    if comment.published_utc is not None:
        data["published_utc"] = comment.published_utc
    if comment.status is not None:
        data["status"] = comment.status
    return data


def block_to_dict(block: Block) -> dict[str, Any]:
    """One text or quote block."""
    return {
        "kind": block.kind,
        "text": block.text,
        "source": block.source,
        "attribution": block.attribution,
    }


def problem_to_dict(problem: Problem) -> dict[str, str]:
    """One problem entry."""
    return {"where": problem.where, "message": problem.message}
