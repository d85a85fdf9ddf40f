"""Exporting search results, and exporting from an indexed dump: does the window stay responsive?

    .venv/bin/python bench/gui_export_results.py      # 3,000 pages of 30 comments + one of 100,000
    .venv/bin/python bench/gui_export_results.py --pages 300 --big 20000 --query 'ba*'  # quick
    .venv/bin/python bench/gui_export_results.py --runs 2
    .venv/bin/python bench/gui_export_results.py --traced   # and Python's own peak (tracemalloc)

The corpus is ``bench/gui_index.py``'s (generated, seeded, cached in /tmp and indexed once into
its cache). It is opened in the window (offscreen) twice:

1. read whole, as a dump without an index opens (the index cache pointed at an empty folder):
   the query (``ba* be*``: 99,944 matches in the default corpus) is searched in the window, then
   File > Export Search Results… writes every match;
2. from its index, as a dump with a current index opens (posts read a post at a time): the
   biggest post (100,000 comments) is selected and read, then File > Export Thread… writes it;
   the same query is searched in the index and File > Export Search Results… writes the matches.

Each export is made as the menu makes it, the save dialog answered at once: on the exporter's
worker thread while the window's event loop runs, a QTimer heartbeat (every 5 ms) measuring its
longest gap. For each it prints, beside baselines measured in the same run:

- the time from the export's start until the window is told the file is written, beside the same
  export written with no window (``write_results`` / ``write_thread`` called directly, the hits
  listed as the window lists them);
- the longest stall of the event loop while exporting, beside the longest while the window idles
  for as long;
- the peak memory of the process while exporting (VmHWM, reset before), above what it held
  before: the direct export's and the window's (memory freed earlier and reused does not show);
- with ``--traced``, the direct export once more under tracemalloc: the peak of what Python
  allocated for it (for the thread from the index, reading the post with ``load_post`` included).

Targets: no stall over 100 ms; well under 100 MB of extra memory for 100,000 hits.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication

from gui_export import CollectorWatch, Figures, memory_mb, reset_peak, worst_of
from gui_index import corpus_for, ensure_index
from gui_load import Heartbeat, measure_load
from gui_search import pause, wait_until
from talkback.core.model import Archive
from talkback.export import write_results, write_thread
from talkback.gui import export_actions
from talkback.gui.app import create_application
from talkback.gui.export_actions import FILTERS
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings
from talkback.index import IndexReader
from talkback.index.browse import IndexedPost
from talkback.index.location import CACHE_ENV

TARGET_MS = 100.0
TARGET_MB = 100.0
QUERY = "ba* be*"


class Bench:
    """The window, its heartbeat, the collector's watch and a scratch folder."""

    def __init__(self, folder: Path, traced: bool = False) -> None:
        self.folder = folder
        self.traced = traced
        self.window = MainWindow(Settings.at(folder / "bench.ini"), remember=False)
        self.window.resize(1280, 800)
        self.window.show()
        self.beat = Heartbeat()
        self.watch = CollectorWatch()

    def open(self, dump: Path) -> float:
        """Open ``dump`` and wait until it is read; the seconds it took."""
        return measure_load(self.window, dump, self.beat)["total"]

    def search(self, text: str) -> int:
        """Search for ``text`` in the window and wait for the result; how many matches."""
        search = self.window.features.search
        search.search_for(text)
        wait_until(lambda: search.result is not None and not search._pending, timeout_s=600)
        pause(200)
        assert search.result is not None
        return search.result.count

    def measure(
        self, name: str, direct: Callable[[Path], None], in_window: Callable[[], None]
    ) -> Figures:
        """Write one export directly (``direct(target)``), then from the window (``in_window()``,
        the save dialog answering the same target), then idle as long."""
        app = QApplication.instance()
        assert app is not None
        target = self.folder / "export.html"
        before = reset_peak()
        started = time.perf_counter()
        direct(target)
        direct_s = time.perf_counter() - started
        direct_peak = memory_mb("VmHWM") - before
        size_mb = target.stat().st_size / 1e6
        target.unlink()
        gc.collect()  # the direct export's cyclic garbage, not to be collected during the next
        traced = self.trace(direct, target) if self.traced else 0.0
        pause(200)

        exporter = self.window.features.exporter
        outcome: list[str] = []
        exporter.written.connect(outcome.append)
        exporter.failed.connect(lambda message: outcome.append("failed: " + message))
        export_actions.ask_save_path = lambda *_args: (str(target), FILTERS["html"])  # type: ignore[assignment]
        before = reset_peak()
        self.watch.reset()
        self.beat.start()
        started = time.perf_counter()
        in_window()
        wait_until(lambda: bool(outcome), timeout_s=600)
        window_s = time.perf_counter() - started
        stall = self.beat.stop()
        window_peak = memory_mb("VmHWM") - before
        full, longest_gc = self.watch.full, self.watch.longest_ms
        exporter.written.disconnect()
        exporter.failed.disconnect()
        exporter.wait()
        if outcome[0] != str(target):
            raise SystemExit(f"the export did not succeed: {outcome[0]}")
        if abs(target.stat().st_size / 1e6 - size_mb) > 0.01:
            raise SystemExit(f"{name}: the window wrote {target.stat().st_size:,} bytes")
        target.unlink()
        app.processEvents()

        self.beat.start()
        pause(max(1, round(window_s * 1000)))
        idle = self.beat.stop()
        return Figures(name, size_mb, direct_s, direct_peak, window_s, window_peak, stall, idle,
                       full, longest_gc, traced)  # fmt: skip

    @staticmethod
    def trace(direct: Callable[[Path], None], target: Path) -> float:
        """The direct export again, under tracemalloc: the peak of memory Python allocated for
        it, in MB (whatever the allocator reuses, which the resident size does not show)."""
        tracemalloc.start()
        start = tracemalloc.get_traced_memory()[0]
        direct(target)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        target.unlink()
        gc.collect()
        return (peak - start) / 1e6

    def results_export(self, name: str) -> Figures:
        """File > Export Search Results… on the window's current search."""
        archive = self.window.model.archive
        result = self.window.features.search.result
        assert result is not None
        text = result.query.text

        def direct(target: Path) -> None:
            write_results(archive, result.hits(), text, target, overwrite=True)

        return self.measure(name, direct, self.window.features.export_results)

    def close(self) -> None:
        """Stop every worker and close the window."""
        self.window.lazy.shutdown()
        self.window.features.shutdown()
        self.window.loader.shutdown()
        self.window.close()


