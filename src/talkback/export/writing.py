"""Writing exports to disk atomically, in any of the formats, without ever leaving debris.

A thread is rendered as a stream of text chunks of bounded size (``talkback.export.streaming``),
each encoded and written as it comes, so that a huge thread never exists in memory as one string
and the worker writing it lets the window's thread run between chunks. The chunks go to a
temporary file in the target's own folder, which is flushed to disk and moved into place in one
step: a reader sees the old file or the new one, never half of one. Refusing to overwrite is
atomic too (a hard link fails if the name exists). Whatever fails, rendering halfway included, the
temporary file is removed and one ExportError says why (an error of the renderer is raised as it
is, after the same cleaning up).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import threading
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from talkback.core.model import Archive, Post
from talkback.export.errors import (
    ExportCancelled,
    ExportError,
    OutputExistsError,
    UnknownNodeError,
)
from talkback.export.hit_groups import Hit, reiterable
from talkback.export.html import render_thread
from talkback.export.jsondoc import render_thread_json
from talkback.export.markdown import render_thread_markdown
from talkback.export.streaming import Format, results_chunks, thread_chunks

#: The formats and the file name extension each gets.
FORMATS: dict[Format, str] = {"html": ".html", "md": ".md", "json": ".json"}
_SUFFIX_FORMATS: dict[str, Format] = {
    ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json",
}  # fmt: skip
_NOT_NAME = re.compile(r"[^\w]+")
# errors that mean "this file system cannot make hard links" rather than a real failure
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def format_for_path(path: str | os.PathLike[str], default: Format = "html") -> Format:
    """The format a file name asks for by its extension (``.md``, ``.json``), else ``default``."""
    return _SUFFIX_FORMATS.get(Path(path).suffix.lower(), default)


def render(
    archive: Archive, node_id: str, fmt: Format = "html", *, exported_at: datetime | None = None
) -> str:
    """A post or comment thread in ``fmt`` (raises UnknownNodeError for an unknown id)."""
    if fmt == "md":
        return render_thread_markdown(archive, node_id, exported_at=exported_at)
    if fmt == "json":
        return render_thread_json(archive, node_id, exported_at=exported_at)
    if fmt == "html":
        return render_thread(archive, node_id, exported_at=exported_at)
    raise ValueError(f"unknown export format {fmt!r}")


def suggested_name(archive: Archive, node_id: str, fmt: Format = "html") -> str:
    """A file name for the export dialog, e.g. ``harbor-town-council-votes-p1-c3.html``.

    Raises UnknownNodeError. Only the post's title is read (a post's thousands of comments are
    not walked), so the window can ask for it without a pause.
    """
    node = archive.find(node_id)
    post = node if isinstance(node, Post) else node.post if node is not None else None
    if post is None:
        raise UnknownNodeError(node_id, archive.source)
    words = _NOT_NAME.sub("-", (post.title or "thread").lower()).strip("-_")
    stem = "-".join(words.split("-")[:6]) or "thread"
    return f"{stem}-{_NOT_NAME.sub('-', node_id).strip('-')}{FORMATS[fmt]}"


def write_thread(
    archive: Archive,
    node_id: str,
    out_path: str | os.PathLike[str],
    *,
    overwrite: bool,
    fmt: Format = "html",
    exported_at: datetime | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Render a thread and write it atomically to ``out_path``; returns the path written.

    The file is written chunk by chunk as the thread is rendered; its bytes are those of
    ``render(...)`` encoded as UTF-8. Raises UnknownNodeError (before anything is written),
    OutputExistsError (when the file exists and ``overwrite`` is False), ExportCancelled (once
    ``cancel`` is set, at the next chunk), or ExportError for any failure to write; on failure
    nothing is left on disk.
    """
    chunks = thread_chunks(archive, node_id, fmt, exported_at=exported_at)
    return write_atomic_chunks(
        out_path, _until(encoded(chunks), cancel, out_path), overwrite=overwrite
    )


