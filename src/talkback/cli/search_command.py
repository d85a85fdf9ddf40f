"""``talkback search DUMP QUERY [--json]``: the posts and comments that match a query.

Plain output groups the hits under their post's title: each with its id, author and time, then a
one-line snippet with the matched terms marked (bold on a terminal, ``**like this**`` otherwise),
and a count at the end. ``--json`` prints one object per hit and line:
``{"post", "comment", "author", "published", "snippet"}`` plus ``title`` and ``marks`` (the
matched terms' ``[start, end)`` character offsets in the snippet). No match: nothing is printed and
the exit status is 0. A malformed query exits 2 with one line on stderr, before the dump is read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from typing import Any

from talkback.cli.reading import add_reading_options, reading_options
from talkback.core.model import Post
from talkback.export.textmarkup import labelled
from talkback.index import IndexReader
from talkback.index.builder import options_key
from talkback.index.search import search_index
from talkback.search import Hit, QueryError, compile_query, search_archive
from talkback.search.highlight import Excerpt
from talkback.sources import load_archive

INDENT = "  "
_BOLD, _PLAIN = "\x1b[1m", "\x1b[0m"


def add_parser(subparsers: Any) -> None:
    """Register the ``search`` command."""
    parser = subparsers.add_parser(
        "search",
        help="print the posts and comments that match a query",
        description=(
            "Search a dump. Words must all match (case, accents and punctuation ignored); "
            '"exact phrases", -exclusions, OR, (groups), author:NAME, author:~part, in:post, '
            "in:comments, is:reply, has:quote, replies:>N, before:/after:/on:DATE, date:A..B "
            "and /regex/i work too (see README, Search). Put -- before a query that starts "
            "with -."
        ),
    )
    parser.add_argument("dump", metavar="DUMP", help="a page, folder, archive or export")
    parser.add_argument(
        "query", metavar="QUERY", nargs="+", help="the query (several arguments are joined)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per match")
    add_reading_options(parser)
    parser.set_defaults(command="search")


def run(args: argparse.Namespace) -> int:
    """Compile the query, read the dump and print the hits."""
    text = " ".join(args.query)
    try:
        query = compile_query(text)
    except QueryError as error:
        print(
            f"talkback: bad query: {error.message} (at character {error.position + 1})",
            file=sys.stderr,
        )
        return 2
    if query.is_empty:
        print("talkback: the query is empty", file=sys.stderr)
        return 2
    options = reading_options(args)
    reader = IndexReader.open_for(args.dump, options=options_key(options))
    hits: Iterable[Hit]
    if reader is not None:  # `talkback index` built a current index: no need to parse the dump
        hits = search_index(reader, query)
    else:
        archive = load_archive(args.dump, options)
        hits = search_archive(archive, query)
    if args.json:
        for hit in hits:
            sys.stdout.write(json.dumps(hit_to_dict(hit), ensure_ascii=False) + "\n")
    else:
        _print_plain(hits)
    return 0


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    """One hit as the contract's JSON object (with ``title`` and ``marks`` added)."""
    return {
        "post": hit.post.id,
        "comment": hit.comment.id if hit.comment is not None else None,
        "author": hit.author,
        "published": hit.published,
        "snippet": hit.snippet,
        "title": hit.post.title,
        "marks": [list(mark) for mark in hit.marks],
    }


def _print_plain(hits: Iterable[Hit]) -> None:
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    before, after = (_BOLD, _PLAIN) if bold else ("**", "**")
    current: Post | None = None
    posts = comments = 0
    for hit in hits:
        if hit.post is not current:
            if current is not None:
                print()
            current = hit.post
            print(labelled(f"[{hit.post.id}] {hit.post.title or '(untitled)'}"))
        kind = "comment" if hit.comment is not None else "post"
        comments += hit.comment is not None
        posts += hit.comment is None
        facts = [hit.author or "(unknown)", _when(hit.published) or "no date"]
        label = f"[{hit.node_id}]" + (" the post" if kind == "post" else "")
        print(labelled(f"{INDENT}{label} {' · '.join(facts)}"))
        print(f"{INDENT * 3}{_marked(hit.excerpt, before, after)}")
    if current is not None:
        print()
        total = _count(posts + comments, "match", "matches")
        print(
            f"{total}: {_count(posts, 'post', 'posts')}, {_count(comments, 'comment', 'comments')}"
        )


def _marked(excerpt: Excerpt, before: str, after: str) -> str:
    # each piece made visible on its own, so that the marks stay where they are
    text = excerpt.text
    pieces: list[str] = []
    cursor = 0
    for start, end in excerpt.marks:
        pieces += [labelled(text[cursor:start]), before, labelled(text[start:end]), after]
        cursor = end
    pieces.append(labelled(text[cursor:]))
    return "".join(pieces)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _when(published: str | None) -> str | None:
    if not published:
        return None
    return published.replace("T", " ")[:16] if "T" in published else published