def indexed_thread_export(bench: Bench, dump: Path) -> Figures:
    """File > Export Thread… on the biggest post of the dump opened from its index (read first,
    as the window reads it when it is selected)."""
    window = bench.window
    posts: list[IndexedPost] = window.model.archive.posts  # type: ignore[assignment]
    big = max(posts, key=lambda post: post.comment_total)
    window.tree.select_node(big)
    wait_until(lambda: big.loaded and not window.lazy.fetcher.busy, timeout_s=600)
    pause(300)

    def direct(target: Path) -> None:
        reader = IndexReader.open_for(dump)
        assert reader is not None
        archive = Archive(str(dump))
        post = reader.load_post(big.id)
        reader.close()
        assert post is not None
        archive.add_post(post)
        write_thread(archive, big.id, target, overwrite=True)

    return bench.measure(
        f"indexed: thread of {big.comment_total:,} comments", direct, window.features.export_current
    )


def report(results: list[Figures], runs: int) -> None:
    """Print the table and the verdicts."""
    print(
        f"{'export':<34} {'file':>8} {'direct':>8} {'window':>8} {'ratio':>6} {'stall':>7} "
        f"{'idle':>6} {'peak direct':>11} {'peak window':>11} {'full gc':>8}"
    )
    for row in results:
        print(
            f"{row.name:<34} {row.size_mb:>5.1f} MB {row.direct_s:>6.2f} s {row.window_s:>6.2f} s "
            f"{row.window_s / row.direct_s:>5.2f}x {row.stall_ms:>4.0f} ms "
            f"{row.idle_stall_ms:>3.0f} ms {row.direct_peak_mb:>+8.0f} MB "
            f"{row.window_peak_mb:>+8.0f} MB {row.full_collections:>2} "
            f"{row.longest_collection_ms:>3.0f} ms"
        )
    print(
        "(direct = write_results / write_thread with no window; window = from the export's start "
        "to the window told it is written;\n stall = longest event-loop gap while exporting, idle "
        "= while idling as long; peak = the process's peak resident memory above what it held "
        f"before;\n median of {runs} run(s), worst stall and peak; full gc = full collections of "
        "the cyclic garbage collector while exporting, and the longest collection of any kind)"
    )
    for row in results:
        if row.traced_mb:
            print(f"traced peak of the direct export (tracemalloc): {row.name}: "
                  f"{row.traced_mb:.1f} MB")  # fmt: skip
    worst = max(row.stall_ms for row in results)
    print(f"worst stall {worst:.0f} ms; target {TARGET_MS:.0f} ms "
          f"{'met' if worst <= TARGET_MS else 'NOT met'}")  # fmt: skip
    peak = max(row.window_peak_mb for row in results)
    print(f"highest extra peak memory (window) {peak:+.0f} MB; target under {TARGET_MB:.0f} MB "
          f"{'met' if peak < TARGET_MB else 'NOT met'}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description="Export search results and indexed dumps.")
    parser.add_argument("--pages", type=int, default=3000, help="generated pages")
    parser.add_argument("--comments", type=int, default=30, help="comments per generated page")
    parser.add_argument("--big", type=int, default=100_000, help="comments of the one big page")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--query", default=QUERY, help=f"the query exported ({QUERY})")
    parser.add_argument("--runs", type=int, default=1, help="exports of each kind")
    parser.add_argument("--traced", action="store_true",
                        help="also write each direct export under tracemalloc (slower) and print "
                        "the peak of memory Python allocated for it")  # fmt: skip
    args = parser.parse_args(argv)
    args.dump = None
    dump = corpus_for(args)
    ensure_index(dump)
    indexes = os.environ[CACHE_ENV]  # gui_index set it

    create_application()
    results: list[Figures] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bench = Bench(folder, args.traced)
        os.environ[CACHE_ENV] = str(folder / "no-indexes")  # the dump is read whole
        took = bench.open(dump)
        archive = bench.window.model.archive
        print(f"dump: {dump} ({len(archive.posts):,} posts, {archive.comment_count:,} comments); "
              f"read whole in {took:.1f} s, process {memory_mb('VmRSS'):.0f} MB")  # fmt: skip
        matches = bench.search(args.query)
        name = f"loaded: {matches:,} results"
        results.append(worst_of([bench.results_export(name) for _ in range(args.runs)]))

        os.environ[CACHE_ENV] = indexes
        took = bench.open(dump)
        if not bench.window.lazy.active:
            raise SystemExit(f"{dump} was not opened from its index")
        print(f"opened from its index in {took:.1f} s, process {memory_mb('VmRSS'):.0f} MB")
        runs = [indexed_thread_export(bench, dump) for _ in range(args.runs)]
        results.append(worst_of(runs))
        matches = bench.search(args.query)
        name = f"indexed: {matches:,} results"
        results.append(worst_of([bench.results_export(name) for _ in range(args.runs)]))
        bench.close()
    report(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
