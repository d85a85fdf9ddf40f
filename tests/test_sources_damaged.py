"""Damaged and hostile archives: cut short, suspicious names, links and devices, encryption."""

from __future__ import annotations

import bz2
import io
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from bombs import truncated
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
from talkback.sources import DumpError, ReadOptions, ReadProgress


def numbered_pages(count: int) -> dict[str, bytes]:
    return {f"page-{n:03d}.txt": generated_page(n).encode() for n in range(1, count + 1)}


@pytest.mark.parametrize("kind", ["zip", "zip-stored", "tar", "tar.gz", "tar.bz2", "tar.xz",
                                  "tar.zst"])  # fmt: skip
def test_cut_archives_keep_what_was_read(tmp_path: Path, kind: str) -> None:
    # bzip2 and zstd decode whole blocks (up to 900 KB, 128 KiB): enough pages to span several
    suffix, build = CONTAINERS[kind]
    files = numbered_pages(600)
    data = bz2.compress(tar_bytes(files), 1) if kind == "tar.bz2" else build(files)
    dump = tmp_path / f"cut{suffix}"
    dump.write_bytes(truncated(data, 0.6))
    before = snapshot(tmp_path)
    document = read_document(dump)
    assert snapshot(tmp_path) == before
    count = len(document["posts"])
    assert 150 < count < 600
    complete = {f"{dump}!{name}": data.decode() for name, data in list(files.items())[: count - 1]}
    assert_pages_intact(document, complete)  # every page before the cut, whole
    assert [post["where"] for post in document["posts"]] == [
        f"{dump}!{name}" for name in list(files)[:count]
    ]
    last = document["problems"][-1]
    assert "truncated" in last["message"] or "cut short" in last["message"], last


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz", "zstd"])
def test_cut_single_page_keeps_its_beginning(tmp_path: Path, kind: str) -> None:
    text = generated_page(1, comments=3000)  # several bzip2 and zstd blocks
    data = bz2.compress(text.encode(), 1) if kind == "bzip2" else compress(text.encode(), kind)
    dump = tmp_path / "page.txt.cut"
    dump.write_bytes(truncated(data, 0.75))
    document = read_document(dump)
    post = document["posts"][0]
    assert 100 < len(post["comments"]) < 3000
    kept = "\n\n".join(f"{c['text']}\n\n{c['signature']}" for c in post["comments"][:100])
    assert kept in text
    first = document["problems"][0]
    assert first["where"] == str(dump)
    assert first["message"].startswith("truncated (the data ends early): only the first ")
    assert first["message"].endswith(" bytes could be read, the page is incomplete")


def test_cut_zip_of_compressed_members(tmp_path: Path) -> None:
    files = {name + ".gz": compress(data, "gzip") for name, data in numbered_pages(50).items()}
    dump = tmp_path / "cut.zip"
    dump.write_bytes(truncated(zip_bytes(files, zipfile.ZIP_STORED), 0.5))
    document = read_document(dump)
    assert 15 < len(document["posts"]) < 50
    assert "zip directory missing" in document["problems"][0]["message"]


def test_zip_slip_names_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    dump_folder = tmp_path / "dumps"
    dump_folder.mkdir()
    names = ["../../escape.txt", "/etc/evil.txt", "C:\\Windows\\evil.txt", "ok/../../up.txt",
             "fine.txt"]  # fmt: skip
    dump = dump_folder / "slip.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, name in enumerate(names, 1):
            info = zipfile.ZipInfo("placeholder")
            info.filename = name  # ZipInfo would clean the name up; a hostile zip does not
            archive.writestr(info, generated_page(number))
    dump.write_bytes(buffer.getvalue())
    before = snapshot(tmp_path)
    document = read_document(dump)
    assert snapshot(tmp_path) == before  # nothing was written anywhere
    assert len(document["posts"]) == 5  # the pages are read, as names only
    suspicious = {p["where"].split("!", 1)[1]: p["message"] for p in document["problems"]}
    assert set(suspicious) == set(names) - {"fine.txt"}
    assert "climbs out of the archive with '..'" in suspicious["../../escape.txt"]
    assert "absolute path" in suspicious["/etc/evil.txt"]
    assert "absolute path" in suspicious["C:\\Windows\\evil.txt"]
    assert all("nothing is written to disk" in message for message in suspicious.values())


