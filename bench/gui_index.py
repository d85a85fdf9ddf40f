"""How the window copes with a big *indexed* dump: it reads the index a post at a time.

    .venv/bin/python bench/gui_index.py        # 3,000 pages of 30 comments + one of 100,000
    .venv/bin/python bench/gui_index.py --pages 300 --big 20000   # a quick look
    .venv/bin/python bench/gui_index.py --dump PATH      # any dump (indexed first if need be)
    .venv/bin/python bench/gui_load.py --indexed ...     # the same, from the window benchmark
    .venv/bin/python bench/gui_index.py --first-open     # and the first open, index built by it

The corpus is generated (seeded) and indexed once, in /tmp (the index in ``$TALKBACK_CACHE_DIR``,
else /tmp/talkback-bench-cache). A QTimer heartbeat (every 5 ms) gives the longest event-loop stall
of each step: opening the dump, opening its biggest post (selected and expanded), scrolling through
that post, ``n`` through comments across posts, selecting posts one after another, a search and
stepping through its matches, Expand All. Peak memory is the process's, measured before the
baselines run. Baselines, in the same run without any GUI: reading the whole index as the window did
before it read lazily (``IndexReader.items()``), and ``load_post`` of the biggest post alone.
Targets: no stall over 100 ms, peak memory under 500 MB.

With ``--first-open`` the dump's index is removed first and the window opens the dump as it opens
any dump of ``autoIndexMB`` or more without an index: it builds the index (in a child process,
pages parsed in worker processes of its own), then opens it. That first open is timed to its first
rows, with its stalls, the window process's peak memory then and the largest child's (the indexing
process or one of its workers), against ``build_index`` alone (the work of ``talkback index``) run
in this process afterwards into a scratch cache. The steps that
follow measure the reopen and the use of the window as without ``--first-open``.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "TALKBACK_CACHE_DIR", str(Path(tempfile.gettempdir()) / "talkback-bench-cache")
)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from generate import Shape, generate
from gui_load import Heartbeat
from talkback.gui.app import create_application
from talkback.gui.auto_index import MB
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings
from talkback.index import IndexReader, build_index, index_path
from talkback.index.browse import IndexedPost
from talkback.sources import dump_size

TARGET_MS = 100.0
TARGET_MB = 500.0
#: the word searched for (a common one of the generated vocabulary: 4,780 matches in the default
#: corpus, 69,510 in the suite's 1 GB one)
SEARCH = "zola"


def corpus_for(args: argparse.Namespace) -> Path:
    """The dump to measure: given, or generated (seeded) and cached by its parameters."""
    if args.dump:
        return Path(args.dump)
    name = f"talkback-bench-indexed-{args.pages}x{args.comments}+{args.big}-seed{args.seed}"
    target = Path(tempfile.gettempdir()) / name
    if not target.exists():
        print(f"generating {target} …", flush=True)
        partial = target.with_suffix(".partial")
        shape = Shape(0, pages=args.pages, comments_per_page=args.comments, seed=args.seed)
        generate(partial, shape)
        big = Shape(0, comments_per_page=args.big, seed=args.seed + 1)
        generate(partial / "zz-big.txt", big)
        partial.rename(target)
    return target


def ensure_index(dump: Path) -> None:
    """Index ``dump`` unless its index is current."""
    reader = IndexReader.open_for(dump)
    if reader is not None:
        reader.close()
        return
    print(f"indexing {dump} …", flush=True)
    started = time.perf_counter()
    build_index(dump)
    print(f"indexed in {time.perf_counter() - started:.1f} s", flush=True)


class Session:
    """The window, the heartbeat and a way to run a step until a condition holds."""

    def __init__(self) -> None:
        self.app = create_application()
        self.scratch = tempfile.TemporaryDirectory()
        settings = Settings.at(Path(self.scratch.name) / "bench.ini")
        self.window = MainWindow(settings, remember=False)
        self.window.resize(1280, 800)
        self.window.show()
        self.beat = Heartbeat()
        self.results: list[tuple[str, float, float]] = []

    def pump(self, until: Callable[[], bool], limit: float = 120.0) -> None:
        """Run the event loop until ``until()`` (or ``limit`` seconds), at least once: a step's
        actions stand for key presses and clicks, between which the event loop runs (without
        it, a step of 400 quick actions would count as one stall of their summed time)."""
        app = QApplication.instance()
        assert app is not None
        end = time.perf_counter() + limit
        while True:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            if until() or time.perf_counter() >= end:
                return

    def step(
        self,
        name: str,
        action: Callable[[], None],
        until: Callable[[], bool] = lambda: True,
        repeat: int = 1,
        settle: float = 0.1,
        limit: float = 120.0,
    ) -> float:
        """Run ``action`` (``repeat`` times, each until ``until()``), then let the window settle;
        records the time until done and the longest stall."""
        self.beat.start()
        started = time.perf_counter()
        for _ in range(repeat):
            action()
            self.pump(until, limit)
        self.pump(lambda: not self.window.lazy.fetcher.busy)
        took = time.perf_counter() - started
        settled = time.perf_counter() + settle
        self.pump(lambda: time.perf_counter() > settled)
        self.results.append((name, took, self.beat.stop()))
        return took

    def close(self) -> None:
        """Stop every worker and close the window."""
        window = self.window
        window.lazy.shutdown()
        window.loader.shutdown()
        window.features.shutdown()
        window.close()
        self.scratch.cleanup()


def measure_first_open(session: Session, dump: Path) -> dict[str, float]:
    """Open ``dump`` with no index, as a dump of ``autoIndexMB`` or more: the window indexes it,
    then opens it from the index. Times to the index built and to the first rows shown."""
    window = session.window
    index_path(dump).unlink(missing_ok=True)
    window.settings.auto_index_mb = dump_size(str(dump)) / MB / 2  # "big"
    opened = time.perf_counter()
    marks: dict[str, float] = {}
    indexer = window.index_first.indexer
    indexer.building.connect(lambda *_: marks.setdefault("building", time.perf_counter()))
    stalls: list[float] = []

    def built(*_args: object) -> None:
        marks.setdefault("built", time.perf_counter())
        stalls.append(session.beat.stop())  # the stalls while indexing, then while opening
        session.beat.start()

    indexer.ready.connect(built)
    indexer.fallback.connect(lambda _dump, line: sys.exit(f"not indexed: {line}"))
    window.model.rowsInserted.connect(lambda *_: marks.setdefault("rows", time.perf_counter()))
    # The event loop waits here (Session.pump would spin a core that the build needs).
    loop = QEventLoop()
    window.load_finished.connect(loop.quit)
    session.beat.start()
    window.open_dump(dump)
    loop.exec()
    window.load_finished.disconnect(loop.quit)
    now = time.perf_counter()
    session.results.append(("first open: index it", marks.get("built", now) - opened, stalls[0]))
    session.results.append(("first open: then open it", now - marks.get("built", now),
                            session.beat.stop()))  # fmt: skip
    if not window.lazy.active or "building" not in marks:
        raise SystemExit(f"{dump} was not indexed by the window: {window.last_error or ''}")
    return {
        "first_rows": marks["rows"] - opened,
        "built": marks["built"] - opened,
        "first_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure(session: Session, dump: Path, word: str = SEARCH) -> dict[str, float]:
    """Use the window on ``dump`` (searching it for ``word``); the figures the report needs."""
    window, model, tree = session.window, session.window.model, session.window.tree
    first_rows: list[float] = []
    opened = time.perf_counter()

    def rows_shown() -> None:
        if not first_rows:
            first_rows.append(time.perf_counter() - opened)

    model.rowsInserted.connect(rows_shown)
    finished: list[bool] = []
    window.load_finished.connect(lambda: finished.append(True))
    load = session.step("open the dump (its index current)", lambda: window.open_dump(dump),
                        lambda: bool(finished))  # fmt: skip
    model.rowsInserted.disconnect(rows_shown)
    if not window.lazy.active:
        raise SystemExit(f"{dump} was not opened from its index: {window.last_error or ''}")
    posts: list[IndexedPost] = model.archive.posts  # type: ignore[assignment]
    big = max(posts, key=lambda post: post.comment_total)

    first_page: list[float] = []

    def open_big() -> None:
        first_page.append(time.perf_counter())
        tree.select_node(big)
        tree.expand(model.index_of(big))

    def big_rows(parent: object, *_rows: object) -> None:
        if len(first_page) == 1 and model.node(parent) is big:  # type: ignore[arg-type]
            first_page.append(time.perf_counter() - first_page[0])

    model.rowsInserted.connect(big_rows)
    big_open = session.step(
        f"open the biggest post ({big.comment_total:,} comments)",
        open_big,
        lambda: big.loaded and model.rowCount(model.index_of(big)) > 0,
    )
    model.rowsInserted.disconnect(big_rows)
    bar = tree.verticalScrollBar()
    session.step("scroll 300 pages through it", lambda: bar.setValue(bar.value() + bar.pageStep()),
                 repeat=300, settle=0.3)  # fmt: skip
    tree.select_node(posts[0])
    session.pump(lambda: posts[0].loaded)
    start = window.tree.current_node()
    session.step("n through 400 comments", window.go_next_comment,
                 lambda: window.tree.current_node() is not start, repeat=400)  # fmt: skip
    picks = posts[:: max(1, len(posts) // 100)][:100]
    picked = iter(picks)
    session.step(f"select {len(picks)} posts one after another",
                 lambda: tree.select_node(next(picked)), repeat=len(picks))  # fmt: skip
    session.pump(lambda: all(post.loaded for post in picks[-3:]), 30)
    search = window.features.search
    searched = session.step(
        f"search {word!r} in the index",
        lambda: search.search_for(word),
        lambda: search.result is not None and not search._pending,
    )
    session.step("F3 through 50 matches", search.find_next, repeat=50, settle=0.5)
    session.step("clear the search", search.clear, settle=0.5)
    session.step("expand all (posts in sight are read)", tree.expandAll, settle=1.0)
    session.step("collapse all", tree.collapseAll)
    return {
        "first_rows": first_rows[0] if first_rows else load,
        "load": load,
        "big": big_open,
        "big_first_rows": first_page[1] if len(first_page) > 1 else big_open,
        "big_comments": big.comment_total,
        "search": searched,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "kept": window.lazy.fetcher.comments_read,
        "posts": len(posts),
        "comments": model.comment_total,
        "big_id": big.id,  # type: ignore[dict-item]
    }


def baselines(dump: Path, big_id: str) -> tuple[float, float]:
    """The whole index read as the window used to (``items()``), and the biggest post alone."""
    reader = IndexReader.open_for(dump)
    assert reader is not None
    started = time.perf_counter()
    for _ in reader.items():
        pass
    whole = time.perf_counter() - started
    started = time.perf_counter()
    reader.load_post(big_id)
    one = time.perf_counter() - started
    reader.close()
    return whole, one


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description="Window on an indexed dump: stalls and memory.")
    parser.add_argument("--dump", help="measure this dump (indexed first if need be)")
    parser.add_argument("--pages", type=int, default=3000, help="generated pages")
    parser.add_argument("--comments", type=int, default=30, help="comments per generated page")
    parser.add_argument("--big", type=int, default=100_000, help="comments of the one big page")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--search", default=SEARCH, help=f"the word searched for ({SEARCH})")
    parser.add_argument("--first-open", action="store_true",
                        help="remove the index and let the window build it, as it does for a dump "
                        "of autoIndexMB or more; baseline: build_index alone")  # fmt: skip
    args = parser.parse_args(argv)
    dump = corpus_for(args)
    session = Session()
    first: dict[str, float] = {}
    if args.first_open:
        first = measure_first_open(session, dump)
    else:
        ensure_index(dump)
    figures = measure(session, dump, args.search)
    results = session.results
    session.close()
    whole, one = baselines(dump, str(figures["big_id"]))
    if first:
        with tempfile.TemporaryDirectory(prefix="talkback-bench-build-") as scratch:
            started = time.perf_counter()
            build_index(dump, base=Path(scratch))
            alone = time.perf_counter() - started
        size = dump_size(str(dump)) / MB
        print(f"baseline, build_index alone (talkback index): {alone:.1f} s ({size:,.0f} MB)")
        print(
            f"first open without an index (the window indexes it): first rows after "
            f"{first['first_rows']:.1f} s ({first['first_rows'] / alone:.2f}x build_index "
            f"alone); index built after {first['built']:.1f} s"
        )
        worst = max(first["first_peak_mb"], first["child_peak_mb"])
        print(f"peak memory by then: the window {first['first_peak_mb']:.0f} MB, the indexing "
              f"process (largest child) {first['child_peak_mb']:.0f} MB; target {TARGET_MB:.0f} "
              f"MB {'met' if worst <= TARGET_MB else 'NOT met'}")  # fmt: skip
    print(f"dump: {dump} ({figures['posts']:,} posts, {figures['comments']:,} comments)")
    print(f"baseline, whole index read (the window before): {whole:.2f} s")
    print(f"baseline, load_post of the biggest post alone:  {one:.2f} s")
    print(f"time to first rows shown (reopen): {figures['first_rows']:.3f} s "
          f"({figures['first_rows'] / whole:.3f}x the whole read)")  # fmt: skip
    print(f"time to open the big post:  {figures['big']:.2f} s ({figures['big'] / one:.2f}x "
          f"load_post alone; {figures['big_comments']:,} comments), its first rows after "
          f"{figures['big_first_rows']:.2f} s")  # fmt: skip
    print(f"search {args.search!r} to first match: {figures['search']:.2f} s")
    for name, took, stall in results:
        print(f"  {name + ':':<52} {took:7.2f} s   longest stall {stall:4.0f} ms")
    worst = max(stall for _name, _took, stall in results)
    print(f"comments kept read at the end: {figures['kept']:,}")
    peak = figures["peak_mb"]
    print(f"peak memory: {peak:.0f} MB; target {TARGET_MB:.0f} MB "
          f"{'met' if peak <= TARGET_MB else 'NOT met'}")  # fmt: skip
    print(f"worst stall {worst:.0f} ms; target {TARGET_MS:.0f} ms "
          f"{'met' if worst <= TARGET_MS else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
