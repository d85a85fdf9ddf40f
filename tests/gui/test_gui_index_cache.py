"""File > Index Cache…: the cache listed with its total; Remove Unused and Remove All… (asked
first) clear it, never the open dump's index nor a build under way."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from dumps import generated_page
from talkback.gui.index_cache_dialog import IndexCacheDialog, entry_texts
from talkback.gui.main_window import MainWindow
from talkback.index import Fingerprint, build_index, cache_dir, index_path
from talkback.index import reader as reader_module
from talkback.index.cache import list_cache
from talkback.sources import ReadOptions

pytestmark = pytest.mark.gui


@pytest.fixture
def dumps(tmp_path: Path, harbor_path: Path) -> list[Path]:
    """Three indexed dumps (the last deleted since), a damaged file and a live build's."""
    found = []
    for name in ("open.txt", "other.txt", "gone.txt"):
        dump = tmp_path / name
        dump.write_bytes(harbor_path.read_bytes())
        build_index(dump, options=ReadOptions(workers=1))
        found.append(dump)
    found[2].unlink()
    (cache_dir() / f"damaged-{'0' * 24}.sqlite").write_bytes(b"not an index" * 100)
    (cache_dir() / f"live-{'1' * 24}.sqlite.building-{os.getpid()}-abcd").write_bytes(b"x")
    return found


def rows(dialog: IndexCacheDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.topLevelItem(row).text(column) for column in range(table.columnCount())]
        for row in range(table.topLevelItemCount())
    ]


def checked_dialog(qtbot: QtBot, open_dump: str | None = None) -> IndexCacheDialog:
    """The dialog, once it has checked every index against its dump."""
    dialog = IndexCacheDialog(lambda: open_dump)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    return dialog


def test_the_dialog_lists_the_cache_and_removes_the_unused(qtbot: QtBot, dumps: list[Path]) -> None:
    dialog = checked_dialog(qtbot, str(dumps[0]))
    listed = {row[0]: row for row in rows(dialog)}
    assert len(listed) == 5
    assert listed[str(dumps[0])][2] == "complete · open"
    assert listed[str(dumps[1])][2] == "complete"
    assert listed[str(dumps[2])][2] == "complete · dump gone"
    assert listed[f"damaged-{'0' * 24}.sqlite"][2] == "unreadable"
    assert dialog.summary.text().startswith("5 entries, ") and "2 unused" in dialog.summary.text()
    assert dialog.remove_unused.isEnabled()
    dialog.remove_unused.click()
    assert {row[0] for row in rows(dialog)} == {
        str(dumps[0]),
        str(dumps[1]),
        f"live-{'1' * 24}.sqlite.building-{os.getpid()}-abcd",
    }
    assert dialog.summary.text().startswith("Removed 2, freed ")
    assert not dialog.remove_unused.isEnabled()


