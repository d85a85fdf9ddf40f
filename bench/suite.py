"""Talkback's benchmark suite: one command, every figure issue 7 asks for, beside baselines.

    .venv/bin/python bench/suite.py --size 100            # a 100 MB corpus (about 4 minutes)
    .venv/bin/python bench/suite.py --size 1000           # the 1 GB target
    .venv/bin/python bench/suite.py --size 20 --quick     # a smoke run

It generates (once, seeded, in ``--workdir``) a corpus of pages in every comment layout with quotes
and replies, then runs each measurement in a fresh child process, so that peak memory is the child's
own and nothing is warm that a user's first run would not have warm (apart from the OS page cache,
which the bare baseline warms first for everyone):

- bare baseline: read every file and run one regular expression for signature-like lines;
- parse: ``talkback.sources.read_dump`` over the whole corpus, and over its first half (to show that
  doubling the dump doubles the time);
- cold index: ``talkback.index.build_index``, with the CPU time of the process that writes the
  index (the workers that parse the pages aside), to show whether writing holds the build back;
- reopen: open the index and list every post, as the window does on reopening;
- search: p50/p95 of a set of queries through the index, beside a plain substring scan of the same
  texts in the same process;
- export: the largest post to one HTML page;
- with ``--gui``: the window's first rows and longest event-loop stall (bench/gui_load.py), then
  the same on an indexed corpus read a post at a time, with peak memory (bench/gui_index.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUERIES = [
    "lumi", "pa ne", '"bo da"', "veba OR ri", "author:~theo", "is:reply", "has:quote lumi",
    "replies:>2", "-pa ne", "after:2008-03-05 ri", "zefi*",
]  # fmt: skip
SIGNATURE_LIKE = re.compile(rb"(?m)^.{1,120}?\b(?:19|20)\d\d\b.{0,24}?\d{1,2}:\d\d.*$")


def _corpus(args: argparse.Namespace) -> Path:
    workdir = Path(args.workdir)
    corpus = workdir / f"corpus-{args.size:g}mb-{args.pages}p-{args.layout}"
    if not (corpus / ".complete").exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(corpus), "--size", str(args.size),
             "--pages", str(args.pages), "--layout", args.layout],
            check=True,
        )  # fmt: skip
        (corpus / ".complete").write_text("")
    return corpus


def _child(phase: str, *extra: str) -> tuple[dict[str, Any], float]:
    """Run one phase in a fresh process; its JSON result and its peak memory in MB."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--phase", phase, *extra], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"phase {phase} failed ({status})")
    return json.loads(out), usage.ru_maxrss / 1024


# -- phases (run in the child) --------------------------------------------------------------------


def phase_baseline(corpus: str) -> dict[str, Any]:
    files = sorted(p for p in Path(corpus).rglob("*.txt"))
    started = time.perf_counter()
    size = lines = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        lines += len(SIGNATURE_LIKE.findall(data))
    return {"seconds": time.perf_counter() - started, "bytes": size, "signatures": lines}


