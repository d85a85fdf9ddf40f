"""Writing exports: atomic, refusing to overwrite, and leaving nothing behind when it fails."""

from __future__ import annotations

import errno
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from export_pages import EXPORTED_AT, generated_thread, load
from talkback.core.model import Archive
from talkback.export import (
    ExportCancelled,
    ExportError,
    OutputExistsError,
    UnknownNodeError,
    format_for_path,
    render,
    streaming,
    suggested_name,
    write_atomic,
    write_atomic_chunks,
    write_results,
    write_thread,
    writing,
)


@pytest.fixture
def harbor(harbor_path: Path) -> Archive:
    return load(harbor_path)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_the_page(harbor: Archive, tmp_path: Path) -> None:
    out = tmp_path / "thread.html"
    written = write_thread(harbor, "p1-c3", out, overwrite=False, exported_at=EXPORTED_AT)
    assert written == out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert leftovers(tmp_path) == []


def test_refuses_an_existing_file(harbor: Archive, tmp_path: Path) -> None:
    out = tmp_path / "thread.html"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExistsError) as caught:
        write_thread(harbor, "p1", out, overwrite=False)
    assert isinstance(caught.value, FileExistsError)
    assert str(caught.value) == f"{out} already exists"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert leftovers(tmp_path) == []


def test_refuses_a_dangling_symlink(harbor: Archive, tmp_path: Path) -> None:
    out = tmp_path / "link.html"
    out.symlink_to(tmp_path / "nowhere.html")
    with pytest.raises(OutputExistsError):
        write_thread(harbor, "p1", out, overwrite=False)
    assert not (tmp_path / "nowhere.html").exists()


def test_overwrites_when_allowed_and_keeps_the_mode(harbor: Archive, tmp_path: Path) -> None:
    out = tmp_path / "thread.html"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    write_thread(harbor, "p1", out, overwrite=True)
    assert "Harbor Town" in out.read_text(encoding="utf-8")
    assert (out.stat().st_mode & 0o777) == 0o640
    assert leftovers(tmp_path) == []


def test_new_files_get_ordinary_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "x.html", b"x", overwrite=False)
    finally:
        os.umask(mask)
    assert ((tmp_path / "x.html").stat().st_mode & 0o777) == 0o644


def test_the_file_appears_in_one_step(harbor: Archive, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "thread.html"
    out.write_text("old", encoding="utf-8")
    seen: list[str] = []
    real_replace = os.replace

    def watching_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        # just before the rename the old file is intact and the new one complete beside it
        seen.append(Path(target).read_text(encoding="utf-8"))
        assert Path(source).parent == tmp_path
        assert Path(source).read_text(encoding="utf-8").endswith("</html>\n")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watching_replace)
    write_thread(harbor, "p1", out, overwrite=True)
    assert seen == ["old"]


