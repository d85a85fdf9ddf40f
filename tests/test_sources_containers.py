"""Containers: every kind, recognised by content, nested, hundreds of pages, nothing lost."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dumps import (
    CONTAINERS,
    assert_pages_intact,
    compress,
    generated_page,
    page_files,
    read_document,
    snapshot,
    tar_bytes,
    zip_bytes,
)
from talkback.sources import DumpError, Limits, ReadOptions, read_dump
from talkback.sources import reader as reader_module
from talkback.sources.detect import detect_container


def only_fixture_problems(document: dict[str, Any]) -> bool:
    """Whether the only problems are the one the unsigned-tail fixture page has by design."""
    wheres = [problem["where"] for problem in document["problems"]]
    return len(wheres) == 1 and "unsigned-tail.txt:" in wheres[0]


@pytest.mark.parametrize("kind", sorted(CONTAINERS))
def test_each_container_reads_every_page_in_order(tmp_path: Path, kind: str) -> None:
    suffix, build = CONTAINERS[kind]
    files = page_files(120)
    dump = tmp_path / f"dump{suffix}"
    dump.write_bytes(build(files))
    before = snapshot(tmp_path)
    document = read_document(dump)
    assert snapshot(tmp_path) == before  # byte-identical, same mtimes
    wheres = [post["where"] for post in document["posts"]]
    # every fixture page is a comment page, and so is every generated one
    assert wheres == [f"{dump}!{name}" for name in files]
    assert [post["id"] for post in document["posts"]] == [f"p{n}" for n in range(1, 121)]
    assert document["posts"][7]["comments"][0]["id"] == "p8-c1"
    assert only_fixture_problems(document)
    assert_pages_intact(document, {f"{dump}!{name}": data.decode() for name, data in files.items()})


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz", "zstd"])
def test_single_file_compression_with_any_name(tmp_path: Path, kind: str) -> None:
    text = generated_page(3)
    dump = tmp_path / "comments.txt"  # a compressed page that does not say so
    dump.write_bytes(compress(text.encode(), kind))
    document = read_document(dump)
    assert [post["where"] for post in document["posts"]] == [str(dump)]
    assert document["posts"][0]["encoding"] == "utf-8"
    assert_pages_intact(document, {str(dump): text})


@pytest.mark.parametrize(
    ("kind", "name"),
    [("zip", "export"), ("tar.gz", "pages.txt"), ("tar", "x.zip"), ("tar.zst", "dump.json")],
)
def test_detected_by_content_not_by_name(tmp_path: Path, kind: str, name: str) -> None:
    _, build = CONTAINERS[kind]
    files = page_files(5)
    dump = tmp_path / name
    dump.write_bytes(build(files))
    assert len(read_document(dump)["posts"]) == 5


def test_a_page_named_like_an_archive_is_a_page(tmp_path: Path) -> None:
    dump = tmp_path / "backup.tar.gz"
    dump.write_text(generated_page(1), encoding="utf-8")
    document = read_document(dump)
    assert document["posts"][0]["title"] == "Generated post number 1"


def test_detect_container_magic() -> None:
    assert detect_container(compress(b"x", "gzip")) == "gzip"
    assert detect_container(compress(b"x", "bzip2")) == "bzip2"
    assert detect_container(compress(b"", "bzip2")) == "bzip2"
    assert detect_container(compress(b"x", "xz")) == "xz"
    assert detect_container(compress(b"x", "zstd")) == "zstd"
    assert detect_container(zip_bytes({"a": b"x"})) == "zip"
    assert detect_container(zip_bytes({})) == "zip"
    assert detect_container(tar_bytes({"a": b"x"})) == "tar"
    for text in [b"", b"BZh9 is how a page might start", b"PK is a name", b"\x1f\x8b"]:
        assert detect_container(text) is None
    assert detect_container(generated_page(1).encode().ljust(600, b" ")) is None


def test_old_v7_tar_without_magic_is_recognised(tmp_path: Path) -> None:
    data = bytearray(tar_bytes({"page.txt": generated_page(2).encode()}))
    header = data[:512]
    header[257:265] = bytes(8)  # drop the ustar magic and version
    header[148:156] = b" " * 8
    header[148:156] = f"{sum(header):06o}\x00 ".encode()
    data[:512] = header
    assert detect_container(bytes(data)) == "tar"
    dump = tmp_path / "old"
    dump.write_bytes(bytes(data))
    assert read_document(dump)["posts"][0]["where"] == f"{dump}!page.txt"


def test_nesting(tmp_path: Path) -> None:
    pages = {f"p{n}.txt": generated_page(n).encode() for n in range(1, 5)}
    inner_zip = zip_bytes({"a.txt": pages["p1.txt"], "b.txt.gz": compress(pages["p2.txt"], "gzip")})
    inner_tgz = compress(tar_bytes({"c.txt": pages["p3.txt"], "in.zip": inner_zip}), "gzip")
    folder = tmp_path / "dump"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "bundle.tgz").write_bytes(inner_tgz)
    (folder / "z.txt.xz").write_bytes(compress(pages["p4.txt"], "xz"))
    document = read_document(folder)
    assert [post["where"] for post in document["posts"]] == [
        f"{folder}/sub/bundle.tgz!c.txt",
        f"{folder}/sub/bundle.tgz!in.zip!a.txt",
        f"{folder}/sub/bundle.tgz!in.zip!b.txt.gz",
        f"{folder}/z.txt.xz",
    ]
    assert [post["title"] for post in document["posts"]] == [
        "Generated post number 3", "Generated post number 1",
        "Generated post number 2", "Generated post number 4",
    ]  # fmt: skip
    assert document["problems"] == []


def test_large_zip_inside_a_stream_is_read_without_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_module, "ZIP_IN_MEMORY_BYTES", 1000)
    files = page_files(40)
    dump = tmp_path / "dump.tar"
    dump.write_bytes(tar_bytes({"big.zip": zip_bytes(files)}))
    document = read_document(dump)
    assert [post["where"] for post in document["posts"]] == [
        f"{dump}!big.zip!{name}" for name in files
    ]
    assert only_fixture_problems(document)


def test_nesting_depth_is_limited(tmp_path: Path) -> None:
    data = generated_page(1).encode()
    for _ in range(5):
        data = compress(data, "gzip")
    dump = tmp_path / "deep.gz"
    dump.write_bytes(data)
    assert len(read_document(dump)["posts"]) == 1
    with pytest.raises(DumpError, match="nested more than 3 containers deep"):
        read_document(dump, ReadOptions(limits=Limits(max_depth=3)))


def test_zip_quine_like_recursion_stops(tmp_path: Path) -> None:
    data = zip_bytes({"page.txt": generated_page(1).encode()})
    for level in range(8):
        data = zip_bytes(
            {f"level{level}.zip": data, f"page{level}.txt": generated_page(level + 2).encode()}
        )
    dump = tmp_path / "nested.zip"
    dump.write_bytes(data)
    document = read_document(dump)
    assert len(document["posts"]) == 6  # the pages down to the depth limit (6)
    assert "nested more than 6 containers deep" in document["problems"][0]["message"]


def test_members_that_are_not_pages_are_listed_and_the_rest_loads(tmp_path: Path) -> None:
    files = {
        "a.txt": generated_page(1).encode(),
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "empty.txt": b"",
        "notes.txt": b"just some notes, nothing like a comment page\n",
        "folder/": b"",
        "__MACOSX/._a.txt": b"\x00\x05\x16\x07",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "b.txt": generated_page(2).encode(),
    }
    dump = tmp_path / "mixed.zip"
    dump.write_bytes(zip_bytes(files))
    document = read_document(dump)
    assert len(document["posts"]) == 2
    messages = {p["where"].split("!")[-1]: p["message"] for p in document["problems"]}
    assert set(messages) == {"image.png", "empty.txt", "notes.txt"}
    assert "binary data" in messages["image.png"]
    assert "empty file" in messages["empty.txt"]
    assert "not a comment page" in messages["notes.txt"]


def test_archive_of_nothing_readable_raises_with_the_first_reason(tmp_path: Path) -> None:
    dump = tmp_path / "junk.zip"
    dump.write_bytes(zip_bytes({"a.bin": bytes(range(256)) * 8, "b.txt": b"no page\n"}))
    with pytest.raises(DumpError) as caught:
        read_document(dump)
    assert str(caught.value).startswith(f"{dump}: no comment pages found (2 problems; the first:")
    empty = tmp_path / "empty.zip"
    empty.write_bytes(zip_bytes({}))
    with pytest.raises(DumpError, match="no posts or comments found"):
        read_document(empty)


def test_stopping_early_closes_every_file(tmp_path: Path) -> None:
    proc = Path("/proc/self/fd")
    if not proc.is_dir():
        pytest.skip("needs /proc to count open files")
    folder = tmp_path / "dump"
    folder.mkdir()
    files = page_files(30)
    (folder / "a.tar.gz").write_bytes(compress(tar_bytes(files), "gzip"))
    (folder / "b.zip").write_bytes(zip_bytes(files))
    before = len(list(proc.iterdir()))
    for stop_after in (1, 35):
        items = read_dump(folder)
        for count, _ in enumerate(items, start=1):
            if count == stop_after:
                break
        assert len(list(proc.iterdir())) > before  # an archive is open mid-read
        items.close()  # type: ignore[attr-defined]
        assert len(list(proc.iterdir())) == before


def test_reading_the_same_dump_twice_gives_the_same_document(tmp_path: Path) -> None:
    dump = tmp_path / "dump.zip"
    dump.write_bytes(zip_bytes(page_files(20)))
    assert read_document(dump) == read_document(dump)


def test_zip_in_memory_bytes_is_used_for_small_nested_zips(tmp_path: Path) -> None:
    # a nested zip small enough is read through its directory: its own order, not file order
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("b.txt", generated_page(2))
        archive.writestr("a.txt", generated_page(1))
    dump = tmp_path / "outer.tar.xz"
    dump.write_bytes(compress(tar_bytes({"inner.zip": buffer.getvalue()}), "xz"))
    titles = [post["title"] for post in read_document(dump)["posts"]]
    assert titles == ["Generated post number 2", "Generated post number 1"]
