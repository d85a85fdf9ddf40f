"""An index being built can be read while the build goes on: the posts of its ended batches, with
their comments, from the file it is writing (``BuildProgress.writing``), as the window lists them
before the index is finished."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from conftest import harbor_pages
from talkback.index import BuildProgress, IndexCancelled, IndexReader, build_index
from talkback.index import schema as schema_module
from talkback.index import writer as writer_module
from talkback.index.browse import GrowingIndex, IndexedPost, read_post
from talkback.index.partial import partial_path

PAGES = 30
FIRST_ROWS = 20
#: rows one page of the sample gives (its post and comments), and a little more
ROWS_PER_PAGE = 20


@pytest.fixture
def folder(tmp_path: Path, harbor_path: Path) -> Path:
    """Pages of the bundled sample, each a little different."""
    return harbor_pages(harbor_path, tmp_path / "dump", PAGES)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "FIRST_BATCH_ROWS", FIRST_ROWS)
    monkeypatch.setattr(writer_module, "BATCH_ROWS", 1_000)


def _comment_rows(reader: IndexReader, post: IndexedPost) -> list[tuple[str, str]]:
    contents = read_post(reader, post)
    assert contents is not None
    return [(comment.id, comment.text) for comment in contents.comments]


@pytest.mark.usefixtures("small_batches")
def test_the_posts_of_ended_batches_are_read_while_the_build_goes_on(
    folder: Path, tmp_path: Path
) -> None:
    seen: list[IndexedPost] = []
    seen_while_building: list[int] = []
    read_early: dict[str, list[tuple[str, str]]] = {}
    growing: list[GrowingIndex] = []

    def progress(state: BuildProgress) -> None:
        assert state.writing and Path(state.writing).exists()
        if not growing:
            growing.append(GrowingIndex(Path(state.writing)))
        seen.extend(growing[0].new_posts(7))
        seen_while_building.append(len(seen))
        if seen and not read_early:  # a post's comments, read from the file being written
            reader = IndexReader(Path(state.writing))
            try:
                read_early[seen[0].id] = _comment_rows(reader, seen[0])
            finally:
                reader.close()

    final = build_index(folder, base=tmp_path / "cache", progress=progress)
    assert 0 < max(seen_while_building) < PAGES  # some were there before the end, not all
    while more := growing[0].new_posts(7):  # the file was published: it is still read
        seen.extend(more)
    growing[0].close()
    finished = IndexReader(final)
    try:
        assert [post.id for post in seen] == [post.id for _, post, _ in finished.posts()]
        assert [post.row for post in seen] == list(range(PAGES))
        assert [post.rowid for post in seen] == list(range(1, PAGES + 1))
        first = seen[0]
        assert read_early[first.id] == _comment_rows(finished, first)
        assert len(read_early[first.id]) == first.comment_total > 0
    finally:
        finished.close()


@pytest.mark.usefixtures("small_batches")
def test_batches_start_small_and_double(folder: Path, tmp_path: Path) -> None:
    ends: list[int] = []
    record = writer_module.record_resume

    def recording(connection: sqlite3.Connection, resume: writer_module.Resume) -> None:
        ends.append(resume.point.posts + resume.comments + resume.point.problems)
        record(connection, resume)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer_module, "record_resume", recording)
        build_index(folder, base=tmp_path / "cache")
    sizes = [after - before for before, after in zip([0, *ends], ends, strict=False)]
    assert len(sizes) >= 3
    for number, size in enumerate(sizes):
        assert size >= min(FIRST_ROWS * 2**number, 1_000)
    assert sizes[0] < FIRST_ROWS + ROWS_PER_PAGE  # it ends at the first page past its size


def test_a_post_is_read_by_its_index_while_the_build_goes_on(folder: Path, tmp_path: Path) -> None:
    plans: list[str] = []

    def progress(state: BuildProgress) -> None:
        if not plans:
            connection = sqlite3.connect(state.writing)
            plan = connection.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM comments WHERE post_rowid=1 ORDER BY ord"
            ).fetchall()
            connection.close()
            plans.append(" ".join(str(step[-1]) for step in plan))

    build_index(folder, base=tmp_path / "cache", progress=progress)
    assert "comments_by_post" in plans[0]


def test_the_build_waits_for_readers_rather_than_failing(folder: Path, tmp_path: Path) -> None:
    """A window reading a big post holds the file for seconds; the writer's busy timeout (SQLite
    gives up at once without one, Python's default is 5 s) covers it."""
    timeouts: list[int] = []
    original = schema_module.reopen

    def spying(path: Path) -> sqlite3.Connection:
        connection = original(path)
        timeouts.append(int(connection.execute("PRAGMA busy_timeout").fetchone()[0]))
        return connection

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema_module, "reopen", spying)
        build_index(folder, base=tmp_path / "cache")
    assert timeouts[0] == schema_module.WRITER_WAIT_SECONDS * 1000 >= 60_000


