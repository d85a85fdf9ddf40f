"""Exporting a huge thread from the window: does the window stay responsive, and at what memory?

    .venv/bin/python bench/gui_export.py                    # one post of 50,000 comments
    .venv/bin/python bench/gui_export.py --comments 10000   # smaller, for a quick look
    .venv/bin/python bench/gui_export.py --formats json --runs 3

A seeded page of one post with N comments (signature-after layout, replies and quotes; cached in
the temp folder) is opened in the window (offscreen). The post is then exported from the window
to HTML, Markdown and JSON, as File > Export Thread… does it with the save dialog answered at
once: rendered and written on the exporter's worker thread while the window's event loop runs.
A QTimer heartbeat (every 5 ms) measures the longest gap in the event loop meanwhile.

For each format it prints, beside baselines measured in the same run:

- the time from the export's start until the window is told the file is written, beside the
  same export rendered and written with no window at all (``write_thread`` called directly);
- the longest stall of the event loop while exporting, beside the longest stall while the window
  idles for as long as the export took (what the machine's own noise gives);
- the peak memory of the process while exporting (VmHWM, reset before each measurement), above
  what the process held before: the window's export and the direct one.

Target (issue 7): no stall over 100 ms, for all three formats.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication

from generate import Shape, generate
from gui_load import Heartbeat, measure_load
from gui_search import pause, wait_until
from talkback.core.model import Post
from talkback.export import Format, write_thread
from talkback.gui import export_actions
from talkback.gui.app import create_application
from talkback.gui.export_actions import FILTERS
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings

TARGET_MS = 100.0
FORMATS: list[Format] = ["html", "md", "json"]


@dataclass(slots=True)
class Figures:
    """One export's measurements (named by its format here): seconds, milliseconds and
    megabytes."""

    name: str
    size_mb: float
    direct_s: float
    direct_peak_mb: float
    window_s: float
    window_peak_mb: float
    stall_ms: float
    idle_stall_ms: float
    full_collections: int
    longest_collection_ms: float
    #: the direct export's peak of memory allocated by Python (tracemalloc), when measured
    traced_mb: float = 0.0


class CollectorWatch:
    """Counts the cyclic garbage collector's full collections and its longest pause (a full
    collection walks every object of the window's archive, with the interpreter lock held)."""

    def __init__(self) -> None:
        self.started = 0.0
        self.full = 0
        self.longest_ms = 0.0
        gc.callbacks.append(self._phase)

    def reset(self) -> None:
        """Start counting afresh."""
        self.full, self.longest_ms = 0, 0.0

    def _phase(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
            return
        self.longest_ms = max(self.longest_ms, (time.perf_counter() - self.started) * 1000)
        self.full += info["generation"] == 2


def dump_with(comments: int, seed: int) -> Path:
    """A page of one post with ``comments`` comments, generated once and cached."""
    target = Path(tempfile.gettempdir()) / f"talkback-bench-export-{comments}c-seed{seed}.txt"
    if not target.exists():
        print(f"generating {target} …", flush=True)
        partial = target.with_suffix(".partial")
        generate(partial, Shape(size_bytes=1 << 40, comments_per_page=comments, seed=seed))
        partial.rename(target)
    return target


def memory_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024 / 1e6
    raise SystemExit(f"no {field} in /proc/self/status (this benchmark needs Linux)")


def reset_peak() -> float:
    """Make the peak (VmHWM) the current resident size; returns that size in MB."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")
    return memory_mb("VmRSS")


def export_in_window(window: MainWindow, post: Post, target: Path, fmt: Format) -> None:
    """File > Export Thread… on ``post``, the save dialog answering ``target`` at once; returns
    when the exporter has started (the writing goes on in the background)."""
    export_actions.ask_save_path = lambda *_args: (str(target), FILTERS[fmt])  # type: ignore[assignment]
    window.features.exporter.export_thread(post)


def measure(
    window: MainWindow, beat: Heartbeat, watch: CollectorWatch, fmt: Format, folder: Path
) -> Figures:
    """Export the window's first post in ``fmt`` directly, then from the window, then idle."""
    app = QApplication.instance()
    assert app is not None
    archive = window.model.archive
    post = archive.posts[0]
    target = folder / f"thread{FORMATS.index(fmt)}.{fmt}"

    before = reset_peak()
    started = time.perf_counter()
    write_thread(archive, post.id, target, overwrite=True, fmt=fmt)
    direct_s = time.perf_counter() - started
    direct_peak = memory_mb("VmHWM") - before
    size_mb = target.stat().st_size / 1e6
    target.unlink()
    pause(200)

    exporter = window.features.exporter
    outcome: list[str] = []
    exporter.written.connect(outcome.append)
    exporter.failed.connect(lambda message: outcome.append("failed: " + message))
    before = reset_peak()
    watch.reset()
    beat.start()
    started = time.perf_counter()
    export_in_window(window, post, target, fmt)
    wait_until(lambda: bool(outcome), timeout_s=600)
    window_s = time.perf_counter() - started
    stall = beat.stop()
    window_peak = memory_mb("VmHWM") - before
    full, longest_gc = watch.full, watch.longest_ms
    exporter.written.disconnect()
    exporter.failed.disconnect()
    exporter.wait()
    if outcome[0] != str(target):
        raise SystemExit(f"the export did not succeed: {outcome[0]}")
    target.unlink()
    app.processEvents()

    beat.start()
    pause(max(1, round(window_s * 1000)))
    idle = beat.stop()
    return Figures(
        fmt, size_mb, direct_s, direct_peak, window_s, window_peak, stall, idle, full, longest_gc
    )


def worst_of(runs: list[Figures]) -> Figures:
    """The runs of one export summed up: median times, worst stalls, highest peaks."""
    return Figures(
        runs[0].name,
        runs[0].size_mb,
        statistics.median(run.direct_s for run in runs),
        max(run.direct_peak_mb for run in runs),
        statistics.median(run.window_s for run in runs),
        max(run.window_peak_mb for run in runs),
        max(run.stall_ms for run in runs),
        max(run.idle_stall_ms for run in runs),
        max(run.full_collections for run in runs),
        max(run.longest_collection_ms for run in runs),
        max(run.traced_mb for run in runs),
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description="Export a huge thread from the window.")
    parser.add_argument("--comments", type=int, default=50_000, help="comments in the post")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1, help="exports of each format")
    parser.add_argument("--formats", default="html,md,json", help="comma-separated formats")
    args = parser.parse_args(argv)
    formats = [fmt for fmt in FORMATS if fmt in args.formats.split(",")]
    path = dump_with(args.comments, args.seed)

    create_application()
    results: list[Figures] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        window = MainWindow(Settings.at(folder / "bench.ini"), remember=False)
        window.resize(1280, 800)
        window.show()
        beat = Heartbeat()
        watch = CollectorWatch()
        load = measure_load(window, path, beat)
        archive = window.model.archive
        print(
            f"dump: {path} ({path.stat().st_size / 1e6:.1f} MB, {archive.comment_count:,} "
            f"comments in {len(archive.posts)} post, read in {load['total']:.1f} s); "
            f"process {memory_mb('VmRSS'):.0f} MB"
        )
        window.tree.select_node(archive.posts[0])
        pause(300)
        for fmt in formats:
            runs = [measure(window, beat, watch, fmt, folder) for _ in range(args.runs)]
            results.append(worst_of(runs))
        window.features.shutdown()
        window.loader.shutdown()
        window.close()

    print(
        f"{'format':<6} {'file':>8} {'direct':>9} {'window':>9} {'ratio':>6} "
        f"{'stall':>8} {'idle stall':>11} {'peak direct':>12} {'peak window':>12} {'full gc':>8}"
    )
    for row in results:
        print(
            f"{row.name:<6} {row.size_mb:>5.1f} MB {row.direct_s:>7.2f} s {row.window_s:>7.2f} s "
            f"{row.window_s / row.direct_s:>5.2f}x {row.stall_ms:>5.0f} ms "
            f"{row.idle_stall_ms:>8.0f} ms "
            f"{row.direct_peak_mb:>+9.0f} MB {row.window_peak_mb:>+9.0f} MB "
            f"{row.full_collections:>2} {row.longest_collection_ms:>3.0f} ms"
        )
    print(
        "(direct = write_thread with no window; window = from the export's start to the window "
        "told it is written;\n stall = longest event-loop gap while exporting, idle stall = while "
        "idling as long;\n peak = the process's peak resident memory above what it held before; "
        f"median of {args.runs} run(s), worst stall and peak;\n full gc = full collections of "
        "the cyclic garbage collector while exporting, and the longest collection of any kind)"
    )
    worst = max(row.stall_ms for row in results)
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"worst stall {worst:.0f} ms; target {TARGET_MS:.0f} ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
