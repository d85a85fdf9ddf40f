"""A big dump without an index is indexed before the window opens it, then read lazily from it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401
from pytestqt.qtbot import QtBot

from talkback.gui import auto_index, indexing_panel
from talkback.gui import loader as loader_module
from talkback.gui.auto_index import IndexingState
from talkback.gui.index_process import Progress, build_in_child
from talkback.gui.indexing_view import progress_line
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import DEFAULT_AUTO_INDEX_MB, Settings
from talkback.index import Fingerprint, IndexReader, fingerprint, index_path
from talkback.sources import dump_size

pytestmark = pytest.mark.gui

#: 1,000 bytes: the bundled pier page (4 KB) is "big", the quiet news day (286 bytes) is not
TINY_THRESHOLD_MB = 0.001


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the window parsed the dump into memory")

    monkeypatch.setattr(loader_module, "read_dump", refuse)
    monkeypatch.setattr(loader_module, "read_dump_in_child", refuse)


def _copy(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes())
    return target


def _held_build(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the window's builds wait until cancelled (or the returned event is set), then run:
    a build that is certainly under way when the test cancels it."""
    go = threading.Event()
    build_in_child = auto_index.build_in_child

    def held(
        dump: str,
        cancel: threading.Event,
        on_progress: Callable[[Progress], None],
        on_writing: Callable[[str], None] | None = None,
    ) -> tuple[str, str]:
        while not (cancel.is_set() or go.wait(0.01)):
            pass
        return build_in_child(dump, cancel, on_progress, on_writing)

    monkeypatch.setattr(auto_index, "build_in_child", held)
    return go


def _open_and_wait_for_building(qtbot: QtBot, window: MainWindow, dump: Path) -> Callable[[], None]:
    with qtbot.waitSignal(window.index_first.indexer.building, timeout=10_000):
        window.open_dump(dump)
    assert window.workspace.currentWidget() is window.index_first.panel
    return window.index_first.indexer.cancel


