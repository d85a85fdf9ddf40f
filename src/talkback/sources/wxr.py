"""WordPress exports (WXR 1.0, 1.1, 1.2): posts and pages with their comment threads.

A WXR file is an RSS feed whose ``<item>`` elements carry WordPress's own fields in the ``wp:``
namespace (whatever its version), the body in ``content:encoded`` and the author in
``dc:creator``. Each post or page becomes a Post (dialect ``wordpress-wxr``) as soon as its item is
read; other item types (attachments, menu items, revisions, …) are skipped unless they carry
comments, and counted in one problem entry. Comments keep WordPress's threads
(``wp:comment_parent``), local and GMT times, pingbacks and trackbacks (``kind``) and the
moderation state: spam and trash are left out and counted in ``Post.hidden``, comments awaiting
approval are shown with ``status: "unapproved"``.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, BinaryIO

from talkback.core.dates import to_iso
from talkback.core.model import CommentKind, Post, Problem
from talkback.core.parser import DumpError
from talkback.sources.blog_threads import (
    ExportedComment,
    build_comments,
    date_not_read,
    unread_date,
)
from talkback.sources.html_text import html_to_text
from talkback.sources.xml_stream import Record, XmlRecords, XmlRefusedError, XmlUnreadableError
from talkback.sources.xml_text import head_text

if TYPE_CHECKING:
    from talkback.sources import ReadOptions

DIALECT = "wordpress-wxr"
#: item types that are always read; others only when they have comments
POST_TYPES = frozenset({"post", "page"})
_HIDDEN = {"spam": "spam", "trash": "trash", "post-trashed": "trash"}
_APPROVED = frozenset({"1", "approve", "approved", ""})
_UNAPPROVED = frozenset({"0", "hold", "unapproved"})
_KINDS: dict[str, CommentKind] = {"pingback": "pingback", "trackback": "trackback"}


def looks_like_wxr(head: bytes) -> bool:
    """Whether the first few KB of (decompressed) data look like a WordPress export."""
    text = head_text(head)
    return "<rss" in text and ("wordpress.org/export/" in text or "<wp:wxr_version" in text)


def read_wxr(
    stream: BinaryIO,
    where: str,
    next_post_id: Callable[[], str],
    options: ReadOptions,
) -> Iterator[Post | Problem]:
    """Stream the posts and pages of a WordPress export, then the problems met.

    Raises DumpError (before yielding anything) for data that is not XML or that uses a DTD,
    entity declarations or external entities.
    """
    del options  # nothing in a WXR file depends on the comment-layout options
    records = XmlRecords(stream, where, record_depth=2, record_tags=("item",))
    authors: dict[str, str] = {}
    skipped: Counter[str] = Counter()
    items = 0  # posts and pages read, and other items skipped
    try:
        for record in records:
            if isinstance(record, Problem):
                yield record
                continue
            family, name = split_tag(record.tag)
            if family == "wp" and name == "author":
                fields = Fields(record)
                login = fields.text("wp", "author_login")
                display = fields.text("wp", "author_display_name")
                if login and display:
                    authors[login] = display
            elif family == "" and name == "item":
                items += 1
                yield from _item(record, where, next_post_id, authors, skipped, records.encoding)
    except XmlRefusedError as error:
        raise DumpError(where, f"refused: the XML {error}") from None
    except XmlUnreadableError as error:
        raise DumpError(where, str(error)) from None
    if skipped:
        kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(skipped.items()))
        message = f"skipped {skipped.total()} items that are not posts or pages and have no "
        yield Problem(where, message + f"comments ({kinds})")
    if items == 0:
        yield Problem(where, "no post or page could be read from this WordPress export")


def _item(
    record: Record,
    where: str,
    next_post_id: Callable[[], str],
    authors: dict[str, str],
    skipped: Counter[str],
    encoding: str,
) -> Iterator[Post | Problem]:
    fields = Fields(record)
    post_type = fields.text("wp", "post_type") or "post"
    comments = fields.all("wp", "comment")
    if post_type not in POST_TYPES and not comments:
        skipped[post_type] += 1
        return
    login = fields.text("dc", "creator")
    post = Post(
        id=next_post_id(),
        title=html.unescape(fields.text("", "title")).strip() or None,
        author=authors.get(login, login) if login else None,
        published=local_time(fields.text("wp", "post_date"))
        or rfc_time(fields.text("", "pubDate")),
        published_utc=utc_time(fields.text("wp", "post_date_gmt")),
        url=fields.text("", "link") or None,
        dialect=DIALECT,
        where=f"{where}:{record.line}",
        encoding=encoding,
    )
    body = html_to_text(fields.text("content", "encoded"))
    post.text = body.text
    problems = [
        Problem(
            post.where or where, f"{count} <{tag}> element(s) in the text of {post.id} left out"
        )
        for tag, count in sorted(body.dropped.items())
    ]
    written = fields.text("wp", "post_date") or fields.text("", "pubDate")
    lost = date_not_read(written, post.published)
    if lost is not None:
        problems.append(Problem(post.where or where, unread_date(post.id, lost)))
    record.clear()  # the comments' records are now only in ``comments``, let go one by one
    problems += build_comments(post, _exported(comments, where))
    yield post
    yield from problems


def _exported(comments: list[Record], where: str) -> Iterator[ExportedComment]:
    """The comments as the export gives them, each record let go once read (a big post's
    records take several times the size of its comments' text)."""
    comments.reverse()
    while comments:
        yield _comment(comments.pop(), where)


def _comment(element: Record, where: str) -> ExportedComment:
    fields = Fields(element)
    approved = fields.text("wp", "comment_approved").strip().lower()
    parent = fields.text("wp", "comment_parent").strip()
    if approved in _APPROVED:
        status = None
    elif approved in _UNAPPROVED:
        status = "unapproved"
    else:
        status = approved
    written = fields.text("wp", "comment_date")
    published = local_time(written)
    return ExportedComment(
        key=fields.text("wp", "comment_id").strip() or f"line {element.line}",
        parent_key=None if parent in {"", "0"} else parent,
        author=html.unescape(fields.text("wp", "comment_author")).strip() or None,
        published=published,
        unread_date=date_not_read(written, published),
        published_utc=utc_time(fields.text("wp", "comment_date_gmt")),
        html=fields.text("wp", "comment_content"),
        where=f"{where}:{element.line}",
        kind=_KINDS.get(fields.text("wp", "comment_type").strip().lower(), "comment"),
        status=status,
        url=fields.text("wp", "comment_author_url").strip() or None,
        hidden=_HIDDEN.get(approved),
    )


class Fields:
    """An element's children by (namespace family, local name), first occurrence first."""

    def __init__(self, element: ET.Element) -> None:
        self._first: dict[tuple[str, str], ET.Element] = {}
        self._element = element
        for child in element:
            self._first.setdefault(split_tag(child.tag), child)

    def text(self, family: str, name: str) -> str:
        """The text of the first such child ("" when absent or empty)."""
        child = self._first.get((family, name))
        return (child.text or "") if child is not None else ""

    def all(self, family: str, name: str) -> list[Record]:
        """Every such child, in document order."""
        wanted = (family, name)
        return [c for c in self._element if isinstance(c, Record) and split_tag(c.tag) == wanted]


@lru_cache(maxsize=256)
def split_tag(tag: str) -> tuple[str, str]:
    """``{uri}local`` as (namespace family, local name): families are wp, content, dc, excerpt."""
    if not tag.startswith("{"):
        return "", tag
    uri, _, local = tag[1:].partition("}")
    if "wordpress.org/export/" in uri:
        return ("excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"), local
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content", local
    if "purl.org/dc/elements" in uri:
        return "dc", local
    return uri, local


def local_time(value: str) -> str | None:
    """A WordPress local time (``2008-03-31 12:35:00``) in ISO 8601, without a zone."""
    value = value.strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        return to_iso(value)


def utc_time(value: str) -> str | None:
    """A WordPress GMT time in ISO 8601 with its ``+00:00`` offset."""
    local = local_time(value)
    if local is None or "T" not in local:
        return None
    parsed = datetime.fromisoformat(local)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def rfc_time(value: str) -> str | None:
    """An RSS ``pubDate`` (``Mon, 31 Mar 2008 16:19:00 +0000``) in ISO 8601, zone kept."""
    return to_iso(value) if value.strip() else None
