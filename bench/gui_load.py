"""How the window copes with a big dump: time to first rows, load time, and event-loop stalls.

    .venv/bin/python bench/gui_load.py            # a generated ~100 MB page (cached in /tmp)
    .venv/bin/python bench/gui_load.py --size 20  # smaller, for a quick look
    .venv/bin/python bench/gui_load.py --dump PATH
    .venv/bin/python bench/gui_load.py --indexed  # the window on an indexed dump (gui_index.py)

A QTimer heartbeat (every 5 ms) measures the longest gap in the GUI event loop while the dump loads
and while the tree is used: expanding the big post, scrolling through it page by page (which shows
more rows as it goes), selecting comments with n, sorting, expanding and collapsing everything. The
baseline is the same dump parsed without any GUI (``load_archive``) in the same run. Target: no
stall over 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from generate import Shape, generate
from talkback.gui.app import create_application
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings
from talkback.gui.tree_order import Column
from talkback.sources import load_archive

TARGET_MS = 100.0


class Heartbeat:
    """Records the gaps between ticks of a fast timer: a long gap is a frozen window."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.last = 0
        self.gaps: list[float] = []

    def start(self) -> None:
        """Start a new measurement."""
        self.gaps = []
        self.clock.start()
        self.last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.gaps.append((now - self.last) / 1e6)
        self.last = now

    def stop(self) -> float:
        """Stop; the longest gap in ms (the time since the last tick counts too)."""
        self._tick()
        self.timer.stop()
        return max(self.gaps, default=0.0)


def dump_for(args: argparse.Namespace) -> Path:
    """The dump to measure: given, or generated (seeded) and cached by its parameters."""
    if args.dump:
        return Path(args.dump)
    target = Path(tempfile.gettempdir()) / f"talkback-bench-{args.size:g}MB-seed{args.seed}.txt"
    if not target.exists():
        print(f"generating {target} …", flush=True)
        partial = target.with_suffix(".partial")
        generate(partial, Shape(size_bytes=int(args.size * 1e6), seed=args.seed))
        partial.rename(target)
    return target


def measure_load(window: MainWindow, path: Path, beat: Heartbeat) -> dict[str, float]:
    """Open ``path`` and run the event loop until it is read; times in seconds, stall in ms."""
    first_rows: list[float] = []
    start = time.perf_counter()

    def rows_shown() -> None:
        if not first_rows:
            first_rows.append(time.perf_counter() - start)

    window.model.rowsInserted.connect(rows_shown)
    # A loop of its own: QApplication.quit() would close the window (Qt 6), which calls off
    # its exports and searches.
    loop = QEventLoop()
    window.load_finished.connect(loop.quit)
    beat.start()
    window.open_dump(path)
    loop.exec()
    total = time.perf_counter() - start
    stall = beat.stop()
    window.model.rowsInserted.disconnect(rows_shown)
    window.load_finished.disconnect(loop.quit)
    if window.last_error:
        raise SystemExit(f"the window could not read the dump: {window.last_error}")
    return {"first_rows": first_rows[0] if first_rows else total, "total": total, "stall": stall}


def measure_use(window: MainWindow, beat: Heartbeat) -> list[tuple[str, float]]:
    """Use the tree as a person would; the longest stall (ms) of each step."""
    app = QApplication.instance()
    assert app is not None
    tree, model = window.tree, window.model
    results: list[tuple[str, float]] = []

    def step(name: str, action: Callable[[], None], repeat: int = 1) -> None:
        beat.start()
        for _ in range(repeat):
            action()
            app.processEvents()
        results.append((name, beat.stop()))

    post = model.index(0, 0)
    bar = tree.verticalScrollBar()
    step("collapse the post", lambda: tree.collapse(post))
    step("expand the post", lambda: tree.expand(post))
    step("scroll 400 pages down", lambda: bar.setValue(bar.value() + bar.pageStep()), 400)
    step("scroll to the end of what is shown", lambda: bar.setValue(bar.maximum()), 5)
    step("next comment (n), 200 times", window.go_next_comment, 200)
    step("select the last comment", lambda: tree.select_node(model.archive.posts[-1].comments[-1]))
    step("sort by date", lambda: tree.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder))
    step("sort by replies", lambda: tree.sortByColumn(Column.REPLIES, Qt.SortOrder.DescendingOrder))
    step("page order again", lambda: tree.sortByColumn(Column.THREAD, Qt.SortOrder.AscendingOrder))
    step("expand all", tree.expandAll)
    step("collapse all", tree.collapseAll)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description="Window load and responsiveness benchmark.")
    parser.add_argument("--size", type=float, default=100, help="generated dump size in MB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dump", help="measure this dump instead of a generated one")
    parser.add_argument("--indexed", action="store_true",
                        help="measure the window on an indexed dump (bench/gui_index.py; "
                        "the arguments after --indexed are its own)")  # fmt: skip
    args, rest = parser.parse_known_args(argv)
    if args.indexed:
        from gui_index import main as indexed_main

        return indexed_main(rest + (["--dump", args.dump] if args.dump else []))
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    path = dump_for(args)
    size_mb = sum(p.stat().st_size for p in ([path] if path.is_file() else path.rglob("*"))) / 1e6

    started = time.perf_counter()
    archive = load_archive(path)
    baseline = time.perf_counter() - started
    comments = archive.comment_count
    roots = sum(len(post.roots) for post in archive.posts)
    del archive
    print(f"dump: {path} ({size_mb:.1f} MB, {comments:,} comments, {roots:,} top-level)")
    print(f"baseline, parse without the GUI: {baseline:.2f} s")

    create_application()
    with tempfile.TemporaryDirectory() as scratch:
        window = MainWindow(Settings.at(Path(scratch) / "bench.ini"), remember=False)
        window.resize(1280, 800)
        window.show()
        beat = Heartbeat()
        load = measure_load(window, path, beat)
        use = measure_use(window, beat)
        window.loader.shutdown()
        window.close()

    print(f"time to first rows shown:        {load['first_rows']:.2f} s "
          f"({load['first_rows'] / baseline:.2f}x baseline)")  # fmt: skip
    print(f"total load time:                 {load['total']:.2f} s "
          f"({load['total'] / baseline:.2f}x baseline)")  # fmt: skip
    print(f"longest stall while loading:     {load['stall']:.0f} ms")
    for name, stall in use:
        print(f"longest stall, {name + ':':<34} {stall:.0f} ms")
    worst = max([load["stall"], *(stall for _name, stall in use)])
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"worst stall {worst:.0f} ms; target {TARGET_MS:.0f} ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
