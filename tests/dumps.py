"""Dumps for the source tests: generated pages, archives of every kind, nothing-lost checks.

Every archive is made in the test's tmp_path from the bundled sample pages, the fixture pages and
small generated pages, never from third-party text.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import tarfile
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import zstandard

from accounting import assert_nothing_lost
from fixture_pages import fixture_pages
from talkback.core.serialize import archive_to_dict
from talkback.sources import ReadOptions, load_archive

NAMES = ["Ann Reader", "bob", "Carla M.", "dmitri", "Eve Q"]


def generated_page(number: int, comments: int = 3) -> str:
    """A small comment page of its own: a title, a byline, an article and ``comments`` comments."""
    lines = [
        f"Generated post number {number}",
        "",
        f"posted at 9:00 am on May {1 + number % 28}, 2008 by Editor {number}",
        "",
        f"This is the article of generated post {number}. It talks about item {number * 7}.",
        "",
        "Comments",
        "",
    ]
    start = datetime(2008, 5, 1 + number % 28, 10, 0)
    for index in range(comments):
        name = NAMES[(number + index) % len(NAMES)]
        when = start + timedelta(minutes=index)
        lines += [
            f"Comment {index + 1} on post {number}: I think item {number * 7 + index} matters.",
            "",
            f"{name} on {when:%B} {when.day}, {when.year} at {when:%I:%M %p}".replace(" 0", " "),
            "",
        ]
    return "\n".join(lines)


def page_files(count: int) -> dict[str, bytes]:
    """``count`` pages by name: the bundled and fixture pages first, then generated ones."""
    files: dict[str, bytes] = {}
    for page in fixture_pages():
        if len(files) < count:
            files[f"fixtures/{page.name}"] = page.read_bytes()
    number = 0
    while len(files) < count:
        number += 1
        files[f"generated/page-{number:04d}.txt"] = generated_page(number).encode()
    return files


def zip_bytes(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of ``files`` (in their order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(files: dict[str, bytes]) -> bytes:
    """An uncompressed tar archive of ``files`` (in their order)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1_200_000_000
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def compress(data: bytes, kind: str) -> bytes:
    """``data`` compressed as a single gzip, bzip2, xz or zstd stream."""
    if kind == "gzip":
        return gzip.compress(data, mtime=0)
    if kind == "bzip2":
        return bz2.compress(data)
    if kind == "xz":
        return lzma.compress(data)
    if kind == "zstd":
        return zstandard.ZstdCompressor().compress(data)
    raise ValueError(kind)


#: container kind -> (file suffix, builder of the container's bytes from files)
CONTAINERS: dict[str, tuple[str, Any]] = {
    "zip": (".zip", zip_bytes),
    "zip-stored": (".zip", lambda files: zip_bytes(files, zipfile.ZIP_STORED)),
    "tar": (".tar", tar_bytes),
    "tar.gz": (".tar.gz", lambda files: compress(tar_bytes(files), "gzip")),
    "tgz": (".tgz", lambda files: compress(tar_bytes(files), "gzip")),
    "tar.bz2": (".tar.bz2", lambda files: compress(tar_bytes(files), "bzip2")),
    "tar.xz": (".tar.xz", lambda files: compress(tar_bytes(files), "xz")),
    "tar.zst": (".tar.zst", lambda files: compress(tar_bytes(files), "zstd")),
}


def read_document(dump: Path, options: ReadOptions | None = None) -> dict[str, Any]:
    """The contract's JSON document for ``dump``, read through ``load_archive``."""
    return archive_to_dict(load_archive(dump, options))


def assert_pages_intact(document: dict[str, Any], pages: dict[str, str]) -> None:
    """Every page in ``pages`` (where -> text) is a post of ``document`` with nothing lost."""
    by_where = {post["where"]: post for post in document["posts"]}
    for where, text in pages.items():
        assert where in by_where, f"{where} missing; have {sorted(by_where)[:5]}"
        assert_nothing_lost(text, {"posts": [by_where[where]], "problems": []})


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file below ``folder``: its content hash and modification time (to prove untouched)."""
    found: dict[str, tuple[str, int]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path)] = (digest, path.stat().st_mtime_ns)
    return found
