"""Exports written in chunks are byte for byte what the whole-string renders were.

The references below are the renders as they were before exports were streamed: the HTML page
from every comment's view built first and one ``Template.render``, the Markdown document as its
lines joined at once, the JSON as ``json.dumps`` of the whole document. Each is compared with the
chunks joined and encoded one at a time, for the fixture pages (every post and comment of them)
and for a generated thread of thousands of comments, cut into many small chunks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from export_pages import EXPORTED_AT, HOSTILE, generated_thread, load
from fixture_pages import fixture_pages
from talkback.core.model import Archive
from talkback.export import (
    CHUNK_CHARS,
    Format,
    UnknownNodeError,
    chunked,
    encoded,
    markdown,
    render,
    results_chunks,
    select_thread,
    streaming,
    thread_chunks,
    thread_document,
    write_thread,
)
from talkback.export.html import _page_facts, environment, render_results
from talkback.export.views import ViewBuilder, plain_text, post_view

FORMATS: list[Format] = ["html", "md", "json"]


def whole_html(archive: Archive, node_id: str) -> str:
    """The page as render_thread made it before: every view first, then one render."""
    selection = select_thread(archive, node_id)
    post, focus = selection.post, selection.focus
    comments = ViewBuilder(selection.entries, [post]).comments()
    title = plain_text(post.title) or "(untitled post)"
    if focus is not None:
        title = f"{plain_text(focus.author) or 'unknown'} · {title}"
    return (
        environment()
        .get_template("thread.html.j2")
        .render(
            page_title=title,
            post=post_view(post),
            focus=next((view for view in comments if view.role == "focus"), None),
            comments=comments,
            counts=selection.counts(),
            **_page_facts(archive, EXPORTED_AT),
        )
    )


def whole_markdown(archive: Archive, node_id: str) -> str:
    """The Markdown as it was made before: every line, joined at once."""
    groups = markdown._document(archive, select_thread(archive, node_id), EXPORTED_AT)
    return "\n".join(line for lines in groups for line in lines) + "\n"


def whole_json(archive: Archive, node_id: str) -> str:
    """The JSON as it was made before: the whole document, dumped at once."""
    document = thread_document(archive, node_id, exported_at=EXPORTED_AT)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


WHOLE = {"html": whole_html, "md": whole_markdown, "json": whole_json}


def streamed(archive: Archive, node_id: str, fmt: Format) -> bytes:
    return b"".join(encoded(thread_chunks(archive, node_id, fmt, exported_at=EXPORTED_AT)))


def fixture_archives(harbor_path: Path) -> Iterator[Archive]:
    yield load(harbor_path)
    yield load(HOSTILE)
    for page in fixture_pages():
        yield load(page)


@pytest.fixture(scope="module")
def big() -> Archive:
    return generated_thread(3000)


@pytest.mark.parametrize("fmt", FORMATS)
def test_fixture_pages_stream_byte_for_byte(harbor_path: Path, fmt: Format) -> None:
    compared = 0
    for archive in fixture_archives(harbor_path):
        for post in archive.posts:
            for node_id in [post.id, *(comment.id for comment in post.comments)]:
                whole = WHOLE[fmt](archive, node_id)
                assert streamed(archive, node_id, fmt) == whole.encode("utf-8"), node_id
                assert render(archive, node_id, fmt, exported_at=EXPORTED_AT) == whole
                compared += 1
    assert compared > 100


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_big_thread_streams_byte_for_byte_in_small_chunks(
    big: Archive, fmt: Format, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_CHARS", 4096)
    post = big.posts[0]
    deep = max(post.comments, key=lambda comment: comment.depth)
    for node_id in ("p1", "p1-c2", deep.id):
        whole = WHOLE[fmt](big, node_id).encode("utf-8")
        chunks = list(thread_chunks(big, node_id, fmt, exported_at=EXPORTED_AT))
        assert b"".join(chunk.encode("utf-8") for chunk in chunks) == whole
        if node_id == "p1":
            assert len(chunks) > 50 and not whole.isascii()
            assert all(len(chunk) >= 4096 for chunk in chunks[:-1])
    assert any(len(comment.blocks) > 1 for comment in post.comments)
    assert deep.depth > 100


def test_write_thread_writes_the_streamed_bytes(big: Archive, tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"big.{fmt}"
        write_thread(big, "p1", out, overwrite=False, fmt=fmt, exported_at=EXPORTED_AT)
        assert out.read_bytes() == WHOLE[fmt](big, "p1").encode("utf-8")
        assert out.stat().st_size > 2 * CHUNK_CHARS  # written in several chunks


def test_results_page_streams_byte_for_byte(big: Archive) -> None:
    post = big.posts[0]
    hits = [(post, None), *((post, comment) for comment in post.comments[::7])]
    whole = render_results(big, hits, "pier <b>", exported_at=EXPORTED_AT)
    chunks = list(results_chunks(big, hits, "pier <b>", exported_at=EXPORTED_AT))
    assert "".join(chunks) == whole and len(chunks) > 1


def test_a_post_without_comments(tmp_path: Path) -> None:
    archive = generated_thread(0)
    for fmt in FORMATS:
        assert streamed(archive, "p1", fmt) == WHOLE[fmt](archive, "p1").encode("utf-8")
    assert '"comments": []' in streamed(archive, "p1", "json").decode("utf-8")


def test_an_unknown_id_is_refused_before_any_chunk(big: Archive) -> None:
    for fmt in FORMATS:
        with pytest.raises(UnknownNodeError):
            thread_chunks(big, "p1-c99999", fmt)  # not only once the first chunk is asked for
    with pytest.raises(ValueError, match="unknown export format"):
        thread_chunks(big, "p1", "pdf")  # type: ignore[arg-type]


def test_chunked_bounds_and_keeps_every_piece() -> None:
    pieces = ["a" * (n % 7) for n in range(1000)] + ["x" * 50, "", "tail"]
    chunks = list(chunked(pieces, 40))
    assert "".join(chunks) == "".join(pieces)
    assert all(40 <= len(chunk) < 40 + 50 for chunk in chunks[:-1])
    assert list(chunked([], 40)) == [] and list(chunked(["", ""], 40)) == [""]
