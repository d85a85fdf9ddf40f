"""Folders: recursion, natural order, links, loops, special files, permissions, vanishing files."""

from __future__ import annotations

import gzip
import itertools
import os
from pathlib import Path

import pytest

from dumps import assert_pages_intact, generated_page, page_files, read_document, snapshot
from talkback.sources import DumpError, ReadOptions, ReadProgress, dump_size, read_dump
from talkback.sources.entries import natural_key


def make_folder(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_folder_of_hundreds_of_pages_in_natural_order(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    files = page_files(250)
    make_folder(folder, files)
    before = snapshot(folder)
    document = read_document(folder)
    assert snapshot(folder) == before
    wheres = [post["where"] for post in document["posts"]]
    assert len(wheres) == 250
    assert wheres == sorted(wheres, key=lambda where: natural_key(where))
    assert wheres[0].startswith(f"{folder}/fixtures/")
    assert [post["id"] for post in document["posts"]] == [f"p{n}" for n in range(1, 251)]
    assert_pages_intact(
        document, {f"{folder}/{name}": data.decode() for name, data in files.items()}
    )


def test_natural_order_within_and_across_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    names = ["page-10.txt", "Page-2.txt", "b/page-1.txt", "a/z.txt", "page-1.txt", "c.txt"]
    make_folder(folder, {name: generated_page(n).encode() for n, name in enumerate(names, 1)})
    wheres = [post["where"].removeprefix(f"{folder}/") for post in read_document(folder)["posts"]]
    assert wheres == ["a/z.txt", "b/page-1.txt", "c.txt", "page-1.txt", "Page-2.txt", "page-10.txt"]


def test_trailing_slash_names_files_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(folder, {"a.txt": generated_page(1).encode()})
    document = read_document(Path(f"{folder}/"))
    assert document["posts"][0]["where"] == f"{folder}/a.txt"


def test_links_inside_are_followed_outside_and_loops_are_not(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    make_folder(outside, {"secret.txt": generated_page(99).encode()})
    folder = tmp_path / "dump"
    make_folder(folder, {"real/a.txt": generated_page(1).encode()})
    (folder / "link-to-page.txt").symlink_to(folder / "real" / "a.txt")
    (folder / "out.txt").symlink_to(outside / "secret.txt")
    (folder / "out-folder").symlink_to(outside, target_is_directory=True)
    (folder / "real" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    document = read_document(folder)
    wheres = [post["where"] for post in document["posts"]]
    assert wheres == [f"{folder}/link-to-page.txt", f"{folder}/real/a.txt"]
    problems = {p["where"].removeprefix(f"{folder}/"): p["message"] for p in document["problems"]}
    assert "outside the folder" in problems["out.txt"]
    assert "outside the folder" in problems["out-folder"]
    assert "already read" in problems["real/loop"]
    assert problems["broken.txt"] == "broken link; skipped"
    assert "Generated post number 99" not in str(document)


def test_two_links_to_one_folder_read_it_once(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(folder, {"x/a.txt": generated_page(1).encode()})
    (folder / "y").symlink_to(folder / "x", target_is_directory=True)
    document = read_document(folder)
    assert [post["where"] for post in document["posts"]] == [f"{folder}/x/a.txt"]
    assert "already read" in document["problems"][0]["message"]


def test_special_files_are_skipped_without_blocking(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(folder, {"a.txt": generated_page(1).encode()})
    os.mkfifo(folder / "pipe")
    document = read_document(folder)
    assert len(document["posts"]) == 1
    assert document["problems"] == [
        {
            "where": f"{folder}/pipe",
            "message": "not a regular file (a pipe, socket or device); skipped",
        }
    ]
    with pytest.raises(DumpError, match="not a file or folder"):
        read_document(folder / "pipe")


def test_hidden_entries_and_litter(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(
        folder,
        {
            "a.txt": generated_page(1).encode(),
            ".git/objects/ab": b"x\x9c\x01\x02",
            ".hidden.txt": generated_page(2).encode(),
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
            "Thumbs.db": b"\xd0\xcf\x11\xe0",
        },
    )
    document = read_document(folder)
    assert len(document["posts"]) == 1
    assert [p["where"] for p in document["problems"]] == [f"{folder}/.git", f"{folder}/.hidden.txt"]


def test_empty_folder_and_folder_of_empty_folders(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    (folder / "a" / "b").mkdir(parents=True)
    with pytest.raises(DumpError) as caught:
        list(read_dump(folder))
    assert str(caught.value) == f"{folder}: empty folder (no files in it)"


def test_folder_of_files_that_are_not_pages(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(folder, {"a.txt": b"hello\n", "b.bin": bytes(range(256))})
    items = read_dump(folder)
    first = next(items)
    assert first.where == f"{folder}/a.txt"  # problems stream before the verdict
    with pytest.raises(DumpError, match=r"no comment pages found \(2 problems; the first: "):
        list(items)


def unreadable(path: Path) -> None:
    path.chmod(0)
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        return
    except IsADirectoryError:
        try:
            list(path.iterdir())
        except PermissionError:
            return
    path.chmod(0o755)
    pytest.skip("running as root: permissions are not enforced")


def test_unreadable_file_in_folder_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(folder, {"a.txt": generated_page(1).encode(), "b.txt": generated_page(2).encode()})
    unreadable(folder / "b.txt")
    document = read_document(folder)
    assert len(document["posts"]) == 1
    assert document["problems"] == [
        {"where": f"{folder}/b.txt", "message": "permission denied; skipped"}
    ]
    with pytest.raises(DumpError, match="permission denied"):
        read_document(folder / "b.txt")


def test_unreadable_folder_is_a_dump_error(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(folder, {"a.txt": generated_page(1).encode()})
    unreadable(folder)
    try:
        with pytest.raises(DumpError, match="permission denied"):
            read_document(folder)
    finally:
        folder.chmod(0o755)


def test_permission_denied_through_a_mock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root ignores file modes, so the refusal is also simulated at open()
    folder = tmp_path / "dump"
    make_folder(folder, {"a.txt": generated_page(1).encode(), "b.txt": generated_page(2).encode()})
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refusing_open)
    document = read_document(folder)
    assert [p["title"] for p in document["posts"]] == ["Generated post number 1"]
    assert document["problems"] == [
        {"where": f"{folder}/b.txt", "message": "permission denied; skipped"}
    ]
    with pytest.raises(DumpError) as caught:
        read_document(folder / "b.txt")
    assert str(caught.value) == f"{folder / 'b.txt'}: permission denied"


def test_file_vanishing_while_the_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    make_folder(folder, {f"p{n}.txt": generated_page(n).encode() for n in range(1, 4)})

    def remove_the_last(progress: ReadProgress) -> None:
        (folder / "p3.txt").unlink(missing_ok=True)

    document = read_document(folder, ReadOptions(progress=remove_the_last))
    assert len(document["posts"]) == 2
    assert document["problems"] == [
        {"where": f"{folder}/p3.txt", "message": "file vanished while being read; skipped"}
    ]


def test_progress_over_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    files = page_files(30)
    make_folder(folder, files)
    seen: list[ReadProgress] = []
    read_document(folder, ReadOptions(progress=seen.append))
    total = sum(len(data) for data in files.values())
    assert all(p.bytes_total == total for p in seen)
    assert [p.posts for p in seen[:-1]] == list(range(1, 31))
    assert seen[-1].done and seen[-1].bytes_read == total and seen[-1].fraction == 1.0
    assert all(a.bytes_read <= b.bytes_read for a, b in itertools.pairwise(seen))


def test_dump_size_counts_what_a_read_reads(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    make_folder(outside, {"secret.txt": generated_page(99).encode()})
    folder = tmp_path / "dump"
    page = generated_page(1).encode()
    packed = gzip.compress(generated_page(2).encode() * 20)
    make_folder(
        folder,
        {
            "a.txt": page,
            "sub/b.txt.gz": packed,  # counted as it lies on disk, not as it unpacks
            ".git/objects/ab": b"x" * 5000,  # hidden: not read, not counted
            ".DS_Store": b"\x00" * 700,  # litter
        },
    )
    (folder / "again.txt").symlink_to(folder / "a.txt")  # a link inside is read, so counted
    (folder / "out.txt").symlink_to(outside / "secret.txt")  # outside: skipped
    os.mkfifo(folder / "pipe")
    expected = 2 * len(page) + len(packed)
    assert dump_size(folder) == expected
    seen: list[ReadProgress] = []
    read_document(folder, ReadOptions(progress=seen.append))
    assert {progress.bytes_total for progress in seen} == {expected}  # the reader's own total
    # stopping early: the sum of the files in reading order, as soon as it reaches the mark
    assert dump_size(folder, stop_at=1) == len(page)  # "a.txt" comes first
    assert dump_size(folder, stop_at=expected) == expected
    assert dump_size(folder / "sub" / "b.txt.gz") == len(packed)
    assert dump_size(folder / "pipe") == 0 and dump_size(tmp_path / "missing") == 0
