"""Exports as streams of text chunks of bounded size, so that a huge thread is written piece by
piece.

Rendering a 50,000-comment thread as one string held the whole page (40 to 70 MB) and a view of
every comment at once, and joining and encoding it were single C calls that kept the interpreter
lock for a tenth of a second or more: the window's thread, waiting for the lock to run its event
loop, froze meanwhile. Each format now hands over small pieces as it renders them (the template's
output as it goes, a comment at a time for Markdown and JSON); :func:`chunked` joins them into
chunks of about :data:`CHUNK_CHARS` characters, which the writer encodes and writes one at a time.
Joined, the chunks are exactly the text the ``render_*`` functions return.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Literal

from talkback.core.model import Archive
from talkback.export.hit_groups import Hit
from talkback.export.html import results_pieces, thread_pieces
from talkback.export.jsondoc import json_pieces
from talkback.export.markdown import markdown_pieces

#: An export format.
Format = Literal["html", "md", "json"]
#: how many characters a chunk holds at least (the last one fewer; a long piece makes a longer one)
CHUNK_CHARS = 256 * 1024


def chunked(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    """The pieces joined into chunks of at least ``size`` characters (the last one shorter)."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        # Kept as a plain string: the template's escaped pieces are Markup, which the cycle
        # collector tracks, and a chunk's thousand pieces waiting here would outlive two young
        # collections and bring on full ones (each walking all the window holds).
        buffer.append(str(piece))
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer.clear()
            length = 0
    if buffer:
        yield "".join(buffer)


def thread_chunks(
    archive: Archive, node_id: str, fmt: Format = "html", *, exported_at: datetime | None = None
) -> Iterator[str]:
    """A post or comment thread in ``fmt`` (``html``, ``md``, ``json``) as chunks; joined, they
    are the text of ``render(archive, node_id, fmt)``. Raises UnknownNodeError at once, before
    any chunk is asked for."""
    if fmt == "md":
        pieces = markdown_pieces(archive, node_id, exported_at=exported_at)
    elif fmt == "json":
        pieces = json_pieces(archive, node_id, exported_at=exported_at)
    elif fmt == "html":
        pieces = thread_pieces(archive, node_id, exported_at=exported_at)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return chunked(pieces, CHUNK_CHARS)


def results_chunks(
    archive: Archive,
    hits: Iterable[Hit],
    query_text: str,
    *,
    exported_at: datetime | None = None,
) -> Iterator[str]:
    """The search-results page of ``render_results`` as chunks, a hit's view made at a time
    (``hits`` is gone through twice, when the first chunk is asked for and while rendering)."""
    return chunked(results_pieces(archive, hits, query_text, exported_at=exported_at), CHUNK_CHARS)
