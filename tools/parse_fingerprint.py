"""Fingerprints of what the parser makes, to prove a speed change leaves every result unchanged.

.venv/bin/python tools/parse_fingerprint.py DUMP... > before.txt
(change the parser)
.venv/bin/python tools/parse_fingerprint.py DUMP... > after.txt && diff before.txt after.txt

Prints one sha256 per input: for each DUMP given, the JSON of ``talkback parse DUMP --json``
(layouts recognised) and the index rows of every post (``talkback.index.rows.post_rows``); for
the fixture pages, the bundled samples and the real sample (when present), the JSON read in
every layout and forced to each one; and for a few thousand pages spliced from those pages
(seeded line windows, glued, re-indented, with blank lines dropped), the JSON of each read in
every way. The spliced pages reach corners (ties between layouts, a learned template that nearly
wins, marks inside paragraphs) that generated corpora never do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

from talkback.core import archive_to_dict, parse_text
from talkback.core.dialects import DIALECTS
from talkback.index.rows import post_rows
from talkback.sources import ReadOptions, load_archive

ROOT = Path(__file__).resolve().parent.parent
PAGE_DIRS = [
    ROOT / "resources" / "samples",
    ROOT / "tests" / "fixtures" / "pages",
    ROOT / "tests" / "fixtures" / "hostile",
    ROOT.parent / "shared" / "samples",
]
#: every way a page is read: recognised (None), then forced to each layout
READINGS: list[str | None] = [None, *sorted(DIALECTS)]


def digest(value: object) -> str:
    """The sha256 of a JSON-able value, written as the CLI writes it."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dump_fingerprint(path: str) -> tuple[str, str]:
    """The parse JSON's and the index rows' sha256 of one dump."""
    archive = load_archive(path, ReadOptions())
    archive.source = Path(path).name
    rows = hashlib.sha256()
    for post in archive.posts:
        made = post_rows(post)
        rows.update(repr((made.post, made.post_words, made.comments, made.parents)).encode())
        rows.update(repr(made.words).encode())
    return digest(archive_to_dict(archive)), rows.hexdigest()


def page_texts() -> list[tuple[str, str]]:
    """Every fixture and sample page there is: (name, text)."""
    found = []
    for folder in PAGE_DIRS:
        for page in sorted(folder.glob("*.txt")):
            found.append((page.name, page.read_text(encoding="utf-8", errors="replace")))
    return found


def read_every_way(text: str, name: str) -> list[object]:
    """The JSON of ``text`` read in every layout, and forced to each one."""
    return [archive_to_dict(parse_text(text, source=name, dialect=dialect)) for dialect in READINGS]


def spliced_pages(pages: list[tuple[str, str]], count: int, seed: int) -> list[str]:
    """``count`` pages glued from random line windows of ``pages``, some re-indented or packed."""
    rng = random.Random(seed)
    lines_of = [text.splitlines() for _, text in pages]
    made = []
    for _ in range(count):
        out: list[str] = []
        for _ in range(rng.randint(1, 3)):
            lines = rng.choice(lines_of)
            if not lines:
                continue
            start = rng.randrange(len(lines))
            out += lines[start : start + rng.randint(5, 400)]
        twist = rng.random()
        if twist < 0.15:
            out = [line for line in out if line.strip() or rng.random() < 0.5]
        elif twist < 0.3:
            out = [(" " * rng.choice((0, 2, 4)) + line) if line else line for line in out]
        elif twist < 0.4:
            out = [line.upper() if rng.random() < 0.05 else line for line in out]
        made.append("\n".join(out) + "\n")
    return made


def main(argv: list[str] | None = None) -> int:
    """Print a sha256 per input."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="*", help="dumps to read as `talkback parse` does")
    parser.add_argument("--spliced", type=int, default=3000, help="spliced pages (default 3000)")
    args = parser.parse_args(argv)
    for path in args.dumps:
        parsed, rows = dump_fingerprint(path)
        print(f"{parsed}  parse {path}")
        print(f"{rows}  rows {path}")
    pages = page_texts()
    for name, text in pages:
        print(f"{digest(read_every_way(text, name))}  page {name} (every layout)")
    whole = hashlib.sha256()
    for number, text in enumerate(spliced_pages(pages, args.spliced, seed=1)):
        whole.update(digest(read_every_way(text, f"spliced-{number}")).encode())
    print(f"{whole.hexdigest()}  {args.spliced} spliced pages (every layout)")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
