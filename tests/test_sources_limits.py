"""Decompression limits: zip, tar, gzip and zstd bombs stop quickly, in little memory."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from bombs import MIB, gzip_repeated, tar_gz_bomb, truncated, zip_bomb, zstd_repeated
from dumps import generated_page, page_files, read_document, tar_bytes, zip_bytes
from talkback.core.model import Post
from talkback.sources import DumpError, Limits, ReadOptions, read_dump
from talkback.sources.limits import Budget
from talkback.sources.streams import CountingReader, as_binary
from talkback.sources.tars import tar_members

GIB_OF_TEXT = 1024  # MiB


def stopped_after(message: str) -> float:
    """The MiB a bomb had produced when it was stopped, from its problem message."""
    found = re.search(r"\(([\d.]+) MiB from", message)
    assert found, message
    return float(found[1])


def read_with_peak(dump: Path, options: ReadOptions | None = None) -> tuple[list[object], int]:
    """Every item of the dump (posts replaced by their where) and the peak traced memory."""
    tracemalloc.start()
    try:
        items: list[object] = []
        try:
            for item in read_dump(dump, options):
                items.append(item.where if isinstance(item, Post) else item)
        except DumpError as error:
            items.append(error)
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("bomb.gz", lambda: gzip_repeated(GIB_OF_TEXT)),
        ("bomb.zst", lambda: zstd_repeated(GIB_OF_TEXT)),
        ("bomb.tar.gz", lambda: tar_gz_bomb(GIB_OF_TEXT)),
    ],
)
def test_stream_bombs_stop_at_the_ratio_limit(tmp_path: Path, name: str, build: object) -> None:
    dump = tmp_path / name
    dump.write_bytes(build())  # type: ignore[operator]
    assert dump.stat().st_size < 4 * MIB
    with pytest.raises(DumpError) as caught:
        read_document(dump)
    message = str(caught.value)
    assert "expands more than 250:1" in message and "a decompression bomb?" in message
    assert stopped_after(message) < 40  # stopped after the 32 MiB grace, not after a GiB
    assert message.startswith(f"{dump}: this ")


def test_bomb_memory_stays_small(tmp_path: Path) -> None:
    dump = tmp_path / "bomb.tar.gz"
    dump.write_bytes(tar_gz_bomb(GIB_OF_TEXT))
    limits = Limits(ratio_grace_bytes=4 * MIB)
    items, peak = read_with_peak(dump, ReadOptions(limits=limits))
    assert isinstance(items[-1], DumpError)
    assert peak < 24 * MIB, f"peak {peak / MIB:.1f} MiB"


def test_zip_bomb_with_honest_headers_is_skipped_unread(tmp_path: Path) -> None:
    files = {"a.txt": generated_page(1).encode()}
    dump = tmp_path / "bomb.zip"
    bomb = zip_bomb(GIB_OF_TEXT)
    dump.write_bytes(zip_bytes({**files, "bomb.zip": bomb}))
    document = read_document(dump)
    assert len(document["posts"]) == 1
    [problem] = document["problems"]
    assert problem["where"] == f"{dump}!bomb.zip!bomb.txt"
    assert re.fullmatch(
        r"declares 1 GiB from [\d.]+ MiB \(more than 250:1\): a zip bomb\? skipped",
        problem["message"],
    )


def test_zip_bomb_with_lying_headers_cannot_expand(tmp_path: Path) -> None:
    dump = tmp_path / "liar.zip"
    dump.write_bytes(zip_bomb(GIB_OF_TEXT, declared=MIB))  # claims 1 MiB, holds 1 GiB
    items, peak = read_with_peak(dump)
    first = str(items[0])
    assert first.startswith(f"{dump}!bomb.txt: damaged (checksum mismatch): only the first ")
    read = int(first.split("only the first ")[1].split(" bytes")[0])
    assert read <= MIB  # what it declared, not what it holds
    assert isinstance(items[-1], DumpError)
    assert peak < 64 * MIB


def test_overlapping_member_bomb_stops_at_the_archive_ratio(tmp_path: Path) -> None:
    dump = tmp_path / "overlap.zip"
    dump.write_bytes(zip_bomb(20, copies=200))  # 200 entries, one 20 MiB member: 4 GiB in all
    assert dump.stat().st_size < 100_000
    items, _ = read_with_peak(dump, ReadOptions(limits=Limits(max_page_bytes=64 * MIB)))
    problems = [item for item in items if not isinstance(item, str | DumpError)]
    assert any("this zip archive expands more than 250:1" in str(p) for p in problems)
    assert len(problems) < 5  # it stopped; it did not go through 200 members


def test_truncated_zip_bomb_read_from_local_headers_stops(tmp_path: Path) -> None:
    dump = tmp_path / "cut.zip"
    dump.write_bytes(truncated(zip_bomb(GIB_OF_TEXT), 0.9))  # no directory: read front to back
    items, peak = read_with_peak(dump)
    assert "zip directory missing or damaged" in str(items[0])
    assert "bomb.txt: this member expands more than 250:1" in str(items[1])
    assert stopped_after(str(items[1])) < 40
    assert isinstance(items[2], DumpError)
    assert peak < 48 * MIB


def test_member_and_total_limits(tmp_path: Path) -> None:
    files = page_files(20)
    dump = tmp_path / "dump.tar"
    dump.write_bytes(tar_bytes(files))
    small = Limits(max_member_bytes=1000)
    document = read_document(dump, ReadOptions(limits=small))
    big = [name for name, data in files.items() if len(data) > 1000]
    assert len(document["posts"]) == 20 - len(big)
    skipped = [p for p in document["problems"] if "more than the member limit" in p["message"]]
    assert [p["where"] for p in skipped] == [f"{dump}!{name}" for name in big]
    total = Limits(max_total_bytes=5000)
    document = read_document(dump, ReadOptions(limits=total))
    assert 0 < len(document["posts"]) < 10
    assert document["problems"][-1] == {
        "where": str(dump),
        "message": "the dump unpacks to more than 4.9 KiB (the limit); stopped there",
    }


def test_entry_limit(tmp_path: Path) -> None:
    dump = tmp_path / "dump.zip"
    dump.write_bytes(zip_bytes(page_files(30)))
    document = read_document(dump, ReadOptions(limits=Limits(max_entries=10)))
    assert len(document["posts"]) == 10
    assert "more than 10 files and archive members" in document["problems"][-1]["message"]


def test_page_limit(tmp_path: Path) -> None:
    dump = tmp_path / "page.txt.gz"
    dump.write_bytes(gzip_repeated(3))
    document_error = pytest.raises(DumpError, match=r"page larger than 1 MiB \(the limit\)")
    with document_error:
        read_document(dump, ReadOptions(limits=Limits(max_page_bytes=MIB)))


def test_fifty_megabyte_single_line(tmp_path: Path) -> None:
    dump = tmp_path / "line.txt"
    dump.write_bytes(b"word " * (10 * MIB))
    with pytest.raises(DumpError, match="not a comment page"):
        read_document(dump)


def test_memory_does_not_grow_with_the_number_of_tar_members(tmp_path: Path) -> None:
    dump = tmp_path / "many.tar"
    dump.write_bytes(tar_bytes({f"m/{n:05d}.txt": b"x" for n in range(5_000)}))
    limits = Limits()
    with dump.open("rb") as handle:
        tracemalloc.start()
        try:
            count = sum(1 for _ in tar_members(as_binary(CountingReader(handle)), "t", limits,
                                               Budget(limits, "t")))  # fmt: skip
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert count == 5_000
    assert peak < MIB, f"peak {peak / MIB:.1f} MiB"
