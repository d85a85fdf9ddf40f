"""The index's row format: rows made in worker processes, text stored once, read back exactly."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SAMPLES
from dumps import page_files, tar_bytes
from talkback.core import archive_to_dict
from talkback.core.model import Block, Post
from talkback.index import IndexReader, build_index, ensure_index
from talkback.index import writer as index_writer
from talkback.index.rows import PostRows, block_columns, blocks_from_columns, post_rows
from talkback.index.search import search_index
from talkback.search import compile_query, search_archive
from talkback.search.documents import folded_words
from talkback.search.fts5 import FTS5_TOKENIZE
from talkback.sources import ReadOptions, load_archive, read_dump, read_prepared
from talkback.sources.post_ids import renumber
from test_parallel_read import _mixed_tar

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
blocks = st.lists(
    st.builds(
        Block,
        st.sampled_from(["text", "quote"]),
        texts | st.sampled_from(["", "a\n\nb", "\n\n", "x\n"]),
        st.none() | st.sampled_from(["p1", "p1-c2", "p7-c1"]),
        st.none() | texts,
    ),
    max_size=4,
)


@settings(max_examples=200)
@given(blocks)
def test_blocks_come_back_from_their_columns(original: list[Block]) -> None:
    shape, text = block_columns(original)
    assert text == "\n\n".join(block.text for block in original if block.text)
    assert blocks_from_columns(shape, text) == original


@settings(max_examples=200)
@given(blocks.filter(bool), st.text(max_size=12))
def test_the_blocks_column_is_the_json_of_the_blocks_shape(original: list[Block], odd: str) -> None:
    """Written out by hand, it is what json.dumps(..., ensure_ascii=False) writes, to the byte
    (odd strings too: lone surrogates, control characters)."""
    original[0].attribution = odd
    shape, _ = block_columns(original)
    expected = [
        [block.kind, len(block.text), block.source, block.attribution] for block in original
    ]
    assert shape == json.dumps(expected, ensure_ascii=False)


def test_a_plain_comment_stores_its_text_once() -> None:
    assert block_columns([Block("text", "Hello there.")]) == (None, "Hello there.")
    assert block_columns([Block("text", "")])[0] is not None  # an empty block is kept as such
    shape, text = block_columns([Block("quote", "Quoted.", "p1-c1"), Block("text", "Mine.")])
    assert text == "Quoted.\n\nMine." and "Mine" not in str(shape)


def _tokens(connection: sqlite3.Connection, rowid: int) -> list[tuple[str, int]]:
    rows = connection.execute(
        "SELECT term, offset FROM vocab WHERE doc=? ORDER BY offset", (rowid,)
    ).fetchall()
    return [(str(term), int(offset)) for term, offset in rows]


ascii_texts = st.text(st.characters(min_codepoint=0, max_codepoint=127), max_size=80)


@settings(max_examples=200)
@given(ascii_texts)
def test_ascii_text_gives_fts5_the_words_folding_would(text: str) -> None:
    # The rows hand ASCII text to FTS5 unfolded: its tokenizer must cut the same words.
    tokenize = FTS5_TOKENIZE.replace('"', '""')
    connection = sqlite3.connect(":memory:")
    connection.execute(f'CREATE VIRTUAL TABLE fts USING fts5(body, tokenize="{tokenize}")')
    connection.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'instance')")
    connection.execute("INSERT INTO fts(rowid, body) VALUES (1, ?), (2, ?)",
                       (text, folded_words(text)))  # fmt: skip
    assert _tokens(connection, 1) == _tokens(connection, 2)


def _harbor_post() -> Post:
    return load_archive(SAMPLES / "harbor-town-pier.txt").posts[0]


def test_renumbered_rows_are_the_rows_of_the_renumbered_post() -> None:
    post = _harbor_post()
    assert any(block.source for comment in post.comments for block in comment.blocks)
    rows = post_rows(post)
    rows.renumber("p9")
    moved = copy.deepcopy(post)
    renumber(moved, "p9")
    assert rows == post_rows(moved)
    assert rows.comments[0][0] == "p9-c1" and rows.post[0] == "p9"


def test_workers_give_the_same_rows_as_one_process(tmp_path: Path) -> None:
    dump = _mixed_tar(tmp_path)  # a JSONL corpus and a binary member between pages
    expected = [post_rows(item) if isinstance(item, Post) else item for item in read_dump(dump)]
    got = list(read_prepared(dump, post_rows, ReadOptions(workers=2)))
    assert got == expected
    ids = [item.id for item in got if isinstance(item, PostRows)]
    assert ids == [f"p{number}" for number in range(1, len(ids) + 1)]


@pytest.mark.parametrize(
    "dump",
    [
        FIXTURES / "wxr" / "harbor-town-blog.xml",
        FIXTURES / "disqus" / "lakeside-forum.xml",
        SAMPLES / "photo-of-the-week.txt",
    ],
    ids=lambda path: path.name,
)
def test_index_keeps_everything_a_blog_export_has(tmp_path: Path, dump: Path) -> None:
    # published_utc and status included (indexes of schema 2 lost them)
    copied = tmp_path / dump.name
    shutil.copy2(dump, copied)
    reader, _ = ensure_index(copied)
    assert archive_to_dict(reader.load_archive()) == archive_to_dict(load_archive(copied))
    reader.close()


def test_text_is_stored_once(tmp_path: Path) -> None:
    dump = tmp_path / "pier.txt"
    shutil.copy2(SAMPLES / "harbor-town-pier.txt", dump)
    reader = IndexReader(build_index(dump))
    rows = reader.connection.execute("SELECT blocks, text FROM comments").fetchall()
    assert any(shape is None for shape, _ in rows) and any(shape for shape, _ in rows)
    for shape, text in rows:
        if shape is not None:
            assert all(block.text not in shape for block in blocks_from_columns(shape, text)
                       if len(block.text) > 8)  # fmt: skip
    reader.close()


def test_small_batches_index_every_post_and_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Posts' full-text rows wait for the end of their batch: none may be lost or misplaced.
    monkeypatch.setattr(index_writer, "BATCH_ROWS", 7)
    monkeypatch.setattr(index_writer, "BATCH_POST_CHARS", 500)
    dump = tmp_path / "pages.tar"
    dump.write_bytes(tar_bytes(page_files(12)))
    reader = IndexReader(build_index(dump))
    archive = load_archive(dump)
    count = reader.connection.execute("SELECT count(*) FROM fts").fetchone()[0]
    assert count == len(archive.posts) + archive.comment_count
    for text in ("in:post", "is:reply", archive.posts[5].title or "", "-in:post"):
        query = compile_query(text)
        expected = [(hit.post.id, hit.comment and hit.comment.id)
                    for hit in search_archive(archive, query)]  # fmt: skip
        got = [(hit.post.id, hit.comment and hit.comment.id) for hit in search_index(reader, query)]
        assert got == expected and got, text
    reader.close()
