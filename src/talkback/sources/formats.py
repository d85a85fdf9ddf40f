"""The format registry: what a file (or archive member) holds once every container is opened.

A format is two functions:

- ``looks_like(head: bytes) -> bool`` is given the first few KiB (:data:`HEAD_BYTES`) of the
  file's decompressed bytes and says whether it is this format;
- ``read(stream: BinaryIO, where: str, next_post_id: Callable[[], str], options: ReadOptions)
  -> Iterator[Post | Problem]`` reads the file from its start (``stream`` is binary, buffered,
  read-only) and yields its posts and problems in file order. ``where`` names the file (e.g.
  ``dump.zip!2008/page.txt``); ``next_post_id()`` gives the id for the next post (see
  :mod:`talkback.sources.post_ids`); ``options`` carries the dialect, the JSONL text field and
  the limits.

Formats are tried in :data:`FORMATS` order, the most particular first; the plain page comes last and
takes any text. A blog-export reader joins by one entry in :data:`FORMATS` (or one call to
:func:`register_format`), e.g. ``Format("wxr", looks_like_wxr, read_wxr, "WordPress WXR export")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from talkback.core.decode import NotTextError, decode, looks_binary
from talkback.core.model import Post, Problem
from talkback.core.parser import decoding_problems
from talkback.sources.disqus import looks_like_disqus, read_disqus
from talkback.sources.html_text import html_to_text
from talkback.sources.jsonl import looks_like_jsonl, read_jsonl
from talkback.sources.limits import size_text
from talkback.sources.options import ReadOptions
from talkback.sources.parallel import PageJob
from talkback.sources.streams import HEAD_BYTES, describe_error, read_limited
from talkback.sources.wxr import looks_like_wxr, read_wxr

__all__ = ["FORMATS", "HEAD_BYTES", "Format", "format_for", "register_format"]

#: a format's reader (see the module docstring)
ReadFunction = Callable[
    [BinaryIO, str, Callable[[], str], ReadOptions], Iterator[Post | Problem | PageJob]
]
#: a format's sniffer (see the module docstring)
SniffFunction = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class Format:
    """A kind of file Talkback reads: its name, how to recognise it, how to read it."""

    name: str
    looks_like: SniffFunction
    read: ReadFunction
    description: str = ""


def looks_like_page(head: bytes) -> bool:
    """Whether ``head`` can start a page: any text (the page parser decides the rest)."""
    return not looks_binary(head)


def read_page(
    stream: BinaryIO, where: str, next_post_id: Callable[[], str], options: ReadOptions
) -> Iterator[Post | Problem | PageJob]:
    """Read one page: decode it, parse it, give its post (if it is a comment page) and problems."""
    data, notes = yield from _page_bytes(stream, where, options)
    if data is not None:
        yield from _page_items(data, where, options, notes)


def looks_like_html(head: bytes) -> bool:
    """Whether ``head`` starts an HTML document (a page saved from a browser)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    return start.startswith((b"<!doctype html", b"<html")) or (
        start.startswith((b"<!--", b"<meta", b"<head")) and b"<html" in head[:4096].lower()
    )


def read_html_page(
    stream: BinaryIO, where: str, next_post_id: Callable[[], str], options: ReadOptions
) -> Iterator[Post | Problem | PageJob]:
    """Read a page saved as HTML: its visible text (head, scripts and styles left out), parsed."""
    data, notes = yield from _page_bytes(stream, where, options)
    if data is None:
        return
    try:
        decoded = decode(data)
    except NotTextError as error:
        yield Problem(where, f"{error}; skipped")
        return
    body = _HEAD.sub("", decoded.text)
    text = html_to_text(body).text
    notes += decoding_problems(where, decoded.encoding, decoded.replaced, decoded.repaired)
    yield from _page_items(text.encode("utf-8"), where, options, notes, decoded.encoding)


_HEAD = re.compile(r"<head\b.*?</head\s*>", re.IGNORECASE | re.DOTALL)


def _page_bytes(
    stream: BinaryIO, where: str, options: ReadOptions
) -> Generator[Problem, None, tuple[bytes | None, list[Problem]]]:
    """Read a page's bytes within the limits; gives None (after a problem) when there are none."""
    limit = options.limits.max_page_bytes
    data, error, too_big = read_limited(stream, limit)
    if too_big:
        yield Problem(where, f"page larger than {size_text(limit)} (the limit); skipped")
        return None, []
    if error is not None and not data:
        yield Problem(where, f"{describe_error(error)}; nothing could be read")
        return None, []
    if not data.strip():
        yield Problem(where, "empty file; skipped")
        return None, []
    notes = []
    if error is not None:
        notes.append(
            Problem(
                where,
                f"{describe_error(error)}: only the first {len(data)} bytes could be read, "
                "the page is incomplete",
            )
        )
    return data, notes


def _page_items(
    data: bytes,
    where: str,
    options: ReadOptions,
    notes: list[Problem],
    encoding: str | None = None,
) -> Iterator[PageJob]:
    # Parsed where the reader says (talkback.sources.parallel): by a worker process, or at once;
    # either way a page is one item of the dump (a ReadPoint counts the same with or without).
    yield PageJob(data, where, options.dialect, tuple(notes), encoding)


#: the formats, tried in this order (the plain page, which takes any text, stays last)
FORMATS: list[Format] = [
    Format("wxr", looks_like_wxr, read_wxr, "WordPress WXR export"),
    Format("disqus", looks_like_disqus, read_disqus, "Disqus export"),
    Format("jsonl", looks_like_jsonl, read_jsonl, "JSON Lines corpus: one page per line"),
    Format("html", looks_like_html, read_html_page, "a comment page saved as HTML"),
    Format("page", looks_like_page, read_page, "a scraped comment page as text"),
]


def register_format(new: Format) -> None:
    """Add a format, tried before every format already known (replacing one of the same name)."""
    FORMATS[:] = [known for known in FORMATS if known.name != new.name]
    FORMATS.insert(0, new)


#: readers that hand their pages on as PageJobs (parsed in worker processes when there are some)
PAGE_READERS = frozenset({read_page, read_html_page})


def format_for(head: bytes) -> Format | None:
    """The first format whose ``looks_like`` accepts ``head``, or None (binary data)."""
    for candidate in FORMATS:
        if candidate.looks_like(head):
            return candidate
    return None