def test_unknown_id_writes_nothing(harbor: Archive, tmp_path: Path) -> None:
    with pytest.raises(UnknownNodeError):
        write_thread(harbor, "p1-c999", tmp_path / "x.html", overwrite=False)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_file(harbor: Archive, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_thread(harbor, "p1", tmp_path, overwrite=True)


def test_missing_folder(harbor: Archive, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_thread(harbor, "p1", tmp_path / "no" / "x.html", overwrite=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(harbor: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match=r"cannot write .*Permission denied"):
            write_thread(harbor, "p1", folder / "x.html", overwrite=False)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_read_only_folder_simulated(harbor: Archive, tmp_path: Path, monkeypatch) -> None:
    real_open = os.open

    def denied(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if Path(path).parent == tmp_path and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(ExportError) as caught:
        write_thread(harbor, "p1", tmp_path / "x.html", overwrite=False)
    assert str(caught.value) == f"cannot write {tmp_path / 'x.html'}: Permission denied"
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_full_disk_leaves_no_temporary_file(harbor: Archive, tmp_path: Path, monkeypatch) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "x.html"
    with pytest.raises(ExportError, match="No space left on device"):
        write_thread(harbor, "p1", out, overwrite=False)
    assert list(tmp_path.iterdir()) == []


def test_failed_rename_leaves_the_old_file(harbor: Archive, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "x.html"
    out.write_text("old", encoding="utf-8")

    def broken(source: object, target: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(ExportError, match="Input/output error"):
        write_thread(harbor, "p1", out, overwrite=True)
    assert out.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_file_systems_without_hard_links(harbor: Archive, tmp_path: Path, monkeypatch) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "x.html"
    write_thread(harbor, "p1", out, overwrite=False)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(OutputExistsError):
        write_thread(harbor, "p1", out, overwrite=False)
    assert leftovers(tmp_path) == []


def test_a_file_that_appears_while_writing_is_not_replaced(
    harbor: Archive, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "x.html"
    real_link = os.link

    def racing_link(source: str, target: str) -> None:
        Path(target).write_text("someone else's", encoding="utf-8")
        real_link(source, target)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(OutputExistsError):
        write_thread(harbor, "p1", out, overwrite=False)
    assert out.read_text(encoding="utf-8") == "someone else's"
    assert leftovers(tmp_path) == []


def test_formats_by_extension_and_suggested_names(harbor: Archive) -> None:
    assert format_for_path("a.md") == "md"
    assert format_for_path("a.JSON") == "json"
    assert format_for_path("a.htm") == "html"
    assert format_for_path("a.txt") == "html"
    assert suggested_name(harbor, "p1-c3", "md") == "harbor-town-council-votes-to-close-p1-c3.md"
    assert suggested_name(harbor, "p1") == "harbor-town-council-votes-to-close-p1.html"
    with pytest.raises(UnknownNodeError):
        suggested_name(harbor, "p1-c99")


def test_chunks_go_through_a_temporary_file_beside_the_target(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    seen: list[tuple[list[str], str]] = []

    def chunks() -> Iterator[bytes]:
        for number in range(5):
            # the old file stays as it is while the new one is written beside it
            seen.append((leftovers(tmp_path), out.read_text(encoding="utf-8")))
            yield f"chunk {number}\n".encode()

    assert write_atomic_chunks(out, chunks(), overwrite=True) == out
    assert out.read_text(encoding="utf-8") == "".join(f"chunk {n}\n" for n in range(5))
    assert [len(names) for names, _ in seen] == [1] * 5 and {old for _, old in seen} == {"old"}
    assert seen[0][0][0].startswith(".x.json.")
    assert (out.stat().st_mode & 0o777) == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("overwrite", [True, False])
@pytest.mark.parametrize("error", [RuntimeError("renderer broke"), KeyboardInterrupt()])
def test_a_chunk_source_failing_midway_leaves_nothing(
    tmp_path: Path, overwrite: bool, error: BaseException
) -> None:
    out = tmp_path / "x.html"
    if overwrite:
        out.write_text("old", encoding="utf-8")

    def chunks() -> Iterator[bytes]:
        yield b"<!DOCTYPE html>" * 1000
        assert len(leftovers(tmp_path)) == 1  # the temporary file was there, part written
        raise error

    with pytest.raises(type(error)) as caught:
        write_atomic_chunks(out, chunks(), overwrite=overwrite)
    assert caught.value is error  # the renderer's own error, as it is
    assert leftovers(tmp_path) == []
    if overwrite:
        assert out.read_text(encoding="utf-8") == "old"
    else:
        assert list(tmp_path.iterdir()) == []


def test_a_disk_filling_up_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "x.md"
    out.write_text("old", encoding="utf-8")
    real_fdopen = os.fdopen

    class FillingUp(io.BufferedWriter):
        writes = 0

        def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
            FillingUp.writes += 1
            if FillingUp.writes == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    def filling_fdopen(descriptor: int, mode: str = "r", *args, **kwargs):  # type: ignore[no-untyped-def]
        return FillingUp(real_fdopen(descriptor, mode, buffering=0))

    monkeypatch.setattr(writing.os, "fdopen", filling_fdopen)
    with pytest.raises(ExportError) as caught:
        write_atomic_chunks(out, (b"x" * 300_000 for _ in range(10)), overwrite=True)
    assert str(caught.value) == f"cannot write {out}: No space left on device"
    assert FillingUp.writes == 3
    assert out.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_refusing_to_overwrite_asks_for_no_chunk(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    out.write_text("keep me", encoding="utf-8")
    asked: list[int] = []

    def chunks() -> Iterator[bytes]:
        asked.append(1)
        yield b"new"

    with pytest.raises(OutputExistsError):
        write_atomic_chunks(out, chunks(), overwrite=False)
    assert asked == [] and out.read_text(encoding="utf-8") == "keep me"
    assert leftovers(tmp_path) == []


def test_the_bytes_variant_writes_what_the_chunks_would(tmp_path: Path) -> None:
    data = "naïve 🚢 text\n".encode() * 1000
    write_atomic(tmp_path / "whole.txt", data, overwrite=False)
    pieces = [data[at : at + 777] for at in range(0, len(data), 777)]
    write_atomic_chunks(tmp_path / "pieces.txt", pieces, overwrite=False)
    assert (tmp_path / "whole.txt").read_bytes() == (tmp_path / "pieces.txt").read_bytes() == data
    write_atomic_chunks(tmp_path / "empty.txt", [], overwrite=False)
    assert (tmp_path / "empty.txt").read_bytes() == b""


def test_text_that_cannot_be_encoded_leaves_nothing(tmp_path: Path) -> None:
    archive = generated_thread(400)
    archive.posts[0].comments[350].blocks[-1].text += " \ud800"  # a lone surrogate
    out = tmp_path / "x.html"
    with pytest.raises(UnicodeEncodeError):
        render(archive, "p1").encode("utf-8")  # as the whole page always did
    with pytest.raises(UnicodeEncodeError):
        write_thread(archive, "p1", out, overwrite=False)
    assert list(tmp_path.iterdir()) == []


class _SetAfter(threading.Event):
    """An event that reads as set from its ``calls``-th look on (a cancel pressed midway)."""

    def __init__(self, calls: int) -> None:
        super().__init__()
        self.looks, self.calls = 0, calls

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks >= self.calls


@pytest.mark.parametrize("calls", [1, 3])
def test_a_cancelled_export_leaves_nothing_and_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: int
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_CHARS", 4096)
    archive = generated_thread(300)
    target = tmp_path / "thread.json"
    target.write_text("old", encoding="utf-8")
    cancel = _SetAfter(calls)
    with pytest.raises(ExportCancelled, match="cancelled"):
        write_thread(archive, "p1", target, overwrite=True, fmt="json", cancel=cancel)
    assert cancel.looks == calls  # stopped at the first look that found it set
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["thread.json"]
    results = tmp_path / "results.html"
    with pytest.raises(ExportCancelled):
        write_results(archive, [], "x", results, overwrite=False, cancel=_SetAfter(1))
    assert not results.exists()


def test_an_export_not_cancelled_is_written_whole(tmp_path: Path) -> None:
    archive = generated_thread(50)
    plain = write_thread(archive, "p1", tmp_path / "a.json", overwrite=False, fmt="json")
    watched = write_thread(
        archive, "p1", tmp_path / "b.json", overwrite=False, fmt="json", cancel=threading.Event()
    )
    assert plain.read_bytes() == watched.read_bytes()
