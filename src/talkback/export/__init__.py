"""talkback.export: a post or a comment thread as one self-contained HTML page, Markdown or JSON.

For the window and the command line alike::

    from talkback.export import render_thread, write_thread, OutputExistsError

    html = render_thread(archive, "p1-c3")                 # str; raises UnknownNodeError
    write_thread(archive, "p1-c3", "out.html", overwrite=False)   # atomic; OutputExistsError
    write_thread(archive, "p1", "out.md", overwrite=True, fmt="md")
    render_results(archive, [(post, comment_or_None), ...], "query text")

Every failure is an ExportError whose text is one line fit to show the user.
"""

from __future__ import annotations

from talkback.export.errors import ExportError, OutputExistsError, UnknownNodeError
from talkback.export.html import Hit, render_results, render_thread
from talkback.export.jsondoc import render_thread_json, thread_document
from talkback.export.markdown import render_thread_markdown
from talkback.export.selection import Counts, ThreadSelection, select_thread
from talkback.export.writing import (
    FORMATS,
    Format,
    format_for_path,
    render,
    suggested_name,
    write_atomic,
    write_results,
    write_thread,
)

__all__ = [
    "FORMATS",
    "Counts",
    "ExportError",
    "Format",
    "Hit",
    "OutputExistsError",
    "ThreadSelection",
    "UnknownNodeError",
    "format_for_path",
    "render",
    "render_results",
    "render_thread",
    "render_thread_json",
    "render_thread_markdown",
    "select_thread",
    "suggested_name",
    "thread_document",
    "write_atomic",
    "write_results",
    "write_thread",
]
