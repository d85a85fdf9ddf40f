"""The parser's front door: ``parse(path_or_file)`` and ``parse_text(str)`` give an Archive.

Everything that reads pages (the window, the command line, the exporter, batch jobs, the index)
comes through here, so that one page always gives one result. This reads a single page; containers
(folders, archives, corpora, blog exports) are opened by :mod:`talkback.sources`, which hands each
page back to :func:`parse_page_text`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from talkback.core.decode import Decoded, NotTextError, decode
from talkback.core.model import Archive, Post, Problem
from talkback.core.page import parse_page, parse_page_lines
from talkback.core.text import split_lines

#: a single page larger than this is refused rather than read into memory
MAX_PAGE_BYTES = 256 * 1024 * 1024


class DumpError(Exception):
    """A dump that cannot be read at all. ``str()`` is one line naming the file and the reason."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def parse_text(
    text: str, *, source: str = "<text>", post_id: str = "p1", dialect: str | None = None
) -> Archive:
    """Parse the text of one page into an Archive with (at most) one post."""
    archive = Archive(source)
    post, problems = parse_page_text(text, where=source, post_id=post_id, dialect=dialect)
    if post is not None:
        archive.add_post(post)
    archive.problems.extend(problems)
    return archive


def parse_page_text(
    text: str, *, where: str, post_id: str, dialect: str | None = None
) -> tuple[Post | None, list[Problem]]:
    """Parse one page; gives the post (None if the page is not a comment page) and problems."""
    result = parse_page(text, post_id=post_id, where=where, dialect=dialect)
    return result.post, result.problems


def parse_bytes(
    data: bytes, *, where: str, post_id: str = "p1", dialect: str | None = None
) -> tuple[Post | None, list[Problem]]:
    """Decode and parse one page's bytes; undecodable bytes give a problem, not an exception.

    The bytes, then the text, are let go as soon as they are no longer needed: a caller that
    holds no reference to ``data`` itself (``parse_bytes(job.take_data(), ...)``) spares a big
    page's memory both while it is parsed.
    """
    try:
        decoded = decode(data)
    except NotTextError as error:
        return None, [Problem(where, f"{error}; skipped")]
    del data
    lines = split_lines(decoded.text)
    encoding, replaced, repaired = decoded.encoding, decoded.replaced, decoded.repaired
    del decoded  # the lines hold the page now
    result = parse_page_lines(lines, post_id=post_id, where=where, dialect=dialect)
    return _noted(result.post, result.problems, where, encoding, replaced, repaired)


def parse_decoded(
    decoded: Decoded, *, where: str, post_id: str = "p1", dialect: str | None = None
) -> tuple[Post | None, list[Problem]]:
    """Parse one page already decoded, noting its encoding and any replaced bytes."""
    post, problems = parse_page_text(decoded.text, where=where, post_id=post_id, dialect=dialect)
    return _noted(post, problems, where, decoded.encoding, decoded.replaced, decoded.repaired)


def _noted(
    post: Post | None,
    problems: list[Problem],
    where: str,
    encoding: str,
    replaced: int,
    repaired: int,
) -> tuple[Post | None, list[Problem]]:
    """The parsed page with its encoding, and a problem for replaced bytes or repaired lines."""
    if post is not None:
        post.encoding = encoding
    return post, [*decoding_problems(where, encoding, replaced, repaired), *problems]


def decoding_problems(where: str, encoding: str, replaced: int, repaired: int) -> list[Problem]:
    """What decoding a page changed, said: lines of mojibake repaired, bytes replaced."""
    problems = []
    if repaired:
        problems.append(
            Problem(
                where,
                f"mojibake repaired on {repaired} line(s): text that had been decoded "
                "twice (such as â€™ for ’) was put back with ftfy",
            )
        )
    if replaced:
        problems.append(
            Problem(
                where,
                f"{replaced} bytes that are not valid {encoding} were replaced with U+FFFD",
            )
        )
    return problems


def parse(
    path_or_file: str | os.PathLike[str] | BinaryIO,
    *,
    source: str | None = None,
    dialect: str | None = None,
) -> Archive:
    """Parse a single page from a path or a binary file object.

    Raises DumpError when nothing at all can be read (missing, empty, binary, not a comment page).
    """
    if isinstance(path_or_file, str | os.PathLike):
        path = Path(path_or_file)
        name = source or os.fspath(path_or_file)
        data = read_page_file(path, name)
    else:
        name = source or str(getattr(path_or_file, "name", "<stream>"))
        data = path_or_file.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            raise DumpError(name, f"page larger than {MAX_PAGE_BYTES // 2**20} MiB")
    if not data.strip():
        raise DumpError(name, "empty file")
    try:
        decoded = decode(data)
    except NotTextError as error:
        raise DumpError(name, str(error)) from error
    post, problems = parse_decoded(decoded, where=name, dialect=dialect)
    if post is None:
        raise DumpError(name, problems[0].message if problems else "not a comment page")
    archive = Archive(name)
    archive.add_post(post)
    archive.problems.extend(problems)
    return archive


def read_page_file(path: Path, name: str) -> bytes:
    """Read a page file's bytes (read-only), turning OS errors into a DumpError."""
    try:
        if path.is_dir():
            raise DumpError(name, "is a folder, not a page")
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise DumpError(name, f"page larger than {MAX_PAGE_BYTES // 2**20} MiB")
        with path.open("rb") as handle:
            return handle.read(MAX_PAGE_BYTES + 1)
    except IsADirectoryError as error:
        raise DumpError(name, "is a folder, not a page") from error
    except OSError as error:
        raise DumpError(name, os_error_reason(error)) from error


def os_error_reason(error: OSError) -> str:
    """A short lower-case reason for an OS error, for one-line messages."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "permission denied"
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]
