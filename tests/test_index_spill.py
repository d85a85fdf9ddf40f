"""Big posts' rows go from the parsing workers to the writer in a spill file, a chunk at a time.

``CHUNK_ROWS`` is lowered here so that posts of a few hundred comments take that way: the index
must hold exactly what it holds when every post is handed on whole, and a build that is cancelled
or fails while big posts wait leaves nothing behind, neither index nor rows.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from talkback.core.parser import parse_text
from talkback.index import IndexCancelled, IndexWriteError, build_index, index_path
from talkback.index import rows as row_format
from talkback.index.rows import PostRows, RowChunk, SpillError, post_rows
from talkback.index.writer import STALE_SECONDS, IndexWriter, remove_stale_temp_files
from test_lookahead import _quoting_page

TABLES = {
    "posts": "SELECT * FROM posts ORDER BY rowid",
    "comments": "SELECT * FROM comments ORDER BY rowid",
    "problems": "SELECT * FROM problems ORDER BY rowid",
    "words": "SELECT term, doc, col, offset FROM vocab ORDER BY doc, col, offset",
    "meta": "SELECT key, value FROM meta WHERE key NOT IN ('started', 'finished') ORDER BY key",
}


def _contents(index: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything an index holds but the times of its build (its full text word by word)."""
    connection = sqlite3.connect(index)
    connection.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, 'instance')")
    contents = {name: connection.execute(query).fetchall() for name, query in TABLES.items()}
    connection.close()
    return contents


@pytest.fixture
def folder(tmp_path: Path, harbor_path: Path) -> Path:
    """Pages of 300 and 120 quoting comments (p2 and p4), with small pages around them."""
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "a-harbor.txt").write_bytes(harbor_path.read_bytes())
    (dump / "b-big.txt").write_text(_quoting_page(1, 300), encoding="utf-8")
    (dump / "c-harbor.txt").write_bytes(harbor_path.read_bytes())
    (dump / "d-big.txt").write_text(_quoting_page(2, 120), encoding="utf-8")
    return dump


def _leftovers(dump: Path) -> list[Path]:
    final = index_path(dump)
    return sorted(final.parent.glob("*")) if final.parent.exists() else []


class ChunkCount:
    """Counts the chunks the writer reads from spill files."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.spilled = 0
        chunks = PostRows.chunks

        def counting(rows: PostRows) -> Iterator[RowChunk]:
            for chunk in chunks(rows):
                self.spilled += rows.spill is not None
                yield chunk

        monkeypatch.setattr(PostRows, "chunks", counting)


def test_chunked_rows_give_the_same_index(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = build_index(folder, base=tmp_path / "whole")
    counted = ChunkCount(monkeypatch)
    monkeypatch.setattr(row_format, "CHUNK_ROWS", 7)
    chunked = build_index(folder, base=tmp_path / "chunked")
    # every post of more than 7 comments was read back from the workers' files, 7 rows at a time
    assert counted.spilled == sum(-(-comments // 7) for comments in (11, 300, 11, 120))
    assert _contents(chunked) == _contents(whole)
    assert len(_contents(whole)["comments"]) > 420
    assert sorted(chunked.parent.iterdir()) == [chunked]  # no rows left beside the index


def test_spilled_rows_come_back_as_the_rows_in_memory(tmp_path: Path) -> None:
    post = parse_text(_quoting_page(3, 50)).posts[0]
    in_memory = post_rows(post)
    spilled = post_rows(post, spill=str(tmp_path), chunk_rows=7)
    assert spilled.spill is not None and spilled.comments == [] and spilled.spilled == 50
    for rows in (in_memory, spilled):
        rows.renumber("p9")
        rows.renumber("p12")
    chunks = list(spilled.chunks())
    assert [len(comments) for comments, _, _ in chunks] == [7] * 7 + [1]
    assert [row for comments, _, _ in chunks for row in comments] == in_memory.comments
    assert [place for _, parents, _ in chunks for place in parents] == in_memory.parents
    assert [words for _, _, words in chunks for words in words] == in_memory.words
    assert spilled.post == in_memory.post and in_memory.comments[0][0] == "p12-c1"
    assert post_rows(post, spill=str(tmp_path), chunk_rows=50).spill is None  # one chunk: kept


def test_a_spill_file_cut_short_is_an_error(tmp_path: Path) -> None:
    post = parse_text(_quoting_page(3, 50)).posts[0]
    spilled = post_rows(post, spill=str(tmp_path), chunk_rows=7)
    assert spilled.spill is not None
    data = Path(spilled.spill).read_bytes()
    Path(spilled.spill).write_bytes(data[: len(data) // 2])
    with pytest.raises(SpillError):
        list(spilled.chunks())
    with pytest.raises(SpillError):
        post_rows(post, spill=str(tmp_path / "missing"), chunk_rows=7)


def test_cancel_while_big_posts_wait_leaves_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(row_format, "CHUNK_ROWS", 7)
    cancel = threading.Event()

    def cancel_after_the_first_post(_state: object) -> None:
        cancel.set()

    with pytest.raises(IndexCancelled):
        build_index(folder, progress=cancel_after_the_first_post, cancel=cancel)
    assert _leftovers(folder) == []


def test_a_big_post_is_written_whole_or_not_at_all(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(row_format, "CHUNK_ROWS", 7)
    chunks = PostRows.chunks

    def failing_after_three(rows: PostRows) -> Iterator[RowChunk]:
        for number, chunk in enumerate(chunks(rows)):
            if number == 3:
                raise SpillError("the disk went away")
            yield chunk

    monkeypatch.setattr(PostRows, "chunks", failing_after_three)
    with pytest.raises(IndexWriteError, match="cannot write the index"):
        build_index(folder)
    assert _leftovers(folder) == []


def test_rows_that_cannot_be_spilled_are_one_clear_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(row_format, "CHUNK_ROWS", 7)
    start = IndexWriter.__init__

    def without_spill_folder(writer: IndexWriter, *args: object, **options: bool) -> None:
        start(writer, *args, **options)  # type: ignore[arg-type]
        writer.spill_dir.rmdir()  # the workers cannot write there

    monkeypatch.setattr(IndexWriter, "__init__", without_spill_folder)
    with pytest.raises(IndexWriteError, match="cannot write the index"):
        build_index(folder)
    assert _leftovers(folder) == []


def test_spill_folders_go_with_their_builds(tmp_path: Path) -> None:
    final = index_path(tmp_path / "dump.txt")
    final.parent.mkdir(parents=True)
    dead = final.with_name(f"{final.name}.building-999999999-abcd.rows")
    live = final.with_name(f"{final.name}.building-{os.getpid()}-0a1b2c3d")
    idle = final.with_name(f"{final.name}.building-{os.getpid()}-99887766")
    live.write_bytes(b"an index being written")
    for folder in (dead, live.with_name(live.name + ".rows"), idle.with_name(idle.name + ".rows")):
        folder.mkdir()
        (folder / "tmp1234.rows").write_bytes(b"rows of a big post")
    old = time.time() - STALE_SECONDS - 60
    for folder in final.parent.glob("*.rows"):  # no big post for an hour: not a sign of death
        os.utime(folder, (old, old))
    remove_stale_temp_files(final)
    assert sorted(path.name for path in final.parent.iterdir()) == [
        live.name, live.name + ".rows"]  # fmt: skip
