"""The format registry (how blog-export readers plug in), post ids, progress and streaming."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from dumps import compress, generated_page, page_files, read_document, tar_bytes, zip_bytes
from talkback.core.model import Block, Comment, Post, Problem
from talkback.sources import DumpError, ReadOptions, ReadProgress, read_dump
from talkback.sources import formats as formats_module
from talkback.sources.formats import HEAD_BYTES, Format, format_for, register_format
from talkback.sources.post_ids import PostIds, renumber

MAGIC = b"FAKE-EXPORT v1\n"
heads_seen: list[bytes] = []


def looks_like_fake(head: bytes) -> bool:
    """A sniffer with the agreed shape: the first few KiB of the decompressed member."""
    heads_seen.append(head)
    return head.startswith(MAGIC)


def read_fake(
    stream: BinaryIO, where: str, next_post_id: Callable[[], str], options: ReadOptions
) -> Iterator[Post | Problem]:
    """A reader with the agreed shape. It builds every post before yielding any (as a reader of
    an export whose comments come after all its threads must), so the ids it is given repeat."""
    posts: list[Post | Problem] = []
    for number, raw in enumerate(stream.read().decode().splitlines()[1:], start=2):
        if not raw.startswith("post "):
            posts.append(Problem(f"{where}:{number}", "not a post line; skipped"))
            continue
        post_id = next_post_id()
        post = Post(id=post_id, title=raw[5:], where=f"{where}:{number}", dialect="fake")
        first = Comment(f"{post_id}-c1", "ann", None, [Block("text", "First!")], parent_id=post_id)
        reply = Comment(
            f"{post_id}-c2", "bob", None, [Block("quote", "First!", source=f"{post_id}-c1")],
            parent_id=f"{post_id}-c1",
        )  # fmt: skip
        post.comments = [first, reply]
        post.link()
        posts.append(post)
    yield from posts


@pytest.fixture
def fake_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats_module, "FORMATS", list(formats_module.FORMATS))
    register_format(Format("fake", looks_like_fake, read_fake, "a test export"))
    heads_seen.clear()


def fake_export(*titles: str) -> bytes:
    return MAGIC + "".join(f"post {title}\n" for title in titles).encode()


@pytest.mark.usefixtures("fake_format")
def test_a_registered_format_reads_members_of_any_container(tmp_path: Path) -> None:
    files = {
        "a.txt": generated_page(1).encode(),
        "export.xml.gz": compress(fake_export("One", "Two") + b"junk\n", "gzip"),
        "b.txt": generated_page(2).encode(),
        "more.bin": fake_export("Three"),
    }
    dump = tmp_path / "dump.zip"
    dump.write_bytes(zip_bytes(files))
    document = read_document(dump)
    posts = document["posts"]
    assert [(p["id"], p["title"]) for p in posts] == [
        ("p1", "Generated post number 1"), ("p2", "One"), ("p3", "Two"),
        ("p4", "Generated post number 2"), ("p5", "Three"),
    ]  # fmt: skip
    two = posts[2]  # built as p3 while p2 was not yet settled: renumbered with its comments
    assert [(c["id"], c["parent"]) for c in two["comments"]] == [
        ("p3-c1", "p3"),
        ("p3-c2", "p3-c1"),
    ]
    assert two["comments"][1]["blocks"][0]["source"] == "p3-c1"
    assert posts[1]["where"] == f"{dump}!export.xml.gz:2"
    assert document["problems"] == [
        {"where": f"{dump}!export.xml.gz:4", "message": "not a post line; skipped"}
    ]
    assert all(len(head) <= HEAD_BYTES for head in heads_seen)
    assert any(head.startswith(MAGIC) for head in heads_seen)  # decompressed before sniffing


@pytest.mark.usefixtures("fake_format")
def test_a_registered_format_as_the_whole_dump(tmp_path: Path) -> None:
    dump = tmp_path / "export.xml"
    dump.write_bytes(fake_export("Only"))
    assert read_document(dump)["posts"][0]["dialect"] == "fake"


def test_registry_order_and_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats_module, "FORMATS", list(formats_module.FORMATS))
    names = [known.name for known in formats_module.FORMATS]
    assert names[-3:] == ["jsonl", "html", "page"]  # blog exports are registered before these
    register_format(Format("fake", looks_like_fake, read_fake))
    register_format(Format("fake", looks_like_fake, read_fake))  # once only
    assert [known.name for known in formats_module.FORMATS] == ["fake", *names]
    assert format_for(b'{"text": "x"}\n').name == "jsonl"  # type: ignore[union-attr]
    assert format_for(b"any text at all").name == "page"  # type: ignore[union-attr]
    assert format_for(bytes(range(256))) is None


def test_post_ids_settle_without_gaps() -> None:
    ids = PostIds()
    assert ids.peek() == "p1"
    assert ids.peek() == "p1"  # asking twice gives the same id until a post is settled
    first = ids.settle(Post(id="p1"))
    assert (first.id, ids.peek()) == ("p1", "p2")
    stray = Post(id="p9", comments=[Comment("p9-c1", None, None, parent_id="p9")])
    stray.comments[0].blocks.append(Block("quote", "q", source="p9-c1"))
    ids.settle(stray)
    assert stray.id == "p2"
    assert (stray.comments[0].id, stray.comments[0].parent_id) == ("p2-c1", "p2")
    assert stray.comments[0].blocks[0].source == "p2-c1"


def test_renumber_leaves_foreign_ids_alone() -> None:
    post = Post(id="p1", comments=[Comment("p1-c1", None, None, parent_id="p10-c1")])
    renumber(post, "p2")
    assert (post.comments[0].id, post.comments[0].parent_id) == ("p2-c1", "p10-c1")


def test_progress_through_an_archive(tmp_path: Path) -> None:
    dump = tmp_path / "dump.tar"
    dump.write_bytes(tar_bytes(page_files(300)))
    seen: list[ReadProgress] = []
    items = read_dump(dump, ReadOptions(progress=seen.append))
    first = next(items)
    assert isinstance(first, Post)
    assert seen[-1].posts == 1
    assert seen[-1].bytes_read < seen[-1].bytes_total // 2  # type: ignore[operator]
    assert seen[-1].where == f"{dump}!{next(iter(page_files(1)))}"
    list(items)
    assert seen[-1].done
    assert seen[-1].bytes_read == seen[-1].bytes_total == dump.stat().st_size
    assert seen[-1].posts == 300
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions)  # type: ignore[type-var]


def test_progress_of_a_compressed_stream_counts_compressed_bytes(tmp_path: Path) -> None:
    dump = tmp_path / "corpus.jsonl.zst"
    records = b"".join(
        b'{"text": ' + repr(generated_page(n)).replace("'", '"').encode() + b"}\n"
        for n in range(1, 101)
    )
    dump.write_bytes(compress(records, "zstd"))
    seen: list[ReadProgress] = []
    assert len(read_document(dump, ReadOptions(progress=seen.append))["posts"]) == 100
    assert seen[-1].bytes_total == dump.stat().st_size == seen[-1].bytes_read


def test_posts_stream_before_the_dump_is_read(tmp_path: Path) -> None:
    dump = tmp_path / "dump.tar"
    dump.write_bytes(tar_bytes(page_files(300)))
    with dump.open("rb") as handle:
        size = len(handle.read())
    seen: list[ReadProgress] = []
    items = read_dump(dump, ReadOptions(progress=seen.append))
    for _ in range(3):
        next(items)
    assert seen[-1].bytes_read < size
    items.close()  # type: ignore[attr-defined]
    assert not seen[-1].done  # stopped early: no final report


def test_read_dump_reads_nothing_until_iterated(tmp_path: Path) -> None:
    items = read_dump(tmp_path / "missing.zip")
    assert isinstance(items, Iterator)
    with pytest.raises(DumpError, match="no such file"):
        next(items)


def refusing_reader(
    stream: BinaryIO, where: str, next_post_id: Callable[[], str], options: ReadOptions
) -> Iterator[Post | Problem]:
    """A reader that refuses its file outright, as the XML readers do for entity tricks."""
    raise DumpError(where, "refused: the XML declares entities")
    yield  # a generator, like every reader


def test_a_reader_refusing_one_member_leaves_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats_module, "FORMATS", list(formats_module.FORMATS))
    register_format(Format("refusing", looks_like_fake, refusing_reader))
    dump = tmp_path / "dump.tar"
    dump.write_bytes(tar_bytes({"a.xml": fake_export("x"), "b.txt": generated_page(1).encode()}))
    document = read_document(dump)
    assert [post["where"] for post in document["posts"]] == [f"{dump}!b.txt"]
    assert document["problems"] == [
        {"where": f"{dump}!a.xml", "message": "refused: the XML declares entities"}
    ]
    alone = tmp_path / "a.xml"
    alone.write_bytes(fake_export("x"))
    with pytest.raises(DumpError) as caught:
        read_document(alone)
    assert str(caught.value) == f"{alone}: refused: the XML declares entities"
