"""File and member names that are not valid UTF-8 (``caf\\xe9.txt`` from a Latin-1 system).

Python holds such a name with surrogates (PEP 383), which no UTF-8 output takes: the index, the
exports and ``parse --json`` failed with an internal error on a folder holding one. A name is
shown (``where``, ``source``) with its undecodable bytes written ``\\xe9``, while the dump itself
is still found by its real path.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from dumps import generated_page, read_document
from talkback.core.serialize import archive_to_dict
from talkback.core.text import name_label
from talkback.export import render_thread, render_thread_markdown
from talkback.index.builder import build_index
from talkback.index.cache import list_cache
from talkback.index.reader import IndexReader
from talkback.sources import load_archive

LATIN1_NAME = os.fsdecode(b"caf\xe9.txt")


def test_a_name_label_writes_undecodable_bytes_as_escapes() -> None:
    assert name_label(LATIN1_NAME) == "caf\\xe9.txt"
    assert name_label("café.txt") == "café.txt"
    assert name_label("lone \ud83d half") == "lone \ufffd half"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / LATIN1_NAME).write_text(generated_page(1), encoding="utf-8")
    (folder / "ok.txt").write_text(generated_page(2), encoding="utf-8")
    return folder


def assert_utf8_document(document: dict[str, object]) -> None:
    json.dumps(document, ensure_ascii=False).encode("utf-8")  # no surrogate anywhere


def test_a_folder_entry_is_named_with_escapes(folder: Path) -> None:
    document = read_document(folder)
    assert [post["where"] for post in document["posts"]] == [
        f"{folder}/caf\\xe9.txt",
        f"{folder}/ok.txt",
    ]
    assert document["posts"][0]["comments"][0]["where"] == f"{folder}/caf\\xe9.txt:9"
    assert_utf8_document(document)


def test_a_tar_member_is_named_with_escapes(tmp_path: Path) -> None:
    data = generated_page(1).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        info = tarfile.TarInfo(LATIN1_NAME)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    dump = tmp_path / "pages.tar"
    dump.write_bytes(buffer.getvalue())
    document = read_document(dump)
    assert document["posts"][0]["where"] == f"{dump}!caf\\xe9.txt"
    assert_utf8_document(document)


def test_a_folder_holding_one_is_indexed_and_read_back_the_same(folder: Path) -> None:
    parsed = archive_to_dict(load_archive(folder))
    build_index(folder)
    reader = IndexReader.open_for(folder)
    assert reader is not None
    indexed = archive_to_dict(reader.load_archive())
    reader.close()
    assert indexed == parsed


def test_a_page_so_named_is_indexed_exported_and_its_index_knows_it(tmp_path: Path) -> None:
    page = tmp_path / LATIN1_NAME
    page.write_text(generated_page(1), encoding="utf-8")
    archive = load_archive(page)
    assert archive.source == f"{tmp_path}/caf\\xe9.txt"
    assert "caf\\xe9.txt" in render_thread(archive, "p1")
    assert "caf\\\\xe9.txt" in render_thread_markdown(archive, "p1")  # a Markdown escape
    build_index(page)
    reader = IndexReader.open_for(page)
    assert reader is not None
    assert reader.load_archive().source == archive.source
    reader.close()
    (entry,) = list_cache()
    assert (entry.dump, entry.dump_exists) == (os.fspath(page), True)


def test_parse_json_prints_it_on_a_strict_utf8_terminal(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "talkback", "parse", "--json", os.fspath(folder)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout.decode("utf-8"))
    assert document["posts"][0]["where"] == f"{folder}/caf\\xe9.txt"


def test_the_cache_listing_names_such_a_dump(tmp_path: Path) -> None:
    page = tmp_path / LATIN1_NAME
    page.write_text(generated_page(1), encoding="utf-8")
    build_index(page)
    result = subprocess.run(
        [sys.executable, "-m", "talkback", "index", "--list"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").splitlines()[1].endswith(f"{tmp_path}/caf\\xe9.txt")


def test_an_export_to_such_a_name_says_where_it_went(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(generated_page(1), encoding="utf-8")
    out = tmp_path / os.fsdecode(b"thread-\xe9.html")
    result = subprocess.run(
        [sys.executable, "-m", "talkback", "export", os.fspath(page), "-o", os.fspath(out)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        check=False,
    )
    assert result.returncode == 0, result.stderr  # it was written, then the message failed
    assert out.stat().st_size > 1000
    assert result.stdout.decode("utf-8").endswith(f" to {tmp_path}/thread-\\xe9.html\n")