def phase_parse(corpus: str, half: str = "") -> dict[str, Any]:
    from talkback.core.model import Post
    from talkback.sources import read_dump

    target = Path(corpus)
    if half:
        target = Path(half)
        if not target.exists():
            target.mkdir(parents=True)
            pages = sorted(Path(corpus).glob("*.txt"))
            for page in pages[: len(pages) // 2]:
                os.link(page, target / page.name)  # a link outside the folder would be refused
    started = time.perf_counter()
    posts = comments = 0
    for item in read_dump(target):
        if isinstance(item, Post):
            posts += 1
            comments += len(item.comments)
    size = sum(p.stat().st_size for p in target.glob("*.txt"))
    return {"seconds": time.perf_counter() - started, "bytes": size, "posts": posts,
            "comments": comments}  # fmt: skip


def phase_index(corpus: str) -> dict[str, Any]:
    from talkback.index import build_index

    started = time.perf_counter()
    cpu = time.process_time()  # this process only: the reading and writing one, not the workers
    path = build_index(corpus)
    return {"seconds": time.perf_counter() - started, "index_bytes": path.stat().st_size,
            "writer_cpu": time.process_time() - cpu}  # fmt: skip


def phase_reopen(corpus: str) -> dict[str, Any]:
    started = time.perf_counter()
    from talkback.index import IndexReader

    reader = IndexReader.open_for(corpus)
    assert reader is not None, "no current index"
    posts = list(reader.posts())
    return {"seconds": time.perf_counter() - started, "posts": len(posts)}


def phase_search(corpus: str, repeat: str = "5") -> dict[str, Any]:
    from talkback.index import IndexReader
    from talkback.index.search import search_index
    from talkback.search import compile_query

    reader = IndexReader.open_for(corpus)
    assert reader is not None
    timings: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for query_text in QUERIES:
        query = compile_query(query_text)
        for _ in range(int(repeat)):
            started = time.perf_counter()
            found = 0
            for _hit in search_index(reader, query):
                found += 1
                if found >= 200:  # the first screenful of results and the count of a page
                    break
            timings.setdefault(query_text, []).append(time.perf_counter() - started)
            hits[query_text] = found
    texts = [row[0] for row in reader.connection.execute("SELECT text FROM comments")]
    scan: list[float] = []
    for needle in ("lumi", "zefi", "bo da"):
        started = time.perf_counter()
        sum(1 for text in texts if needle in text.casefold())
        scan.append(time.perf_counter() - started)
    every = sorted(t for values in timings.values() for t in values)
    return {
        "p50": statistics.median(every),
        "p95": every[int(0.95 * (len(every) - 1))],
        "per_query": {q: statistics.median(v) for q, v in timings.items()},
        "hits": hits,
        "scan_median": statistics.median(scan),
        "comments": len(texts),
    }


def phase_export(corpus: str, out: str) -> dict[str, Any]:
    from talkback.export import write_thread
    from talkback.index import IndexReader

    reader = IndexReader.open_for(corpus)
    assert reader is not None
    post_id = max(reader.posts(), key=lambda item: item[2])[1].id
    post = reader.load_post(post_id)
    assert post is not None
    from talkback.core.model import Archive

    archive = Archive(corpus)
    archive.add_post(post)
    started = time.perf_counter()
    write_thread(archive, post_id, Path(out), overwrite=True)
    return {"seconds": time.perf_counter() - started, "comments": len(post.comments)}


PHASES = {
    "baseline": phase_baseline, "parse": phase_parse, "index": phase_index,
    "reopen": phase_reopen, "search": phase_search, "export": phase_export,
}  # fmt: skip


# -- the report -----------------------------------------------------------------------------------


def main() -> int:
    """Run the suite (or, with --phase, one phase in this process)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--size", type=float, default=100, help="corpus size in MB")
    parser.add_argument("--pages", type=int, default=0, help="pages (default: one per 100 KB)")
    parser.add_argument("--layout", default="mixed")
    parser.add_argument("--workdir", default="/tmp/talkback-bench")
    parser.add_argument("--gui", action="store_true", help="also run bench/gui_load.py")
    parser.add_argument("--quick", action="store_true", help="fewer search repetitions")
    args, rest = parser.parse_known_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](*rest)))
        return 0
    if not args.pages:
        args.pages = max(1, int(args.size * 10))
    os.environ.setdefault("TALKBACK_CACHE_DIR", str(Path(args.workdir) / "cache"))
    corpus = str(_corpus(args))
    print(f"corpus: {corpus} ({args.size:g} MB, {args.pages} pages, layout {args.layout})")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    base, _ = _child("baseline", corpus)
    mb = base["bytes"] / 1e6
    bare = mb / base["seconds"]
    print(f"bare scan (read + one regex):  {bare:8.1f} MB/s   ({base['seconds']:.2f} s)")
    half, _ = _child("parse", corpus, corpus + "-half")
    full, parse_mem = _child("parse", corpus)
    rate = mb / full["seconds"]
    print(
        f"parse:                         {rate:8.2f} MB/s   ratio to bare {rate / bare:.3f}   "
        f"peak {parse_mem:.0f} MB   ({full['posts']} posts, {full['comments']} comments)"
    )
    time_ratio = full["seconds"] / half["seconds"]
    size_ratio = full["bytes"] / half["bytes"]
    print(
        f"doubling the dump:             x{time_ratio:.2f} time for x{size_ratio:.2f} bytes "
        f"({abs(time_ratio / size_ratio - 1) * 100:.0f}% from linear)"
    )
    index, index_mem = _child("index", corpus)
    irate = mb / index["seconds"]
    print(
        f"cold index:                    {irate:8.2f} MB/s   ratio to bare {irate / bare:.3f}   "
        f"peak {index_mem:.0f} MB   {index['seconds']:.1f} s, index "
        f"{index['index_bytes'] / 1e6:.0f} MB"
    )
    print(
        f"    the process that reads the dump and writes the index: "
        f"{index['writer_cpu'] / mb:.3f} s CPU per MB, busy "
        f"{index['writer_cpu'] / index['seconds'] * 100:.0f}% of the build (pages are parsed in "
        f"{os.cpu_count()} worker processes)"
    )
    reopen, reopen_mem = _child("reopen", corpus)
    print(
        f"reopen (index + post list):    {reopen['seconds']:8.3f} s      peak {reopen_mem:.0f} MB"
    )
    search, _ = _child("search", corpus, "2" if args.quick else "5")
    print(
        f"search via index (first 200):  p50 {search['p50'] * 1000:.1f} ms, p95 "
        f"{search['p95'] * 1000:.1f} ms   plain scan of {search['comments']} comments: "
        f"{search['scan_median'] * 1000:.0f} ms"
    )
    for query, seconds in search["per_query"].items():
        print(f"    {query:24} {seconds * 1000:8.1f} ms  {search['hits'][query]} hits")
    export, _ = _child("export", corpus, str(Path(args.workdir) / "export.html"))
    print(
        f"export largest post (HTML):    {export['seconds']:8.3f} s      "
        f"({export['comments']} comments)"
    )
    if args.gui:
        subprocess.run([sys.executable, str(HERE / "gui_load.py"), "--size", str(min(args.size,
                        100))], check=False)  # fmt: skip
        subprocess.run([sys.executable, str(HERE / "gui_load.py"), "--indexed"], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
