"""Render a thread, or a list of search hits, as one self-contained HTML5 page.

The page is made from the Jinja2 templates in ``resources/templates`` with autoescaping always on;
user text reaches them only as escaped Markup built by :mod:`talkback.export.textmarkup`. The page
loads nothing (no fonts, images or scripts; a Content-Security-Policy forbids everything but its
own inline styles) and needs no script to read. Replies are a flat list of elements with depth
classes, not nested elements, so a 10,000-comment thread stays light for a browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from pathlib import PurePath
from typing import Any

import jinja2

from talkback import __version__
from talkback.core.model import Archive
from talkback.export.hit_groups import Hit, ResultGroups, plan_results, reiterable
from talkback.export.selection import select_thread
from talkback.export.textmarkup import inline_text, rich_text
from talkback.export.views import MAX_LEVEL, ViewBuilder, human_date, plain_text, post_view
from talkback.resources import resource


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment over ``resources/templates``, autoescaping every template."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        keep_trailing_newline=True,
    )
    env.filters["rich"] = rich_text
    env.filters["inline"] = inline_text
    env.filters["num"] = "{:,}".format
    env.globals["max_level"] = MAX_LEVEL
    return env


def render_thread(archive: Archive, node_id: str, *, exported_at: datetime | None = None) -> str:
    """The page for a post (with all its comments) or a comment (its thread, ancestors as context).

    Raises UnknownNodeError when ``node_id`` names nothing in the archive.
    """
    return "".join(thread_pieces(archive, node_id, exported_at=exported_at))


def thread_pieces(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> Iterator[str]:
    """The page of :func:`render_thread` in the pieces the template writes, the comments' views
    made as the template reaches them. Raises UnknownNodeError at once, before any piece."""
    selection = select_thread(archive, node_id)
    post = selection.post
    focus = selection.focus
    builder = ViewBuilder(selection.entries, [post])
    title = plain_text(post.title) or "(untitled post)"
    focus_view = None
    if focus is not None:
        title = f"{plain_text(focus.author) or 'unknown'} · {title}"
        focus_view = builder.comment_at(
            next(at for at, entry in enumerate(selection.entries) if entry.role == "focus")
        )
    return (
        environment()
        .get_template("thread.html.j2")
        .generate(
            page_title=title,
            post=post_view(post),
            focus=focus_view,
            comments=builder.each_comment(),
            counts=selection.counts(),
            **_page_facts(archive, exported_at),
        )
    )


def render_results(
    archive: Archive,
    hits: Iterable[Hit],
    query_text: str,
    *,
    exported_at: datetime | None = None,
) -> str:
    """One page of search results: each hit comment in full, grouped by post in hit order.

    A hit without a comment stands for the post itself, whose article is then shown. ``hits``
    is gone through twice (a list, or a search run again): an iterator raises TypeError.
    """
    return "".join(results_pieces(archive, hits, query_text, exported_at=exported_at))


def results_pieces(
    archive: Archive,
    hits: Iterable[Hit],
    query_text: str,
    *,
    exported_at: datetime | None = None,
) -> Iterator[str]:
    """The page of :func:`render_results` in the pieces the template writes, a hit's view made
    as the template reaches it (see :mod:`talkback.export.hit_groups`). The hits are first gone
    through when the first piece is asked for; an iterator raises TypeError at once."""
    return _results_pieces(archive, reiterable(hits), query_text, exported_at)


def _results_pieces(
    archive: Archive, hits: Iterable[Hit], query_text: str, exported_at: datetime | None
) -> Iterator[str]:
    plan = plan_results(hits)
    yield from (
        environment()
        .get_template("results.html.j2")
        .generate(
            page_title=f"Search: {plain_text(query_text)}",
            query=query_text,
            groups=ResultGroups(plan, hits),
            hit_count=plan.hit_count,
            counts=plan.counts,
            **_page_facts(archive, exported_at),
        )
    )


def _page_facts(archive: Archive, exported_at: datetime | None) -> dict[str, Any]:
    moment = (exported_at or datetime.now().astimezone()).replace(microsecond=0)
    return {
        "source_name": PurePath(archive.source).name or archive.source,
        "exported_iso": moment.isoformat(),
        # the reader's own clock time; the zone stays in the machine-readable datetime
        "exported_when": human_date(moment.replace(tzinfo=None).isoformat()),
        "generator": f"Talkback {__version__}",
    }
