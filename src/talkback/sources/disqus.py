"""Disqus exports: each ``<thread>`` (a page that had comments) with its ``<post>`` comments.

A Disqus export lists the threads, then the comments of every thread mixed together, each naming
its thread and its parent comment by Disqus id (``dsq:id``). Threads become Posts (dialect
``disqus``: title, link, time, author) and their comments keep Disqus's reply threads; deleted and
spam comments are left out and counted in ``Post.hidden``. Comments whose thread is not in the
export are kept under a post of their own, titled after the missing thread, and reported. Threads
nobody commented on are counted in one problem entry rather than shown as empty posts.

Memory: the XML is streamed (one record at a time, then dropped), but a thread's comments may
come anywhere in the file, even before the thread itself, so a thread can only be complete at the
end of the export. The comments are therefore kept until then, in the compact form of their
fields as the export gives them (about the size of their messages plus a few hundred bytes each),
and turned into text only when their thread is emitted. Threads are emitted at the end, in the
order the export lists them.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from talkback.core.dates import to_iso
from talkback.core.model import Post, Problem
from talkback.core.parser import DumpError
from talkback.sources.blog_threads import ExportedComment, build_comments, date_not_read
from talkback.sources.html_text import html_to_text
from talkback.sources.xml_stream import Record, XmlRecords, XmlRefusedError, XmlUnreadableError
from talkback.sources.xml_text import head_text

if TYPE_CHECKING:
    from talkback.sources import ReadOptions

DIALECT = "disqus"
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
#: a document type declaration, with its internal subset when it has one (up to the first "]>")
_DOCTYPE = re.compile(
    r"<!DOCTYPE\s+([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[^\[>]*(?:\[.*?\]\s*)?>?", re.DOTALL
)
_PROLOG_NOISE = re.compile(r"<\?.*?\?>|<!--.*?-->", re.DOTALL)


def looks_like_disqus(head: bytes) -> bool:
    """Whether the first few KB of (decompressed) data look like a Disqus export."""
    return first_element(head_text(head)) == "disqus"


def first_element(text: str) -> str | None:
    """The local name of the first element in the text of an XML document's head, or None.

    A document type declaration names the root element: ``<!DOCTYPE disqus [...]>`` is a Disqus
    export (one the reader then refuses, DTDs being an attack on XML parsers, not something
    to read as a text page).
    """
    body = _PROLOG_NOISE.sub("", text).lstrip().removeprefix("\ufeff").removeprefix("ï»¿").lstrip()
    declared = _DOCTYPE.match(body)
    if declared:
        body = body[declared.end() :].lstrip()
    match = _FIRST_ELEMENT.match(body) or declared
    return match.group(2) if match else None


@dataclass(slots=True)
class _Thread:
    """A thread as the export describes it, and the comments read for it so far."""

    key: str
    where: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    html: str = ""
    comments: list[ExportedComment] = field(default_factory=list)
    missing: bool = False


def read_disqus(
    stream: BinaryIO,
    where: str,
    next_post_id: Callable[[], str],
    options: ReadOptions,
) -> Iterator[Post | Problem]:
    """Stream a Disqus export: problems as met, then every commented thread as a Post.

    Raises DumpError (before yielding anything) for data that is not XML or that uses a DTD,
    entity declarations or external entities.
    """
    del options  # nothing in a Disqus export depends on the comment-layout options
    records = XmlRecords(stream, where, record_depth=1, record_tags=("category", "thread", "post"))
    threads: dict[str, _Thread] = {}
    try:
        for record in records:
            if isinstance(record, Problem):
                yield record
            elif len(record) == 0:
                continue  # an empty element: a reference picked up while resuming after a break
            elif local_name(record.tag) == "thread":
                yield from _add_thread(threads, record, where)
            elif local_name(record.tag) == "post":
                _add_comment(threads, record, where)
    except XmlRefusedError as error:
        raise DumpError(where, f"refused: the XML {error}") from None
    except XmlUnreadableError as error:
        raise DumpError(where, str(error)) from None
    yield from _emit(threads, where, next_post_id, records.encoding)


def _add_thread(threads: dict[str, _Thread], record: Record, where: str) -> Iterator[Problem]:
    key = dsq_id(record)
    at = f"{where}:{record.line}"
    known = threads.get(key)
    if known is not None and not known.missing:
        yield Problem(at, f"thread {key} is listed twice; the first one is kept")
        return
    fields = {local_name(child.tag): child for child in reversed(record)}
    thread = known or _Thread(key, at)
    thread.where, thread.missing = at, False
    thread.title = html.unescape(_text(fields.get("title"))).strip() or None
    thread.url = _text(fields.get("link")).strip() or None
    thread.published = iso_as_given(_text(fields.get("createdAt")))
    thread.author = _author(fields.get("author"))
    thread.html = _text(fields.get("message"))
    if known is None:
        threads[key] = thread
    else:
        # Comments came first: the thread moves to where the export lists it.
        del threads[key]
        threads[key] = thread


def _add_comment(threads: dict[str, _Thread], record: Record, where: str) -> None:
    fields = {local_name(child.tag): child for child in reversed(record)}
    at = f"{where}:{record.line}"
    thread_key = dsq_id(fields["thread"]) if "thread" in fields else ""
    thread = threads.get(thread_key)
    if thread is None:
        thread = threads[thread_key] = _Thread(thread_key, at, missing=True)
    parent = dsq_id(fields["parent"]) if "parent" in fields else ""
    hidden = None
    if _flag(fields.get("isSpam")):
        hidden = "spam"
    elif _flag(fields.get("isDeleted")):
        hidden = "deleted"
    written = _text(fields.get("createdAt"))
    published = iso_as_given(written)
    thread.comments.append(
        ExportedComment(
            key=dsq_id(record) or f"line {record.line}",
            parent_key=parent or None,
            author=_author(fields.get("author")),
            published=published,
            unread_date=date_not_read(written, published),
            html=_text(fields.get("message")),
            where=at,
            hidden=hidden,
        )
    )


def _emit(
    threads: dict[str, _Thread], where: str, next_post_id: Callable[[], str], encoding: str
) -> Iterator[Post | Problem]:
    """The threads as Posts, in export order; missing threads after the listed ones."""
    ordered = [t for t in threads.values() if not t.missing]
    ordered += [t for t in threads.values() if t.missing]
    empty = 0
    for thread in ordered:
        if not thread.comments:
            empty += 1
            continue
        post = Post(
            id=next_post_id(),
            title=thread.title,
            author=thread.author,
            published=thread.published,
            url=thread.url,
            dialect=DIALECT,
            where=thread.where,
            encoding=encoding,
        )
        problems: list[Problem] = []
        if thread.missing:
            count = len(thread.comments)
            if thread.key:
                post.title = f"(comments of thread {thread.key}, which is not in the export)"
                message = f"{count} comment(s) belong to thread {thread.key}, which is not in the "
                message += "export"
            else:
                post.title = "(comments that name no thread)"
                message = f"{count} comment(s) name no thread"
            problems.append(Problem(thread.where, f"{message}; kept under {post.id}"))
        body = html_to_text(thread.html)
        post.text = body.text
        problems += build_comments(post, thread.comments)
        thread.comments = []
        yield post
        yield from problems
    if empty:
        yield Problem(where, f"{empty} thread(s) without any comment were left out")


def local_name(tag: str) -> str:
    """``{uri}name`` without its namespace."""
    return tag.rpartition("}")[2]


def dsq_id(element: ET.Element) -> str:
    """The element's ``dsq:id`` attribute (in whatever namespace), or ""."""
    for name, value in element.attrib.items():
        if local_name(name) == "id":
            return value.strip()
    return ""


def iso_as_given(value: str) -> str | None:
    """An ISO 8601 time kept exactly as written (``Z`` or offset included) when valid."""
    value = value.strip()
    if not value:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return to_iso(value)
    return value


def _text(element: ET.Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _flag(element: ET.Element | None) -> bool:
    return _text(element).strip().lower() in {"true", "1", "yes"}


def _author(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    fields = {local_name(child.tag): _text(child).strip() for child in element}
    return html.unescape(fields.get("name") or fields.get("username") or "") or None
