"""CPU seconds per MB of parsing a dump (``read_dump``), the figure the parser's speed work tracks.

.venv/bin/python bench/parse_cpu.py DUMP [--runs 5] [--rows | --worker] [--against OTHER_SRC]

Prints the best and median ``time.process_time()`` of several runs of reading every post of the
dump (with ``--rows``, also making each post's index rows, as the index's workers do). CPU time,
not wall time: on a shared machine it is the steadier figure. ``--against`` names another
checkout's ``src`` folder (say, main's): both are then run in turns in fresh processes, so the
ratio printed compares the two under the same load.

``--worker`` measures what a parsing worker of an index build does, in one process: its set-up
(``talkback.sources.parallel.tune_worker_gc``, where the checkout has it), each page parsed and
its rows made by the worker's own job (``read_prepared`` with ``post_rows``), and the rows
pickled as they are sent to the indexing process.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def measure(dump: str, rows: bool) -> float:
    """CPU seconds of one read of ``dump`` in this process."""
    from talkback.core.model import Post
    from talkback.index.rows import post_rows
    from talkback.sources import read_dump

    start = time.process_time()
    for item in read_dump(dump):
        if rows and isinstance(item, Post):
            post_rows(item)
    return time.process_time() - start


def measure_worker(dump: str) -> float:
    """CPU seconds of one read of ``dump`` in this process, as a worker of an index build."""
    from talkback.index.rows import PostRows, post_rows
    from talkback.sources import parallel, read_prepared

    tune = getattr(parallel, "tune_worker_gc", None)  # a checkout from before it has none
    if tune is not None:
        tune()
    start = time.process_time()
    for item in read_prepared(dump, post_rows):
        if isinstance(item, PostRows):
            pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    return time.process_time() - start


def run_in(src: Path, dump: str, mode: str) -> float:
    """CPU seconds of one read in a fresh process importing talkback from ``src``."""
    command = [sys.executable, __file__, dump, "--once"] + ([f"--{mode}"] if mode else [])
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return float(done.stdout)


def size_mb(dump: str) -> float:
    """The dump's size in MB (a folder: all its files)."""
    path = Path(dump)
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump")
    parser.add_argument("--runs", type=int, default=5)
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--rows", action="store_true", help="also make the index rows")
    kind.add_argument("--worker", action="store_true", help="as an index build's worker")
    parser.add_argument("--against", type=Path, help="another src folder to compare with")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(measure_worker(args.dump) if args.worker else measure(args.dump, args.rows))
        return 0
    mode = "worker" if args.worker else "rows" if args.rows else ""
    mb = size_mb(args.dump)
    sources = {"this": SRC} | ({"against": args.against} if args.against else {})
    times: dict[str, list[float]] = {name: [] for name in sources}
    for _ in range(args.runs):
        for name, src in sources.items():
            times[name].append(run_in(src, args.dump, mode))
    for name, found in times.items():
        best, median = min(found), statistics.median(found)
        print(
            f"{name:8} best {best:.2f} s ({best / mb:.4f} s/MB), median {median:.2f} s "
            f"({median / mb:.4f} s/MB), {args.runs} runs, {mb:.1f} MB"
        )
    if args.against:
        ratio = min(times["this"]) / min(times["against"])
        print(f"this / against (best): {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
