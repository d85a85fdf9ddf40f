"""JSON Lines corpora: one page per line, in a ``text`` field, as web-text corpora are laid out.

Each line is a JSON object whose ``text`` (or ``--text-field NAME``) is the page, parsed like any
other page. Fields common in corpora are used when present: ``url`` becomes the post's url,
``title`` its title when the page has none, ``date`` or ``timestamp`` (ISO text, or Unix seconds or
milliseconds) its date when the page has none. A post's ``where`` names the file and line, and the
record's ``id`` when it has one: ``corpus.jsonl#17[doc-8812]`` (its comments add their line in the
text: ``corpus.jsonl#17[doc-8812]:4``).

A line that is not valid JSON, not an object, has no text, or is larger than the page limit is
skipped and listed under problems (the first hundred per file; the rest are counted); the other
lines load. Lines are read one at a time, so a corpus of any size streams.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from talkback.core.dates import to_iso
from talkback.core.decode import Decoded, repair_mojibake
from talkback.core.model import Post, Problem
from talkback.core.parser import parse_decoded
from talkback.core.text import SURROGATE
from talkback.sources.limits import size_text
from talkback.sources.options import ReadOptions
from talkback.sources.streams import CHUNK_BYTES, READ_ERRORS, describe_error

#: invalid lines listed one by one per file; beyond this they are counted in one entry
MAX_LISTED = 100
#: how a JSON line writes a surrogate (paired or not); a line without one cannot hold any
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def looks_like_jsonl(head: bytes) -> bool:
    """Whether ``head`` starts a JSON Lines file: it starts with ``{``, and a line of it is a JSON
    object or nearly every line looks like one (a corpus may begin with damaged lines)."""
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not text.startswith(b"{"):
        return False
    lines = [line.strip() for line in text.split(b"\n") if line.strip()]
    if len(lines) == 1 and text.startswith(b'{"'):
        return True  # one record longer than the head (or a single record)
    for line in lines:
        try:
            if isinstance(json.loads(line), dict):
                return True
        except ValueError:
            continue
    complete = lines[:-1]  # the last line may be cut by the end of the head
    shaped = sum(1 for line in complete if line.startswith(b"{") and line.endswith(b"}"))
    return len(complete) >= 2 and shaped >= 0.8 * len(complete)


def read_jsonl(
    stream: BinaryIO, where: str, next_post_id: Callable[[], str], options: ReadOptions
) -> Iterator[Post | Problem]:
    """Read a JSON Lines corpus: a post and its problems for each record that is a comment page."""
    limit = options.limits.max_page_bytes
    line_number = 0
    invalid = 0
    while True:
        try:
            line = stream.readline(limit + 1)
            if len(line) > limit and not line.endswith(b"\n"):
                _skip_line(stream)
        except READ_ERRORS as error:
            yield Problem(
                f"{where}#{line_number + 1}",
                f"{describe_error(error)}; the lines before are kept, the rest is lost",
            )
            break
        if not line:
            break
        line_number += 1
        if line_number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        items = _read_record(line, where, line_number, next_post_id, options)
        if isinstance(items, Problem):
            invalid += 1
            if invalid <= MAX_LISTED:
                yield items
            continue
        yield from items
    if invalid > MAX_LISTED:
        yield Problem(where, f"{invalid - MAX_LISTED} more invalid lines skipped (not listed)")


def _skip_line(stream: BinaryIO) -> None:
    while True:
        rest = stream.readline(CHUNK_BYTES)
        if not rest or rest.endswith(b"\n"):
            return


def _read_record(
    line: bytes,
    where: str,
    line_number: int,
    next_post_id: Callable[[], str],
    options: ReadOptions,
) -> Problem | list[Post | Problem]:
    line_where = f"{where}#{line_number}"
    limit = options.limits.max_page_bytes
    if len(line) > limit:
        return Problem(line_where, f"line larger than {size_text(limit)} (the limit); skipped")
    try:
        text_line = line.decode("utf-8")
    except UnicodeDecodeError:
        text_line = line.decode("utf-8", errors="replace")
    replaced = text_line.count("\ufffd") - line.count("\ufffd".encode())
    try:
        record = json.loads(text_line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return Problem(line_where, f"invalid JSON ({error.msg}, column {error.colno}); skipped")
    if not isinstance(record, dict):
        return Problem(line_where, "not a JSON object; skipped")
    surrogates = 0
    if _SURROGATE_ESCAPE.search(text_line) is not None:
        record, surrogates = _without_surrogates(record)
    record_id = record.get("id")
    if isinstance(record_id, str | int) and not isinstance(record_id, bool):
        line_where += f"[{record_id}]"
    text = record.get(options.text_field)
    if not isinstance(text, str):
        reason = "has no" if text is None else "has a non-text"
        return Problem(line_where, f"record {reason} {options.text_field!r} field; skipped")
    repaired_text, repaired = repair_mojibake(text)
    post, problems = parse_decoded(
        Decoded(repaired_text, "utf-8", replaced, repaired),
        where=line_where,
        post_id=next_post_id(),
        dialect=options.dialect,
    )
    if surrogates:
        problems.insert(
            0,
            Problem(
                line_where,
                f"{surrogates} lone surrogate escapes (halves of a character, such as \\ud83d) "
                "were replaced with U+FFFD",
            ),
        )
    if post is None:
        return list(problems)
    _apply_metadata(post, record)
    return [post, *problems]


def _without_surrogates(record: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The record with every lone surrogate in its strings replaced by U+FFFD, and how many.

    JSON may escape half of a UTF-16 pair (``"\\ud83d"``, an emoji cut in two): Python reads it
    as a surrogate, which is no character and which neither UTF-8 output nor SQLite can take.
    Only the record's own fields are read, so only they are looked at.
    """
    count = 0
    cleaned: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, str):
            value, replaced = SURROGATE.subn("\ufffd", value)
            count += replaced
        cleaned[key] = value
    return cleaned, count


def _apply_metadata(post: Post, record: dict[str, Any]) -> None:
    url = record.get("url")
    if isinstance(url, str) and url.strip():
        post.url = url.strip()
    title = record.get("title")
    if post.title is None and isinstance(title, str) and title.strip():
        post.title = " ".join(title.split())
    if post.published is None:
        for key in ("date", "timestamp"):
            published = record_date(record.get(key))
            if published is not None:
                post.published = published
                break


def record_date(value: object) -> str | None:
    """ISO 8601 for a record's date: ISO or other date text, or Unix seconds or milliseconds."""
    if isinstance(value, str):
        return to_iso(value) if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None
