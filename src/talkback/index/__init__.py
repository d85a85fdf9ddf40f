"""The on-disk index of a dump: SQLite with FTS5 in the user cache directory.

Build it with :func:`build_index` / :func:`ensure_index`, read it with :class:`IndexReader`.
"""

from __future__ import annotations

from talkback.index.builder import BuildProgress, IndexCancelled, build_index, ensure_index
from talkback.index.location import Fingerprint, cache_dir, fingerprint, index_path
from talkback.index.reader import CommentRow, IndexReader
from talkback.index.writer import IndexWriteError

__all__ = [
    "BuildProgress",
    "CommentRow",
    "Fingerprint",
    "IndexCancelled",
    "IndexReader",
    "IndexWriteError",
    "build_index",
    "cache_dir",
    "ensure_index",
    "fingerprint",
    "index_path",
]
