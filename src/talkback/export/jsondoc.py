"""A thread as the contract's JSON (``talkback/1``), limited to the comments the page shows.

The document has the shape of ``talkback parse --json`` with one post whose ``comments`` are the
exported thread (context ancestors included, in dump order), and an ``export`` object saying what
was exported and when. ``problems`` stays empty: the archive's problems belong to the whole dump.

:func:`json_pieces` writes the same text a comment at a time: the document without its comments
is encoded once, and each comment is encoded alone and indented to its place, which gives
``json.dumps(document, ensure_ascii=False, indent=2)`` exactly (an encoded string never holds a
raw newline, so every newline of a comment's text is one of the indentation's).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from talkback import __version__
from talkback.core.model import Archive, Comment
from talkback.core.serialize import FORMAT, comment_to_dict, post_to_dict
from talkback.export.selection import ThreadSelection, select_thread

_INDENT = " " * 2
#: how deep a comment sits in the document: the document, "posts", the post, "comments"
_COMMENT_LEVEL = 4
#: the post's comments when there are none, as the encoder writes them
_NO_COMMENTS = "\n" + _INDENT * (_COMMENT_LEVEL - 1) + '"comments": []'


def thread_document(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> dict[str, Any]:
    """The JSON document (as Python data) for a post or a comment's thread."""
    selection = select_thread(archive, node_id)
    return _document(archive, selection, selection.comments, exported_at)


def render_thread_json(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> str:
    """The JSON text for a post or a comment's thread (raises UnknownNodeError)."""
    document = thread_document(archive, node_id, exported_at=exported_at)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def json_pieces(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> Iterator[str]:
    """The text of :func:`render_thread_json` in pieces, one a comment, without ever holding
    the whole document. Raises UnknownNodeError at once, before any piece."""
    selection = select_thread(archive, node_id)
    comments = sorted(selection.comments, key=lambda comment: comment.order)
    frame = _encoder().encode(_document(archive, selection, [], exported_at)) + "\n"
    return _pieces(frame, comments)


def _pieces(frame: str, comments: list[Comment]) -> Iterator[str]:
    if not comments:
        yield frame
        return
    # the one key at the post's level named "comments" (a string's newlines are escaped)
    end = frame.index(_NO_COMMENTS) + len(_NO_COMMENTS)
    yield frame[: end - 1]  # up to the list's "["
    encoder = _encoder()
    separator = "\n" + _INDENT * _COMMENT_LEVEL
    first = True
    for comment in comments:
        text = encoder.encode(comment_to_dict(comment)).replace("\n", separator)
        yield (separator if first else "," + separator) + text
        first = False
    yield "\n" + _INDENT * (_COMMENT_LEVEL - 1) + frame[end - 1 :]


def _encoder() -> json.JSONEncoder:
    # what json.dumps(..., ensure_ascii=False, indent=2) uses
    return json.JSONEncoder(ensure_ascii=False, indent=_INDENT)


def _document(
    archive: Archive,
    selection: ThreadSelection,
    comments: list[Comment],
    exported_at: datetime | None,
) -> dict[str, Any]:
    moment = (exported_at or datetime.now().astimezone()).replace(microsecond=0)
    return {
        "format": FORMAT,
        "source": archive.source,
        "posts": [post_to_dict(selection.post, comments=comments)],
        "problems": [],
        "export": {
            "node": selection.node_id,
            "post": selection.post.id,
            "context": [comment.id for comment in selection.context],
            "exported": moment.isoformat(),
            "generator": f"Talkback {__version__}",
        },
    }
