"""What going on from a stopped index build saves: the rest of a build against a whole one.

    .venv/bin/python bench/resume_bench.py                     # the suite's 100 MB corpus
    .venv/bin/python bench/resume_bench.py --dump PATH --stop-at 0.5

Each step runs in a fresh process, into a scratch cache of its own:

- the baseline: ``build_index`` from scratch, the whole dump (as ``talkback index --rebuild``);
- a build cancelled once it has indexed ``--stop-at`` of the posts (the baseline's count), as
  Cancel in the window or Ctrl+C does;
- the next build, which goes on from the last batch the cancelled one ended: its time, the posts
  it found already indexed, and the ratio of its time to the baseline's.

The corpus is the suite's (``bench/suite.py --size 100`` generates it), or any ``--dump``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

DEFAULT_DUMP = "/tmp/talkback-bench-100/corpus-100mb-1000p-mixed"


def phase_full(dump: str) -> dict[str, Any]:
    """Build the index from scratch."""
    from talkback.index import IndexReader, build_index

    started = time.perf_counter()
    path = build_index(dump, resume=False)
    seconds = time.perf_counter() - started
    reader = IndexReader(path)
    posts = reader.post_count
    reader.close()
    return {"seconds": seconds, "posts": posts}


def phase_stop(dump: str, posts: str) -> dict[str, Any]:
    """Build, and cancel once ``posts`` posts are indexed."""
    from talkback.index import BuildProgress, IndexCancelled, build_index

    cancel = threading.Event()
    stop_at = int(posts)

    def progress(state: BuildProgress) -> None:
        if state.posts >= stop_at:
            cancel.set()

    started = time.perf_counter()
    try:
        build_index(dump, progress=progress, cancel=cancel, resume=False)
    except IndexCancelled:
        return {"seconds": time.perf_counter() - started, "cancelled": True}
    return {"seconds": time.perf_counter() - started, "cancelled": False}


def phase_resume(dump: str) -> dict[str, Any]:
    """Build again: it goes on from the stopped build."""
    from talkback.index import BuildProgress, build_index

    resumed: list[int] = []

    def progress(state: BuildProgress) -> None:
        if not resumed:
            resumed.append(state.resumed)

    started = time.perf_counter()
    build_index(dump, progress=progress)
    return {"seconds": time.perf_counter() - started, "resumed": resumed[0] if resumed else 0}


PHASES = {"full": phase_full, "stop": phase_stop, "resume": phase_resume}


def _child(cache: Path, phase: str, *arguments: str) -> dict[str, Any]:
    environment = dict(os.environ, TALKBACK_CACHE_DIR=str(cache))
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, *arguments],
        env=environment,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> int:
    """Run the three steps and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", default=DEFAULT_DUMP)
    parser.add_argument("--stop-at", type=float, default=0.5, help="share of the posts (0-1)")
    parser.add_argument("--phase", choices=sorted(PHASES))
    args, rest = parser.parse_known_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.dump, *rest)))
        return 0
    if not Path(args.dump).exists():
        raise SystemExit(f"{args.dump}: no such dump (bench/suite.py --size 100 makes it)")
    scratch = Path(tempfile.mkdtemp(prefix="talkback-resume-"))
    try:
        full = _child(scratch / "full", "full")
        stop_at = max(1, round(full["posts"] * args.stop_at))
        stopped = _child(scratch / "resumed", "stop", str(stop_at))
        resumed = _child(scratch / "resumed", "resume")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"dump: {args.dump} ({full['posts']:,} posts)")
    print(f"baseline, a whole build from scratch:   {full['seconds']:6.1f} s")
    print(f"a build cancelled at {stop_at:,} posts:      {stopped['seconds']:6.1f} s"
          f"   (cancelled: {stopped['cancelled']})")  # fmt: skip
    ratio = resumed["seconds"] / full["seconds"]
    print(
        f"the next build, going on from it:       {resumed['seconds']:6.1f} s"
        f"   {ratio:.2f}x the baseline; {resumed['resumed']:,} posts already indexed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