@pytest.mark.usefixtures("small_batches")
def test_a_reader_holding_the_file_delays_a_batch_but_does_not_fail_it(
    folder: Path, tmp_path: Path
) -> None:
    held = threading.Event()
    released: list[bool] = []

    def hold(path: str) -> None:
        connection = sqlite3.connect(path)
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM posts").fetchone()  # a shared lock, kept
        held.set()
        threading.Event().wait(1.0)
        released.append(True)
        connection.rollback()
        connection.close()

    def progress(state: BuildProgress) -> None:
        if not held.is_set() and state.posts >= 3:
            threading.Thread(target=hold, args=(state.writing,), daemon=True).start()
            held.wait(5)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema_module, "WRITER_WAIT_SECONDS", 10.0)
        final = build_index(folder, base=tmp_path / "cache", progress=progress)
    assert released and IndexReader(final).post_count == PAGES


@pytest.mark.usefixtures("small_batches")
def test_a_stopped_build_made_before_the_growing_index_gets_it(
    folder: Path, tmp_path: Path
) -> None:
    base = tmp_path / "cache"
    _stop_halfway(folder, base)
    partial = next(base.glob("*.partial"))
    connection = sqlite3.connect(partial)
    connection.execute("DROP INDEX comments_by_post")  # as a build of an earlier version left it
    connection.commit()
    connection.close()
    found: list[bool] = []

    def check(state: BuildProgress) -> None:
        if not found:
            connection = sqlite3.connect(state.writing)
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            connection.close()
            found.append("comments_by_post" in names)

    final = build_index(folder, base=base, progress=check)
    assert found == [True]
    assert not partial_path(final).exists()


def test_growing_index_of_a_file_not_there_yet_gives_nothing(tmp_path: Path) -> None:
    growing = GrowingIndex(tmp_path / "not-yet.sqlite")
    assert growing.new_posts(10) == []
    assert not (tmp_path / "not-yet.sqlite").exists()  # looking never makes the file
    growing.close()


@pytest.mark.usefixtures("small_batches")
def test_a_build_going_on_from_a_stopped_one_says_so_at_once(folder: Path, tmp_path: Path) -> None:
    base = tmp_path / "cache"
    _stop_halfway(folder, base)
    seen: list[BuildProgress] = []
    build_index(folder, base=base, progress=seen.append)
    first = seen[0]
    assert first.resumed > 0 and first.posts == first.resumed  # before any page is read
    assert first.writing and seen[1].posts > first.posts


def _stop_halfway(folder: Path, base: Path) -> None:
    """Build the folder's index in ``base`` and cancel the build halfway: a partial is left."""
    cancel = threading.Event()

    def stop(state: BuildProgress) -> None:
        if state.posts >= PAGES // 2:
            cancel.set()

    with pytest.raises(IndexCancelled):
        build_index(folder, base=base, progress=stop, cancel=cancel)
