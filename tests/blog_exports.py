"""Building WordPress (WXR) and Disqus export files in tests, and reading them back."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from talkback.core.model import Archive, Post, Problem
from talkback.sources import ReadOptions
from talkback.sources.disqus import read_disqus
from talkback.sources.wxr import read_wxr

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WXR_FIXTURE = FIXTURES / "wxr" / "harbor-town-blog.xml"
DISQUS_FIXTURE = FIXTURES / "disqus" / "lakeside-forum.xml"

Reader = Callable[[BinaryIO, str, Callable[[], str], ReadOptions], Iterator[Post | Problem]]


def read_all(reader: Reader, data: bytes | BinaryIO, where: str = "export.xml") -> Archive:
    """Everything a reader gives for ``data``, collected into an Archive."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    numbers = itertools.count(1)
    archive = Archive(where)
    for item in reader(stream, where, lambda: f"p{next(numbers)}", ReadOptions()):
        if isinstance(item, Post):
            archive.add_post(item)
        else:
            archive.problems.append(item)
    return archive


def wxr(data: bytes | BinaryIO, where: str = "export.xml") -> Archive:
    """A WXR export read into an Archive."""
    return read_all(read_wxr, data, where)


def disqus(data: bytes | BinaryIO, where: str = "export.xml") -> Archive:
    """A Disqus export read into an Archive."""
    return read_all(read_disqus, data, where)


@dataclass
class WxrComment:
    """A comment to write into a generated WXR file."""

    comment_id: int
    author: str
    content: str
    parent: int = 0
    approved: str = "1"
    kind: str = "comment"
    date: str = "2020-01-02 03:04:05"


@dataclass
class WxrItem:
    """A post (or other item) to write into a generated WXR file."""

    title: str
    content: str = ""
    post_type: str = "post"
    comments: list[WxrComment] = field(default_factory=list)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wxr_document(
    items: list[WxrItem], *, version: str = "1.2", wp_prefix: str = "wp", encoding: str = "UTF-8"
) -> str:
    """A WXR document (as text) with these items; ``wp_prefix`` renames the wp: prefix."""
    wp = wp_prefix
    out = [
        f'<?xml version="1.0" encoding="{encoding}" ?>\n<rss version="2.0"\n'
        f'  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"\n'
        '  xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '  xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        f'  xmlns:{wp}="http://wordpress.org/export/{version}/">\n<channel>\n'
        f"<title>Generated</title>\n<{wp}:wxr_version>{version}</{wp}:wxr_version>\n"
    ]
    for number, item in enumerate(items, start=1):
        out.append(
            f"<item>\n<title>{_cdata(item.title)}</title>\n"
            f"<link>https://blog.example.org/?p={number}</link>\n"
            f"<dc:creator>{_cdata('author')}</dc:creator>\n"
            f"<content:encoded>{_cdata(item.content)}</content:encoded>\n"
            f"<{wp}:post_id>{number}</{wp}:post_id>\n"
            f"<{wp}:post_date>{_cdata('2020-01-01 10:00:00')}</{wp}:post_date>\n"
            f"<{wp}:post_date_gmt>{_cdata('2020-01-01 15:00:00')}</{wp}:post_date_gmt>\n"
            f"<{wp}:post_type>{_cdata(item.post_type)}</{wp}:post_type>\n"
        )
        for comment in item.comments:
            out.append(
                f"<{wp}:comment>\n<{wp}:comment_id>{comment.comment_id}</{wp}:comment_id>\n"
                f"<{wp}:comment_author>{_cdata(comment.author)}</{wp}:comment_author>\n"
                f"<{wp}:comment_date>{_cdata(comment.date)}</{wp}:comment_date>\n"
                f"<{wp}:comment_content>{_cdata(comment.content)}</{wp}:comment_content>\n"
                f"<{wp}:comment_approved>{_cdata(comment.approved)}</{wp}:comment_approved>\n"
                f"<{wp}:comment_type>{_cdata(comment.kind)}</{wp}:comment_type>\n"
                f"<{wp}:comment_parent>{comment.parent}</{wp}:comment_parent>\n"
                f"</{wp}:comment>\n"
            )
        out.append("</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


@dataclass
class DisqusComment:
    """A Disqus post (comment) to write into a generated export."""

    dsq_id: int
    thread: int | None
    message: str
    author: str = "someone"
    parent: int | None = None
    spam: bool = False
    deleted: bool = False
    created: str = "2021-01-01T00:00:00Z"


def disqus_document(
    threads: list[tuple[int, str]], comments: list[DisqusComment], *, late: int = 0
) -> str:
    """A Disqus export with these threads (id, title), then the comments, then ``late`` more."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">\n'
    ]
    thread_xml = []
    for dsq_id, title in threads:
        thread_xml.append(
            f'<thread dsq:id="{dsq_id}"><link>https://site.example/{dsq_id}</link>'
            f"<title>{_cdata(title)}</title><createdAt>2021-01-01T00:00:00Z</createdAt>"
            "<author><name>Site</name></author></thread>\n"
        )
    split = len(thread_xml) - late
    out += thread_xml[:split]
    for comment in comments:
        thread = f'<thread dsq:id="{comment.thread}"/>' if comment.thread is not None else ""
        parent = f'<parent dsq:id="{comment.parent}"/>' if comment.parent is not None else ""
        out.append(
            f'<post dsq:id="{comment.dsq_id}"><message>{_cdata(comment.message)}</message>'
            f"<createdAt>{comment.created}</createdAt>"
            f"<isDeleted>{str(comment.deleted).lower()}</isDeleted>"
            f"<isSpam>{str(comment.spam).lower()}</isSpam>"
            f"<author><name>{_cdata(comment.author)}</name></author>{thread}{parent}</post>\n"
        )
    out += thread_xml[split:]
    out.append("</disqus>\n")
    return "".join(out)
