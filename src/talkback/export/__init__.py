"""talkback.export: a post or a comment thread as one self-contained HTML page, Markdown or JSON.

For the window and the command line alike::

    from talkback.export import render_thread, write_thread, OutputExistsError

    html = render_thread(archive, "p1-c3")                 # str; raises UnknownNodeError
    for chunk in thread_chunks(archive, "p1", "json"): ...  # that text in bounded chunks
    write_thread(archive, "p1-c3", "out.html", overwrite=False)   # atomic; OutputExistsError
    write_thread(archive, "p1", "out.md", overwrite=True, fmt="md")
    render_results(archive, [(post, comment_or_None), ...], "query text")

Every failure is an ExportError whose text is one line fit to show the user.
"""

from __future__ import annotations

from talkback.export.errors import (
    ExportCancelled,
    ExportError,
    OutputExistsError,
    UnknownNodeError,
)
from talkback.export.hit_groups import Hit
from talkback.export.html import render_results, render_thread
from talkback.export.jsondoc import render_thread_json, thread_document
from talkback.export.markdown import render_thread_markdown
from talkback.export.selection import Counts, ThreadSelection, select_thread
from talkback.export.streaming import (
    CHUNK_CHARS,
    Format,
    chunked,
    results_chunks,
    thread_chunks,
)
from talkback.export.writing import (
    FORMATS,
    encoded,
    format_for_path,
    render,
    suggested_name,
    write_atomic,
    write_atomic_chunks,
    write_results,
    write_thread,
)

__all__ = [
    "CHUNK_CHARS",
    "FORMATS",
    "Counts",
    "ExportCancelled",
    "ExportError",
    "Format",
    "Hit",
    "OutputExistsError",
    "ThreadSelection",
    "UnknownNodeError",
    "chunked",
    "encoded",
    "format_for_path",
    "render",
    "render_results",
    "render_thread",
    "render_thread_json",
    "render_thread_markdown",
    "results_chunks",
    "select_thread",
    "suggested_name",
    "thread_chunks",
    "thread_document",
    "write_atomic",
    "write_atomic_chunks",
    "write_results",
    "write_thread",
]
