"""Parsing pages in worker processes gives exactly what parsing them in order gives."""

from __future__ import annotations

import gc
import io
import json
import tarfile
import tracemalloc
from pathlib import Path

from conftest import SAMPLES
from talkback.core import archive_to_dict
from talkback.core.model import Post, Problem
from talkback.sources import ReadOptions, load_archive, read_dump
from talkback.sources.parallel import PageJob, in_order, keep, prepared_job


def _mixed_tar(tmp_path: Path) -> Path:
    """A tar with pages in several layouts, a JSONL corpus, blog exports and a binary member."""
    dump = tmp_path / "mixed.tar.gz"
    with tarfile.open(dump, "w:gz") as tar:
        for page in sorted(SAMPLES.iterdir()):
            tar.add(page, arcname=f"pages/{page.name}")
        fixtures = Path(__file__).parent / "fixtures" / "pages"
        for page in sorted(fixtures.glob("*.txt"))[:6]:
            tar.add(page, arcname=f"more/{page.name}")
        lines = [json.dumps({"text": (SAMPLES / "photo-of-the-week.txt").read_text(), "id": n})
                 for n in range(3)]  # fmt: skip
        data = ("\n".join(lines) + "\nnot json\n").encode()
        info = tarfile.TarInfo("corpus.jsonl")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        binary = bytes(range(256)) * 4
        info = tarfile.TarInfo("image.bin")
        info.size = len(binary)
        tar.addfile(info, io.BytesIO(binary))
    return dump


def test_workers_give_the_same_archive(tmp_path: Path) -> None:
    dump = _mixed_tar(tmp_path)
    one = archive_to_dict(load_archive(dump))
    two = archive_to_dict(load_archive(dump, ReadOptions(workers=2)))
    assert one == two
    assert len(one["posts"]) > 15
    assert [p["id"] for p in one["posts"]] == [f"p{n}" for n in range(1, len(one["posts"]) + 1)]
    assert one["problems"]  # the bad JSON line and the binary member, in the same places


def test_stopping_early_does_not_hang(tmp_path: Path) -> None:
    dump = _mixed_tar(tmp_path)
    reader = read_dump(dump, ReadOptions(workers=2))
    first = next(item for item in reader if isinstance(item, Post))
    reader.close()
    assert first.id == "p1"


def test_the_last_page_is_not_held_while_its_result_is_handed_on() -> None:
    # A big page's result (its post, written to the index row by row) is handed on while
    # neither its bytes nor the pickle that sent them to the worker stay in this process.
    size = 8 * 2**20
    tracemalloc.start()
    try:
        jobs = iter([PageJob(b"no signature here\n" * (size // 18), "big.txt")])
        results = in_order(jobs, 1, keep, lambda ahead: f"p{ahead + 1}")
        first = next(results)  # the page's problem: it has no comments
        held, _peak = tracemalloc.get_traced_memory()
        results.close()
    finally:
        tracemalloc.stop()
    assert isinstance(first, Problem)
    assert held < size // 4


def _rows_of(post: Post) -> list[str]:
    """A ``prepare`` that gives something else than the post (as the index's does)."""
    return [comment.id for comment in post.comments]


def test_a_prepared_post_leaves_nothing_for_the_garbage_collector() -> None:
    """A worker unlinks a post it has made rows of: freed at once, not at the next collection
    (its garbage collector runs seldom)."""
    job = PageJob((SAMPLES / "harbor-town-pier.txt").read_bytes(), "harbor-town-pier.txt")
    gc.collect()
    gc.disable()
    try:
        ids, problems = prepared_job(_rows_of, job, "p1")
        assert ids and not problems
        assert gc.collect() == 0
        kept, _ = prepared_job(
            keep, PageJob((SAMPLES / "harbor-town-pier.txt").read_bytes(), "page"), "p1"
        )
        assert kept is not None and kept.comments[0].post is kept  # a post handed on is linked
    finally:
        gc.enable()