def _building_pier(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:  # fmt: skip
    """Open a copy of the harbor page as a big dump, its build held: the window is building."""
    settings.auto_index_mb = TINY_THRESHOLD_MB
    dump = _copy(harbor_path, tmp_path / "pier.txt")
    _held_build(monkeypatch)
    _open_and_wait_for_building(qtbot, window, dump)
    return dump


def test_a_big_dump_is_indexed_then_opened_lazily(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    settings.auto_index_mb = TINY_THRESHOLD_MB
    dump = _copy(harbor_path, tmp_path / "pier.txt")
    _no_parsing(monkeypatch)
    shown: list[bool] = []
    states: list[IndexingState] = []
    indexer = window.index_first.indexer
    indexer.building.connect(
        lambda *_: shown.append(window.workspace.currentWidget() is window.index_first.panel)
    )
    indexer.progress.connect(states.append)
    load(qtbot, window, dump, select="p1-c7")
    assert shown == [True]  # the progress was shown while the index was built
    assert states and states[-1].bytes_total == dump.stat().st_size
    assert IndexReader.open_for(dump) is not None
    assert window.lazy.active and window.last_error is None
    assert window.path == str(dump)
    qtbot.waitUntil(lambda: getattr(window.tree.current_node(), "id", None) == "p1-c7")
    # the next open finds the index: nothing is built, nothing shown but the dump
    shown.clear()
    load(qtbot, window, dump)
    assert shown == [] and window.lazy.active


def test_a_small_dump_is_parsed_in_memory_as_before(
    qtbot: QtBot, window: MainWindow, settings: Settings, tmp_path: Path
) -> None:
    settings.auto_index_mb = TINY_THRESHOLD_MB
    small = Path(__file__).resolve().parents[2] / "resources" / "samples" / "quiet-news-day.txt"
    window.open_dump(small)
    assert window.path == str(small)  # opened at once, without asking the indexer
    qtbot.waitUntil(lambda: not window.loader.is_loading, timeout=10_000)
    assert not window.lazy.active and window.model.archive.posts
    assert IndexReader.open_for(small) is None


def test_at_zero_the_window_never_indexes(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path
) -> None:
    settings.auto_index_mb = 0
    dump = _copy(harbor_path, tmp_path / "pier.txt")
    load(qtbot, window, dump)
    assert not window.lazy.active and len(window.model.archive.posts) == 1
    assert not index_path(dump).exists()


def test_a_folder_counts_the_size_of_its_files(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    folder = tmp_path / "pages"
    (folder / "inner").mkdir(parents=True)
    for number in range(3):
        _copy(harbor_path, folder / "inner" / f"pier-{number}.txt")
    size = 3 * harbor_path.stat().st_size
    assert dump_size(str(folder)) == size
    assert dump_size(str(folder), stop_at=1) == harbor_path.stat().st_size
    # a folder smaller than the threshold is parsed as before
    settings.auto_index_mb = (size + 1) / 1_000_000
    load(qtbot, window, folder)
    assert not window.lazy.active and len(window.model.archive.posts) == 3
    # one at least as big is indexed first
    settings.auto_index_mb = size / 1_000_000
    _no_parsing(monkeypatch)
    load(qtbot, window, folder)
    assert window.lazy.active and len(window.model.archive.posts) == 3


def _three_pages(harbor_path: Path, tmp_path: Path) -> Path:
    """A folder of three copies of the harbor page."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for number in range(3):
        _copy(harbor_path, folder / f"pier-{number}.txt")
    return folder


def test_a_folder_is_counted_once_per_open(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from talkback.gui import parse_process

    folder = _three_pages(harbor_path, tmp_path)
    counted: list[tuple[str, int | None]] = []

    def counting(where: str) -> Callable[[str, int | None], int]:
        def count(path: str, stop_at: int | None = None) -> int:
            counted.append((where, stop_at))
            return dump_size(path, stop_at)

        return count

    monkeypatch.setattr(auto_index, "dump_size", counting("indexer"))
    monkeypatch.setattr(parse_process, "dump_size", counting("loader"))
    # indexing on, the folder small: the indexer's count decides where the loader parses it
    settings.auto_index_mb = 1000
    load(qtbot, window, folder)
    assert counted == [("indexer", 1000 * 1_000_000)]
    assert len(window.model.archive.posts) == 3
    # indexing off: the loader counts it (only as far as it needs), off the GUI thread
    counted.clear()
    settings.auto_index_mb = 0
    load(qtbot, window, folder)
    assert counted == [("loader", parse_process.CHILD_PROCESS_MIN_BYTES)]
    assert len(window.model.archive.posts) == 3


def test_an_indexed_folder_is_fingerprinted_once_per_open(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from talkback.index import build_index, reader

    folder = _three_pages(harbor_path, tmp_path)
    build_index(folder)
    taken: list[str] = []

    def counting(path: str) -> Fingerprint:
        taken.append(path)
        return fingerprint(path)

    monkeypatch.setattr(auto_index, "fingerprint", counting)
    monkeypatch.setattr(reader, "fingerprint", counting)
    settings.auto_index_mb = 1000
    load(qtbot, window, folder)
    assert window.lazy.active  # opened from its index
    assert taken == [str(folder)]  # by the indexer; the loader trusts it
    assert len(window.model.archive.posts) == 3


def test_cancel_opens_nothing_and_leaves_no_index(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dump = _building_pier(qtbot, window, settings, harbor_path, tmp_path, monkeypatch)
    assert window.commands.cancel_load.isEnabled()
    assert window.status.label.text().startswith("Indexing pier.txt")
    with qtbot.waitSignal(window.index_first.indexer.cancelled, timeout=5000):
        window.commands.cancel_load.trigger()  # Esc
    assert window.workspace.is_welcome() and window.path is None
    assert "Indexing cancelled" in window.statusBar().currentMessage()
    assert not window.commands.cancel_load.isEnabled()
    window.index_first.shutdown()  # the worker has ended its build
    assert not index_path(dump).exists() and IndexReader.open_for(dump) is None


def test_ctrl_f_while_a_dump_is_indexed_says_the_search_waits_for_it(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _building_pier(qtbot, window, settings, harbor_path, tmp_path, monkeypatch)
    window.features.actions.find.trigger()  # Ctrl+F: the field is not shown yet
    assert window.statusBar().currentMessage() == "The dump can be searched once it is indexed"
    window.index_first.indexer.cancel()
    window.features.actions.find.trigger()
    assert window.statusBar().currentMessage() == "Open a dump to search it"


def test_opening_the_dump_again_takes_away_the_word_that_it_was_cancelled(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dump = _building_pier(qtbot, window, settings, harbor_path, tmp_path, monkeypatch)
    with qtbot.waitSignal(window.index_first.indexer.cancelled, timeout=5000):
        window.commands.cancel_load.trigger()
    assert "Indexing cancelled" in window.statusBar().currentMessage()
    _open_and_wait_for_building(qtbot, window, dump)
    # it said "Indexing cancelled: pier.txt was not opened" for 15 s while it was indexed again
    assert "cancelled" not in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.index_first.indexer.cancelled, timeout=5000):
        window.commands.cancel_load.trigger()


def test_the_child_process_stops_when_cancelled_and_leaves_no_index(
    harbor_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    page = harbor_path.read_bytes()
    for number in range(400):  # long enough to be under way when cancelled
        (folder / f"pier-{number:03d}.txt").write_bytes(page)
    cancel = threading.Event()
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        cancel.set()

    assert build_in_child(str(folder), cancel, on_progress) == ("cancelled", "")
    assert seen and seen[0][3] == 400 * len(page)  # the size is known from the start
    assert seen[0][4] == 0  # no earlier build to go on from
    assert IndexReader.open_for(folder) is None and not index_path(folder).exists()
    # and uncancelled, it builds the index the window then reads
    outcome, text = build_in_child(str(folder), threading.Event(), lambda _progress: None)
    assert outcome == "built" and Path(text) == index_path(folder)
    reader = IndexReader.open_for(folder)
    assert reader is not None and reader.post_count == 400
    reader.close()


def test_cancel_returns_to_the_dump_that_was_open(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    small = _copy(harbor_path, tmp_path / "small.txt")
    load(qtbot, window, small, select="p1-c3")
    search = window.features.search
    with qtbot.waitSignal(search.changed, timeout=10_000):
        search.search_for("pier")
    clear = search.actions.clear_search
    assert clear.isEnabled()
    current = window.tree.current_node()
    assert current is not None
    settings.auto_index_mb = harbor_path.stat().st_size * 1.5 / 1_000_000
    big = tmp_path / "big.txt"
    big.write_bytes(harbor_path.read_bytes() * 2)
    _held_build(monkeypatch)
    _open_and_wait_for_building(qtbot, window, big)
    assert not clear.isEnabled()  # Esc is the cancel's alone
    window.index_first.panel.cancel_button.click()
    assert window.workspace.currentWidget() is window.workspace.splitter
    assert window.path == str(small) and search.query is not None
    assert window.tree.current_node() is current
    assert clear.isEnabled()
    window.index_first.shutdown()
    assert IndexReader.open_for(big) is None


def test_open_without_index_parses_in_memory(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dump = _building_pier(qtbot, window, settings, harbor_path, tmp_path, monkeypatch)
    with qtbot.waitSignal(window.load_finished, timeout=10_000):
        window.index_first.panel.memory_button.click()
    assert not window.lazy.active and len(window.model.archive.posts) == 1
    window.index_first.shutdown()
    assert IndexReader.open_for(dump) is None
    # reloading keeps to the choice: no new build
    building: list[str] = []
    window.index_first.indexer.building.connect(building.append)
    with qtbot.waitSignal(window.load_finished, timeout=10_000):
        window.reload()
    assert building == [] and not window.lazy.active


def test_an_index_that_cannot_be_written_falls_back_to_memory(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    settings.auto_index_mb = TINY_THRESHOLD_MB
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TALKBACK_CACHE_DIR", str(blocked))
    dump = _copy(harbor_path, tmp_path / "pier.txt")
    with qtbot.waitSignal(window.index_first.indexer.fallback, timeout=10_000) as fallback:
        window.open_dump(dump)
    line = fallback.args[1]
    assert "\n" not in line and "cannot write the index" in line
    qtbot.waitUntil(lambda: not window.loader.is_loading, timeout=10_000)
    assert not window.lazy.active and len(window.model.archive.posts) == 1
    assert window.last_error is None
    message = window.statusBar().currentMessage()
    assert message.startswith("Not indexed, read into memory instead: ") and line in message


def test_a_dump_that_cannot_be_read_says_why_and_stays_put(
    qtbot: QtBot, window: MainWindow, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    settings.auto_index_mb = TINY_THRESHOLD_MB
    shown: list[str] = []
    monkeypatch.setattr(indexing_panel, "open_error_box", lambda _w, _t, line: shown.append(line))
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    load(qtbot, window, binary)
    assert window.workspace.is_welcome()
    assert shown and shown[0] == window.last_error and "blob.txt" in shown[0]
    assert IndexReader.open_for(binary) is None


def test_progress_line_and_the_setting() -> None:
    state = IndexingState(1234, 56789, 120_000_000, 1_024_000_000, 42.0)
    assert progress_line(state) == (
        "1,234 posts · 56,789 comments · 120 of 1,024 MB read · 0:42 so far"
    )
    assert state.fraction == pytest.approx(120 / 1024)
    assert IndexingState(bytes_read=5).fraction is None
    went_on = IndexingState(1234, 56789, 120_000_000, 1_024_000_000, 42.0, resumed=1000)
    assert progress_line(went_on).endswith("\ngoing on from 1,000 posts indexed before")


def test_the_child_reports_the_posts_a_stopped_build_had_indexed() -> None:
    import io
    import json

    from talkback.gui.index_process import _Reporter
    from talkback.index import BuildProgress

    out = io.StringIO()
    reporter = _Reporter(out)
    reporter.on_built(BuildProgress(posts=1001, comments=20_000, problems=0, resumed=1000))
    assert json.loads(out.getvalue()) == {"progress": [1001, 20_000, 0, None, 1000]}


def test_the_setting_defaults_and_survives_bad_values(tmp_path: Path) -> None:
    settings = Settings.at(tmp_path / "settings.ini")
    assert settings.auto_index_mb == DEFAULT_AUTO_INDEX_MB == 200
    settings.auto_index_mb = 0
    settings.sync()
    assert Settings.at(tmp_path / "settings.ini").auto_index_mb == 0
    for text, expected in (("lots", DEFAULT_AUTO_INDEX_MB), ("50.5", 50.5), ("0", 0)):
        ini = tmp_path / f"hand-{text}.ini"  # written by hand, as the README says
        ini.write_text(f"[index]\nautoIndexMB={text}\n")
        assert Settings.at(ini).auto_index_mb == expected


def test_the_panel_at_window_size(
    qtbot: QtBot, window: MainWindow, settings: Settings, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    window.resize(1280, 800)
    _building_pier(qtbot, window, settings, harbor_path, tmp_path, monkeypatch)
    panel = window.index_first.panel
    panel.set_progress(IndexingState(3120, 734_002, 412_000_000, 1_204_000_000, 72.0))
    qtbot.wait(50)
    assert panel.counts.text().startswith("3,120 posts · 734,002 comments · 412 of 1,204 MB")
    parts = (
        panel.title,
        panel.explanation,
        panel.bar,
        panel.counts,
        panel.cancel_button,
        panel.hint,
    )
    for part in parts:
        assert part.isVisible() and part.width() > 0
        assert panel.rect().contains(part.mapTo(panel, part.rect().bottomRight()))
    assert panel.explanation.height() >= panel.explanation.heightForWidth(panel.explanation.width())


def test_a_child_that_does_not_stop_when_told_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal
    import subprocess
    import time

    from talkback.gui import child_process, index_process

    monkeypatch.setattr(index_process, "KILL_AFTER_SECONDS", 0.2)
    children: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def deaf_popen(_command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        children.append(real_popen(["sleep", "60"], **kwargs))
        return children[-1]

    monkeypatch.setattr(child_process.subprocess, "Popen", deaf_popen)
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    started = time.monotonic()
    assert build_in_child("deaf.txt", cancel, lambda _progress: None) == ("cancelled", "")
    assert time.monotonic() - started < 5
    assert children[0].returncode == -signal.SIGKILL  # killed, not ended on its own


def test_the_panel_shows_the_whole_size_once_reading_knows_it(qtbot: QtBot, tmp_path: Path) -> None:
    from talkback.gui.indexing_view import IndexingPanel

    panel = IndexingPanel()
    qtbot.addWidget(panel)
    panel.start(str(tmp_path), 200_000_000)  # a folder is added up only as far as the threshold
    # until reading knows the whole size (seconds, when a big page comes first), the panel said
    # "At 200 MB, this dump is too big…" of a dump of 1 GB
    assert panel.explanation.text().startswith("At 200 MB or more,")
    panel.set_progress(IndexingState(1, 10, 5_000_000, 1_018_000_000, 1.0))
    assert panel.explanation.text().startswith("At 1,018 MB,")
    panel.start(str(tmp_path / "page.txt"), 250_000_000)  # a file's size is its whole size
    assert panel.explanation.text().startswith("At 250 MB,")


def test_the_panel_counts_the_time_while_the_build_says_nothing(qtbot: QtBot) -> None:
    """A dump of one big page says nothing until that page is parsed (14 s for a page of
    100,000 comments): the panel's clock goes on meanwhile, and between reports too."""
    from talkback.gui.indexing_view import IndexingPanel

    panel = IndexingPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.start("/dumps/one-big-page.txt", 250_000_000)
    assert panel.counts.text() == "Starting…"
    qtbot.waitUntil(lambda: "0:01 so far" in panel.counts.text(), timeout=3000)
    panel.set_progress(IndexingState(0, 0, 250_000_000, 250_000_000, 1.0))
    assert "0:01 so far" in panel.counts.text()
    # the next tick, a second on (a busy machine may hold it back a little)
    qtbot.waitUntil(lambda: "0:02 so far" in panel.counts.text(), timeout=4000)
    assert panel.counts.text().startswith("0 posts · 0 comments · 250 of 250 MB read")


def test_the_panel_wraps_a_long_file_name_inside_its_column(qtbot: QtBot) -> None:
    """A file named by its thread's whole title, with no spaces: the title ran past the column,
    its end unseen, and pushed the last line of the hint out of the panel."""
    from talkback.gui.indexing_view import IndexingPanel

    panel = IndexingPanel()
    qtbot.addWidget(panel)
    panel.resize(1280, 760)
    panel.show()
    name = "a_scraped_comment_thread_saved_with_its_full_title_as_the_file_name.txt"
    panel.start(f"/dumps/{name}", 250_000_000)
    qtbot.wait(20)
    title, hint = panel.title, panel.hint
    assert title.minimumSizeHint().width() <= title.width()
    assert title.text().replace("\u200b", "") == f"Indexing {name}"
    column = hint.parentWidget()
    assert column is not None and hint.geometry().bottom() <= column.rect().bottom()
    assert hint.height() >= hint.heightForWidth(hint.width())  # all its lines