def test_remove_all_asks_first_and_keeps_the_open_dump(
    qtbot: QtBot, dumps: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = IndexCacheDialog(lambda: str(dumps[0]))
    qtbot.addWidget(dialog)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    dialog.remove_all.click()
    assert len(rows(dialog)) == 5  # the user said no
    dialog.remove_all.click()
    left = [row[0] for row in rows(dialog)]
    assert left == [str(dumps[0]), f"live-{'1' * 24}.sqlite.building-{os.getpid()}-abcd"]
    assert index_path(dumps[0]).is_file() and dumps[1].is_file()


def test_file_index_cache_opens_the_dialog_and_spares_the_open_dump(
    qtbot: QtBot, window: MainWindow, harbor_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dump = tmp_path / "pier.txt"
    dump.write_bytes(harbor_path.read_bytes())
    build_index(dump, options=ReadOptions(workers=1))
    load(qtbot, window, dump)
    action = window.findChild(QAction, "indexCache")
    assert action is not None
    file_menu = action.associatedObjects()[-1]
    assert isinstance(file_menu, QMenu)
    names = [item.objectName() for item in file_menu.actions()]
    assert names[names.index("buildIndex") + 1] == "indexCache"
    action.trigger()
    dialog = window.findChild(IndexCacheDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: rows(dialog)[0][2] == "complete · open")
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    dialog.remove_all.click()
    assert index_path(dump).is_file()  # the window reads it
    dialog.close()


def test_the_cache_folder_is_named_as_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QLabel

    base = tmp_path / "a <b> & c"
    base.mkdir()
    dialog = IndexCacheDialog(lambda: None, base=base)
    qtbot.addWidget(dialog)
    shown = QTextDocument()
    shown.setHtml(dialog.findChildren(QLabel)[0].text())
    assert shown.toPlainText() == f"Indexes and stopped builds in {base}"


def test_one_entry_is_counted_in_the_singular(
    qtbot: QtBot, tmp_path: Path, harbor_path: Path
) -> None:
    dump = tmp_path / "only.txt"
    dump.write_bytes(harbor_path.read_bytes())
    build_index(dump, options=ReadOptions(workers=1))
    dialog = IndexCacheDialog(lambda: None)
    qtbot.addWidget(dialog)
    assert dialog.summary.text().startswith("1 entry, ")


def test_an_index_whose_dump_changed_is_shown_outdated(
    qtbot: QtBot, tmp_path: Path, harbor_path: Path
) -> None:
    kept, changed, folder = tmp_path / "kept.txt", tmp_path / "changed.txt", tmp_path / "pages"
    for dump in (kept, changed):
        dump.write_bytes(harbor_path.read_bytes())
    folder.mkdir()
    for number in range(3):
        (folder / f"page-{number}.txt").write_bytes(harbor_path.read_bytes())
    for dump in (kept, changed, folder):
        build_index(dump, options=ReadOptions(workers=1))
    with changed.open("ab") as handle:  # the dump grew since it was indexed
        handle.write(b"\nOne more line.\n")
    (folder / "page-3.txt").write_bytes(harbor_path.read_bytes())  # a page added to the folder
    dialog = IndexCacheDialog(lambda: str(kept))
    qtbot.addWidget(dialog)
    # listed at once, each dump fingerprinted on the worker meanwhile
    assert {row[2] for row in rows(dialog)} == {"checking…", "checking… · open"}
    assert "Checking whether 3 dumps changed" in dialog.summary.text()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    states = {row[0]: row[2] for row in rows(dialog)}
    # the dialog said "complete" of all three, while talkback index --list said "outdated"
    assert states == {
        str(kept): "complete · open",
        str(changed): "outdated",
        str(folder): "outdated",
    }
    item = dialog.table.topLevelItem([row[0] for row in rows(dialog)].index(str(changed)))
    assert item.toolTip(2).startswith("The dump changed since it was indexed")
    cli = {entry.dump: entry.state for entry in list_cache(check_current=True)}
    assert cli == {dump: state.removesuffix(" · open") for dump, state in states.items()}
    assert "2 unused" in dialog.summary.text() and "Checking" not in dialog.summary.text()
    dialog.remove_unused.click()  # what the dialog shows as unused goes
    assert [row[0] for row in rows(dialog)] == [str(kept)]
    assert index_path(kept).is_file() and not index_path(changed).exists()


def test_checking_runs_off_the_window_and_stops_when_the_dialog_closes(
    qtbot: QtBot, tmp_path: Path, harbor_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dumps = [tmp_path / f"dump-{number}.txt" for number in range(3)]
    for dump in dumps:
        dump.write_bytes(harbor_path.read_bytes())
        build_index(dump, options=ReadOptions(workers=1))
    started, gate = threading.Event(), threading.Event()
    fingerprinted: list[str] = []
    real = reader_module.fingerprint

    def slow(dump: str | os.PathLike[str]) -> Fingerprint:
        fingerprinted.append(os.fspath(dump))
        started.set()
        gate.wait(10)  # a folder of thousands of files on a slow disk
        return real(dump)

    monkeypatch.setattr(reader_module, "fingerprint", slow)
    dialog = IndexCacheDialog(lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert started.wait(5)
    qtbot.wait(50)  # the window goes on while the first dump is fingerprinted
    assert dialog.checking and {row[2] for row in rows(dialog)} == {"checking…"}
    threading.Timer(0.2, gate.set).start()
    dialog.close()  # waits for the dump being fingerprinted, checks no other
    assert not dialog.checking
    assert len(fingerprinted) == 1
    qtbot.wait(50)
    assert {row[2] for row in rows(dialog)} == {"checking…"}  # a late result is not shown


def test_a_dump_whose_name_is_not_utf8_is_named_with_escapes(tmp_path: Path) -> None:
    # Qt drops a surrogate: the row said "caf.txt" of caf\xe9.txt
    page = tmp_path / os.fsdecode(b"caf\xe9.txt")
    page.write_text(generated_page(1), encoding="utf-8")
    build_index(page)
    (entry,) = list_cache()
    assert entry_texts(entry)[0] == f"{tmp_path}/caf\\xe9.txt"
