"""A thread as the contract's JSON (``talkback/1``), limited to the comments the page shows.

The document has the shape of ``talkback parse --json`` with one post whose ``comments`` are the
exported thread (context ancestors included, in dump order), and an ``export`` object saying what
was exported and when. ``problems`` stays empty: the archive's problems belong to the whole dump.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from talkback import __version__
from talkback.core.model import Archive
from talkback.core.serialize import FORMAT, post_to_dict
from talkback.export.selection import select_thread


def thread_document(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> dict[str, Any]:
    """The JSON document (as Python data) for a post or a comment's thread."""
    selection = select_thread(archive, node_id)
    moment = (exported_at or datetime.now().astimezone()).replace(microsecond=0)
    return {
        "format": FORMAT,
        "source": archive.source,
        "posts": [post_to_dict(selection.post, comments=selection.comments)],
        "problems": [],
        "export": {
            "node": selection.node_id,
            "post": selection.post.id,
            "context": [comment.id for comment in selection.context],
            "exported": moment.isoformat(),
            "generator": f"Talkback {__version__}",
        },
    }


def render_thread_json(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> str:
    """The JSON text for a post or a comment's thread (raises UnknownNodeError)."""
    document = thread_document(archive, node_id, exported_at=exported_at)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