def test_tar_links_devices_and_pipes_are_skipped(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind, link in [
            ("passwd", tarfile.SYMTYPE, "/etc/passwd"),
            ("hard", tarfile.LNKTYPE, "page.txt"),
            ("zero", tarfile.CHRTYPE, ""),
            ("disk", tarfile.BLKTYPE, ""),
            ("fifo", tarfile.FIFOTYPE, ""),
            ("dir", tarfile.DIRTYPE, ""),
        ]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, link
            archive.addfile(info)
        data = generated_page(1).encode()
        info = tarfile.TarInfo("../page.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    dump = tmp_path / "links.tar"
    dump.write_bytes(buffer.getvalue())
    document = read_document(dump)
    assert len(document["posts"]) == 1
    problems = {p["where"].split("!", 1)[1]: p["message"] for p in document["problems"]}
    assert problems == {
        "passwd": "is a symbolic link (to '/etc/passwd'); skipped, links are not followed",
        "hard": "is a hard link (to 'page.txt'); skipped, links are not followed",
        "zero": "is a device; skipped",
        "disk": "is a device; skipped",
        "fifo": "is a named pipe; skipped",
        "../page.txt": "member has a name that climbs out of the archive with '..'; "
        "read as a name only (nothing is written to disk)",
    }


def test_zip_symlink_and_encrypted_members_are_skipped(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.txt")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("page.txt", generated_page(1))
        archive.writestr("secret.txt", generated_page(2))
    data = bytearray(buffer.getvalue())
    # mark secret.txt encrypted in its local header and its directory entry
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.rfind(signature)
        flags = struct.unpack_from("<H", data, position + offset)[0]
        struct.pack_into("<H", data, position + offset, flags | 0x1)
    dump = tmp_path / "odd.zip"
    dump.write_bytes(bytes(data))
    document = read_document(dump)
    assert [post["where"] for post in document["posts"]] == [f"{dump}!page.txt"]
    assert document["problems"] == [
        {
            "where": f"{dump}!link.txt",
            "message": "is a symbolic link; skipped, links are not followed",
        },
        {"where": f"{dump}!secret.txt", "message": "is encrypted; skipped"},
    ]


def test_corrupt_member_is_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    files = numbered_pages(3)
    data = bytearray(zip_bytes(files, zipfile.ZIP_STORED))
    position = data.find(b"Generated post number 2")
    data[position : position + 9] = b"Corrupted"  # stored data no longer matches its CRC
    dump = tmp_path / "crc.zip"
    dump.write_bytes(bytes(data))
    document = read_document(dump)
    titles = [post["title"] for post in document["posts"]]
    assert "Generated post number 1" in titles and "Generated post number 3" in titles
    assert any("checksum mismatch" in p["message"] for p in document["problems"])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (bytes(range(256)) * 40, "binary data, not a text page"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "damaged"),  # a gzip header and no stream
        (b"PK\x03\x04" + bytes(26), "no comment pages found"),
        (b"just words, no page\n", "not a comment page"),
    ],
)
def test_unreadable_dumps(tmp_path: Path, content: bytes, reason: str) -> None:
    dump = tmp_path / "dump.bin"
    dump.write_bytes(content)
    with pytest.raises(DumpError) as caught:
        read_document(dump)
    assert str(caught.value).startswith(f"{dump}")
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_dump(tmp_path: Path) -> None:
    for path in [tmp_path / "nope.zip", tmp_path / "nope" / "deeper.txt"]:
        with pytest.raises(DumpError) as caught:
            read_document(path)
        assert str(caught.value) == f"{path}: no such file"


def test_tar_with_garbage_after_some_members(tmp_path: Path) -> None:
    data = tar_bytes(numbered_pages(5))
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        cut = archive.getmembers()[3].offset  # after three members
    dump = tmp_path / "garbage.tar"
    dump.write_bytes(data[:cut] + b"\x07garbage, not a tar header" * 40)
    document = read_document(dump)
    assert len(document["posts"]) == 3
    assert document["problems"] == [
        {
            "where": str(dump),
            "message": "tar archive damaged (a header with a bad checksum) after 3 members; "
            "the rest is lost",
        }
    ]
    dump.write_bytes(data[:cut])
    document = read_document(dump)
    assert len(document["posts"]) == 3
    assert document["problems"][0]["message"] == (
        "tar archive ends without its end marker (cut short?) after 3 members; the rest is lost"
    )


def test_many_kinds_in_one_folder_with_one_broken(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    files = page_files(10)
    (folder / "a.zip").write_bytes(zip_bytes(files))
    (folder / "b.tar.gz").write_bytes(truncated(compress(tar_bytes(files), "gzip"), 0.5))
    (folder / "c.txt").write_bytes(generated_page(50).encode())
    document = read_document(folder)
    wheres = [post["where"] for post in document["posts"]]
    assert wheres[:10] == [f"{folder}/a.zip!{name}" for name in files]
    assert wheres[-1] == f"{folder}/c.txt"
    assert any(p["where"].startswith(f"{folder}/b.tar.gz") for p in document["problems"])


def test_archive_cut_short_while_being_read(tmp_path: Path) -> None:
    files = numbered_pages(300)
    dump = tmp_path / "growing.tar"
    dump.write_bytes(tar_bytes(files))
    half = dump.stat().st_size // 2

    def cut_it(progress: ReadProgress) -> None:
        if progress.posts == 1:
            with dump.open("r+b") as handle:  # another program truncates the file mid-read
                handle.truncate(half)

    document = read_document(dump, ReadOptions(progress=cut_it))
    assert 100 < len(document["posts"]) < 300
    assert [post["where"] for post in document["posts"]] == [
        f"{dump}!{name}" for name in list(files)[: len(document["posts"])]
    ]
    assert "tar archive" in document["problems"][-1]["message"]
