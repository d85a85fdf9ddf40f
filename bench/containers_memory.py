"""Reading a large compressed archive streams: memory stays flat however big the dump is.

Builds a .tar.zst of generated comment pages (``--megabytes`` uncompressed, 64 by default; try
1024 or more for a multi-GB run) in a temporary folder, then, each in a fresh interpreter:

- unpack only: tarfile and zstandard alone, reading every member's bytes;
- the baseline: the same, handing each member's bytes to the core page parser (``parse_bytes``);
- Talkback: ``read_dump`` over the file (detection, limits, streams, ids, then the same parser).

Posts are counted, not kept. Prints each run's time and peak resident memory, and Talkback's time
as a ratio of the baseline's (the cost of the container machinery). Talkback's peak memory must not
grow with the archive's size: compare ``--megabytes 64`` with ``--megabytes 1024``.

    .venv/bin/python bench/containers_memory.py --megabytes 64
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import zstandard

NAMES = ["Ann Reader", "bob", "Carla M.", "dmitri", "Eve Q"]


def page(number: int) -> bytes:
    """One generated comment page of about 1.3 KB."""
    day = 1 + number % 28
    lines = [f"Generated post number {number}", "", f"posted at 9:00 am on May {day}, 2008 by Ed",
             "", f"The article of post {number}. " * 8, "", "Comments", ""]  # fmt: skip
    for index in range(12):
        name = NAMES[(number + index) % 5]
        lines += [f"Comment {index} on {number}: item {number * 7 + index} matters a lot.", "",
                  f"{name} on May {day}, 2008 at 10:{index:02d} AM", ""]  # fmt: skip
    return "\n".join(lines).encode()


def build(path: Path, megabytes: int) -> int:
    """Write the archive; gives the number of pages."""
    target = megabytes * 1024 * 1024
    written = number = 0
    with (
        path.open("wb") as raw,
        zstandard.ZstdCompressor(level=3).stream_writer(raw) as packed,
        tarfile.open(fileobj=packed, mode="w|") as archive,
    ):
        while written < target:
            number += 1
            data = page(number)
            info = tarfile.TarInfo(f"pages/{number // 1000:04d}/page-{number}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            written += len(data)
    return number


def read_unpack(path: Path, parse: bool = False) -> dict[str, float]:
    """Unpack every member with tarfile and zstandard alone (and parse it, with ``parse``)."""
    from talkback.core.parser import parse_bytes

    start = time.perf_counter()
    members = comments = 0
    with path.open("rb") as raw:
        stream = zstandard.ZstdDecompressor().stream_reader(raw)
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for info in archive:
                member = archive.extractfile(info)
                if member is None:
                    continue
                data = member.read()
                members += 1
                if parse:
                    post, _ = parse_bytes(data, where=info.name, post_id=f"p{members}")
                    comments += len(post.comments) if post else 0
    return {"seconds": time.perf_counter() - start, "items": members, "comments": comments}


def read_talkback(path: Path) -> dict[str, float]:
    """Read the dump with Talkback, parsing every page."""
    from talkback.core.model import Post
    from talkback.sources import read_dump

    start = time.perf_counter()
    posts = comments = 0
    for item in read_dump(path):
        if isinstance(item, Post):
            posts += 1
            comments += len(item.comments)
    return {"seconds": time.perf_counter() - start, "items": posts, "comments": comments}


def measure(mode: str, path: Path) -> dict[str, float]:
    """Run one reader in a fresh interpreter; its figures and its peak memory."""
    result = subprocess.run(
        [sys.executable, __file__, "--read", mode, str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def main() -> None:
    """Build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=64)
    parser.add_argument("--read", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        mode, path = args.read
        if mode == "talkback":
            figures = read_talkback(Path(path))
        else:
            figures = read_unpack(Path(path), parse=mode == "baseline")
        figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.tar.zst"
        pages = build(path, args.megabytes)
        size = path.stat().st_size
        print(f"archive: {pages} pages, {args.megabytes} MiB of text, {size / 2**20:.1f} MiB zstd")
        runs = {mode: measure(mode, path) for mode in ("unpack", "baseline", "talkback")}
        assert runs["talkback"]["items"] == pages, runs
        assert runs["talkback"]["comments"] == runs["baseline"]["comments"], runs
        labels = {
            "unpack": "unpack only (tarfile + zstandard)",
            "baseline": "baseline (unpack + core parse_bytes)",
            "talkback": "talkback read_dump",
        }
        for mode, figures in runs.items():
            seconds, peak = figures["seconds"], figures["peak_mib"]
            print(f"{labels[mode]:<40} {seconds:7.2f} s   peak {peak:5.0f} MiB")
        ratio = runs["talkback"]["seconds"] / runs["baseline"]["seconds"]
        print(
            f"ratio talkback / baseline: {ratio:.2f}x; {runs['talkback']['comments']:.0f} comments"
        )


if __name__ == "__main__":
    main()
