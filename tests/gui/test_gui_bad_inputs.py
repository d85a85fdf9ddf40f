"""The window survives every bad input of the catalogue and stays usable afterwards.

Each case that is a dump (not an index or export location) is opened in the real MainWindow,
offscreen, on settings in a temporary folder. A refused dump shows a message naming the file and
the reason; a partial one lists its problems behind the status bar's problems button. Then the
same window opens the bundled sample and selects a comment, as a person would go on working.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from bad_input_catalogue import CASES, Case
from fault_launcher import install
from talkback.gui import loader
from talkback.gui.main_window import MainWindow

pytestmark = pytest.mark.gui

DUMP_CASES = [case for case in CASES if case.command == "parse"]


@pytest.mark.parametrize("case", DUMP_CASES, ids=[case.name for case in DUMP_CASES])
def test_the_window_survives(
    case: Case,
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    harbor_path: Path,
) -> None:
    setup = case.build(tmp_path)
    with pytest.MonkeyPatch.context() as faults:
        if setup.fault:  # simulated in this process, so the dump is read here, not in a child
            faults.setattr(loader, "wants_child_process", lambda path, size: False)
            install(setup.fault, faults.setattr)
        load(qtbot, window, setup.dump)
    # the fault has ended; check what the window shows, then go on with a good dump
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    if case.outcome == "refused":
        assert window.last_error is not None, "no message for a dump that cannot be read"
        assert setup.names in window.last_error and case.reason in window.last_error
        assert "\n" not in window.last_error and "internal error" not in window.last_error
        assert len(boxes) == 1 and case.reason in boxes[0].informativeText()
        assert case.reason in window.detail.toPlainText()
        boxes[0].close()
    else:
        assert window.last_error is None and not boxes, window.last_error
        assert window.model.archive.posts and window.detail.node is not None
        problems = [str(problem) for problem in window.model.archive.problems]
        if case.outcome == "partial":
            assert any(case.reason in problem for problem in problems), problems
            assert window.status.problems.isVisible()
            window.show_problems()
            assert window.problems_dialog is not None
            assert case.reason in window.problems_dialog.text()
            window.problems_dialog.close()
    load(qtbot, window, harbor_path)
    assert window.last_error is None and window.model.rowCount() == 1
    assert window.select_id("p1-c3")
    assert window.detail.toPlainText().startswith("Walt Haskins")