def write_results(
    archive: Archive,
    hits: Iterable[Hit],
    query_text: str,
    out_path: str | os.PathLike[str],
    *,
    overwrite: bool,
    exported_at: datetime | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write the search-results page atomically (same guarantees as :func:`write_thread`).

    The page is rendered a hit at a time, going through ``hits`` twice (a list, or a search run
    again each time; an iterator raises TypeError): once to plan it, once to write it, each pass
    watching ``cancel`` at every hit, as the writing does at every chunk.
    """
    if cancel is not None:
        hits = _WatchedHits(reiterable(hits), cancel, out_path)
    chunks = results_chunks(archive, hits, query_text, exported_at=exported_at)
    return write_atomic_chunks(
        out_path, _until(encoded(chunks), cancel, out_path), overwrite=overwrite
    )


def _until(
    chunks: Iterator[bytes], cancel: threading.Event | None, path: str | os.PathLike[str]
) -> Iterator[bytes]:
    """The ``chunks``, until ``cancel`` is set: then ExportCancelled (the file is not written)."""
    if cancel is None:
        return chunks
    return _checked(chunks, cancel, path)


def _checked(
    chunks: Iterator[bytes], cancel: threading.Event, path: str | os.PathLike[str]
) -> Iterator[bytes]:
    for chunk in chunks:
        if cancel.is_set():
            raise ExportCancelled(os.fspath(path))
        yield chunk
    if cancel.is_set():  # called off after the last chunk: still before the file is in place
        raise ExportCancelled(os.fspath(path))


class _WatchedHits:
    """Hits that raise ExportCancelled, as they are gone through, once ``cancel`` is set (a
    search of the index gone through for the page may take seconds before its first chunk)."""

    def __init__(
        self, hits: Iterable[Hit], cancel: threading.Event, path: str | os.PathLike[str]
    ) -> None:
        self._hits, self._cancel, self._path = hits, cancel, path

    def __iter__(self) -> Iterator[Hit]:
        cancel = self._cancel
        for hit in self._hits:
            if cancel.is_set():
                raise ExportCancelled(os.fspath(self._path))
            yield hit


def encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    """Each text chunk as UTF-8 (joined, the bytes of the whole text encoded at once)."""
    for chunk in chunks:
        yield chunk.encode("utf-8")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    return write_atomic_chunks(path, (data,), overwrite=overwrite)


def write_atomic_chunks(
    path: str | os.PathLike[str], chunks: Iterable[bytes], *, overwrite: bool
) -> Path:
    """Write the ``chunks`` one after another to ``path``, atomically: through a temporary file
    in the same folder, flushed to disk, then renamed into place (linked, when ``overwrite`` is
    False, so that a file appearing meanwhile is not replaced).

    The chunks are taken as they come, so a renderer can hand over a huge file piece by piece.
    Raises OutputExistsError (the file exists and ``overwrite`` is False; checked before the
    first chunk is asked for, and again at the end) or ExportError (a folder, no such folder,
    or a failure to write). Should taking a chunk raise, the error goes on as it is. Whatever
    fails, the temporary file is removed and the target is as it was.
    """
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target} is a folder, not a file")
    if not overwrite and (target.exists() or target.is_symlink()):
        raise OutputExistsError(str(target))
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    temporary = _write_temporary(target, chunks)
    try:
        if overwrite:
            _keep_mode(target, temporary)
            temporary.replace(target)
        else:
            _move_without_replacing(temporary, target)
    except OutputExistsError:
        _remove(temporary)
        raise
    except OSError as error:
        _remove(temporary)
        raise ExportError(f"cannot write {target}: {_reason(error)}") from error
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(folder)
    return target


def _write_temporary(target: Path, chunks: Iterable[bytes]) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    name = target.name[:80]
    while True:
        temporary = target.with_name(f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(temporary, flags, 0o666)  # the umask applies, as for any file
        except FileExistsError:
            continue
        except OSError as error:
            raise ExportError(f"cannot write {target}: {_reason(error)}") from error
        break
    try:
        with os.fdopen(descriptor, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError):
            raise ExportError(f"cannot write {target}: {_reason(error)}") from error
        raise
    return temporary


def _move_without_replacing(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError as error:
        raise OutputExistsError(str(target)) from error
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        if target.exists() or target.is_symlink():  # no hard links here: check, then rename
            raise OutputExistsError(str(target)) from error
        temporary.replace(target)
        return
    _remove(temporary)


def _keep_mode(target: Path, temporary: Path) -> None:
    with suppress(OSError):
        temporary.chmod(stat.S_IMODE(target.stat().st_mode))


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable where the platform allows opening a folder.
    with suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
