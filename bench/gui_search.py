"""Searching in the window on a big dump: does typing stay smooth, and how long until results show?

    .venv/bin/python bench/gui_search.py              # a generated ~48 MB page, ~100,000 comments
    .venv/bin/python bench/gui_search.py --size 10    # smaller, for a quick look
    .venv/bin/python bench/gui_search.py --dump PATH

The dump is loaded into the window, then queries are typed into the search field key by key
(one key every 40 ms, like a fast typist, with pauses that let the debounced search start while
more keys come). A QTimer heartbeat (every 5 ms) measures the longest gap in the GUI event loop:
while typing, while the search runs on its worker, while the result is applied to the tree, and
while stepping with F3 and clearing with Esc. The baseline is the same query run by the engine
alone (``SearchCorpus.search``, corpus prepared) in the same run; "shown after" is the time from
the last key to the filtered tree, debounce included. Target: no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui_load import Heartbeat, dump_for, measure_load
from talkback.gui.app import create_application
from talkback.gui.main_window import MainWindow
from talkback.gui.search_bar import DEBOUNCE_MS
from talkback.gui.settings import Settings
from talkback.search import SearchCorpus, compile_query

TARGET_MS = 100.0
KEY_INTERVAL_MS = 40
#: what is typed: (text, pause in ms after it); a pause over 200 ms lets the search start
TYPED = [
    ("be", 300),  # a very common word: the search starts, then typing goes on
    ("di", 0),  # "bedi": the earlier search is replaced
    ("", 0),
]
QUERIES = ["ba", "bedi", '"ba be"', "ba -be", "b*", "author:~ada", "replies:>2"]


def wait_until(condition, timeout_s: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until ``condition()`` holds."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.001)


def type_text(window: MainWindow, text: str) -> float:
    """Type ``text`` into the search field, one key every KEY_INTERVAL_MS, the loop running;
    returns when the last key was typed (``time.perf_counter``)."""
    field = window.search_bar.field
    last = time.perf_counter()
    for number, char in enumerate(text):
        if number:
            pause(KEY_INTERVAL_MS)
        QTest.keyClicks(field, char)
        last = time.perf_counter()
    return last


def pause(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    app = QApplication.instance()
    assert app is not None
    done = [False]
    QTimer.singleShot(ms, lambda: done.__setitem__(0, True))
    while not done[0]:
        app.processEvents()
        time.sleep(0.001)


def search_in_window(window: MainWindow, beat: Heartbeat, text: str) -> tuple[float, float, int]:
    """Type ``text`` in an empty field; (seconds from the last key to the result shown, longest
    stall in ms, matches)."""
    search = window.features.search
    window.search_bar.field.clear()
    wait_until(lambda: search.result is None)
    pause(50)
    applied: list[float] = []
    search.changed.connect(lambda: applied.append(time.perf_counter()))
    beat.start()
    last_key = type_text(window, text)
    wait_until(lambda: bool(applied) and search.result is not None and search.query is not None)
    pause(50)
    stall = beat.stop()
    search.changed.disconnect()
    result = search.result
    assert result is not None
    return applied[-1] - last_key, stall, result.count


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description="Search in the window: stalls and latency.")
    parser.add_argument("--size", type=float, default=48, help="generated dump size in MB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dump", help="measure this dump instead of a generated one")
    args = parser.parse_args(argv)
    path = dump_for(args)

    create_application()
    with tempfile.TemporaryDirectory() as scratch:
        window = MainWindow(Settings.at(Path(scratch) / "bench.ini"), remember=False)
        window.resize(1280, 800)
        window.show()
        beat = Heartbeat()
        load = measure_load(window, path, beat)
        archive = window.model.archive
        print(f"dump: {path} ({archive.comment_count:,} comments, read in {load['total']:.1f} s)")

        corpus = SearchCorpus(archive)
        started = time.perf_counter()
        corpus.documents()
        prepare = time.perf_counter() - started
        print(f"baseline, preparing the corpus without the GUI: {prepare:.2f} s")

        rows: list[tuple[str, float, float, float, int]] = []
        # the first query also prepares the window's own corpus, on the worker
        first_shown, first_stall, _count = search_in_window(window, beat, QUERIES[0])
        print(
            f"first search {QUERIES[0]!r} (prepares the corpus on the worker): "
            f"shown after {first_shown:.2f} s, longest stall {first_stall:.0f} ms"
        )
        for text in QUERIES:
            query = compile_query(text)
            started = time.perf_counter()
            count = sum(1 for _ in corpus.search(query))
            baseline = time.perf_counter() - started
            shown, stall, matches = search_in_window(window, beat, text)
            assert matches == count, (text, matches, count)
            rows.append((text, baseline, shown, stall, matches))

        # typing on while a search runs on the worker
        window.search_bar.field.clear()
        pause(100)
        beat.start()
        for text, wait in TYPED:
            type_text(window, text)
            pause(KEY_INTERVAL_MS + wait)
        wait_until(lambda: window.features.search.result is not None)
        typing_stall = beat.stop()

        search = window.features.search
        beat.start()
        for _ in range(100):
            search.find_next()
            QApplication.processEvents()
        step_stall = beat.stop()
        beat.start()
        QTest.keyClick(window.search_bar.field, Qt.Key.Key_Escape)
        pause(50)
        clear_stall = beat.stop()
        # Esc gives back the rows open before the search: here, every thread (Expand All)
        pause(100)
        window.tree.expandAll()
        opened = sum(1 for i in window.model.persistentIndexList() if window.tree.isExpanded(i))
        search_in_window(window, beat, QUERIES[0])
        beat.start()
        QTest.keyClick(window.search_bar.field, Qt.Key.Key_Escape)
        pause(50)
        reopen_stall = beat.stop()
        window.features.shutdown()
        window.loader.shutdown()
        window.close()

    print(
        f"{'query':<14} {'matches':>8} {'engine alone':>13} {'shown after':>12} "
        f"{'ratio':>6} {'stall':>7}"
    )
    for text, baseline, shown, stall, matches in rows:
        ratio = (shown - DEBOUNCE_MS / 1000) / baseline
        print(
            f"{text:<14} {matches:>8,} {baseline * 1000:>10.0f} ms {shown * 1000:>9.0f} ms "
            f"{ratio:>5.1f}x {stall:>4.0f} ms"
        )
    print(
        "(shown after = from the last key to the filtered tree, the 200 ms debounce included; "
        "ratio = shown after, less the debounce, over the engine alone)"
    )
    print(f"longest stall, typing on while a search runs:  {typing_stall:.0f} ms")
    print(f"longest stall, F3 100 times:                   {step_stall:.0f} ms")
    print(f"longest stall, Esc (whole tree back):          {clear_stall:.0f} ms")
    print(f"longest stall, Esc opening {opened:,} rows again:    {reopen_stall:.0f} ms")
    stalls = [first_stall, typing_stall, step_stall, clear_stall, reopen_stall]
    worst = max([*stalls, *(r[3] for r in rows)])
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"worst stall {worst:.0f} ms; target {TARGET_MS:.0f} ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
